"""Issue 16: one finding per claim, outputs that agree with the exit code, and the
findings left after --diff / --fix shown."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import main
from claimcheck.evaluation.scoring import score
from claimcheck.filters.grouping import expand, group_findings
from claimcheck.findings import Finding
from claimcheck.report.text import format_text
from claimcheck.severity import Severity

TEXT = "Our stem cell therapy cures MS and is 100% safe. Call us today."


def _at(rule: str, start: int, end: int, severity: Severity = Severity.WARNING, text: str = TEXT, **extra) -> Finding:
    return Finding(
        path="p.md",
        line=1,
        column=start + 1,
        end_line=1,
        end_column=end + 1,
        rule=rule,
        severity=severity,
        message=f"{rule} says so",
        text=text[start:end],
        offset=start,
        end_offset=end,
        **extra,
    )


def test_findings_in_one_sentence_fold_into_the_most_severe():
    cure = _at("efficacy/cure-claim", 22, 27, Severity.ERROR)
    unsupported = _at("efficacy/unsupported-claim", 0, 48)
    safe = _at("safety/absolute", 38, 47, Severity.ERROR)
    later = _at("marketing/hype", 49, 63, Severity.INFO)
    document = _at("document/no-references", 0, 0, scope="document")
    own = _at("claimcheck/unused-suppression", 30, 33, Severity.INFO)
    grouped = group_findings([unsupported, cure, own, safe, later, document], TEXT)
    assert [finding.rule for finding in grouped] == [
        "efficacy/cure-claim",
        "claimcheck/unused-suppression",
        "marketing/hype",
        "document/no-references",
    ]
    kept = grouped[0]
    assert kept.related_rules == ("efficacy/unsupported-claim", "safety/absolute")
    assert kept.severity == Severity.ERROR and (kept.offset, kept.end_offset) == (22, 27)
    # Nothing is lost: expanding gives back every finding.
    assert sorted(f.rule for f in expand(grouped)) == sorted(f.rule for f in (unsupported, cure, own, safe, later, document))


def test_overlapping_spans_fold_even_without_the_text():
    first = _at("a/one", 0, 10)
    second = _at("b/two", 5, 20, Severity.ERROR)
    apart = _at("c/three", 30, 33)
    grouped = group_findings([first, second, apart], None)
    assert [(f.rule, f.related_rules) for f in grouped] == [("b/two", ("a/one",)), ("c/three", ())]


def test_findings_per_flagged_sentence_counts_findings_as_reported():
    from claimcheck.evaluation.gold import GoldDocument
    from claimcheck.evaluation.scoring import default_category_map
    from claimcheck.sources import parse_source

    source = parse_source(TEXT, "p.md", "markdown")
    document = GoldDocument(Path("p.md"), "dev", frozenset(), ())
    found = [_at("efficacy/cure-claim", 22, 27, Severity.ERROR), _at("efficacy/unsupported-claim", 0, 48)]
    sentences = [(0, 48), (49, 63)]
    every = score([(document, source, sentences, found)], default_category_map(), "dev")
    folded = score([(document, source, sentences, found, group_findings(found, TEXT))], default_category_map(), "dev")
    assert every.flagged_units == folded.flagged_units == 1
    assert every.findings_per_flagged == 2.0 and folded.findings_per_flagged == 1.0
    assert folded.all_findings_per_flagged == 2.0
    assert folded.to_dict()["findings_per_flagged_sentence"]["per_sentence"] == 1.0


def test_multi_line_span_is_underlined_on_every_line():
    text = "Our therapy repairs cartilage\n  and reverses arthritis.\n"
    finding = Finding(
        path="p.md",
        line=1,
        column=5,
        end_line=2,
        end_column=26,
        rule="efficacy/cure-claim",
        severity=Severity.ERROR,
        message="m",
        text=text[4:54],
        offset=4,
        end_offset=54,
    )
    out = format_text([finding], sources={"p.md": text}).splitlines()
    assert out[1:5] == [
        "    Our therapy repairs cartilage",
        "        ^^^^^^^^^^^^^^^^^^^^^^^^^",
        "      and reverses arthritis.",
        "      ^^^^^^^^^^^^^^^^^^^^^^^",
    ]


# ---------------------------------------------------------------- the command line

SITE = (
    "# Knee clinic\n\n"
    "Our stem cell therapy cures arthritis and is 100% safe for everyone.\n\n"
    "Studies show that our approach works well for many patients.\n\n"
    "Our cutting-edge stem cell therapy is available.\n"
)
WARN_ONLY = "Studies show that our approach works well for many patients.\n\nOur cutting-edge stem cell therapy is available.\n"
QUIET = ["--no-model", "--disable", "document/*"]


def _run(*args: str, stdin: str | None = None):
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.md").write_text(SITE, encoding="utf-8")
    (tmp_path / "warn.md").write_text(WARN_ONLY, encoding="utf-8")
    return tmp_path


def test_json_reports_one_finding_per_claim_naming_the_others(site):
    code, out, _ = _run("check", "site.md", "--format", "json", *QUIET)
    data = json.loads(out)
    cure = next(f for f in data["findings"] if f["rule"] == "efficacy/cure-claim")
    assert code == 1 and cure["related_rules"] and len(cure["related"]) == len(cure["related_rules"])
    assert all(other["line"] == 3 for other in cure["related"])
    assert len({(f["path"], f["line"]) for f in data["findings"] if f["scope"] == "span"}) == len(
        [f for f in data["findings"] if f["scope"] == "span"]
    )
    summary = data["summary"]
    assert summary["claims"] == len(data["findings"]) < summary["findings"]
    assert summary["findings"] == len(data["findings"]) + sum(len(f["related"]) for f in data["findings"])
    code, out, _ = _run("check", "site.md", "--format", "json", "--all-findings", *QUIET)
    every = json.loads(out)
    assert len(every["findings"]) == summary["findings"] and not any(f["related_rules"] for f in every["findings"])


def test_all_findings_from_the_config(site):
    (site / ".claimcheck.yaml").write_text("all_findings: true\n", encoding="utf-8")
    _, out, _ = _run("check", "site.md", "--format", "json", *QUIET)
    data = json.loads(out)
    assert data["summary"]["claims"] == data["summary"]["findings"] == len(data["findings"])


def test_text_hides_info_unless_asked(site):
    code, out, _ = _run("check", "warn.md", *QUIET)
    assert code == 1 and "evidence/uncited-appeal" in out and "marketing/hype" not in out
    assert "1 below the minimum severity not shown" in out
    _, out, _ = _run("check", "warn.md", "--min-severity", "info", *QUIET)
    assert "marketing/hype" in out and "not shown" not in out
    # A finding that fails the run is always shown, whatever the minimum severity.
    code, out, _ = _run("check", "warn.md", "--fail-on", "info", *QUIET)
    assert code == 1 and "marketing/hype" in out
    _, out, _ = _run("check", "warn.md", "--format", "json", *QUIET)
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"evidence/uncited-appeal", "marketing/hype"}
    (site / ".claimcheck.yaml").write_text("min_severity: info\n", encoding="utf-8")
    _, out, _ = _run("check", "warn.md", *QUIET)
    assert "marketing/hype" in out


def test_junit_sarif_and_github_follow_fail_on(site):
    code, out, _ = _run("check", "warn.md", "--format", "junit", "--fail-on", "error", *QUIET)
    root = ET.fromstring(out)
    assert code == 0 and root.get("failures") == "0" and root.find(".//failure") is None
    assert "evidence/uncited-appeal" in root.find(".//system-out").text
    code, out, _ = _run("check", "warn.md", "--format", "junit", *QUIET)
    assert code == 1 and ET.fromstring(out).get("failures") == "1"

    code, out, _ = _run("check", "warn.md", "--format", "sarif", "--fail-on", "error", *QUIET)
    levels = {r["ruleId"]: r["level"] for r in json.loads(out)["runs"][0]["results"]}
    assert code == 0 and levels == {"evidence/uncited-appeal": "warning", "marketing/hype": "note"}
    code, out, _ = _run("check", "warn.md", "--format", "sarif", *QUIET)
    results = json.loads(out)["runs"][0]["results"]
    assert code == 1 and {r["ruleId"]: r["level"] for r in results}["evidence/uncited-appeal"] == "error"
    assert {r["properties"]["severity"] for r in results} == {"warning", "info"}

    code, out, _ = _run("check", "warn.md", "--format", "github", "--fail-on", "error", *QUIET)
    assert code == 0 and not any(line.startswith("::error") for line in out.splitlines())
    assert any(line.startswith("::warning ") and "evidence/uncited-appeal" in line for line in out.splitlines())
    code, out, _ = _run("check", "warn.md", "--format", "github", *QUIET)
    assert code == 1 and any(line.startswith("::error ") and "evidence/uncited-appeal" in line for line in out.splitlines())


def test_sarif_names_related_rules_and_their_locations(site):
    _, out, _ = _run("check", "site.md", "--format", "sarif", *QUIET)
    results = json.loads(out)["runs"][0]["results"]
    folded = next(r for r in results if r["ruleId"] == "efficacy/cure-claim")
    related = folded["relatedLocations"]
    assert folded["properties"]["relatedRules"] and len(related) >= len(folded["properties"]["relatedRules"])
    assert all(loc["physicalLocation"]["region"]["startLine"] == 3 for loc in related)


def test_text_names_the_folded_rules_on_one_line(site):
    _, out, _ = _run("check", "site.md", *QUIET)
    also = [line for line in out.splitlines() if "also flagged by:" in line]
    assert len(also) == 1 and "efficacy/unsupported-claim" in also[0]
    assert out.count("efficacy/cure-claim") == 1
    assert "claims flagged" in out and "findings in all" in out


def test_diff_without_a_fix_shows_what_is_left_and_fails(site):
    (site / "nofix.md").write_text("Our stem cell therapy cures arthritis.\n", encoding="utf-8")
    code, out, err = _run("check", "nofix.md", "--diff", *QUIET)
    assert out == "" and code == 1 and "efficacy/cure-claim" in err


def test_stdin_fix_prints_the_text_and_reports_what_is_left_on_stderr(site):
    draft = "Our stem cell therapy cures arthritis.\n"
    code, out, err = _run("check", "-", "--fix", "--stdin-filename", "d.md", *QUIET, stdin=draft)
    assert out == draft
    assert code == 1 and "efficacy/cure-claim" in err and "d.md:1:" in err


# ---------------------------------------------------------------- --force-exclude


def test_force_exclude_applies_the_config_to_named_files(site):
    (site / ".claimcheck.yaml").write_text("exclude: ['drafts/', '*.old.md']\n", encoding="utf-8")
    (site / "drafts").mkdir()
    (site / "drafts" / "d.md").write_text("Our stem cell therapy cures arthritis.\n", encoding="utf-8")
    (site / "p.old.md").write_text("Our stem cell therapy cures arthritis.\n", encoding="utf-8")
    code, out, _ = _run("check", "drafts/d.md", "p.old.md", *QUIET)
    assert code == 1 and "d.md" in out  # named files are checked, as before
    code, out, _ = _run("check", "drafts/d.md", "p.old.md", "--force-exclude", *QUIET)
    assert code == 0 and "cure-claim" not in out
    code, out, _ = _run("check", "drafts/d.md", "site.md", "--force-exclude", *QUIET)
    assert code == 1 and "site.md" in out and "d.md" not in out
