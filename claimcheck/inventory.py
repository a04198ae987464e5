"""The claims inventory: every claim found, where it is, how it is substantiated.

For review meetings: one row per claim with its location in the original file, its
status, the citations attached to it (and what each resolves to) and the matched
claims-library entry.  Statuses, in the order they are decided:

* "approved": matches a current entry of the claims library;
* "cited": carries a citation that resolves to a source able to substantiate it;
* "negated", "question", "reported", "investigational": not asserted by the author;
* "hedged": qualified ("may help some patients") but uncited;
* "unsupported": stated as fact with nothing behind it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from spacy.tokens import Doc

from claimcheck.library import matches_of
from claimcheck.linter import Linter
from claimcheck.nlp import context
from claimcheck.nlp.citations import REGISTRY_KINDS, is_registration
from claimcheck.nlp.claims import claims_of
from claimcheck.nlp.references import Resolved, attached, references_of
from claimcheck.nlp.structure import sentences_of, text_of
from claimcheck.nlp.study_designs import condition_match, designs_of
from claimcheck.sources.base import Source

SUBSTANTIATED = frozenset({"approved", "cited"})
FIELDS = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "status",
    "substantiated",
    "effect",
    "therapy",
    "conditions",
    "citations",
    "evidence",
    "design",
    "condition_match",
    "library_entry",
    "library_outcome",
    "library_note",
    "text",
)


@dataclass(frozen=True)
class ClaimRecord:
    """One claim in original-file coordinates (1-based code-point columns, end exclusive);
    `text` is exactly `original[offset:end_offset]`."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int
    status: str
    substantiated: bool
    effect: str
    effect_category: str
    asserted: bool
    therapy: str
    conditions: tuple[str, ...]
    citations: tuple[str, ...]
    evidence: str
    # What the cited sources are ("[1] an animal study ('mouse')") and whether they
    # study the claim's disease area: "yes", "no", or "" (no citation or no condition named).
    design: str
    condition_match: str
    library_entry: str
    library_outcome: str
    library_note: str
    text: str


def status_of(flags: frozenset[str], approved: bool) -> str:
    if approved:
        return "approved"
    if context.CITED in flags:
        return "cited"
    framing = context.status_of(flags - {context.CITED})
    return "unsupported" if framing == "bare" else framing


def _describe(doc: Doc, text: str, item: Resolved) -> str:
    found = references_of(doc)
    marker = text[item.mark.start : item.mark.end]
    if item.mark.is_identifier or not (item.entries or item.missing):
        return f"{marker} ({item.mark.kind}{'' if item.mark.valid else ', invalid'})"
    targets = [found.entries[index] for index in item.entries]
    parts = [f"{entry.name} {entry.strength if entry.substantiates else entry.quality.replace('_', '-')}" for entry in targets]
    if item.missing:
        parts.append("unresolved " + ", ".join(item.missing))
    return f"{marker} -> {'; '.join(parts)}"


_STRENGTH_ORDER = ("trial", "paper", "regulator", "web", "none")


def strongest_evidence(doc: Doc, items: Iterable[Resolved]) -> str:
    """The strongest kind of source among the citations that substantiate: a registered
    trial, a peer-reviewed paper, a regulator, a web page; "" when none substantiates."""
    found = references_of(doc)
    kinds: set[str] = set()
    for item in items:
        if not found.supports(item):
            continue
        mark = item.mark
        if is_registration(mark):
            kinds.add("trial")
        elif mark.is_identifier:
            kinds.add("paper")
        kinds.update(found.entries[index].strength for index in item.entries if found.entries[index].substantiates)
    return next((kind for kind in _STRENGTH_ORDER if kind in kinds), "")


