"""Inline suppressions in Markdown, HTML and plain text: each form drops exactly the
findings it names, stale or misspelt ones are reported at the comment's exact place."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claimcheck.api import all_rules, build_linter, check_paths, check_text
from claimcheck.cli import main
from claimcheck.config import ModelSettings, Settings
from claimcheck.filters.suppressions import UNKNOWN, UNUSED, parse_directive
from claimcheck.severity import Severity
from claimcheck.sources.base import Comment

ABSOLUTE = "There are no side effects."  # one finding: safety/absolute on "no side effects"
RULE = "safety/absolute"


def rules_by_line(findings, rule: str = RULE) -> list[int]:
    return [finding.line for finding in findings if finding.rule == rule]


def meta(findings):
    return [finding for finding in findings if finding.rule.startswith("claimcheck/")]


def test_directive_parsing():
    directive = parse_directive(Comment("<!-- claimcheck-disable efficacy/cure-claim, safety/* -- reviewed by legal -->", 3, 80))
    assert directive is not None
    assert (directive.action, directive.patterns) == ("disable", ("efficacy/cure-claim", "safety/*"))
    assert directive.reason == "reviewed by legal"
    assert parse_directive(Comment("<!--claimcheck-enable-->", 0, 24)).patterns == ()
    assert parse_directive(Comment("[claimcheck-disable-line a/b c/d]", 0, 33)).patterns == ("a/b", "c/d")
    assert parse_directive(Comment("# claimcheck-disable-file", 0, 25)).action == "disable-file"
    assert parse_directive(Comment("<!-- TODO: claimcheck-disable later -->", 0, 39)) is None
    assert parse_directive(Comment("<!-- claimcheck-disabled x -->", 0, 30)) is None


# -- Markdown ------------------------------------------------------------------------


def test_markdown_disable_next_line(check):
    text = f"# Page\n\n<!-- claimcheck-disable-next-line {RULE} -- reviewed -->\n{ABSOLUTE}\n\n{ABSOLUTE}\n"
    findings = check(text, "page.md")
    assert rules_by_line(findings) == [6]
    assert meta(findings) == []


def test_markdown_next_line_skips_blank_lines_and_stacked_comments(check):
    text = f"<!-- claimcheck-disable-next-line {RULE} -->\n<!-- claimcheck-disable-next-line efficacy/* -->\n\n{ABSOLUTE}\n"
    findings = check(text, "page.md")
    assert rules_by_line(findings) == []
    unused = meta(findings)
    assert [(finding.rule, finding.line) for finding in unused] == [(UNUSED, 2)]  # nothing of efficacy/* on line 4


@pytest.mark.parametrize(("path", "comment"), [("page.md", "<!-- {} -->"), ("page.txt", "[{}]")])
def test_next_line_with_crlf_line_ends(check, path, comment):
    directive = comment.format(f"claimcheck-disable-next-line {RULE}")
    text = f"Intro.\r\n\r\n{directive}\r\n\r\n{ABSOLUTE}\r\n\r\n{ABSOLUTE}\r\n"
    findings = check(text, path)
    assert [(finding.rule, finding.line, finding.column) for finding in findings] == [(RULE, 7, 11)]


def test_markdown_disable_line_at_end_of_line(check):
    text = f"{ABSOLUTE} <!-- claimcheck-disable-line {RULE} -->\n\n{ABSOLUTE}\n"
    assert rules_by_line(check(text, "page.md")) == [3]


def test_markdown_range_and_enable(check):
    text = (
        f"{ABSOLUTE}\n\n<!-- claimcheck-disable {RULE} -- quoted from a review -->\n\n{ABSOLUTE}\n\n{ABSOLUTE}\n\n"
        f"<!-- claimcheck-enable {RULE} -->\n\n{ABSOLUTE}\n"
    )
    findings = check(text, "page.md")
    assert rules_by_line(findings) == [1, 11]
    assert meta(findings) == []


def test_markdown_disable_all_rules_until_the_end(check):
    text = "Intro.\n\n<!-- claimcheck-disable -->\n\nOur stem cell therapy cures multiple sclerosis. There are no side effects.\n"
    findings = check(text, "page.md")
    # Document findings sit at 1:1, outside every range: only disable-file reaches them.
    assert {finding.rule for finding in findings} == {"document/no-disclaimer", "document/no-references"}


def test_enable_one_id_inside_a_glob_range(check):
    text = (
        "<!-- claimcheck-disable safety/* -->\n\n"
        f"{ABSOLUTE}\n\n<!-- claimcheck-enable {RULE} -->\n\n{ABSOLUTE}\n\n<!-- claimcheck-enable -->\n"
    )
    findings = check(text, "page.md")
    assert rules_by_line(findings) == [7]
    assert meta(findings) == []


def test_disable_file_reaches_document_findings(check):
    claim = "Our stem cell therapy cures multiple sclerosis.\n"
    plain = check(claim, "page.md")
    assert {"document/no-disclaimer", "document/no-references"} <= {finding.rule for finding in plain}
    text = "<!-- claimcheck-disable-file document/no-references -- the references page is separate -->\n" + claim
    findings = check(text, "page.md")
    rules = {finding.rule for finding in findings}
    assert "document/no-references" not in rules
    assert "document/no-disclaimer" in rules and "efficacy/cure-claim" in rules
    assert meta(findings) == []


def test_line_suppression_does_not_reach_document_findings(check):
    text = "<!-- claimcheck-disable-line document/no-references -->\nOur stem cell therapy cures multiple sclerosis.\n"
    findings = check(text, "page.md")
    assert "document/no-references" in {finding.rule for finding in findings}
    assert [finding.rule for finding in meta(findings)] == [UNUSED]


def test_unused_suppression_is_reported_at_the_comment(check):
    comment = "<!-- claimcheck-disable-next-line efficacy/cure-claim -- old -->"
    text = f"# Title\n\nIntro.  {comment}\nThe clinic opens at nine.\n"
    findings = check(text, "page.md")
    assert len(findings) == 1
    finding = findings[0]
    start = text.index(comment)
    assert (finding.rule, finding.severity, finding.scope) == (UNUSED, Severity.INFO, "span")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 9, 3, 9 + len(comment))
    assert (finding.offset, finding.end_offset) == (start, start + len(comment))
    assert finding.text == comment == text[finding.offset : finding.end_offset]
    assert "'efficacy/cure-claim'" in finding.message


def test_only_the_unused_id_of_a_comment_is_reported(check):
    text = f"<!-- claimcheck-disable-next-line {RULE}, efficacy/cure-claim -->\n{ABSOLUTE}\n"
    findings = check(text, "page.md")
    assert rules_by_line(findings) == []
    assert [(finding.rule, "efficacy/cure-claim" in finding.message) for finding in meta(findings)] == [(UNUSED, True)]


def test_unknown_rule_id_is_reported_not_as_unused(check):
    comment = "<!-- claimcheck-disable-next-line safety/absolut -->"
    text = f"{comment}\n{ABSOLUTE}\n"
    findings = check(text, "page.md")
    assert rules_by_line(findings) == [2]  # the typo suppressed nothing
    assert [(finding.rule, finding.severity, finding.line, finding.column, finding.text) for finding in meta(findings)] == [
        (UNKNOWN, Severity.WARNING, 1, 1, comment)
    ]


def test_enable_without_disable_is_reported(check):
    findings = check(f"{ABSOLUTE}\n\n<!-- claimcheck-enable -->\n", "page.md")
    assert [(finding.rule, finding.line) for finding in meta(findings)] == [(UNUSED, 3)]
    assert rules_by_line(findings) == [1]


def test_comments_in_code_are_not_directives(check):
    text = f"```html\n<!-- claimcheck-disable -->\n```\n\n{ABSOLUTE}\n"
    findings = check(text, "page.md")
    assert rules_by_line(findings) == [5] and meta(findings) == []


# -- HTML ----------------------------------------------------------------------------


def test_html_forms(check):
    text = (
        "<html><body>\n"
        f"<!-- claimcheck-disable-next-line {RULE} -->\n<p>{ABSOLUTE}</p>\n"
        f"<p>{ABSOLUTE} <!-- claimcheck-disable-line {RULE} --></p>\n"
        f"<p>{ABSOLUTE}</p>\n"
        f"<!-- claimcheck-disable {RULE} -->\n<p>{ABSOLUTE}</p>\n<!-- claimcheck-enable -->\n"
        f"<p>{ABSOLUTE}</p>\n"
        "<!-- claimcheck-disable-line efficacy/cure-claim -->\n"
        "</body></html>\n"
    )
    findings = check(text, "page.html")
    assert rules_by_line(findings) == [5, 9]
    finding = next(finding for finding in findings if finding.rule == RULE)
    assert finding.text == "no side effects" == text[finding.offset : finding.end_offset]
    unused = meta(findings)
    assert [(finding.rule, finding.line, finding.column) for finding in unused] == [(UNUSED, 10, 1)]
    assert unused[0].text == "<!-- claimcheck-disable-line efficacy/cure-claim -->"


def test_html_disable_file(check):
    claim = "<p>Our stem cell therapy cures multiple sclerosis.</p>\n"
    text = f"<html><head><!-- claimcheck-disable-file document/no-disclaimer --></head><body>\n{claim}</body></html>\n"
    rules = {finding.rule for finding in check(text, "page.html")}
    assert "document/no-disclaimer" not in rules and "document/no-references" in rules and UNUSED not in rules


def test_meta_rules_are_listed_and_explained():
    listing = CliRunner().invoke(main, ["rules"]).output
    assert UNUSED in listing and UNKNOWN in listing
    explained = CliRunner().invoke(main, ["explain", UNUSED])
    assert explained.exit_code == 0 and "Stale suppressions should be removed" in explained.output


# -- plain text ----------------------------------------------------------------------


def test_text_forms(check):
    text = (
        f"# claimcheck-disable-next-line {RULE} -- reviewed\n{ABSOLUTE}\n\n"
        f"{ABSOLUTE} [claimcheck-disable-line {RULE}]\n\n"
        f"[claimcheck-disable {RULE}]\n{ABSOLUTE}\n[claimcheck-enable]\n\n"
        f"{ABSOLUTE}\n"
    )
    findings = check(text, "page.txt")
    assert rules_by_line(findings) == [10]
    assert meta(findings) == []


def test_text_control_lines_are_not_linted_as_prose(check):
    # The reason would be flagged as prose ("no side effects"), and would count as a
    # disclaimer ("investigational"), if the control line were read as text.
    comment = "# claimcheck-disable-next-line efficacy/cure-claim -- there are no side effects; investigational"
    text = f"{comment}\nOur stem cell therapy cures multiple sclerosis.\n"
    findings = check(text, "page.txt")
    rules = {finding.rule for finding in findings}
    assert RULE not in rules and "efficacy/cure-claim" not in rules
    assert "document/no-disclaimer" in rules
    assert "efficacy/unsupported-claim" in rules and all(finding.line != 1 or finding.scope == "document" for finding in findings)


def test_text_unused_suppression_location(check):
    text = f"Intro line.\n  [claimcheck-disable-line {RULE}] nothing to see\n"
    findings = check(text, "page.txt")
    assert [(finding.rule, finding.line, finding.column, finding.text) for finding in findings] == [
        (UNUSED, 2, 3, f"[claimcheck-disable-line {RULE}]")
    ]


def test_text_file_level_disable(check):
    text = "# claimcheck-disable-file document/*\nOur stem cell therapy cures multiple sclerosis.\n"
    rules = {finding.rule for finding in check(text, "page.txt")}
    assert not any(rule.startswith("document/") for rule in rules) and "efficacy/cure-claim" in rules


def test_hash_lines_that_are_not_directives_stay_prose(check):
    findings = check(f"# Notes\n# {ABSOLUTE}\n", "page.txt")
    assert rules_by_line(findings) == [2]


# -- config controls the meta rules; the API and CLI apply suppressions -----------------------


def test_meta_rules_follow_the_config():
    # Rules alone: what is tested is the meta rules, not the detector's reading of the line
    # (the stop-40 weights read this lone sentence as a testimonial at P(claim) 0.29).
    text = "<!-- claimcheck-disable-next-line efficacy/cure-claim -->\nThe clinic opens at nine.\n"
    rules = ModelSettings(enabled=False)
    quiet = build_linter(Settings(disable=(UNUSED,), model=rules))
    assert check_text(text, path="p.md", linter=quiet) == []
    loud = build_linter(Settings(severity={"claimcheck/*": "error"}, model=rules))
    graded = check_text(text, path="p.md", linter=loud)
    assert [(finding.rule, finding.severity) for finding in graded] == [(UNUSED, Severity.ERROR)]
    assert {rule.id for rule in all_rules(Settings())} >= {UNUSED, UNKNOWN}


def test_check_paths_and_cli_apply_suppressions(tmp_path, linter):
    page = tmp_path / "page.md"
    page.write_text(f"<!-- claimcheck-disable-next-line {RULE} -->\n{ABSOLUTE}\n", encoding="utf-8")
    assert check_paths([str(page)], linter=linter).findings == ()
    result = CliRunner().invoke(main, ["check", str(page), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0 and json.loads(result.output)["findings"] == []
    piped = CliRunner().invoke(
        main, ["check", "-", "--stdin-filename", "x.txt", "--format", "json"], input=f"{ABSOLUTE} [claimcheck-enable]\n"
    )
    assert [item["rule"] for item in json.loads(piped.output)["findings"]] == [RULE, UNUSED]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_suppression_comment_spanning_lines(check, fmt):
    comment = f"<!-- claimcheck-disable-next-line\n     {RULE} -- a reason\n     on two lines -->"
    body = ABSOLUTE if fmt == "markdown" else f"<p>{ABSOLUTE}</p>"
    findings = check(f"{comment}\n{body}\n", "page.md" if fmt == "markdown" else "page.html")
    assert findings == []
