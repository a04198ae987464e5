"""Word (.docx) documents to prose, located by paragraph and character.

A .docx file is zipped XML, so there are no source characters a reviewer could
point at.  Instead the `Source.original` of a DOCX is the extracted text with ONE
LINE PER PARAGRAPH, in reading order: body paragraphs and tables as they come (each
table cell's paragraphs row by row, a merged cell once), then footnotes and
endnotes, then page headers and footers (each part once, not once per page).  So a
finding's line is the paragraph number (1-based, counted in that order) and its
column the character in that paragraph (1-based, Unicode code points), and
`finding.text` is still that text sliced at its span.  Prose is the original itself
(the offset map is the identity); segments skip empty paragraphs.

Paragraphs inside content controls (``w:sdt``) and tracked insertions are read where
they stand.  What a paragraph's line holds: its runs' text (including hyperlink text
and tracked insertions; not deleted text, field codes or text boxes), a tab as "\\t",
a line or page break as " " (a "\\n" would shift every later paragraph number), a
non-breaking hyphen as "-".  A footnote reference in the text is written ``[^N]``
(N is the note's id in the file; an endnote's is ``[^eN]``), and a note's first line
starts with ``[^N]: `` (not part of its segment), so citation detection sees both
ends, as in Markdown.  Segment kinds: "heading" (styles Heading 1-9), "title"
(Title, Subtitle), "list_item" (List styles or numbered paragraphs), "table_cell"
(each cell one segment, its paragraphs joined by line breaks), "footnote", "header",
"footer" (page headers and footers: disclaimers live there), "paragraph".

python-docx opens the package and names the styles; the body is walked as XML
(python-docx's own iteration skips content controls), and footnotes, which python-docx
does not expose, are read from word/footnotes.xml and word/endnotes.xml in the zip.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from claimcheck.errors import InputError
from claimcheck.sources.base import Link, OffsetMap, Segment, Source
from claimcheck.sources.reader import SkippedInput

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Elements whose content is never read as the paragraph's own text.
_NOT_TEXT = frozenset(
    {
        f"{_W}del",  # deleted text in tracked changes
        f"{_W}instrText",  # field codes
        f"{_W}delInstrText",
        f"{_W}p",  # a nested paragraph (text box): not this paragraph's text
        f"{_W}txbxContent",
        f"{_W}rPr",
        f"{_W}pPr",
        _MC_FALLBACK,  # the same content again, for old readers
    }
)
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PAGE_PART = re.compile(r"word/(header|footer)(\d*)\.xml")
UNPACKED_FACTOR = 40  # a .docx may unpack to this many times max_file_size (Word XML packs 10-25x)
_NOTE_PARTS = (("word/footnotes.xml", "footnote", ""), ("word/endnotes.xml", "endnote", "e"))


@dataclass(frozen=True)
class _Line:
    text: str
    kind: str
    prefix: int = 0  # characters before the segment ("[^1]: ")
    links: tuple[tuple[int, int, str], ...] = ()
    same_cell: bool = False  # a later paragraph of the table cell before it


def read_docx(data: bytes, path: str, max_bytes: int | None = None) -> Source:
    """Read a .docx; a file that is not one is an `InputError` naming it.  With
    `max_bytes`, a package that unpacks to more than `UNPACKED_FACTOR` times that much
    is skipped (a zip bomb, or a document that is mostly images).

    What is refused but does not stop the reading (a DTD or entity declaration in a
    part, a part that is missing or not well-formed) is listed in `Source.notes`; the
    text that can be read safely is still read.
    """
    lines, notes = _lines(data, path, max_bytes)
    original = "\n".join(line.text for line in lines)
    segments: list[Segment] = []
    links: list[Link] = []
    offset = 0
    for line in lines:
        line_start = offset
        offset += len(line.text) + 1
        links.extend(Link(line_start + start, line_start + end, href) for start, end, href in line.links)
        body = line.text[line.prefix :]
        stripped = body.strip()
        if not stripped:
            continue
        start = line_start + line.prefix + len(body) - len(body.lstrip())
        segment = Segment(start, start + len(stripped), line.kind)
        if line.same_cell and segments and segments[-1].kind == "table_cell":
            # Another paragraph of the same cell: the cell stays one segment.
            segment = Segment(segments[-1].start, segment.end, "table_cell")
            segments[-1] = segment
        else:
            segments.append(segment)
    return Source(
        path,
        "docx",
        original,
        original,
        tuple(segments),
        OffsetMap.identity(len(original)),
        tuple(links),
        notes=tuple(dict.fromkeys(notes)),
    )


def _package_errors() -> tuple[type[BaseException], ...]:
    """What python-docx, zipfile and lxml raise for a damaged package (and only there).
    AttributeError too: python-docx gives each part's root element its own class by tag,
    and a part whose root was damaged into another tag comes back as a plain element
    without the attributes it reads ('_Element' has no 'body', 'Part' has no 'styles')."""
    from docx.opc.exceptions import OpcError
    from lxml import etree

    return (OpcError, KeyError, ValueError, AttributeError, etree.XMLSyntaxError, *_ZIP_ERRORS)


# What reading one member of a damaged zip raises: a bad header or CRC, a broken
# deflate stream, a truncated member, an unknown compression method, encryption.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


def _read_part(archive: zipfile.ZipFile, name: str, path: str, notes: list[str]) -> bytes | None:
    """A part's bytes, or None with a note when the zip member cannot be unpacked."""
    try:
        return archive.read(name)
    except (*_ZIP_ERRORS, KeyError) as error:  # KeyError: listed twice, or not at all
        notes.append(f"{path}: {name} cannot be unpacked ({_reason(error)}); its text is not checked")
        return None


