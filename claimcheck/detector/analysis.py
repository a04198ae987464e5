"""What the rules' analyzers read in a sentence, as marker tokens for the detector.

A bag of words sees "cures" in "no study has shown that amniotic cells cure arthritis"
and in "our amniotic cells cure arthritis" alike; it cannot read scope.  The analyzers
that run before the detector do read it, sentence by sentence: which lexicons' terms
are there (a therapy, a condition, an effect word, a negation, a hedge, a reporting
verb), whether the claims analyzer found a therapy-effect claim and how it is framed
(bare, hedged, negated, reported, cited, a question, an approved indication), and
whether the evidence analyzer found an appeal to studies.  Given to the model as
tokens ("a|claim=negated", "a|lex=hedges"), they let it learn when the rules' reading
is right and when the words say otherwise, instead of the arbiter hard-coding it.

Computed from span offsets with binary search over sorted arrays: no per-token work.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.tokens import Doc

from claimcheck.nlp.claims import claims_of
from claimcheck.nlp.evidence import appeals_of
from claimcheck.nlp.structure import span_table

# The lexicon span groups whose presence (and label) the detector is told about.
LEXICON_GROUPS = (
    "therapies", "conditions", "effects", "negations", "hedges", "reporting", "boosters", "treatments", "evidence", "biology",
)  # fmt: skip
PREFIX = "a|"
# Markers whose absence from a sentence is itself a marker ("a|lex=therapies:none").
ABSENT_MARKERS = ("lex=therapies", "lex=effects")


def analysis_markers(doc: Doc, starts: Sequence[int], ends: Sequence[int]) -> list[tuple[str, ...]]:
    """Per sentence [starts[i], ends[i]) (prose character offsets), its analysis markers."""
    count = len(starts)
    if not count:
        return []
    positions: list[int] = []
    markers: list[str] = []

    def mark(char: int, *found: str) -> None:
        for marker in found:
            positions.append(char)
            markers.append(marker)

    for group in LEXICON_GROUPS:
        # The group's table, not the group: iterating a SpanGroup builds a Span per term.
        table = span_table(doc, group)
        for start_char, label in zip(table.start_char, table.label, strict=True):
            mark(start_char, f"lex={group}", *((f"lex={group}:{label}",) if label else ()))
    for claim in claims_of(doc):
        flags = (f"claim_flag={flag}" for flag in claim.flags)
        mark(claim.start, f"claim={claim.status}", f"effect={claim.effect_category}", *flags)
        if claim.approved_indication:
            mark(claim.start, "claim=approved")
        if claim.therapy_inherited:
            mark(claim.start, "claim=inherited")
    for appeal in appeals_of(doc):
        mark(appeal.cue_start, f"appeal={appeal.kind}", f"appeal={appeal.kind}:{appeal.status}")
    found: list[set[str]] = [set() for _ in range(count)]
    if positions:
        # One binary search for every mark: the sentence each falls in, if any.
        chars = np.asarray(positions, dtype=np.int64)
        rows = np.searchsorted(np.asarray(starts, dtype=np.int64), chars, side="right") - 1
        inside = (rows >= 0) & (chars < np.asarray(ends, dtype=np.int64)[np.maximum(rows, 0)])
        for row, keep, marker in zip(rows.tolist(), inside.tolist(), markers, strict=True):
            if keep:
                found[row].add(marker)
    # What is absent is said too: a bag of words weighs the markers present, and "no therapy
    # named or implied here" (a sentence of disease biology whose cell words are the
    # body's own, `nlp/native_cells.py`) is otherwise no feature at all.
    for markers in found:
        for absent in ABSENT_MARKERS:
            if absent not in markers:
                markers.add(absent + ":none")
    return [tuple(PREFIX + marker for marker in sorted(markers)) for markers in found]
