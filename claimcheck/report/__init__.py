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


def summary(findings: Sequence[Finding], files_checked: int) -> dict[str, object]:
    by_rule: dict[str, int] = {}
    for finding in findings:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    return {
        "files": files_checked,
        "findings": len(findings),
        "errors": sum(finding.severity.label == "error" for finding in findings),
        "warnings": sum(finding.severity.label == "warning" for finding in findings),
        "info": sum(finding.severity.label == "info" for finding in findings),
        "by_rule": dict(sorted(by_rule.items())),
    }