def _lines(data: bytes, path: str, max_bytes: int | None) -> tuple[list[_Line], list[str]]:
    from docx import Document

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{path}: not a .docx file (not a zip archive); save it from Word as .docx")
    if max_bytes is not None:
        _check_unpacked(data, path, max_bytes * UNPACKED_FACTOR)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(f"{path}: not a readable .docx file ({_reason(error)})") from None
    notes, declaring = _refused_declarations(archive, path)
    if declaring:
        data = _without_declarations(archive, declaring)
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())  # a member that could not be unpacked is gone
    try:
        document = Document(io.BytesIO(data))
        rels = {rid: rel.target_ref for rid, rel in document.part.rels.items()}
        styles = _style_names(document)
        body, parent = document.element.body, document._body
    except _package_errors() as error:
        # python-docx refuses the package as a whole (a part missing or mis-typed):
        # read the main part directly, without styles.
        body, parent, rels, styles = _main_part_alone(archive, names, path, error, notes), None, {}, {}
    lines = [
        *_blocks(body, parent, rels, styles, in_cell=False),
        *_notes(archive, names, path, notes),
        *_page_parts(archive, parent, styles, path, notes),
    ]
    return lines, notes


def _reason(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else error.__class__.__name__
    return text.strip('"')


_MAIN_PART = "word/document.xml"


def _main_part_alone(archive: zipfile.ZipFile, names: set[str], path: str, error: BaseException, notes: list[str]):  # type: ignore[no-untyped-def]
    """The body of word/document.xml read without python-docx's package checks, or an
    `InputError` when there is none to read."""
    reason = _reason(error)
    if _MAIN_PART not in names:
        raise InputError(f"{path}: not a readable .docx file ({_MAIN_PART} is missing; {reason})")
    root = _parse_part(archive, _MAIN_PART, path, notes)
    body = root.find(f"{_W}body") if root is not None else None
    if body is None:
        raise InputError(f"{path}: not a readable .docx file ({_MAIN_PART} has no document body; {reason})")
    notes.append(
        f"{path}: damaged .docx package ({reason}); its text was read from {_MAIN_PART} alone, "
        "without styles (headings and lists read as paragraphs)"
    )
    return body


def _parse_part(archive: zipfile.ZipFile, name: str, path: str, notes: list[str]):  # type: ignore[no-untyped-def]
    """A part's XML root (entities are never expanded, nothing is fetched), or None with a
    note when the part is not well-formed."""
    from docx.oxml import parse_xml
    from lxml import etree

    data = _read_part(archive, name, path, notes)
    if data is None:
        return None
    try:
        return parse_xml(data)
    except (etree.XMLSyntaxError, ValueError) as error:
        notes.append(f"{path}: {name} is not readable XML ({_reason(error)}); its text is not checked")
        return None


def _refused_declarations(archive: zipfile.ZipFile, path: str) -> tuple[list[str], set[str]]:
    """A note for each part that declares a DTD (Word never writes one), and the names
    of those parts.  Their DTD is removed before anything parses them
    (`_without_declarations`): entities are never expanded (an XML bomb does nothing)
    and external references never fetched."""
    notes: list[str] = []
    declaring: set[str] = set()
    for item in archive.infolist():
        if not item.filename.endswith((".xml", ".rels")):
            continue
        data = _read_part(archive, item.filename, path, notes)
        if data is None:
            continue
        text, _ = _xml_text(data)
        match = _DOCTYPE.search(text)
        if match is None:
            continue
        declaration = match.group()
        if re.search(r"\b(?:SYSTEM|PUBLIC)\b", declaration):
            what = "declares an external entity or DTD (SYSTEM/PUBLIC): refused, nothing was fetched"
        elif "<!ENTITY" in declaration:
            what = "declares entities (<!ENTITY>): refused, they were not expanded"
        else:
            what = "has a DTD (<!DOCTYPE>): refused, it was ignored"
        notes.append(f"{path}: {item.filename} {what}; text written with entities is not checked")
        declaring.add(item.filename)
    return notes, declaring


_DOCTYPE = re.compile(r"<!DOCTYPE\b(?:[^\[>]*\[.*?\]\s*)?[^>]*>", re.DOTALL)
# An entity reference other than XML's five and character references: kept as visible
# text ("&name;") once its declaration is gone.
_ENTITY_REFERENCE = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)([A-Za-z_][\w.:-]*);")