def _designs(doc: Doc, items: Iterable[Resolved]) -> str:
    found = references_of(doc)
    designs = designs_of(doc)
    parts = []
    for item in items:
        for index in item.entries:
            design = designs[index]
            words = f" ('{design.words}')" if design.words and design.design != "unknown" else ""
            parts.append(f"{found.entries[index].name} {design.design}{words}")
        if item.mark.kind in REGISTRY_KINDS and item.mark.valid:
            parts.append(f"{item.mark.labels[0] if item.mark.labels else item.mark.kind} registry")
    return "; ".join(dict.fromkeys(parts))


def records_for(source: Source, doc: Doc, window: int = 0) -> list[ClaimRecord]:
    lines = source.line_index()
    sentences = sentences_of(doc)
    library = matches_of(doc)
    text = text_of(doc)
    records = []
    for claim in claims_of(doc):
        match = library.get(claim.start)
        approved = match is not None and match.outcome == "approved"
        status = status_of(claim.flags, approved)
        start, end = source.trimmed_range(claim.start, claim.end)
        original = source.original
        line, column = lines.position(start)
        end_line, end_column = lines.position(end)
        info = sentences[claim.sentence]
        items = attached(doc, info, window)
        citations = tuple(_describe(doc, text, item) for item in items)
        records.append(
            ClaimRecord(
                path=source.path,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                offset=start,
                end_offset=end,
                status=status,
                substantiated=status in SUBSTANTIATED,
                effect=claim.effect,
                effect_category=claim.effect_category,
                asserted=claim.asserted,
                therapy=claim.therapy or "",
                conditions=tuple(text for text, _ in claim.conditions),
                citations=citations,
                evidence=strongest_evidence(doc, items),
                design=_designs(doc, items),
                condition_match=condition_match(
                    claim.conditions, [designs_of(doc)[index] for item in items for index in item.entries]
                ),
                library_entry=match.entry.id if match else "",
                library_outcome=match.outcome if match else "",
                library_note="; ".join(match.reasons) if match else "",
                text=original[start:end],
            )
        )
    return records


def inventory(linter: Linter, sources: Iterable[Source]) -> list[ClaimRecord]:
    records: list[ClaimRecord] = []
    for source, doc in linter.analyse(sources):
        records.extend(records_for(source, doc, linter.citation_window))
    return records


# -- output: pure functions from records to text


def to_json(records: Iterable[ClaimRecord]) -> str:
    return json.dumps([asdict(record) for record in records], indent=2, ensure_ascii=False) + "\n"


def to_csv(records: Iterable[ClaimRecord], raw: bool = False) -> str:
    """One row per claim; cells a spreadsheet would run as formulas are neutralised
    unless `raw` (see `report.csv`)."""
    from claimcheck.report.csv import csv_rows

    def row_of(record: ClaimRecord) -> list[object]:
        row = asdict(record)
        row["text"] = " ".join(record.text.split())
        return ["; ".join(row[name]) if isinstance(row[name], (list, tuple)) else row[name] for name in FIELDS]

    return csv_rows(FIELDS, (row_of(record) for record in records), raw=raw)


def to_table(records: list[ClaimRecord], width: int = 60) -> str:
    if not records:
        return "No claims found.\n"
    rows = [("LOCATION", "STATUS", "CLAIM", "CITATIONS", "LIBRARY")]
    for record in records:
        flat = " ".join(record.text.split())
        text = flat if len(flat) <= width else flat[: width - 1] + "…"
        library = f"{record.library_entry} ({record.library_outcome})" if record.library_entry else "-"
        rows.append(
            (f"{record.path}:{record.line}:{record.column}", record.status, text, "; ".join(record.citations) or "-", library)
        )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [
        "  ".join(cell.ljust(widths[index]) if index < 4 else cell for index, cell in enumerate(row)).rstrip() for row in rows
    ]
    counts: dict[str, int] = {}
    for record in records:
        counts[record.status] = counts.get(record.status, 0) + 1
    substantiated = sum(record.substantiated for record in records)
    summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
    lines.append(f"\n{len(records)} claims ({summary}); {substantiated} substantiated.")
    return "\n".join(lines) + "\n"


FORMATS = {"table": to_table, "csv": to_csv, "json": to_json}
