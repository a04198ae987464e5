"""Where a reference entry names its journal.

Read by study_designs.py (a journal called Diabetes or Stroke says where a study appeared, not
what it studied) and by named_sources.py (a study the copy names by journal and year).  A module
of its own so that the reference resolver can use it without importing the design reader, which
reads the resolver's output.
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_SEGMENT_END = re.compile(r"\.\s+")
# APA / Harvard: "Authors (2021). Title. Journal Name, 12(4), 300-312." - the journal is the
# sentence after the title that runs into a volume number ("Journal, 12(4), 300" or "Journal, 9, e12").
_AUTHOR_YEAR_DATE = re.compile(r"\((?:19|20)\d{2}[a-z]?(?:,\s*[A-Z][a-z]+(?:\s+\d{1,2})?)?\)\.?")
_APA_JOURNAL = re.compile(r"(?<=[.?!]\s)[A-Z][^.?!]*?(?=,\s*\d+\s*(?:\([^)]*\))?\s*[,:]\s*(?:pp?\.\s*)?e?\d)")


def journal_span(text: str) -> tuple[int, int]:
    """Where the journal's name is in a reference entry ((0, 0) when it cannot be told).

    In "Authors. Title. Journal. Year;..." (Vancouver) it is the last full-stop segment before
    the year, when there are at least three ("Smith J. A review. 2020." has no journal).  In
    "Authors (Year). Title. Journal, 12(4), 300-312." (APA, Harvard) it is the segment after the
    title that runs into the volume.  A journal called Diabetes or Stroke says where a study
    appeared, not what it studied.
    """
    year = _YEAR.search(text)
    if year is None:
        return (0, 0)
    ends = [match.end() for match in _SEGMENT_END.finditer(text, 0, year.start())]
    if len(ends) >= 3 and ends[-1] == year.start():
        return (ends[-2], ends[-1])
    dated = _AUTHOR_YEAR_DATE.search(text)
    if dated is not None:
        journal = _APA_JOURNAL.search(text, dated.end())
        if journal is not None:
            return journal.span()
    return (0, 0)
