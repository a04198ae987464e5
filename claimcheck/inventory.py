"""The claims inventory: every claim the pipeline found, located in the original file.

Reviewers want to see all claims, not only the ones a rule flagged, with how each is
framed (bare, hedged, cited, negated...).  `Claim` records live in prose offsets inside
the Doc; this module maps them to the original text once, while the Doc is at hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from claimcheck.nlp.claims import claims_of
from claimcheck.sources.base import Source


@dataclass(frozen=True)
class ClaimRecord:
    """One claim in original-file coordinates (1-based code-point columns, end exclusive)."""

    path: str
    line: int
    column: int
    offset: int
    end_offset: int
    text: str
    therapy: str | None
    effect: str
    effect_category: str
    conditions: tuple[str, ...]
    status: str
    asserted: bool


def claim_records(source: Source, doc: Doc) -> tuple[ClaimRecord, ...]:
    lines = source.line_index()
    records = []
    for claim in claims_of(doc):
        start, end = source.source_range(claim.start, claim.end)
        line, column = lines.position(start)
        records.append(
            ClaimRecord(
                path=source.path,
                line=line,
                column=column,
                offset=start,
                end_offset=end,
                text=source.original[start:end],
                therapy=claim.therapy,
                effect=claim.effect,
                effect_category=claim.effect_category,
                conditions=tuple(text for text, _ in claim.conditions),
                status=claim.status,
                asserted=claim.asserted,
            )
        )
    return tuple(records)
