"""Stage 8: formatters, functions from findings to text.  They never decide anything."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence

from claimcheck.findings import Finding

Formatter = Callable[..., str]

# format name -> (module in claimcheck.report, function)
_WHERE = {
    "text": ("text", "format_text"),
    "json": ("json", "format_json"),
    "sarif": ("sarif", "format_sarif"),
    "junit": ("junit", "format_junit"),
    "github": ("github", "format_github"),
    "csv": ("csv", "format_csv"),
    "html": ("html", "format_html"),
}


class _Formatters(Mapping[str, Formatter]):
    """Format name -> formatter, each module imported when its format is first used: a
    run pays for the one report it writes, not for the HTML report's templates or SARIF."""

    def __getitem__(self, name: str) -> Formatter:
        module, function = _WHERE[name]
        return getattr(importlib.import_module(f"claimcheck.report.{module}"), function)

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


FORMATTERS: Mapping[str, Formatter] = _Formatters()


def summary(findings: Sequence[Finding], files_checked: int, hidden: int = 0) -> dict[str, object]:
    """Counts for a report: `claims` is the number of reported findings (one per claim,
    or per document-level problem), `findings` every rule's finding, those folded into
    another included; severities count reported findings; `hidden` those below the
    report's minimum severity (not in `findings`)."""
    # The rules of `finding.expanded()` for each finding, without copying the findings.
    every = [single.rule for finding in findings for single in (finding, *finding.related)]
    by_rule: dict[str, int] = {}
    for rule in every:
        by_rule[rule] = by_rule.get(rule, 0) + 1
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
