"""A sentence that is someone else's words, so the page does not rest on what it cites.

A careful page quotes an advert's claim whole ("'... clinically proven (NCT...)'"), or
sets out an advert's lines under a lead-in ("The flyer's front panel carries three
lines:"); a page may quote a study's abstract beside the citation, which then says what
the study is.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimcheck.nlp.structure import sentences_of, text_of

_OPENING_QUOTES = "\"“«„'‘"
_CLOSING_QUOTES = "\"”»'’"


def quoted_whole(text: str, info) -> bool:  # type: ignore[no-untyped-def]
    """The sentence is a quotation from end to end ("“Our protocol is clinically proven (NCT...).”")."""
    sentence = text[info.span.start_char : info.span.end_char].strip()
    return len(sentence) > 2 and sentence[0] in _OPENING_QUOTES and sentence[-1] in _CLOSING_QUOTES


# A lead-in that sets out someone else's words line by line: "The flyer's front panel carries three
# lines:", "The advert says:", "Here is what the brochure claims:".
_QUOTE_LEAD = re.compile(
    r"\b(?:says?|said|reads?|carr(?:y|ies|ied)|claims?|claimed|promises?|promised|states?|stated|lines?|wording|"
    r"slogans?|headlines?|copy|text|quotes?|quoted|panel|flyer|leaflet|brochure|advert|ad|post|email|website)\b[^:]*:\s*$",
    re.IGNORECASE,
)
_QUOTE_REACH = 6  # lines set out under one lead-in


def set_out_quote(doc: Doc, index: int) -> bool:
    """On a careful page, a line set out under a lead-in that introduces another's words ("The
    flyer's front panel carries three lines:" then the lines, each a line of its own): quoted, so
    the page does not rest on what it cites (as `quoted_whole` for lines in quotation marks)."""
    sentences = sentences_of(doc)
    text = text_of(doc)
    info = sentences[index]
    for position in range(index - 1, max(-1, index - 1 - _QUOTE_REACH), -1):
        other = sentences[position]
        if other.segment != info.segment:
            return False
        if not text[other.span.end_char : sentences[position + 1].span.start_char].count("\n"):
            return False  # not a line of its own: running prose
        if _QUOTE_LEAD.search(text, other.span.start_char, other.span.end_char):
            return True
    return False


# A pair of double quotation marks and what is between them, within one sentence.
_QUOTATION = re.compile(r"[\"“„«]([^\"“”„«»\n]{3,400})[\"”»]")


def markers_quoted(text: str, info, items) -> bool:  # type: ignore[no-untyped-def]
    """Every marker the sentence holds lies inside a quotation in it ('Another example:
    "Proven in a registered trial, NCT..."'): the citation belongs to the words quoted, which a
    careful page cites to discuss, not to rest on."""
    start, end = info.span.start_char, info.span.end_char
    inside = [match.span() for match in _QUOTATION.finditer(text, start, end)]
    marks = [item.mark for item in items if start <= item.mark.start < end]
    return bool(inside and marks) and all(any(low <= mark.start and mark.end <= high for low, high in inside) for mark in marks)


def quoted_abstract(doc: Doc, index: int) -> tuple[int, int] | None:
    """Where the page quotes the abstract of the study sentence `index` cites, in the sentences
    just before or after it (a quotation that says it is from the abstract), or None."""
    sentences = sentences_of(doc)
    text = text_of(doc)
    for other in (index + 1, index - 1):
        if not 0 <= other < len(sentences):
            continue
        info = sentences[other]
        start, end = info.span.start_char, info.span.end_char
        if _ABSTRACT_QUOTED.search(text, start, end) and any(mark in text[start:end] for mark in _OPENING_QUOTES[:2]):
            # the whole quotation: the sentences of its segment
            same = [candidate for candidate in sentences if candidate.segment == info.segment]
            return same[0].span.start_char, same[-1].span.end_char
    return None


_ABSTRACT_QUOTED = re.compile(r"\babstract\b", re.IGNORECASE)
