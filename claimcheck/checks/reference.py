"""`reference`: problems with citations and the reference list they point to.

One rule per problem: a marker that resolves to nothing (reported at the marker),
an entry nothing cites, an entry with no identifier a reader could follow, an
identifier with the wrong syntax, and entries that cannot substantiate a health
claim (the publisher's own material, testimonials and press releases).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.base import Hit, Kind, render
from claimcheck.checks.model import Rule
from claimcheck.nlp.bibliography import Entry
from claimcheck.nlp.references import References, Resolved, references_of
from claimcheck.nlp.structure import sentences_of, text_of

PROBLEMS = ["unresolved", "unused", "no_identifier", "invalid_identifier", "self", "non_evidence"]
# Problems of what a source is: reported where the copy leans on it (ANNOTATION, "Press releases and white papers as sources").
_SOURCE_PROBLEMS = {"self", "non_evidence"}
_IDENTIFIER_NAMES = {
    "doi": "DOI (10.<4-9 digits>/<suffix>)",
    "pmid": "PMID (1 to 8 digits)",
    "pmcid": "PMCID (PMC + 1 to 8 digits)",
    "nct": "ClinicalTrials.gov id (NCT + 8 digits)",
    "isrctn": "ISRCTN id (ISRCTN + 8 digits)",
}

OPTIONS = {
    "type": "object",
    "properties": {"problem": {"enum": PROBLEMS}},
    "required": ["problem"],
    "additionalProperties": False,
}


class ReferenceCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._rule = rule
        self._problem = rule.options["problem"]

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        found = references_of(doc)
        if not (found.entries or found.resolved):
            return
        problem = self._problem
        if problem == "unresolved":
            yield from self._unresolved(doc, found)
        elif problem == "invalid_identifier":
            whole = text_of(doc) if found.invalid else ""
            for mark in found.invalid:
                text = whole[mark.start : mark.end]
                expected = _IDENTIFIER_NAMES.get(mark.kind, mark.kind)
                yield Hit(self._rule, mark.start, mark.end, render(self._rule.message, identifier=text, expected=expected))
        else:
            used = found.used_entries()
            for entry in found.entries:
                if entry.external:
                    continue
                if not _has_problem(problem, entry, cited=entry.index in used, uses_markers=found.uses_markers):
                    continue
                message = render(self._rule.message, entry=entry.name, reason=entry.reason, text=entry.text[:80])
                citing = _resting_on(doc, found, entry.index) if problem in _SOURCE_PROBLEMS else []
                for start, end in citing or [(entry.start, entry.end)]:
                    yield Hit(self._rule, start, end, message)

    def _unresolved(self, doc: Doc, found: References) -> Iterator[Hit]:
        text = text_of(doc) if any(item.missing for item in found.resolved) else ""
        for item in found.resolved:
            if not item.missing:
                continue
            if _AS_EXAMPLE.search(text[max(0, item.mark.start - 16) : item.mark.start]):
                continue  # "small numbers like [1] or [2]": a marker shown, not used
            marker = text[item.mark.start : item.mark.end]
            labels = ", ".join(label.lstrip("#^@") for label in item.missing)
            where = "the reference list" if found.entries else "the document, which has no reference list"
            message = render(self._rule.message, marker=marker, labels=labels, where=where)
            start, end = _cited_span(doc, item)
            yield Hit(self._rule, start, end, message)


def _resting_on(doc: Doc, found: References, index: int) -> list[tuple[int, int]]:
    """The sentences that cite entry `index` and have no other citation that substantiates
    them: "Admissions fell 57%.⁵" over "⁵ Company white paper." is the claim resting on the
    business's own material, and it is that sentence a reader must doubt (and that the
    corpus labels `self_citation`), not the line of the list.  Empty when no sentence rests
    on the entry alone; the entry is then reported where it stands."""
    sentences = sentences_of(doc)
    spans: dict[int, tuple[int, int]] = {}
    for item in found.resolved:
        if index not in item.entries or item.sentence is None or item.sentence in spans:
            continue
        if any(found.supports(other) for other in found.by_sentence.get(item.sentence, ())):
            continue
        span = sentences[item.sentence].span
        spans[item.sentence] = (span.start_char, span.end_char)
    return list(spans.values())


def _cited_span(doc: Doc, item: Resolved) -> tuple[int, int]:
    """Where to report a marker: the marker itself, or, when it stands after the full stop
    of the sentence it cites ("... pumping strength.<sup>1</sup>", which a reader of the page
    takes as a number apart from the sentence), that sentence and the marker, so the finding
    falls on the claim and not on a stray number."""
    mark = item.mark
    if item.sentence is None:
        return mark.start, mark.end
    span = sentences_of(doc)[item.sentence].span
    if not span.start_char <= mark.start < span.end_char:
        return span.start_char, span.end_char
    before = text_of(doc)[span.start_char : mark.start].rstrip(_OTHER_MARKERS)
    if before.endswith(_CLOSING):
        return span.start_char, mark.end
    return mark.start, mark.end


# What ends a sentence before a marker set after it: "strength.¹", "it works."[2]
_CLOSING = (".", "!", "?", '"', "”", "’")
# Other markers of the same group before this one: "strength.²,³", "it works. [1][2]".
_OTHER_MARKERS = " \t\n,;–-0123456789⁰¹²³⁴⁵⁶⁷⁸⁹[]()^"


# Text right before a marker that shows it as an example of a marker: "numbers like [1]
# or [2]", "such as (Smith, 2020)", "e.g. ¹".
_AS_EXAMPLE = re.compile(r"(?:\blike|\bsuch\s+as|\be\.g\.,?|\bfor\s+example,?|\[\d{1,3}\]\s+or)\s*$", re.IGNORECASE)


def _has_problem(problem: str, entry: Entry, *, cited: bool, uses_markers: bool) -> bool:
    if problem == "unused":
        return uses_markers and not cited
    if problem == "no_identifier":
        return _unverifiable_and_relied_on(entry, cited)
    return entry.quality == problem


def _unverifiable_and_relied_on(entry: Entry, cited: bool) -> bool:
    """An entry nobody can look up that a citation in the text leans on.

    A journal record ("Knee. 2021;9:1-9"), a regulator's publication or any entry with
    an identifier or link is checkable by hand: its quality is "evidence", and a note on
    each such entry was the largest single source of findings on neutral sentences
    (issue 17).  An "unverified" entry (a title with no identifier, journal record or
    address) substantiates nothing whatever the note says (issue 14: the claim citing it
    stays uncited); the note matters where a marker points at it, to tell the reviewer why
    the citation did not count.  An entry no marker cites supports no sentence, and
    `reference/unused-entry` already reports it in a document that cites by marker."""
    return cited and entry.quality == "unverified" and not entry.verifiable


KIND = Kind(
    "reference",
    OPTIONS,
    ReferenceCheck,
    "Flags citation markers that resolve to nothing and reference entries that cannot substantiate a claim.",
)
