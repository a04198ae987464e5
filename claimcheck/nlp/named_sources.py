"""Sources the copy names without a marker: by journal and year, or as "the same paper".

"A 2020 study in the Scandinavian Journal of Joint Therapy showed ..." carries no marker, but
a reader finds the study in the page's list when one entry appeared in that journal that year
(the list abbreviates it: "Scand J Joint Ther. 2020"): the sentence cites that entry, as an
author-year marker does (ANNOTATION B117).  With no such entry the sentence names no study a
reader can check and stays uncited (B60).  A sentence that goes on about the study the sentence
before it cites, in the same paragraph ("..., the same paper found.", "That report confirms
..."), cites it too.

Kept apart from references.py, which finds lists and resolves markers, because both readings
here work from what that module has already resolved (entries and the markers of each sentence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimcheck.nlp.bibliography import Entry
from claimcheck.nlp.citations import Citation
from claimcheck.nlp.journals import journal_span
from claimcheck.nlp.structure import SentenceInfo

JOURNAL_YEAR = "journal_year"
SAME_SOURCE = "same_source"

# "in the Scandinavian Journal of Joint Therapy", "published in Knee Regeneration Reports": a
# run of capitalised words (with the small words of a journal's name) after a word that places a
# study in a journal.
_IN_JOURNAL = re.compile(
    r"\b(?:in|published\s+in|appeared\s+in|from|according\s+to)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w'’&-]*(?:\s+(?:of|and|for|in|the|on|&|[A-Z][\w'’&-]*)){0,9})"
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_SMALL_WORDS = frozenset({"of", "and", "for", "in", "the", "on", "&"})
# "the same paper", "that report", "this trial": the study the sentence before cites.
_SAME_STUDY = re.compile(
    r"\b(?:the\s+same|that|this)\s+(?:paper|study|trial|report|review|article|analysis)\b(?!\s*(?:s\b|[(\[]))",
    re.IGNORECASE,
)


def _words(name: str) -> list[str]:
    return [word for word in re.split(r"[\s.]+", name.lower().replace("’", "'")) if word and word not in _SMALL_WORDS]


def same_journal(named: str, listed: str) -> bool:
    """Does the name the copy gives ("Scandinavian Journal of Joint Therapy") stand for the
    journal a list entry names ("Scand J Joint Ther."), word for word, each listed word the
    opening of the named one (how journal names are abbreviated)?"""
    full, short = _words(named), _words(listed)
    return bool(short) and len(full) == len(short) and all(word.startswith(part) for word, part in zip(full, short, strict=True))


def journal_year_citations(
    text: str, sentences: Sequence[SentenceInfo], entries: Sequence[Entry], in_list
) -> list[tuple[Citation, tuple[int, ...], int]]:
    """(mark, entries, sentence) for each sentence outside the lists that names a study by
    the journal and the year of one list entry; the mark is empty, at the sentence's end, so
    the whole sentence is the claim."""
    listed = []
    for entry in entries:
        if entry.external:
            continue
        low, high = journal_span(entry.text)
        year = _YEAR.search(entry.text)
        if high > low and year is not None:
            listed.append((entry.index, entry.text[low:high], year.group()))
    if not listed:
        return []
    found = []
    for info in sentences:
        start, end = info.span.start_char, info.span.end_char
        if in_list(start):
            continue
        years = {match.group() for match in _YEAR.finditer(text, start, end)}
        if not years:
            continue
        for match in _IN_JOURNAL.finditer(text, start, end):
            hits = tuple(index for index, journal, year in listed if year in years and same_journal(match.group("name"), journal))
            if hits:
                stop = len(text[:end].rstrip())
                found.append((Citation(stop, stop, JOURNAL_YEAR, (match.group("name"),)), hits, info.index))
                break
    return found


def same_source_citations(
    text: str, sentences: Sequence[SentenceInfo], cited: dict[int, list[tuple[Citation, tuple[int, ...]]]]
) -> list[tuple[Citation, tuple[int, ...], int]]:
    """(mark, entries, sentence) for each uncited sentence that goes on about "the same paper" or
    "that report" when the sentence before it, in its paragraph, cites list entries of one source."""
    found = []
    for info in sentences[1:]:
        previous = sentences[info.index - 1]
        if info.index in cited or previous.index not in cited or previous.segment != info.segment:
            continue
        start, end = info.span.start_char, info.span.end_char
        if _SAME_STUDY.search(text, start, end) is None:
            continue
        entries = tuple(dict.fromkeys(index for _, indexes in cited[previous.index] for index in indexes))
        if len(entries) != 1:
            continue
        stop = len(text[:end].rstrip())
        found.append((Citation(stop, stop, SAME_SOURCE, ("the same source",)), entries, info.index))
    return found
