"""Sentence boundaries that survive marketing copy.

Segments (joined by blank lines), headings and list items always break; a period
followed by a citation marker ("... pain.[3] Next") keeps the marker with its
sentence; abbreviations and initials do not break.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

_TERMINALS = re.compile(r"^(?:[.!?…]+|\.\.\.)$")
_CLOSERS = set(")]}\"'”’»")
_LIST_MARKER = re.compile(r"^(?:[-*•·‣▪–—]|\d{1,2}[.)]|[a-z][.)])$")
_NO_BREAK_BEFORE = {"al", "approx", "vs", "etc", "fig", "no", "dr", "mr", "mrs", "ms", "prof", "st", "inc", "ltd", "co"}
_MARKER = re.compile(r"^(?:\[\^?[\w\-–, ]+\]|[⁰¹²³⁴⁵⁶⁷⁸⁹,\-–]+)$")


def _is_terminal(token: Token) -> bool:
    return bool(_TERMINALS.match(token.text))


def _line_break(token: Token) -> int:
    """Number of newlines in a whitespace token (0 for ordinary tokens)."""
    if not token.is_space:
        return token.whitespace_.count("\n") and 0
    return token.text.count("\n")


def _skip_bracket_marker(doc: Doc, index: int) -> int:
    """If a bracketed citation marker starts at index, return the index after it."""
    if doc[index].text != "[":
        return index
    end = index + 1
    while end < len(doc) and end - index <= 12 and doc[end].text != "]":
        if doc[end].is_space:
            return index
        end += 1
    if end < len(doc) and doc[end].text == "]" and _MARKER.match(doc[index : end + 1].text.replace(" ", "")):
        return end + 1
    return index


def _abbreviation_before(doc: Doc, index: int) -> bool:
    if index == 0:
        return False
    previous = doc[index - 1]
    if previous.whitespace_:
        return False
    word = previous.lower_
    return word in _NO_BREAK_BEFORE or (len(previous.text) == 1 and previous.text.isupper())


def set_sentence_starts(doc: Doc) -> Doc:
    length = len(doc)
    if not length:
        return doc
    starts = [False] * length
    starts[0] = True
    index = 0
    while index < length:
        token = doc[index]
        if token.is_space:
            newlines = token.text.count("\n")
            if newlines and index + 1 < length and (newlines >= 2 or _breaks_line(doc, index)):
                starts[index + 1] = True
            index += 1
            continue
        if _is_terminal(token) and not _abbreviation_before(doc, index):
            after = index + 1
            while after < length:
                if (doc[after].text in _CLOSERS and not doc[after - 1].whitespace_) or doc[after].text in {"”", "’", "»"}:
                    after += 1
                    continue
                skipped = _skip_bracket_marker(doc, after)
                if skipped != after:
                    after = skipped
                    continue
                if _MARKER.match(doc[after].text) and not doc[after - 1].whitespace_:
                    after += 1
                    continue
                break
            if after < length and _can_start_sentence(doc[after]):
                starts[after] = True
            index = max(after, index + 1)
            continue
        index += 1
    # One array write: setting `token.is_sent_start` token by token re-checks the whole
    # Doc for dependency annotation on every call, which is quadratic on long pages.
    # 1 = starts a sentence, -1 = does not (as uint64, the way Doc.to_array gives it).
    values = numpy.asarray([1 if start else -1 for start in starts], dtype="int64").astype("uint64")
    doc.from_array([SENT_START], values.reshape(-1, 1))
    return doc


def _can_start_sentence(token: Token) -> bool:
    first = token.text[:1]
    return not first.islower() and first not in {",", ";", ":", ")"}


def _breaks_line(doc: Doc, index: int) -> bool:
    """A single line break ends a sentence after terminal punctuation, before a list
    marker, or after a heading-like line (no final punctuation, next line capitalised)."""
    previous = doc[index - 1] if index else None
    following = doc[index + 1]
    if _LIST_MARKER.match(following.text):
        return True
    if previous is None:
        return False
    if _is_terminal(previous) or previous.text in _CLOSERS or previous.text in {":", ";"}:
        return True
    return following.text[:1].isupper() and previous.text[-1:].isalnum()


@Language.component("claimcheck_sentences")
def sentence_component(doc: Doc) -> Doc:
    return set_sentence_starts(doc)
