"""The DOCX reader: one line per paragraph, so line = paragraph and column = character."""

from __future__ import annotations

import io
import json
import re
import zipfile

import docx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.api import check_paths
from claimcheck.cli import main
from claimcheck.errors import InputError
from claimcheck.sources.base import LineIndex
from claimcheck.sources.docx import read_docx
from claimcheck.sources.reader import SkippedInput
from tests.docx_build import build_docx

DOC = build_docx(
    [
        ("title", "Regenerative Knee Centre"),
        ("heading", "What we offer"),
        ("paragraph", "Our stem cell therapy cures multiple sclerosis.{fn:Clinic data, 2021.}\tCall today."),
        ("bullet", "There are no side effects."),
        ("paragraph", ""),
        ("table", [["Treatment", "Cost"], ["Knee injection\nsame day", "Ask us"]]),
        ("paragraph", "Café 🙂 e\u0301te\u0301 closing line."),
    ]
)


def kinds(source):
    return [(segment.kind, source.prose[segment.start : segment.end]) for segment in source.segments]


def test_paragraphs_tables_headings_and_footnotes_in_reading_order():
    source = read_docx(DOC, "page.docx")
    assert source.format == "docx"
    assert source.prose == source.original
    assert kinds(source) == [
        ("title", "Regenerative Knee Centre"),
        ("heading", "What we offer"),
        ("paragraph", "Our stem cell therapy cures multiple sclerosis.[^1]\tCall today."),
        ("list_item", "There are no side effects."),
        ("table_cell", "Treatment"),
        ("table_cell", "Cost"),
        ("table_cell", "Knee injection\nsame day"),
        ("table_cell", "Ask us"),
        ("paragraph", "Café 🙂 e\u0301te\u0301 closing line."),
        ("footnote", "Clinic data, 2021."),
    ]
    # one line per paragraph, the empty one included, so line numbers are paragraph numbers
    assert source.original.split("\n")[4] == ""
    assert source.original.split("\n")[-1] == "[^1]: Clinic data, 2021."


def test_line_is_paragraph_and_column_is_character():
    source = read_docx(DOC, "page.docx")
    lines = LineIndex(source.original)
    assert lines.position(source.original.index("cures")) == (3, 23)
    assert lines.position(source.original.index("side effects")) == (4, 14)
    assert lines.position(source.original.index("closing")) == (11, 14)  # emoji and accents are code points


def test_merged_cells_are_read_once_and_hyperlinks_are_links():
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Merged cell"
    table.cell(0, 2).text = "Last"
    paragraph = document.add_paragraph("See ")
    part = document.part
    rid = part.relate_to("https://pubmed.ncbi.nlm.nih.gov/123/", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = docx.oxml.OxmlElement("w:hyperlink")
    link.set(docx.oxml.ns.qn("r:id"), rid)
    run = docx.oxml.OxmlElement("w:r")
    text = docx.oxml.OxmlElement("w:t")
    text.text = "the trial"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    buffer = io.BytesIO()
    document.save(buffer)
    source = read_docx(buffer.getvalue(), "l.docx")
    assert kinds(source) == [("table_cell", "Merged cell"), ("table_cell", "Last"), ("paragraph", "See the trial")]
    assert [(source.prose[link.start : link.end], link.href) for link in source.links] == [
        ("the trial", "https://pubmed.ncbi.nlm.nih.gov/123/")
    ]


def test_content_controls_tracked_changes_and_field_codes():
    """Text in content controls is read; deleted text and field codes are not."""
    document = docx.Document()
    wrapped = document.add_paragraph("Inside a content control.")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "First in cell."
    inner = table.cell(0, 0).add_paragraph("Second in cell.")
    edited = document.add_paragraph("Kept ")
    element = docx.oxml.OxmlElement
    for paragraph in (wrapped, inner):
        sdt, content = element("w:sdt"), element("w:sdtContent")
        paragraph._p.addprevious(sdt)
        sdt.append(content)
        content.append(paragraph._p)
    deleted, run, text = element("w:del"), element("w:r"), element("w:delText")
    text.text = "removed words"
    run.append(text)
    deleted.append(run)
    edited._p.append(deleted)
    field, instruction = element("w:r"), element("w:instrText")
    instruction.text = ' HYPERLINK "https://clinic.example" '
    field.append(instruction)
    edited._p.append(field)
    edited.add_run("text.")
    buffer = io.BytesIO()
    document.save(buffer)
    source = read_docx(buffer.getvalue(), "c.docx")
    assert kinds(source) == [
        ("paragraph", "Inside a content control."),
        ("table_cell", "First in cell.\nSecond in cell."),
        ("paragraph", "Kept text."),
    ]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"Just some text, not a zip.", "not a .docx file (not a zip archive)"),
        (b"PK\x03\x04broken zip", "not a .docx file (not a zip archive)"),
        (None, "not a readable .docx file"),
    ],
)
def test_corrupt_docx_is_a_clear_input_error(data, reason):
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "a zip, but not a Word document")
        data = buffer.getvalue()
    with pytest.raises(InputError, match=re.escape(reason)) as raised:
        read_docx(data, "bad.docx")
    assert str(raised.value).startswith("bad.docx: ")


