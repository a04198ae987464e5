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

# The lexicon span groups whose presence (and label) the detector is told about.
LEXICON_GROUPS = ("therapies", "conditions", "effects", "negations", "hedges", "reporting", "boosters", "treatments", "evidence")
PREFIX = "a|"


def analysis_markers(doc: Doc, starts: Sequence[int], ends: Sequence[int]) -> list[tuple[str, ...]]:
    """Per sentence [starts[i], ends[i]) (prose character offsets), its analysis markers."""
    count = len(starts)
    found: list[set[str]] = [set() for _ in range(count)]
    if not count:
        return []
    unit_starts = np.asarray(starts, dtype=np.int64)

    def unit_of(char: int) -> int | None:
        row = int(np.searchsorted(unit_starts, char, side="right")) - 1
        return row if row >= 0 and char < ends[row] else None

    for group in LEXICON_GROUPS:
        for span in doc.spans.get(group, ()):
            row = unit_of(span.start_char)
            if row is not None:
                found[row].add(f"lex={group}")
                if span.label_:
                    found[row].add(f"lex={group}:{span.label_}")
    for claim in claims_of(doc):
        row = unit_of(claim.start)
        if row is None:
            continue
        found[row].update((f"claim={claim.status}", f"effect={claim.effect_category}"))
        found[row].update(f"claim_flag={flag}" for flag in claim.flags)
        if claim.approved_indication:
            found[row].add("claim=approved")
        if claim.therapy_inherited:
            found[row].add("claim=inherited")
    for appeal in appeals_of(doc):
        row = unit_of(appeal.cue_start)
        if row is None:
            continue
        found[row].update((f"appeal={appeal.kind}", f"appeal={appeal.kind}:{appeal.status}"))
    return [tuple(PREFIX + marker for marker in sorted(markers)) for markers in found]
