"""The one value every stage after the rules passes along: an immutable `Finding`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from claimcheck.severity import Severity

if TYPE_CHECKING:
    from claimcheck.checks.model import Rule
    from claimcheck.sources.base import LineIndex, Source


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place.

    Lines and columns are 1-based and count Unicode code points; the end is exclusive.
    `offset`/`end_offset` are 0-based code-point offsets into the original text, so
    `original[offset:end_offset] == text` always holds.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    severity: Severity
    message: str
    text: str
    scope: str = "span"
    suggestion: str | None = None
    authority: str | None = None
    category: str | None = None
    offset: int = 0
    end_offset: int = 0
    # The learned detector's confidence (0-1) that this sentence is such a claim;
    # None when the detector is off or did not score this finding's place.
    confidence: float | None = None

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.label
        return data


def finding_at(
    source: Source,
    lines: LineIndex,
    rule: Rule,
    start: int,
    end: int,
    message: str,
    scope: str = "span",
    *,
    severity: Severity | None = None,
    confidence: float | None = None,
) -> Finding:
    """The Finding for `rule` at original-text offsets [start, end) of `source`."""
    line, column = lines.position(start)
    end_line, end_column = lines.position(end)
    return Finding(
        path=source.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        rule=rule.id,
        severity=severity or rule.severity,
        message=message,
        text=source.original[start:end],
        scope=scope,
        suggestion=rule.suggestion,
        authority=rule.authority,
        category=rule.category,
        offset=start,
        end_offset=end,
        confidence=None if confidence is None else round(confidence, 3),
    )