def _xml_text(data: bytes) -> tuple[str, str]:
    """A part's text and the codec to write it back with (UTF-16 parts keep UTF-16)."""
    codec = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    return data.decode(codec, errors="replace"), codec


def _without_declarations(archive: zipfile.ZipFile, declaring: set[str]) -> bytes:
    """The package again, with the DTD of each part in `declaring` removed and their
    entity references turned into plain text."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in archive.infolist():
            try:
                body = archive.read(item.filename)
            except _ZIP_ERRORS:  # already noted by _refused_declarations
                continue
            if item.filename in declaring:
                text, codec = _xml_text(body)
                text = _ENTITY_REFERENCE.sub(r"&amp;\1;", _DOCTYPE.sub("", text, count=1))
                body = text.encode(codec)
            target.writestr(item, body)
    return output.getvalue()


# Containers whose children are paragraphs and tables as if they stood in the body:
# content controls (common in templates and cover pages), custom XML, tracked moves
# and insertions.
_BLOCK_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo", f"{_W}smartTag"})


def _check_unpacked(data: bytes, path: str, limit: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(f"{path}: not a readable .docx file ({error})") from None
    if unpacked > limit:
        raise SkippedInput(
            f"{path}: skipped, unpacks to {unpacked:,} bytes, over the limit of {limit:,} bytes "
            f"({UNPACKED_FACTOR} times max_file_size)"
        )


def _body(document, rels, styles: dict[str, str]) -> Iterator[_Line]:  # type: ignore[no-untyped-def]
    yield from _blocks(document.element.body, document._body, rels, styles, in_cell=False)


def _blocks(  # type: ignore[no-untyped-def]
    container, parent, rels, styles: dict[str, str], in_cell: bool, after_text: list[bool] | None = None
) -> Iterator[_Line]:
    """Paragraphs and tables of a body or table cell, in document order.  `after_text`
    is shared with wrappers: has this cell had a paragraph already?"""
    from docx.table import Table

    after_text = after_text if after_text is not None else [False]
    for child in container:
        tag = child.tag
        if tag == f"{_W}p":
            text, links = paragraph_text(child, rels)
            kind = "table_cell" if in_cell else _paragraph_kind(child, styles)
            yield _Line(text, kind, links=tuple(links), same_cell=after_text[0])
            after_text[0] = in_cell
        elif tag == f"{_W}tbl":
            yield from _table(Table(child, parent), rels, styles)
            after_text[0] = False
        elif tag in _BLOCK_WRAPPERS:
            yield from _blocks(child, parent, rels, styles, in_cell, after_text)


def _table(table, rels, styles: dict[str, str]) -> Iterator[_Line]:  # type: ignore[no-untyped-def]
    seen: list[object] = []  # the cells' XML elements, kept alive so identity is stable
    for row in table.rows:
        for cell in row.cells:
            if any(cell._tc is other for other in seen):
                continue  # a merged cell is listed once per grid column it spans
            seen.append(cell._tc)
            yield from _blocks(cell._tc, cell, rels, styles, in_cell=True)


def _style_names(document) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Style id to name, read once (python-docx looks styles up linearly per paragraph)."""
    names: dict[str, str] = {}
    for style in document.styles:
        try:
            names[style.style_id] = style.name or ""
        except (KeyError, ValueError, AttributeError):  # pragma: no cover - malformed style
            continue
    return names


