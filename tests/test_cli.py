"""The command line: output shapes, the JSON contract, exit codes, and clean errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from claimcheck.cli import main

CLAIM = "Our stem cell therapy cures multiple sclerosis.\n"
CLEAN = "The clinic is open from nine to five.\n"


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str, stdin: bytes | str | None = None):
        return runner.invoke(main, list(args), input=stdin, catch_exceptions=False)

    return invoke


def test_text_output_has_location_rule_snippet_and_suggestion(run, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Welcome.\n" + CLAIM, encoding="utf-8")
    result = run("check", str(page), "--no-color")
    assert result.exit_code == 1
    assert f"{page}:2:1: error efficacy/cure-claim" in result.output
    assert "    ^^^^" in result.output and "suggestion:" in result.output
    assert "\x1b[" not in result.output


def test_json_contract(run, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\nIntro. " + CLAIM, encoding="utf-8")
    result = run("check", str(page), "--format", "json")
    data = json.loads(result.output)
    assert set(data) == {"findings", "summary", "notices"}
    finding = next(item for item in data["findings"] if item["rule"] == "efficacy/cure-claim")
    expected_keys = {
        "rule",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "text",
        "scope",
        "suggestion",
    }
    assert expected_keys <= set(finding)
    assert (finding["line"], finding["column"], finding["severity"], finding["scope"]) == (3, 8, "error", "span")
    assert finding["text"] == CLAIM.strip()
    assert data["summary"]["files"] == 1 and data["summary"]["errors"] >= 1


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_levels(run, tmp_path, fail_on, expected):
    page = tmp_path / "page.txt"
    page.write_text(CLAIM, encoding="utf-8")
    assert run("check", str(page), "--fail-on", fail_on).exit_code == expected


def test_warning_only_document_passes_with_fail_on_error(run, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Clinical studies have documented lower pain scores after our stem cell injections.\n", encoding="utf-8")
    # The rules alone rate this appeal a warning (the detector may add an error-level reading).
    assert run("check", str(page), "--fail-on", "error", "--no-model").exit_code == 0
    assert run("check", str(page), "--no-model").exit_code == 1


def test_clean_file_exits_zero(run, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(CLEAN, encoding="utf-8")
    result = run("check", str(page))
    assert result.exit_code == 0
    assert "0 findings" in result.output


def test_stdin_with_filename_picks_format(run):
    result = run("check", "-", "--stdin-filename", "draft.md", "--format", "json", stdin="```\n" + CLAIM + "```\n\n" + CLEAN)
    data = json.loads(result.output)
    assert result.exit_code == 0, data
    assert data["findings"] == []


def test_missing_path_is_a_usage_error(run, tmp_path):
    result = run("check", str(tmp_path / "nope.md"))
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_unknown_rule_in_explain(run):
    result = run("explain", "efficacy/nope")
    assert result.exit_code == 2
    assert "unknown rule" in result.output


def test_rules_and_explain(run):
    listing = run("rules")
    assert listing.exit_code == 0
    assert len([line for line in listing.output.splitlines() if "/" in line]) >= 20
    explained = run("explain", "safety/absolute")
    assert "Authority:" in explained.output and "Flagged:" in explained.output and "Not flagged:" in explained.output


def test_disable_flag(run, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("There are no side effects.\n", encoding="utf-8")
    assert "safety/absolute" in run("check", str(page)).output
    assert "safety/absolute" not in run("check", str(page), "--disable", "safety/*").output


def test_console_script_runs_without_traceback(tmp_path):
    page = tmp_path / "bad.txt"
    page.write_bytes(b"ok \xc3\x28 not text \x80")
    completed = subprocess.run(
        [sys.executable, "-m", "claimcheck", "check", str(page)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert "not valid UTF-8" in completed.stderr


def test_a_closed_pipe_ends_quietly_not_with_an_internal_error():
    import subprocess
    import sys

    command = f"{sys.executable} -m claimcheck rules | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, check=False)
    assert result.stdout.count("\n") == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
