"""Stage 8: formatters, functions from findings to text.  They never decide anything."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from claimcheck.findings import Finding
from claimcheck.report.csv import format_csv
from claimcheck.report.github import format_github
from claimcheck.report.html import format_html
from claimcheck.report.json import format_json
from claimcheck.report.junit import format_junit
from claimcheck.report.sarif import format_sarif
from claimcheck.report.text import format_text

Formatter = Callable[..., str]

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "junit": format_junit,
    "github": format_github,
    "csv": format_csv,
    "html": format_html,
}


def summary(findings: Sequence[Finding], files_checked: int, hidden: int = 0) -> dict[str, object]:
    """Counts for a report: `claims` is the number of reported findings (one per claim,
    or per document-level problem), `findings` every rule's finding, those folded into
    another included; severities count reported findings; `hidden` those below the
    report's minimum severity (not in `findings`)."""
    every = [single for finding in findings for single in finding.expanded()]
    by_rule: dict[str, int] = {}
    for finding in every:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    return {
        "files": files_checked,
        "claims": len(findings),
        "findings": len(every),
        "errors": sum(finding.severity.label == "error" for finding in findings),
        "warnings": sum(finding.severity.label == "warning" for finding in findings),
        "info": sum(finding.severity.label == "info" for finding in findings),
        "hidden": hidden,
        "by_rule": dict(sorted(by_rule.items())),
    }
