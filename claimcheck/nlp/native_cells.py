"""Cells of the body described as biology are not the product the page sells.

"Years of steroids leave a person's progenitor cells fewer and slower to recover", "in
lupus the marrow's stromal cells show reduced growth": the therapies lexicon matches
"progenitor cells" and "stromal cells", and the claims analyzer would then read an
offer of those cells for the page's disease.  Who does what to whom decides it: a cell
word the clause says something harms (a `biology` lexicon `harm` or `state` term
shortly before it) or that declines (a `decline` or `state` term just after it) names the body's own cells, the
object of the disease or the drug, not the agent of a treatment.  Such mentions leave
the `therapies` span group before the analyzers read it, and make the `native_cells`
group instead.

Word order stands in for a parse (the pipeline has none, for speed): only determiners
and owners may stand between a harm and the cell word ("impairs the patient's own stem
cells"), and only adverbs and auxiliaries between the cell word and its decline, so
"repair damaged cartilage with stem cells" keeps its therapy; and cells the page calls
its own ("our stem cells", "these young cells") always stay.  Only named cell classes are
read this way; references to the treatment ("the infusion", "your own cells", a product
name) always stay.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimcheck.nlp.structure import span_table, text_of

GROUP = "biology"
NATIVE_CELLS = "native_cells"  # span group of the mentions read as the body's own cells
HARM = "harm"  # read before the cell word only ("kills stem cells"; "stem cells kill tumours" is a claim)
DECLINE = "decline"  # after it only ("stem cells dwindle")
STATE = "state"  # either side ("depleted stem cells", "stem cells depleted by chemotherapy")
HARM_REACH = 5  # tokens between a harm and the cell word ("impairs the patient's own stem cells")
DECLINE_REACH = 10  # tokens between the cell word and its decline ("stem cells in aged skin gradually dwindle")
# Therapy labels that refer to the page's own treatment by construction.
PRODUCT_REFERENCES = frozenset({"generic", "implied", "product", "service"})
# What may stand between a harm and the cell word: determiners and owners ("the patient's
# own", "a person's remaining"); between the cell word and its decline: adverbs and
# auxiliaries ("gradually", "tend to").  Anything else (a noun: "damaged cartilage with
# stem cells") means the harm or decline is about something else.
_BETWEEN_HARM = re.compile(
    r"(?:\s*(?:the|a|an|its|their|his|her|your|my|own|remaining|resident|native|endogenous|existing|few|circulating|"
    r"healthy|blood-forming|local|tissue|number|of|"
    r"[a-z]+['\u2019]s?|['\u2019]s))*\s*",
    re.IGNORECASE,
)
_PHRASE = r"(?:\s*(?:in|of|from|within)\s+(?!our\b|these\b)(?:[\w'\u2019-]+\s+){0,2}?[\w'\u2019-]+)?"  # "in aged skin"
_ADVERBS = (
    r"(?:\s*(?:gradually|slowly|steadily|also|often|then|naturally|progressively|eventually|already|all|may|can|"
    r"will|tend|to|begin|start|themselves|itself|and|exhausted|depleted|damaged|impaired|weakened|senescent))*\s*"
)
# "that normally support blood formation": a relative clause of biology, not of the
# product; only a `decline` may follow it ("... show reduced growth"), since a state word
# there describes something else ("MSCs which home to damaged tissue").
_RELATIVE = r"(?:\s*(?:that|which)\s+(?:(?!we\b|our\b|you\b|us\b)[\w'\u2019-]+\s+){0,4}?(?!we\b|our\b|you\b|us\b)[\w'\u2019-]+)?"
_BETWEEN_DECLINE = re.compile(_PHRASE + _RELATIVE + _ADVERBS, re.IGNORECASE)
_BETWEEN_STATE = re.compile(_PHRASE + _ADVERBS, re.IGNORECASE)


def native_mentions(doc: Doc) -> list[Span]:
    """The therapy spans that name the body's own cells (see the module docstring)."""
    # Read from the groups' tables: a `Span` is built only for a therapy term found native
    # (taken from the group itself, so it is the group's span as it stands).
    therapies = span_table(doc, "therapies")
    biology = span_table(doc, GROUP)
    if not therapies or not biology:
        return []
    text = text_of(doc)
    rows = list(zip(biology.start, biology.end, biology.start_char, biology.end_char, biology.label, strict=True))
    # (token end, char end) of each harm; (token start, char start, label) of each decline.
    harms = [(end, end_char) for _, end, _, end_char, label in rows if label in (HARM, STATE)]
    declines = [(start, start_char, label) for start, _, start_char, _, label in rows if label in (DECLINE, STATE)]
    found = []
    for row, (start, end, start_char, end_char, label) in enumerate(
        zip(therapies.start, therapies.end, therapies.start_char, therapies.end_char, therapies.label, strict=True)
    ):
        if label in PRODUCT_REFERENCES:
            continue
        harmed = any(
            0 <= start - harm_end <= HARM_REACH and _BETWEEN_HARM.fullmatch(text, harm_end_char, start_char)
            for harm_end, harm_end_char in harms
        )
        declining = any(
            0 <= decline_start - end <= DECLINE_REACH
            and (_BETWEEN_DECLINE if decline_label == DECLINE else _BETWEEN_STATE).fullmatch(text, end_char, decline_start_char)
            for decline_start, decline_start_char, decline_label in declines
        )
        if (harmed or declining) and not _product_before(text, start_char):
            found.append(row)
    group = doc.spans["therapies"]
    return [group[row] for row in found]


_PRODUCT_WORD = re.compile(r"\b(?:our|these|this)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _product_before(text: str, start_char: int) -> bool:
    """ "our stem cells", "these young stromal cells": the page's own cells, whatever follows
    (the cell words starting at `start_char`)."""
    return bool(_PRODUCT_WORD.search(text[max(0, start_char - 40) : start_char]))


@Language.component("claimcheck_native_cells")
def native_cells_component(doc: Doc) -> Doc:
    native = native_mentions(doc)
    # Kept for what comes after: the detector's arbiter reads a unit of such mentions, with
    # no therapy left, as biology (`checks/arbiter.py` `body_cell_units`).
    doc.spans[NATIVE_CELLS] = native
    if native:
        dropped = {(span.start, span.end) for span in native}
        doc.spans["therapies"] = [span for span in doc.spans["therapies"] if (span.start, span.end) not in dropped]
    return doc
