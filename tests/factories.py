"""Small builders shared by tests."""

from __future__ import annotations

from claimcheck.findings import Finding
from claimcheck.severity import Severity


def make_finding(**changes: object) -> Finding:
    """A warning finding at line 2, columns 3-9, with any field changed."""
    values: dict[str, object] = {
        "path": "a.md",
        "line": 2,
        "column": 3,
        "end_line": 2,
        "end_column": 9,
        "rule": "x/rule",
        "severity": Severity.WARNING,
        "message": "msg",
        "text": "cures!",
    }
    values.update(changes)
    return Finding(**values)  # type: ignore[arg-type]
