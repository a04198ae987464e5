"""Per-path overrides from the config: for files matching an entry's globs, drop the
findings of some rules, re-grade others, or use another fail level.  Applied after the
checks ran, so the rules never need to know which file they are looking at."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from claimcheck.config import PathOverride
from claimcheck.filters.globs import path_matches
from claimcheck.findings import Finding
from claimcheck.severity import Severity


def relative_path(path: str, base: str) -> str | None:
    """`path` relative to `base` with '/' separators; None when it is not under `base`."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, base) if os.path.splitdrive(absolute)[0] == os.path.splitdrive(base)[0] else ".."
    if relative == ".." or relative.startswith(".." + os.sep):
        return None
    return Path(relative).as_posix()


def overrides_for(path: str, overrides: Sequence[PathOverride]) -> list[PathOverride]:
    """The entries whose globs match `path`, in config order (later ones win)."""
    matched = []
    for override in overrides:
        relative = relative_path(path, override.base)
        if relative is not None and any(path_matches(relative, pattern) for pattern in override.paths):
            matched.append(override)
    return matched


def apply_overrides(findings: Sequence[Finding], matched: Sequence[PathOverride]) -> list[Finding]:
    if not matched:
        return list(findings)
    result = []
    for finding in findings:
        if any(fnmatch.fnmatchcase(finding.rule, pattern) for override in matched for pattern in override.disable):
            continue
        severity = finding.severity
        for override in matched:
            for pattern, level in override.severity.items():
                if fnmatch.fnmatchcase(finding.rule, pattern):
                    severity = Severity.parse(level)
        result.append(finding if severity == finding.severity else replace(finding, severity=severity))
    return result


def fail_level(matched: Sequence[PathOverride], default: str) -> str:
    levels = [override.fail_on for override in matched if override.fail_on]
    return levels[-1] if levels else default
