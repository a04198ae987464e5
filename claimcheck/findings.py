"""The one value every stage after the rules passes along: an immutable `Finding`."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from claimcheck.severity import Severity

if TYPE_CHECKING:
    from claimcheck.checks.model import Rule
    from claimcheck.sources.base import LineIndex, Source


@dataclass(frozen=True, order=True)
class Location:
    """A place in the original file a finding rests on (1-based lines and columns,
    end exclusive; `text` is the source sliced at the offsets)."""

    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int
    text: str


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
    # Other findings on the same claim (same sentence or overlapping span), folded into
    # this one, the most severe, by `filters.grouping`; empty with `--all-findings`.
    related: tuple[Finding, ...] = ()
    # The words a document-scope finding rests on ("culture-expanded", "IV", "autism"
    # for `regulatory/hctp-status`): JSON `supporting`, SARIF `relatedLocations`, HTML links.
    supporting: tuple[Location, ...] = ()

    @property
    def related_rules(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(other.rule for other in self.related))

    def expanded(self) -> tuple[Finding, ...]:
        """This finding and those folded into it, each on its own."""
        return (self.with_related(()), *self.related) if self.related else (self,)

    def with_related(self, related: tuple[Finding, ...]) -> Finding:
        """This finding with `related` in place of its own: `replace(self, related=...)`,
        without re-running `__init__` field by field (that cost ~0.1 s per 10,000 calls,
        and grouping and the reports make one per folded claim). Every field is an
        immutable value, so the copy shares them."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.__dict__["related"] = related
        return copy

    def to_dict(self) -> dict[str, object]:
        # Field by field, not `dataclasses.asdict`: that deep-copies every value
        # recursively and cost seconds on a large JSON report (all values here are
        # immutable already).
        data: dict[str, object] = {name: getattr(self, name) for name in _FINDING_FIELDS}
        data["supporting"] = tuple({name: getattr(place, name) for name in _LOCATION_FIELDS} for place in self.supporting)
        data["severity"] = self.severity.label
        data["related_rules"] = list(self.related_rules)
        data["related"] = [other.to_dict() for other in self.related]
        return data


_FINDING_FIELDS = tuple(item.name for item in fields(Finding))
_LOCATION_FIELDS = tuple(item.name for item in fields(Location))


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
    supporting: tuple[tuple[int, int], ...] = (),
    category: str | None = None,
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
        category=category or rule.category,
        offset=start,
        end_offset=end,
        confidence=None if confidence is None else round(confidence, 3),
        supporting=tuple(location_at(source, lines, a, b) for a, b in supporting),
    )


def location_at(source: Source, lines: LineIndex, start: int, end: int) -> Location:
    line, column = lines.position(start)
    end_line, end_column = lines.position(end)
    return Location(line, column, end_line, end_column, start, end, source.original[start:end])
