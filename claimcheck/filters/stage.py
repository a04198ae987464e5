"""The filter stage as one object built from the settings: inline suppressions first
(closest to the text), then per-path overrides; and the per-file fail level."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from claimcheck.checks.model import Rule
from claimcheck.config import Settings
from claimcheck.filters.grouping import group_findings
from claimcheck.filters.overrides import apply_overrides, fail_level, overrides_for
from claimcheck.filters.suppressions import META_IDS, apply_suppressions
from claimcheck.findings import Finding
from claimcheck.severity import Severity
from claimcheck.sources.base import Source


class Filters:
    """Built once per run from the settings and every selected rule (meta rules too)."""

    def __init__(self, settings: Settings, rules: Sequence[Rule]):
        self.settings = settings
        self.known = frozenset(rule.id for rule in rules)
        self.meta = {rule.id: rule for rule in rules if rule.id in META_IDS}

    def apply(self, source: Source, findings: Sequence[Finding]) -> list[Finding]:
        kept = apply_suppressions(source, findings, self.known, self.meta)
        kept = apply_overrides(kept, overrides_for(source.path, self.settings.overrides))
        return kept if self.settings.all_findings else group_findings(kept, source.original)

    __call__ = apply


def fails(findings: Iterable[Finding], settings: Settings, fail_on: str | None = None) -> bool:
    """Any finding at or above its file's fail level (per-path overrides apply unless
    `fail_on`, a command-line flag, forces one level for every file)?"""
    levels: dict[str, str] = {}
    for finding in findings:
        if finding.path not in levels:
            levels[finding.path] = fail_on or fail_level(overrides_for(finding.path, settings.overrides), settings.fail_on)
        level = levels[finding.path]
        if level != "never" and finding.severity >= Severity.parse(level):
            return True
    return False


def fails_one(finding: Finding, settings: Settings, fail_on: str | None = None) -> bool:
    """Does this finding alone make the run fail (its file's fail level, or `fail_on`)?"""
    level = fail_on or fail_level(overrides_for(finding.path, settings.overrides), settings.fail_on)
    return level != "never" and finding.severity >= Severity.parse(level)


def shown_level(settings: Settings, output_format: str, min_severity: str | None = None) -> Severity:
    """The lowest severity a report shows: `--min-severity`, the config's, else warning
    for text and info for every other format."""
    chosen = min_severity or settings.min_severity or ("warning" if output_format == "text" else "info")
    return Severity.parse(chosen)
