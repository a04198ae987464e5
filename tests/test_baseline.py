"""Fingerprints and baselines: stable under moved lines and unrelated edits, strict about new copies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import main
from claimcheck.errors import ConfigError
from claimcheck.filters.baseline import load_baseline, new_findings, render_baseline
from claimcheck.filters.fingerprint import context, fingerprint, fingerprints, normalise
from claimcheck.findings import Finding
from claimcheck.severity import Severity

CLAIM = "Our stem cell therapy cures multiple sclerosis."
PAGE = f"# Clinic\n\nWe are open on weekdays.\n\n{CLAIM} Book a visit today.\n\nParking is free for patients.\n"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _prints(check, text: str, path: str = "page.md") -> dict[str, list[tuple[str, int]]]:
    findings = check(text, path)
    by_rule: dict[str, list[tuple[str, int]]] = {}
    for finding, print_ in zip(findings, fingerprints(findings, {path: text}), strict=True):
        by_rule.setdefault(finding.rule, []).append(print_)
    return by_rule


def test_normalise_folds_case_and_white_space():
    assert normalise("  Cures\n  MS\tTODAY ") == "cures ms today"


def test_context_is_the_sentence_around_the_span():
    text = "First sentence here. The therapy cures MS for good. Last one."
    start = text.index("cures")
    assert context(text, start, start + len("cures MS")) == "The therapy cures MS for good."
    markdown = "- item one\n- the therapy cures MS\n- item three"
    start = markdown.index("cures")
    assert context(markdown, start, start + 5) == "- the therapy cures MS"
    html = "<p>Opening hours vary</p>\n<p>The therapy cures MS</p>"
    start = html.index("cures")
    assert context(html, start, start + 5) == "The therapy cures MS"


def test_fingerprints_survive_inserted_lines_and_unrelated_edits(check):
    before = _prints(check, PAGE)
    assert "efficacy/cure-claim" in before
    moved = _prints(check, "Intro line.\n\nAnother new paragraph.\n\n" + PAGE)
    edited = _prints(check, PAGE.replace("Parking is free for patients.", "Parking costs five dollars, sadly."))
    rewrapped = _prints(check, PAGE.replace("cures multiple", "CURES\n   multiple"))
    for variant in (moved, edited):
        assert variant["efficacy/cure-claim"] == before["efficacy/cure-claim"]
    assert rewrapped["efficacy/cure-claim"] == before["efficacy/cure-claim"]


def test_html_fingerprints_ignore_edits_to_neighbouring_elements(check):
    page = "<html><body>\n<h1>Clinic</h1>\n<p>Opening hours vary</p>\n<p>{claim}</p>\n<p>Parking is free</p>\n</body></html>\n"
    before = _prints(check, page.format(claim=CLAIM), "p.html")
    after = _prints(check, page.replace("vary", "vary by season").replace("free", "paid").format(claim=CLAIM), "p.html")
    assert before["efficacy/cure-claim"] == after["efficacy/cure-claim"]
    reworded = _prints(check, page.format(claim=CLAIM.replace("Our", "This clinic's")), "p.html")
    assert reworded.get("efficacy/cure-claim") != before["efficacy/cure-claim"]


def test_fingerprint_changes_with_rule_text_or_own_sentence():
    text = "Intro. The therapy cures MS for good. End."
    start = text.index("cures MS")
    base = Finding("p.md", 1, 1, 1, 1, "efficacy/cure-claim", Severity.ERROR, "m", "cures MS", offset=start, end_offset=start + 8)
    other_sentence = text.replace("for good", "forever")
    assert fingerprint(base, text) != fingerprint(base, other_sentence)
    assert fingerprint(base, text) != fingerprint(Finding(**{**base.__dict__, "rule": "x/y"}), text)
    # the same finding without its text falls back to rule + text, still deterministic
    assert fingerprint(base) == fingerprint(base, "text that no longer matches the offsets")


def test_identical_findings_are_numbered_in_file_order(check):
    text = f"{CLAIM}\n\n{CLAIM}\n"
    findings = [finding for finding in check(text, "p.txt") if finding.rule == "efficacy/cure-claim"]
    prints = fingerprints(list(reversed(findings)), {"p.txt": text})
    assert prints[0][0] == prints[1][0]
    assert [occurrence for _, occurrence in prints] == [2, 1]  # the later one in the file is number 2


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_baseline_round_trip_through_the_cli(tmp_path, monkeypatch, linter):
    monkeypatch.setattr("claimcheck.api.build_linter", lambda settings=None, **_: linter)  # default settings: reuse it
    site = tmp_path / "site"
    site.mkdir()
    page = site / "page.md"
    _write(page, PAGE)
    monkeypatch.chdir(tmp_path)
    code, _, err = _run("check", "site", "--write-baseline", "ci/baseline.json")
    assert code == 2 and "cannot write baseline" in err  # folder 'ci' does not exist: one line, exit 2
    (tmp_path / "ci").mkdir()
    code, out, err = _run("check", "site", "--write-baseline", "ci/baseline.json")
    assert code == 0 and out == "" and "recorded" in err
    data = json.loads((tmp_path / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert {record["path"] for record in data["findings"]} == {"../site/page.md"}  # relative to the baseline's folder
    recorded = len(data["findings"])
    assert recorded >= 3

    # nothing new: clean, whatever the working directory
    code, out, err = _run("check", "site", "--baseline", "ci/baseline.json")
    assert code == 0 and f"{recorded} findings recorded in ci/baseline.json not shown" in err
    monkeypatch.chdir(site)
    assert _run("check", "page.md", "--baseline", "../ci/baseline.json", "--format", "json")[0] == 0
    monkeypatch.chdir(tmp_path)

    # moved down by new paragraphs and an unrelated edit: still known
    _write(page, "New intro.\n\nMore intro.\n\n" + PAGE.replace("Parking is free", "Parking is cheap"))
    assert _run("check", "site", "--baseline", "ci/baseline.json")[0] == 0

    # a pasted second copy of the claim is new, and only it is reported
    _write(page, PAGE + f"\n{CLAIM} Book a visit today.\n")  # same sentence, same context: occurrence 2
    code, out, _ = _run("check", "site", "--baseline", "ci/baseline.json", "--format", "json")
    reported = json.loads(out)["findings"]
    assert code == 1
    assert reported and all(item["line"] == 9 for item in reported)
    assert "efficacy/cure-claim" in {item["rule"] for item in reported}

    # the fixed claim drops out: re-recording gives fewer entries, and nothing is reported
    _write(page, PAGE.replace(CLAIM, "Our clinic offers consultations."))
    assert _run("check", "site", "--baseline", "ci/baseline.json")[0] == 0
    assert _run("check", "site", "--write-baseline", "ci/baseline.json")[0] == 0
    data = json.loads((tmp_path / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert len(data["findings"]) < recorded
    assert "efficacy/cure-claim" not in {record["rule"] for record in data["findings"]}


def test_baseline_filter_matches_by_path_rule_fingerprint_and_count(check, tmp_path):
    text = f"{CLAIM}\n"
    path = str(tmp_path / "a.txt")
    findings = check(text, path)
    (tmp_path / "b.json").write_text(render_baseline(findings, {path: text}, tmp_path), encoding="utf-8")
    known = load_baseline(str(tmp_path / "b.json"))
    assert new_findings(findings, {path: text}, known) == []
    doubled = f"{CLAIM}\n\n{CLAIM}\n"
    again = check(doubled, path)
    fresh = new_findings(again, {path: doubled}, known)
    assert fresh and {finding.line for finding in fresh} == {3}
    other = str(tmp_path / "other.txt")  # the same text in another file is not covered
    assert len(new_findings(check(text, other), {other: text}, known)) == len(findings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "not found"),
        ("{not json", "not valid JSON"),
        ('{"version": 2, "findings": []}', "version"),
        ('{"version": 1, "findings": [{"path": "a", "rule": "r", "fingerprint": "xyz", "occurrence": 1}]}', "findings/0"),
        ("[]", "top level"),
    ],
)
def test_bad_baseline_is_one_line_and_exit_2(tmp_path, content, message):
    target = tmp_path / "baseline.json"
    if content is not None:
        target.write_text(content, encoding="utf-8")
    page = tmp_path / "p.txt"
    page.write_text(CLAIM, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_baseline(str(target))
    code, out, err = _run("check", str(page), "--baseline", str(target))
    assert code == 2 and out == ""
    assert err.startswith("claimcheck: error: ") and err.count("\n") == 1 and message in err


def test_corpus_baseline_holds_when_every_page_gains_a_paragraph(tmp_path, linter):
    """The annotated corpus as a realistic site: prepend prose to every page, nothing is new."""
    from claimcheck.api import check_paths

    site = tmp_path / "dev"
    site.mkdir()
    pages = [page for page in sorted((Path(__file__).parent.parent / "corpus" / "dev").iterdir()) if page.suffix != ".yml"]
    assert len(pages) >= 10
    for page in pages:
        (site / page.name).write_bytes(page.read_bytes())

    def findings_and_texts():
        report = check_paths([str(site)], linter=linter)
        return report.findings, {path: Path(path).read_text(encoding="utf-8") for path in report.checked}

    findings, texts = findings_and_texts()
    assert len(findings) > 50
    (tmp_path / "baseline.json").write_text(render_baseline(findings, texts, tmp_path), encoding="utf-8")
    known = load_baseline(str(tmp_path / "baseline.json"))
    for page in site.iterdir():
        text = page.read_text(encoding="utf-8")
        if page.suffix == ".html":
            text = text.replace("<body>", "<body>\n<p>A new opening paragraph about our parking.</p>\n", 1)
        elif page.suffix == ".md":  # below the front matter, above the first heading
            cut = text.index("\n#") + 1
            text = text[:cut] + "A new paragraph about parking.\n\n" + text[cut:]
        else:
            text = "A new first paragraph.\n\nAnd a second one.\n\n" + text
        page.write_text(text, encoding="utf-8")
    moved, moved_texts = findings_and_texts()
    assert [finding.line for finding in moved] != [finding.line for finding in findings]  # lines really moved
    assert new_findings(moved, moved_texts, known) == []