def test_docx_that_unpacks_far_beyond_the_size_limit_is_skipped():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>" + " " * 200_000)
    data = buffer.getvalue()
    assert len(data) < 2_000
    with pytest.raises(SkippedInput, match=r"bad\.docx: skipped, unpacks to 200,013 bytes, over the limit of 80,000 bytes"):
        read_docx(data, "bad.docx", max_bytes=2_000)
    assert read_docx(DOC, "ok.docx", max_bytes=len(DOC)).segments  # an ordinary document unpacks to a few times its size


def test_page_footer_disclaimer_is_read_once(tmp_path, linter):
    document = docx.Document()
    document.add_paragraph("Our stem cell injections help many patients with knee pain.")
    document.add_section()  # two sections share the footer: it is still read once
    document.sections[0].header.paragraphs[0].text = "Draft for review"
    document.sections[0].footer.paragraphs[0].text = "Not approved by the FDA. Results vary."
    buffer = io.BytesIO()
    document.save(buffer)
    source = read_docx(buffer.getvalue(), "f.docx")
    assert kinds(source)[-2:] == [("header", "Draft for review"), ("footer", "Not approved by the FDA. Results vary.")]
    assert source.original.count("Results vary") == 1
    path = tmp_path / "f.docx"
    path.write_bytes(buffer.getvalue())
    assert "document/no-disclaimer" not in {finding.rule for finding in check_paths([str(path)], linter=linter).findings}
    document.sections[0].footer.paragraphs[0].text = ""  # the control: no disclaimer anywhere
    document.save(path)
    assert "document/no-disclaimer" in {finding.rule for finding in check_paths([str(path)], linter=linter).findings}


def test_findings_in_docx_slice_the_extracted_text(tmp_path, linter):
    path = tmp_path / "page.docx"
    path.write_bytes(DOC)
    report = check_paths([str(path)], linter=linter)
    original = read_docx(DOC, str(path)).original
    lines = LineIndex(original)
    rules = {finding.rule for finding in report.findings}
    assert "efficacy/cure-claim" in rules and "safety/absolute" in rules
    for finding in report.findings:
        start = lines.offset(finding.line, finding.column)
        end = lines.offset(finding.end_line, finding.end_column)
        assert original[start:end] == finding.text


def test_cli_reads_docx_and_reports_corrupt_ones_in_one_line(tmp_path):
    (tmp_path / "good.docx").write_bytes(DOC)
    (tmp_path / "bad.docx").write_bytes(b"\x00\x01 not a document")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json", "--all-findings"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{tmp_path / 'bad.docx'}: not a .docx file" in result.output
    payload = json.loads(result.stdout)
    # The good file's findings survive the bad one, at the paragraph's line.
    cures = [item for item in payload["findings"] if item["rule"] == "efficacy/cure-claim" and "cures" in item["text"]]
    assert cures and cures[0]["line"] == 3


def test_text_output_shows_the_paragraph_line(tmp_path):
    (tmp_path / "good.docx").write_bytes(DOC)
    args = ["check", str(tmp_path / "good.docx"), "--no-color", "--all-findings"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert re.search(r"good\.docx:3:(\d+) \(paragraph 3, character \1\): error efficacy/cure-claim", result.output)
    assert "Our stem cell therapy cures multiple sclerosis." in result.output  # the paragraph is the excerpt


def test_docx_from_stdin_with_input_format(tmp_path):
    result = CliRunner().invoke(
        main, ["check", "-", "--input-format", "docx", "--stdin-filename", "memo.docx", "--format", "json"], input=DOC
    )
    assert result.exit_code == 1, result.output
    assert any(item["path"] == "memo.docx" for item in json.loads(result.stdout)["findings"])


PARAGRAPH_TEXT = st.lists(
    st.sampled_from(["word", "Café", "🙂", "👍🏽", "e\u0301", "\t", "\n", " ", "&", "<b>", "[1]", "\u4e2d", "  "]),
    max_size=12,
).map("".join)


@settings(max_examples=25, deadline=None)
@given(st.lists(PARAGRAPH_TEXT, min_size=1, max_size=6))
def test_property_one_line_per_paragraph(paragraphs):
    """Whatever a paragraph holds (tabs, line breaks, emoji, combining marks, markup-like
    text), it is exactly one line of the original, so line N is paragraph N."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)  # python-docx writes "\t" as a tab and "\n" as a line break
    buffer = io.BytesIO()
    document.save(buffer)
    source = read_docx(buffer.getvalue(), "p.docx")
    expected = [text.replace("\n", " ") for text in paragraphs]
    assert source.original.split("\n") == expected
    lines = LineIndex(source.original)
    filled = [(number, text) for number, text in enumerate(expected, start=1) if text.strip()]
    assert len(source.segments) == len(filled)
    for segment, (number, text) in zip(source.segments, filled, strict=True):
        assert source.prose[segment.start : segment.end] == text.strip()
        assert lines.position(segment.start) == (number, len(text) - len(text.lstrip()) + 1)
