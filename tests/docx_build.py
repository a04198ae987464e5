"""Build small .docx files for tests with python-docx (no binaries in the repository)."""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_NOTE = re.compile(r"\{fn:([^}]*)\}")
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph_with_notes(paragraph, text: str, notes: list[str]) -> None:
    """Write text into the paragraph; each "{fn:note text}" becomes a real footnote."""
    position = 0
    for match in _NOTE.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        notes.append(match.group(1))
        run = paragraph.add_run()
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(len(notes)))
        run._r.append(reference)
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def _with_footnotes(data: bytes, notes: list[str]) -> bytes:
    """Add word/footnotes.xml (with Word's separator notes) to a saved package."""
    if not notes:
        return data
    body = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        for number, text in enumerate(notes, start=1)
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{_W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        f"{body}</w:footnotes>"
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/footnotes.xml", footnotes)
    return output.getvalue()


def build_docx(blocks: list[tuple[str, object]]) -> bytes:
    """Blocks: ("title"|"heading"|"paragraph"|"bullet", text) or ("table", [[cell, ...], ...]).

    Text may hold "{fn:...}" footnotes; a table cell text may hold "\\n" for a second paragraph.
    """
    document = docx.Document()
    notes: list[str] = []
    for kind, content in blocks:
        if kind == "table":
            rows = content
            table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            for row_index, row in enumerate(rows):
                for column, text in enumerate(row):
                    cell = table.cell(row_index, column)
                    first, *more = str(text).split("\n")
                    cell.text = first
                    for extra in more:
                        cell.add_paragraph(extra)
            continue
        style = {"title": "Title", "heading": "Heading 2", "bullet": "List Bullet", "paragraph": None}[kind]
        paragraph = document.add_paragraph(style=style)
        _paragraph_with_notes(paragraph, str(content), notes)
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_footnotes(buffer.getvalue(), notes)


def docx_from_text(text: str) -> bytes:
    """A Word version of a plain-text page: one paragraph per non-blank line; the first
    line is the title, a line ending without punctuation is a heading, "- " a bullet."""
    blocks: list[tuple[str, object]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if not blocks:
            blocks.append(("title", line))
        elif line.startswith("- "):
            blocks.append(("bullet", line[2:]))
        elif not line.rstrip().endswith((".", "!", "?", ":", ")", "]")):
            blocks.append(("heading", line))
        else:
            blocks.append(("paragraph", line))
    return build_docx(blocks)
