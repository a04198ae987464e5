"""Every output format: SARIF against the official 2.1.0 schema, JUnit XML, GitHub
workflow commands, CSV, --statistics, and --output/--fail-on/--quiet with each format."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from claimcheck.cli import main
from claimcheck.filters.fingerprint import VERSION, fingerprints
from claimcheck.report import FORMATTERS
from claimcheck.report.github import format_github
from claimcheck.report.junit import format_junit
from claimcheck.report.sarif import format_sarif
from claimcheck.severity import Severity
from tests.factories import make_finding

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CLAIM = "Our stem cell therapy cures multiple sclerosis."
CLAIM_LINE = f"Ünïcödé 😀 “café” news. {CLAIM}"
PAGE = f"# Clinic\n\nWelcome.\n\n{CLAIM_LINE}\n"
FORMATS = ("text", "json", "sarif", "junit", "github", "csv")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def site(tmp_path, monkeypatch, linter) -> Path:
    """A small tree checked from its own folder, so paths are relative like in CI.

    The CLI reuses the session's default linter: these tests are about output, and
    rebuilding the pipeline for each of ~40 invocations would dominate their run time.
    """
    monkeypatch.setattr("claimcheck.api.build_linter", lambda settings=None, **_: linter)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page one.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "docs" / "clean.txt").write_text("The clinic is open from nine to five.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


_finding = make_finding


def test_sarif_is_valid_against_the_official_schema_and_complete(site, linter):
    code, out, _ = _run("check", "docs", "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "claimcheck" and driver["version"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) >= {rule.id for rule in linter.rules}
    for rule in linter.rules:
        descriptor = rules[rule.id]
        assert descriptor["helpUri"] == rule.authority_url if rule.authority_url else "helpUri" not in descriptor
        assert rule.authority in descriptor["help"]["text"]
        assert (rule.suggestion or "") in descriptor["help"]["text"]
        assert descriptor["fullDescription"]["text"] == " ".join(rule.rationale.split())
        assert (
            descriptor["defaultConfiguration"]["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[rule.severity.label]
        )
    results = run["results"]
    assert results and all(driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] for result in results)
    cure = next(result for result in results if result["ruleId"] == "efficacy/cure-claim")
    location = cure["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "docs/page%20one.md", "uriBaseId": "%SRCROOT%"}
    column = CLAIM_LINE.index(CLAIM) + 1  # code points, not UTF-8 bytes or UTF-16 units
    assert location["region"] == {"startLine": 5, "startColumn": column, "endLine": 5, "endColumn": column + len(CLAIM)}
    assert cure["level"] == "error"
    documents = [result for result in results if result["ruleId"].startswith("document/")]
    assert documents and all(result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1} for result in documents)
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == site.as_uri() + "/"


def test_sarif_fingerprints_are_the_baseline_fingerprints(check):
    text = f"{CLAIM}\n\n{CLAIM}\n"
    findings = check(text, "p.txt")
    log = json.loads(format_sarif(findings, sources={"p.txt": text}))
    expected = [f"{print_}:{occurrence}" for print_, occurrence in fingerprints(findings, {"p.txt": text})]
    assert [result["partialFingerprints"][VERSION] for result in log["runs"][0]["results"]] == expected
    assert len(set(expected)) == len(expected)  # two copies of the claim are told apart


def test_sarif_without_rules_still_valid_and_records_notices():
    notices = [{"path": "bad.bin", "message": "bad.bin: binary file", "error": True}]
    findings = [_finding(path="/elsewhere/a b.md")]
    log = json.loads(format_sarif(findings, base_dir="/work/site", notices=notices, information_uri="https://example.org/cc"))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["informationUri"] == "https://example.org/cc"
    assert run["tool"]["driver"]["rules"][0]["id"] == "x/rule"  # described from the finding itself
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///elsewhere/a%20b.md"}
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] == "bad.bin: binary file"


def test_junit_has_one_testcase_per_file_with_correct_counts(site):
    code, out, _ = _run("check", "docs", "--format", "junit")
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert code == 1 and root.tag == "testsuites" and len(suites) == 1
    cases = {case.get("name"): case for case in suites[0].findall("testcase")}
    assert set(cases) == {str(Path("docs/page one.md")), str(Path("docs/clean.txt"))}
    assert cases[str(Path("docs/clean.txt"))].find("failure") is None
    failure = cases[str(Path("docs/page one.md"))].find("failure")
    assert failure is not None and "efficacy/cure-claim" in failure.text and failure.get("type") == "error"
    assert int(failure.get("message").split()[0]) == len(failure.text.splitlines())
    for element in (root, suites[0]):
        assert (element.get("tests"), element.get("failures"), element.get("errors")) == ("2", "1", "0")


def test_junit_escapes_markup_and_characters_xml_cannot_hold():
    nasty = 'a <b> & "c" ]]> \x0b\x00 end'
    findings = [_finding(path='dir/<x>&"y".md', message=nasty)]
    notices = [{"path": "broken.md", "message": "broken.md: bad <UTF-8> \x01", "error": True}]
    root = ET.fromstring(format_junit(findings, files=["clean.md"], notices=notices))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    case = suite.find("testcase[@name='dir/<x>&\"y\".md']")
    assert case is not None
    assert 'a <b> & "c" ]]> \\x0b\\x00 end' in case.find("failure").text
    assert suite.find("testcase[@name='broken.md']/error").get("message") == "broken.md: bad <UTF-8> \\x01"


def test_github_annotations_and_escaping(site):
    code, out, _ = _run("check", "docs", "--format", "github")
    lines = out.splitlines()
    assert code == 1 and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    column = CLAIM_LINE.index(CLAIM) + 1
    place = f"line=5,col={column},endLine=5,endColumn={column + len(CLAIM)}"
    expected = f"::error file=docs/page one.md,{place},title=efficacy/cure-claim::"
    assert any(line.startswith(expected) for line in lines)
    odd = _finding(path="a,b:c%.md", rule="x:y,z", message="50% sure\r\nnext", severity=Severity.INFO, suggestion=None)
    place = "line=2,col=3,endLine=2,endColumn=9"
    assert format_github([odd]) == f"::notice file=a%2Cb%3Ac%25.md,{place},title=x%3Ay%2Cz::50%25 sure%0D%0Anext\n"
    absolute = format_github([_finding(path=str(site / "docs" / "x.md"))], base_dir=str(site))
    assert absolute.startswith("::warning file=docs/x.md,")
    document = _finding(scope="document", severity=Severity.ERROR, message="m: a, b")
    assert format_github([document]) == "::error file=a.md,line=2,title=x/rule::m: a, b\n"


def test_csv_has_a_header_and_one_row_per_finding(site):
    code, out, _ = _run("check", "docs", "--format", "csv")
    _, json_out, _ = _run("check", "docs", "--format", "json")
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = json.loads(json_out)["findings"]
    assert code == 1 and len(rows) == len(expected)
    assert out.splitlines()[0].startswith("path,line,column,end_line,end_column,severity,rule,message,text")
    for row, item in zip(rows, expected, strict=True):
        assert (row["rule"], int(row["line"]), int(row["column"]), row["text"]) == (
            item["rule"],
            item["line"],
            item["column"],
            item["text"],
        )
    tricky = FORMATTERS["csv"]([_finding(message='He said "no",\nthen left', suggestion=None)])
    row = next(csv.DictReader(io.StringIO(tricky)))
    assert row["message"] == 'He said "no",\nthen left' and row["suggestion"] == ""


def test_statistics_go_to_stderr_and_keep_stdout_parseable(site):
    code, out, err = _run("check", "docs", "--format", "json", "--statistics")
    findings = json.loads(out)["findings"]
    assert code == 1
    counts: dict[str, int] = {}
    for item in findings:
        counts[item["rule"]] = counts.get(item["rule"], 0) + 1
    stats = dict(reversed(line.split()) for line in err.strip().splitlines())
    assert stats.pop("total") == str(len(findings))
    assert {rule: int(count) for rule, count in stats.items()} == counts


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_fail_on_and_quiet_work_with_every_format(site, tmp_path, fmt):
    code, out, _ = _run("check", "docs", "--format", fmt, "--no-color")
    target = tmp_path / f"report.{fmt}"
    code_file, out_file, _ = _run("check", "docs", "--format", fmt, "--output", str(target), "--no-color")
    assert (code, code_file, out_file) == (1, 1, "")
    assert target.read_text(encoding="utf-8") == out
    assert _run("check", "docs", "--format", fmt, "--fail-on", "never")[0] == 0
    assert _run("check", "docs/clean.txt", "--format", fmt, "--fail-on", "info")[0] == 0
    code_quiet, quiet_out, _ = _run("check", "docs", "--format", fmt, "--quiet")
    assert code_quiet == 1 and "efficacy/cure-claim" in quiet_out
    if fmt == "json":  # machine formats keep every finding when quiet (JSON drops only its summary)
        assert json.loads(quiet_out)["findings"] == json.loads(out)["findings"]
    elif fmt != "text":
        assert quiet_out == out


def test_fail_on_levels_decide_the_exit_code(site):
    (site / "docs" / "page one.md").unlink()
    page = site / "docs" / "warn.md"
    page.write_text("Some studies show stem cell therapy helps knees.\n", encoding="utf-8")
    _, out, _ = _run("check", "docs", "--format", "json")
    severities = {item["severity"] for item in json.loads(out)["findings"]}
    assert "warning" in severities and "error" not in severities
    codes = {level: _run("check", "docs", "--format", "sarif", "--fail-on", level)[0] for level in ("error", "warning", "info")}
    assert codes == {"error": 0, "warning": 1, "info": 1}
    assert _run("check", "docs", "--format", "sarif", "--fail-on", "never")[0] == 0
