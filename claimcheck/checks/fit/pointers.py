"""A claim whose citation stands apart from it: the sentence or cell after it only points.

Copy often makes a claim and then points to its source on its own: "Amniotic cells rebuild
the discs. The evidence is clear. See reference 4.", "The drops repair nerve wiring. That has
been shown in a 2020 study [3].", or a table whose last column holds only "[1]" or "ref. 1".
A reader takes the pointer as citing the claim before it (ANNOTATION B120), so the claim is
judged against that source as if the marker sat on it.  A pointer is a sentence or cell with
a marker and nothing of a claim of its own (no effect, condition, therapy, population or
site); what it points back to is the nearest sentence before it in its paragraph that makes
a claim and cites nothing itself, or, for a table cell, the cell before it in its row.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from claimcheck.checks.fit.context import has, lead_in
from claimcheck.checks.fit.populations import population_of
from claimcheck.nlp.structure import sentences_of, text_of
from claimcheck.nlp.study_designs import sites_in

_POINTER_WORDS = 10  # a pointer is short: "That has been shown in a 2020 study [3]."
# The words a pointer is made of: where to look and that it is proof, nothing of a claim
# ("Energy to work a full day again [4]" is a claim the lexicons miss, not a pointer).
_POINTING = frozenset({
    "see", "also", "ref", "refs", "reference", "references", "source", "sources", "note", "notes", "study", "studies",
    "trial", "trials", "paper", "papers", "review", "research", "report", "proof", "evidence", "shown", "proven",
    "proved", "showed", "shows", "demonstrated", "confirmed", "documented", "established", "published", "the", "a",
    "an", "in", "is", "are", "was", "were", "has", "have", "been", "that", "this", "it", "these", "those", "as", "by",
    "our", "for", "details", "more", "here", "there", "below", "above", "and", "of", "from",
})  # fmt: skip
_WORD = re.compile(r"[a-z]+|\d+")
_REACH = 2  # sentences looked back past a pointer ("The evidence is clear." between)
# A pointer that itself offers the source as proof ("That has been shown in ...", "The proof
# is in reference 3"), not only where to look ("See reference 4.").
_SAYS_PROOF = re.compile(
    r"\b(?:prov(?:en|ed|es?)|proof|shown|showed|shows|demonstrat\w+|confirm\w*|established|documented|evidence)\b",
    re.IGNORECASE,
)
_BORROWED_KEY = "claimcheck.fit.borrowed"


def _content(doc: Doc, info) -> bool:  # type: ignore[no-untyped-def]
    """The sentence holds something a claim is made of: an effect, a condition, a therapy,
    whom it is about or where ("Stiff hips loosen within a month")."""
    if has(doc, "effects", info) or has(doc, "conditions", info) or has(doc, "therapies", info):
        return True
    sentence = text_of(doc)[info.span.start_char : info.span.end_char]
    return bool(population_of(sentence) or sites_in(sentence))


def _marks_by_sentence(doc: Doc, found) -> dict[int, list]:  # type: ignore[no-untyped-def,type-arg]
    """The resolved markers by the sentence whose text holds them (the references module may
    attach a marker standing alone to the sentence before it)."""
    sentences = sentences_of(doc)
    starts = [info.span.start_char for info in sentences]
    holding: dict[int, list] = {}  # type: ignore[type-arg]
    for items in found.by_sentence.values():
        for item in items:
            position = bisect.bisect_right(starts, item.mark.start) - 1
            if position >= 0:
                holding.setdefault(position, []).append(item)
    return holding


def _is_pointer(doc: Doc, info, items) -> bool:  # type: ignore[no-untyped-def]
    """A sentence or cell that only points to a source: its words outside the markers are few
    and say nothing of an effect, condition, therapy, population or site."""
    if not any(item.entries for item in items):
        return False
    text = text_of(doc)
    start, end = info.span.start_char, info.span.end_char
    pieces, position = [], start
    for item in sorted(items, key=lambda item: item.mark.start):
        pieces.append(text[position : max(position, item.mark.start)])
        position = max(position, item.mark.end)
    pieces.append(text[position:end])
    words = _WORD.findall(" ".join(pieces).lower())
    return len(words) <= _POINTER_WORDS and all(word in _POINTING or word.isdigit() for word in words)


def borrowed_citations(doc: Doc, found) -> tuple[dict[int, tuple[int, tuple]], dict[int, tuple]]:  # type: ignore[no-untyped-def,type-arg]
    """The citations sentences borrow from a sentence beside them, computed once per Doc: the
    claims cited by a pointer after them (`_pointed_claims`) and the list items cited by their
    lead-in (`_lead_in_citations`).  The markers by sentence both read are found once."""
    cached = doc.user_data.get(_BORROWED_KEY)
    if cached is not None:
        return cached
    holding = _marks_by_sentence(doc, found)
    borrowed = (_pointed_claims(doc, found, holding), _lead_in_citations(doc, found, holding))
    doc.user_data[_BORROWED_KEY] = borrowed
    return borrowed


def _pointed_claims(doc: Doc, found, holding: dict[int, list]) -> dict[int, tuple[int, tuple]]:  # type: ignore[no-untyped-def,type-arg]
    """Claim sentence index -> (the index of the pointer that cites it, the pointer's markers);
    `holding` is the markers by the sentence that holds them (`_marks_by_sentence`)."""
    sentences = sentences_of(doc)
    pointed: dict[int, tuple[int, tuple]] = {}  # type: ignore[type-arg]
    for index, items in sorted(holding.items()):
        info = sentences[index]
        if index == 0 or not _is_pointer(doc, info, items):
            continue
        target = _pointed_back(doc, found, holding, index)
        if target is not None:
            pointed[target] = (index, tuple(items))
    return pointed


def _pointed_back(doc: Doc, found, holding: dict[int, list], index: int) -> int | None:  # type: ignore[no-untyped-def,type-arg]
    """The sentence the pointer `index` cites: for a table cell the cell before it in its row
    ("| Ankle | Same results as knees | [1] |"), else the nearest sentence before it in its
    paragraph with a claim of its own, past sentences without one ("The evidence is clear.");
    none where a sentence between has its own marker or the claim is cited already."""
    sentences = sentences_of(doc)
    info = sentences[index]
    if info.segment_kind == "table_cell":
        before = sentences[index - 1]
        if before.segment_kind == "table_cell" and before.segment == info.segment - 1 and index - 1 not in holding:
            return index - 1 if _content(doc, before) and index - 1 not in found.by_sentence else None
        return None
    for position in range(index - 1, max(-1, index - 1 - _REACH), -1):
        before = sentences[position]
        if before.segment != info.segment or position in holding:
            return None
        if _content(doc, before):
            return None if position in found.by_sentence else position
    return None


def says_proof(doc: Doc, index: int) -> bool:
    """The pointer itself offers its source as proof ("That has been shown in a 2020 study")."""
    info = sentences_of(doc)[index]
    return bool(_SAYS_PROOF.search(text_of(doc), info.span.start_char, info.span.end_char))


def _lead_in_citations(doc: Doc, found, holding: dict[int, list]) -> dict[int, tuple]:  # type: ignore[no-untyped-def,type-arg]
    """List item index -> the markers of the lead-in it is set out under, for an item with a
    claim and no marker of its own: under "What the trial in dogs showed [2]:", the item "Stiff
    hips loosen within a month" rests on [2], as a reviewer reads it; `holding` is the markers
    by the sentence that holds them (`_marks_by_sentence`)."""
    sentences = sentences_of(doc)
    text = text_of(doc)
    borrowed: dict[int, tuple] = {}  # type: ignore[type-arg]
    leads = {index: lead for index in range(len(sentences)) if (lead := lead_in(text, sentences, index)) is not None}
    for index, lead in leads.items():
        items = holding.get(lead)
        own = index in holding or index in found.by_sentence
        if items and any(item.entries for item in items) and not own and _content(doc, sentences[index]):
            borrowed[index] = tuple(items)
    return borrowed