def _paragraph_kind(element, styles: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    style = element.find(f"{_W}pPr/{_W}pStyle")
    style_id = style.get(f"{_W}val", "") if style is not None else ""
    lowered = styles.get(style_id, style_id).lower()
    if lowered.startswith("heading"):
        return "heading"
    if lowered in ("title", "subtitle"):
        return "title"
    if lowered.startswith("list") or element.find(f"{_W}pPr/{_W}numPr") is not None:
        return "list_item"
    return "paragraph"


def _notes(archive: zipfile.ZipFile, names: set[str], path: str, notes: list[str]) -> Iterator[_Line]:
    for part, tag, label in _NOTE_PARTS:
        if part not in names:
            continue
        root = _parse_part(archive, part, path, notes)
        if root is None:
            continue
        for note in root.iterfind(f"{_W}{tag}"):
            if note.get(f"{_W}type") not in (None, "normal"):
                continue  # separators and continuation notices
            marker = f"[^{label}{note.get(f'{_W}id', '')}]: "
            for index, paragraph in enumerate(note.iterfind(f".//{_W}p")):
                text, _ = paragraph_text(paragraph)
                if index == 0:
                    yield _Line(marker + text.lstrip(), "footnote", prefix=len(marker))
                else:
                    yield _Line(text, "footnote")


def _page_part_order(name: str) -> tuple[bool, int]:
    match = _PAGE_PART.fullmatch(name)
    return name.startswith("word/footer"), int(match[2] or 0) if match else 0


def _page_parts(archive: zipfile.ZipFile, parent, styles: dict[str, str], path: str, notes: list[str]) -> Iterator[_Line]:  # type: ignore[no-untyped-def]
    """Page headers and footers (each part once, not once per page): disclaimers live there."""
    parts = [name for name in archive.namelist() if _PAGE_PART.fullmatch(name)]
    for name in sorted(parts, key=_page_part_order):
        kind = "footer" if name.startswith("word/footer") else "header"
        root = _parse_part(archive, name, path, notes)
        if root is None:
            continue
        for line in _blocks(root, parent, {}, styles, in_cell=False):
            yield line if line.kind == "table_cell" else _Line(line.text, kind, line.prefix, line.links)


def paragraph_text(element, rels=None) -> tuple[str, list[tuple[int, int, str]]]:  # type: ignore[no-untyped-def]
    """A paragraph's visible text on one line (see the module docstring), and its
    hyperlinks as (start, end, target) within that text."""
    parts: list[str] = []
    links: list[tuple[int, int, str]] = []
    _collect(element, parts, links, rels or {})
    return "".join(parts), links


def _collect(element, parts: list[str], links: list[tuple[int, int, str]], rels) -> None:  # type: ignore[no-untyped-def]
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_TEXT:
            continue
        if tag == f"{_W}t":
            parts.append(_run_text(child).replace("\r", " ").replace("\n", " "))
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}footnoteReference":
            parts.append(f"[^{child.get(f'{_W}id', '')}]")
        elif tag == f"{_W}endnoteReference":
            parts.append(f"[^e{child.get(f'{_W}id', '')}]")
        elif tag == f"{_W}hyperlink":
            start = sum(len(part) for part in parts)
            _collect(child, parts, links, rels)
            end = sum(len(part) for part in parts)
            target = _link_target(child, rels)
            if target and end > start:
                links.append((start, end, target))
        else:
            _collect(child, parts, links, rels)


def _run_text(element) -> str:  # type: ignore[no-untyped-def]
    """A w:t's text.  An entity reference that was not expanded (see
    `_refused_declarations`) is an lxml node inside it: the text after it is its tail,
    and the reference stays as written ("&name;"), so the reviewer sees where it was."""
    text = element.text or ""
    for child in element:
        text += (child.text or "" if not isinstance(child.tag, str) else "") + (child.tail or "")
    return text


def _link_target(element, rels) -> str:  # type: ignore[no-untyped-def]
    anchor = element.get(f"{_W}anchor")
    rid = element.get(f"{_R}id")
    if rid and rid in rels:
        return str(rels[rid])
    return f"#{anchor}" if anchor else ""
