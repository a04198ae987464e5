"""Sentence boundaries that survive marketing copy.

Segments (joined by blank lines), headings and list items always break; a period
followed by a citation marker ("... pain.[3] Next") keeps the marker with its
sentence; abbreviations and initials do not break.  An entry of a reference list
that reads as a source ("Lee A, et al. A knee trial. Knee. 2021;9:1-9.") is one
sentence: its full stops separate fields, not statements.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

import numpy
from spacy.attrs import IDX, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.nlp.references import find_entry_ranges, reads_as_source
from claimcheck.nlp.structure import text_of

_TERMINALS = re.compile(r"^(?:[.!?…]+|\.\.\.)$")
_CLOSERS = set(")]}\"'”’»")
_ELLIPSES = {"…", "...", "...."}
_LIST_MARKER = re.compile(r"^(?:[-*•·‣▪–—]|\d{1,2}[.)]|[a-z][.)])$")
_NO_BREAK_BEFORE = {"al", "approx", "vs", "etc", "fig", "no", "dr", "mr", "mrs", "ms", "prof", "st", "inc", "ltd", "co"}
# "MS." in capitals is multiple sclerosis ending a sentence, not the title "Ms."; and
# "no." abbreviates "number" only before one ("No. 5"): "The answer is no. Most ..." ends;
# so do "ref." and "refs." ("... the same way (ref. 4).").
_CAPITALISED_ACRONYMS = {"MS"}
_ONLY_BEFORE_A_NUMBER = {"no", "ref", "refs"}
_MARKER = re.compile(r"^(?:\[\^?[\w\-–, ]+\]|[⁰¹²³⁴⁵⁶⁷⁸⁹,\-–]+)$")
# Superscripts flattened to plain digits ("... a long record.1,2 Physio"): kept with the
# sentence they close when glued to its full stop.
_FLAT_MARKER = re.compile(r"^\d{1,3}(?:[,\-–]\d{1,3}){0,6}$")


def _is_terminal(text: str) -> bool:
    return bool(_TERMINALS.match(text))


def _may_end(text: str) -> bool:
    """A token the scan in `set_sentence_starts` acts on: a line break or a terminal."""
    return (text.isspace() and "\n" in text) or _is_terminal(text)


class _Tokens:
    """Token texts and trailing-space flags as plain lists: the scan below touches every
    token several times, and a spaCy `Token` object per access cost more than the scan."""

    def __init__(self, doc: Doc):
        strings = doc.vocab.strings
        orths = doc.to_array(ORTH).tolist()
        names = {orth: strings[orth] for orth in set(orths)}  # one lookup per distinct word
        self.text = [names[orth] for orth in orths]
        self.space = [bool(flag) for flag in doc.to_array(SPACY).tolist()]
        # Only white space with a line break and terminal punctuation can end a sentence:
        # the scan visits those tokens (their positions, ascending), not every word.
        ends = {orth for orth, text in names.items() if _may_end(text)}
        self.candidates = [index for index, orth in enumerate(orths) if orth in ends]

    def is_space(self, index: int) -> bool:
        return self.text[index].isspace()


def _skip_bracket_marker(tokens: _Tokens, index: int) -> int:
    """If a bracketed citation marker starts at index, return the index after it."""
    texts = tokens.text
    if texts[index] != "[":
        return index
    end = index + 1
    while end < len(texts) and end - index <= 12 and texts[end] != "]":
        if tokens.is_space(end):
            return index
        end += 1
    # (Before: the span's text with spaces removed; token texts never contain spaces.)
    if end < len(texts) and texts[end] == "]" and _MARKER.match("".join(texts[index : end + 1])):
        return end + 1
    return index


def _abbreviation_before(tokens: _Tokens, index: int) -> bool:
    if index == 0:
        return False
    if tokens.space[index - 1]:
        return False
    previous = tokens.text[index - 1]
    if previous in _CAPITALISED_ACRONYMS:
        return False
    if previous.lower() in _ONLY_BEFORE_A_NUMBER:
        following = next((text for text in tokens.text[index + 1 : index + 3] if not text.isspace()), "")
        return following[:1].isdigit()
    return previous.lower() in _NO_BREAK_BEFORE or (len(previous) == 1 and previous.isupper())


def set_sentence_starts(doc: Doc) -> Doc:
    length = len(doc)
    if not length:
        return doc
    tokens = _Tokens(doc)
    texts, spaces = tokens.text, tokens.space
    starts = [False] * length
    starts[0] = True
    resume = 0  # tokens before this were read as closers or markers of a sentence end
    for index in tokens.candidates:
        if index < resume:
            continue
        text = texts[index]
        if text.isspace():
            newlines = text.count("\n")
            if index + 1 < length and (newlines >= 2 or _breaks_line(tokens, index)):
                starts[index + 1] = True
            continue
        if text in _ELLIPSES and not spaces[index] and index + 1 < length and texts[index + 1][:1].isalpha():
            continue  # "Weakness…Paralysis…Autism": an ellipsis glued to the next word joins fragments
        if not _abbreviation_before(tokens, index):
            after = index + 1
            while after < length:
                if (texts[after] in _CLOSERS and not spaces[after - 1]) or texts[after] in {"”", "’", "»"}:
                    after += 1
                    continue
                skipped = _skip_bracket_marker(tokens, after)
                if skipped != after:
                    after = skipped
                    continue
                if _MARKER.match(texts[after]) and not spaces[after - 1]:
                    after += 1
                    continue
                if after == index + 1 and text == "." and not spaces[index] and _FLAT_MARKER.match(texts[after]):
                    after += 1
                    continue
                if _is_terminal(texts[after]):
                    # ". . ." (a spaced ellipsis, as quotations elide words) or "?!": one run of
                    # terminals; whether it ends the sentence is the next word's to say.
                    after += 1
                    continue
                break
            if after < length and _can_start_sentence(texts[after]):
                starts[after] = True
            resume = after
    _join_reference_entries(doc, tokens, starts)
    # One array write: setting `token.is_sent_start` token by token re-checks the whole
    # Doc for dependency annotation on every call, which is quadratic on long pages.
    # 1 = starts a sentence, -1 = does not (as uint64, the way Doc.to_array gives it).
    values = numpy.asarray([1 if start else -1 for start in starts], dtype="int64").astype("uint64")
    doc.from_array([SENT_START], values.reshape(-1, 1))
    return doc


def _join_reference_entries(doc: Doc, tokens: _Tokens, starts: list[bool]) -> None:
    """No sentence starts inside a reference entry that reads as a source (a year, an
    identifier, a link): a reviewer reads "Author. Title. Journal. 2021;9:1-9." as one
    line, and the evaluation counts each sentence as a unit.  The entries are the ones
    `claimcheck_references` will find; an entry that reads as prose ("[^1]: Our cells
    cure arthritis. Ask us.") keeps its sentences, which are checked as copy."""
    text = text_of(doc)
    _, ranges = find_entry_ranges(doc, text)
    if not ranges:
        return
    offsets = doc.to_array(IDX).tolist()
    for start, end, _ in ranges:
        if not reads_as_source(text, start, end):
            continue
        first = bisect.bisect_left(offsets, start)
        while first < len(offsets) and offsets[first] < end and tokens.is_space(first):
            first += 1
        last = bisect.bisect_left(offsets, end)
        for index in range(first + 1, last):
            starts[index] = False


def _can_start_sentence(text: str) -> bool:
    first = text[:1]
    return not first.islower() and first not in {",", ";", ":", ")"}


_OPENING_QUOTES = "\"“‘'«"


def _breaks_line(tokens: _Tokens, index: int) -> bool:
    """A single line break ends a sentence after terminal punctuation, before a list
    marker, or after a heading-like line (no final punctuation, next line capitalised)."""
    previous = tokens.text[index - 1] if index else None
    following = tokens.text[index + 1]
    if _LIST_MARKER.match(following):
        return True
    if previous is None:
        return False
    if _is_terminal(previous) or previous in _CLOSERS or previous in {":", ";"}:
        return True
    if not _ends_like_a_word(previous):
        return False
    if following in _OPENING_QUOTES:  # a heading line, then a quoted testimonial
        return index + 2 < len(tokens.text) and tokens.text[index + 2][:1].isupper()
    return following.lstrip(_OPENING_QUOTES)[:1].isupper()


def _ends_like_a_word(text: str) -> bool:
    """A line ending in a word, a figure or a symbol ("... young again 😊", "... 50%",
    "Regenix™") may end a unit; one ending in a comma, a hyphen or an ampersand runs on."""
    last = text[-1:]
    return last.isalnum() or last == "%" or (bool(last) and unicodedata.category(last) in {"So", "Sk"})


@Language.component("claimcheck_sentences")
def sentence_component(doc: Doc) -> Doc:
    return set_sentence_starts(doc)
