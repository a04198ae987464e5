"""The document's reference list, and which citation markers resolve to it.

A reference list is found two ways: a heading ("References", "Sources",
"Bibliography"...) followed by its entries up to the next heading, in any format
(in plain text the entries may be lines of one paragraph); and footnote blocks
(Markdown footnote definitions, HTML footnote/reference sections).  Entries get
their labels from what the text shows ("[3]", "3."), what the reader dropped
("[^note]:", a Markdown list number), element ids (`<li id="ref3">`), the first
author and year, or their position.  A bibliography file (BibTeX / CSL-JSON) adds
entries keyed "@key".

Every marker outside the lists is then resolved, and attributed to the sentence it
supports: the sentence it sits in, or the one before when it opens a sentence
("pain. [3] Next...").  A marker substantiates only if it resolves to an entry that
can (see bibliography.py); an identifier (DOI, PMID, NCT...) in the prose stands
on its own.  Claims and appeals read that through `cited_in_window`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.nlp.bibliography import ENTRY_LABELS_KEY, Entry, is_own_url, load_bibliography, make_entry
from claimcheck.nlp.citations import (
    CONFIRMED_KINDS,
    IDENTIFIER_KINDS,
    LINKS_KEY,
    MARKER_KINDS,
    UPPER,
    WEB_KIND,
    Citation,
    marks_of,
    names_journal,
)
from claimcheck.nlp.named_sources import journal_year_citations, same_source_citations
from claimcheck.nlp.structure import SentenceInfo, segments_of, sentences_of, span_table, text_of
from claimcheck.sources.base import Link

REFERENCES_KEY = "claimcheck.references"

# "References", "Sources and further reading", "Selected references", "Studies cited",
# "Notes and references", "Reference list": a reference word, one of a few qualifiers
# before it ("Our cell sources" is about tissue, not literature), an optional "and ..." tail.
_REFERENCE_WORDS = (
    r"(?:references?|reference\s+list|sources?|bibliography|citations?|works\s+cited|literature(?:\s+cited)?|"
    r"footnotes|endnotes|notes|further\s+reading|reading\s+list|(?:studies|research|papers)\s+cited|evidence|"
    # "Included and cited studies", "Studies included": the list of a review or an assessment
    r"(?:included\s+(?:and\s+cited\s+)?|cited\s+)(?:studies|trials|papers)|(?:studies|trials)\s+included|"
    r"studies|papers?|publications|study\s+(?:table|list|overview)|"
    # the same heading in the other languages of bilingual pages
    r"referencias|fuentes|bibliograf[íi]a|estudios|r[ée]f[ée]rences|bibliographie|quellen|literaturverzeichnis)"
    # "Studies mentioned", "Papers discussed in this episode"
    r"(?:\s+(?:mentioned|discussed|referenced|quoted)(?:\s+(?:here|above|below|in\s+this\s+\w+))?)?"
    # "Studies table", "Sources list": what the list is laid out as
    r"(?:\s+(?:table|list|overview))?"
)
# Headings that say it in a sentence: "What I based this on", "Where our figures come from".
_SAYS_SOURCES = (
    r"(?:what\s+(?:i|we)\s+(?:based|drew)\s+(?:this|it|these\s+\w+)\s+on"
    r"|where\s+(?:(?:this|our|these)\s+)?(?:information|figures|facts|numbers|claims|evidence|it|this)\s+comes?\s+from"
    # "Papers we rely on", "The studies we built this on"
    r"|(?:the\s+)?(?:papers|studies|research|sources|evidence)\s+(?:we|i)\s+(?:rely|relied|draw|drew|build|built|lean)\s+"
    r"(?:(?:this|it)\s+)?on)"
)
_HEADING = re.compile(
    # "CAPTION - sources": a label of the block, a dash, then the reference word
    # "III. REFERENCES", "7. References", "Section 5: Sources": a numbered section of a policy or paper
    r"^\s*(?:#+\s*)?(?:(?:section\s+)?(?:[IVX]{1,5}|\d{1,2}|[A-H])[.):]\s+)?(?:[A-Z][A-Za-z]{1,15}\s+[-\u2013\u2014]\s+)?(?:(?:(?:the|our)\s+)?(?:(?:scientific|selected|key|main|further|additional|useful|primary|other|more|recommended|published)\s+)?"
    # "Knee references", "Hip references": the list of one part of a page that has one per part
    + r"(?:(?!(?:see|read|check|find|no|any|many|more|for|with|our|the)\s)[A-Za-z'’-]{2,20}\s+"
    + r"(?=(?:references|bibliography)\s*:?\s*$))?"
    + _REFERENCE_WORDS
    # "Referencias / References": one heading in two languages
    + rf"(?:\s*/\s*{_REFERENCE_WORDS})?"
    + r"(?:\s+(?:and|&)\s+[A-Za-z][\w\s-]{0,30}?)?"
    + r"(?:\s+(?:on|in|for)\s+this\s+(?:page|article|post|site|issue|newsletter|edition|guide|episode|bulletin|letter|leaflet))?|"
    + _SAYS_SOURCES
    # "(selected)", "(do not edit)", "(updated May 2024)": a short note on the list in parentheses
    + r")\s*(?:\((?:selected|abridged|partial|excerpt|key\s+\w+|[a-z][\w ,.'’-]{0,28})\))?\s*[:?]?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_IDENTIFIER_KINDS = IDENTIFIER_KINDS
# "Reference: 1. Ravi S, et al. ...", "Sources: [1] ... [2] ...": a heading word, a colon and a
# numbered entry on the same line (a "Source: Lee A ..." line with no number is a source line).
_INLINE_HEADING = re.compile(
    r"[ \t]*(?:references?|sources?|notes|footnotes|citations?)[ \t]*:[ \t]+(?=\[?\d{1,3}[.)\]][ \t]+\S)", re.IGNORECASE
)
# Heading words that name a list of sources outright; "Evidence", "Studies", "Research",
# "Papers" and "Publications" may as well head a section of prose about them.
_NAMES_A_LIST = re.compile(
    r"referenc|\bsources?\b|bibliog|citation|\bcited\b|literature|footnotes|endnotes|\bnotes\b|reading|fuentes|quellen|"
    r"mentioned|discussed|quoted|\brel(?:y|ied)\b|\bbased\b|\bdrew\b|\bcomes?\s+from",
    re.IGNORECASE,
)
# Where a "References" heading can be: not a table cell ("| Source | ... |"), list item or alt text.
_HEADING_KINDS = {"heading", "paragraph", "footnote", "blockquote"}
# What opens an entry: "[3]", "3.", "3)", "(3)", "No. 3 -", a superscript "³" (footnotes typed
# as they print), "S3" (a supplementary or source-table label), "^3" (a caret footnote in
# a caption), "a." (a lettered note), or a bullet.
_ENTRY_START = re.compile(
    r"^[ \t]*(?:\[(?P<bracketed>\d{1,3})\]|(?P<dotted>\d{1,3})[.)]|(?:No|Nr)\.?[ \t]*(?P<no>\d{1,3})[ \t]*[-–—:.)]"
    r"|(?P<superscript>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})|\[?(?P<supplementary>[RSEC]\d{1,3})[.)\]]?|\^(?P<caret>\d{1,3})"
    r"|(?P<letter>[a-z])[.)]|\[(?P<bracketed_letter>[a-z])\]|\((?P<parenthesized>\d{1,3})\)"
    # "Study 3. Lee A ...", "Source 2: ...": entries named as the prose cites them ("(Study 3)")
    r"|(?:[Ss]tudy|STUDY|[Ss]ource|SOURCE|[Rr]ef(?:erence)?\.?|REF(?:ERENCE)?\.?)[ \t]+(?P<named>\d{1,3})(?:[.:)]|(?=[ \t]*\n))"
    # "Study A: Okafor E ...": entries named by a capital letter ("(Study A)")
    r"|(?:[Ss]tudy|STUDY|[Ss]ource|SOURCE|[Pp]aper|PAPER|[Tt]rial|TRIAL)[ \t]+(?P<named_letter>[A-Z])[.:)])"
    r"(?:[ \t]+|[ \t]*\n)"
    r"|^[ \t]*[-*•·][ \t]+",
    re.MULTILINE,
)
# The groups of `_ENTRY_START` that hold an entry's number, and those that hold another label
# ("S3", "a"); at most one of them takes part in a match.
_ENTRY_NUMBER_GROUPS = ("bracketed", "dotted", "no", "superscript", "caret", "parenthesized", "named")
_ENTRY_LABEL_GROUPS = ("supplementary", "letter", "bracketed_letter", "named_letter")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPPLEMENTARY = re.compile(r"[RSEC]\d{1,3}")  # "S3", and "R1" of a list cited as <sup>R1</sup>
_LETTER = re.compile(r"[a-z]")  # "a." opening a lettered note
_NAMED_LETTER = re.compile(r"[A-Z]")  # "Study A:" opening an entry cited as "(Study A)"
_TITLE_LINE = re.compile(r"^[A-Z][^\n.:;!?\d]{0,60}$")


@dataclass(frozen=True)
class Resolved:
    """A marker or identifier in the prose: the entries it resolves to and the
    labels that resolved to nothing."""

    mark: Citation
    entries: tuple[int, ...]
    missing: tuple[str, ...]
    sentence: int | None


@dataclass(frozen=True)
class References:
    sections: tuple[tuple[int, int], ...]
    entries: tuple[Entry, ...]
    resolved: tuple[Resolved, ...]
    invalid: tuple[Citation, ...]
    publisher_domains: tuple[str, ...] = ()
    by_sentence: dict[int, tuple[Resolved, ...]] = field(default_factory=dict, compare=False)

    def in_list(self, offset: int) -> bool:
        index = bisect.bisect_right(self.sections, (offset, float("inf"))) - 1
        return index >= 0 and offset < self.sections[index][1]

    @property
    def uses_markers(self) -> bool:
        return any(item.mark.kind in MARKER_KINDS for item in self.resolved)

    def supports(self, item: Resolved) -> bool:
        """Does this marker substantiate what it is attached to?"""
        mark = item.mark
        if mark.is_identifier:
            return mark.valid and not (mark.kind == "link" and is_own_url(mark.labels[0], self.publisher_domains))
        return any(self.entries[index].substantiates for index in item.entries)

    def used_entries(self) -> set[int]:
        return {index for item in self.resolved for index in item.entries}


EMPTY = References((), (), (), ())


def references_of(doc: Doc) -> References:
    return doc.user_data.get(REFERENCES_KEY, EMPTY)


_BIBLIOGRAPHIC = re.compile(
    r"\b(?:19|20)\d\d\b|\bdoi\b|\b10\.\d{4,9}/|\bPMID\b|\bPMC\d|\bNCT\d{8}\b|\bISRCTN\s?\d+\b|https?://", re.IGNORECASE
)


def reads_as_source(text: str, start: int, end: int) -> bool:
    """Does this stretch carry what a source has: a year, an identifier or a link?"""
    return bool(_BIBLIOGRAPHIC.search(text, start, end))


def is_reference_entry(doc: Doc, info: SentenceInfo) -> bool:
    """A sentence of a reference list: a source's title, not the author's own statement.
    A footnote is one only when it reads like a source (a year, an identifier, a link);
    "[^1]: Our cells cure arthritis." is copy the reader sees and is checked."""
    if not references_of(doc).in_list(info.span.start_char):
        return False
    if info.segment_kind != "footnote":
        return True
    segments = segments_of(doc)
    if not 0 <= info.segment < len(segments):
        return True
    start, end, _ = segments[info.segment]
    return bool(_BIBLIOGRAPHIC.search(text_of(doc)[start:end]))


def has_references(doc: Doc) -> bool:
    """Does the document carry a list of sources, or an identifier, a reader could check?"""
    found = references_of(doc)
    if found.entries:
        return True
    text = text_of(doc)
    for start, end, kind in segments_of(doc):
        if kind == "footnote":
            return True
        first_line = text[start:end].split("\n", 1)[0]
        if kind in _HEADING_KINDS and _HEADING.match(first_line):
            return True
    return any(label in _IDENTIFIER_KINDS for label in span_table(doc, "citations").label)


def cited_in_window(doc: Doc, info: SentenceInfo, window: int) -> bool:
    """A substantiating citation in this sentence or the next `window` of its segment."""
    found = references_of(doc)
    if not found.by_sentence:
        return False
    sentences = sentences_of(doc)
    for candidate in sentences[info.index : info.index + 1 + window]:
        if candidate.segment != info.segment:
            break
        if any(found.supports(item) for item in found.by_sentence.get(candidate.index, ())):
            return True
    return False


def attached(doc: Doc, info: SentenceInfo, window: int) -> tuple[Resolved, ...]:
    """Every marker attached to a sentence (through the window), supporting or not."""
    found = references_of(doc)
    items: list[Resolved] = []
    for candidate in sentences_of(doc)[info.index : info.index + 1 + window]:
        if candidate.segment != info.segment:
            break
        items.extend(found.by_sentence.get(candidate.index, ()))
    return tuple(items)


# -- finding the lists


def _lines_as_entries(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Unnumbered entries one per line ("Doe J. Title. 2020. doi:..."): split when every
    line carries a year or identifier, so a reference wrapped over two lines stays whole."""
    lines = []
    position = start
    for line in text[start:end].split("\n"):
        if line.strip():
            lines.append((position, position + len(line)))
        position += len(line) + 1
    if len(lines) < 2 or not all(_BIBLIOGRAPHIC.search(text[a:b]) for a, b in lines):
        return []
    return lines


# "[2]", or "2." after the full stop of the entry before it: a numbered list whose lines a
# Markdown reader joined into one paragraph ("[1] Blog, 2024. [2] Blog, 2024. [3] Guide.").
_RUN_ON_NUMBER = re.compile(
    r"[ \t]+\[(?P<bracketed>\d{1,3})\][ \t]+(?=\S)|(?<=[.!?\"”’)\]])[ \t]+(?P<dotted>\d{1,3})\.[ \t]+(?=\S)"
)
# "¹ FDA. News release, 2024. ² Label, NCT0...": superscript footnotes joined the same way;
# a superscript between spaces is no marker in prose (those sit on their word), so the entry
# before it may end in an identifier ("doi:10.5555/x.0521 ² ...").
_RUN_ON_SUPERSCRIPT = re.compile(r"(?<=\S)[ \t]+(?P<number>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})[ \t]+(?=\S)")


def _run_on_entries(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Entries of a soft-wrapped numbered list read as one line: the block opens with a
    number and later numbers follow it in order, each after a full stop; an entry whose
    title merely holds a number ("... 2. Knee. 2021") breaks the sequence and is not split."""
    opening = _NUMBER_OPENING.match(text, start, end)
    following = _RUN_ON_NUMBER
    if opening is None:
        opening = _SUPERSCRIPT_OPENING.match(text, start, end)
        following = _RUN_ON_SUPERSCRIPT
    if opening is None:
        # "[a] Petrakis N ... doi:... [b] Mahlangu T ...": lettered notes joined the same way
        opening = _LETTER_OPENING.match(text, start, end)
        following = _RUN_ON_LETTER
    if opening is None:
        return []
    bounds = [start]
    expected = _ordinal(opening["number"]) + 1
    for match in following.finditer(text, opening.end(), end):
        if _ordinal(match[match.lastgroup]) == expected:
            bounds.append(match.start() + len(match.group()) - len(match.group().lstrip()))
            expected += 1
    if len(bounds) < 2:
        return []
    bounds.append(end)
    return [(bounds[index], bounds[index + 1]) for index in range(len(bounds) - 1)]


# Where an entry ends in a printed reference: its year, volume and pages, or an identifier.
_ENTRY_TAIL = re.compile(
    r"(?:\b(?:19|20)\d{2}[a-z]?|\d+(?:\([\w-]+\))?:\s?e?\d+(?:[-–]\d+)?|\bdoi:\s?\S+|\bPMID:?\s*\d+)\.\s*$", re.IGNORECASE
)


# A piece that is nothing but an identifier ("PMID 38120457.", "doi:10.5555/x.1.") with, at
# most, the bullet or number before it: a list that puts each entry's identifier first.
_IDENTIFIER_ONLY = re.compile(
    r"[ \t]*(?:[-*•·]|\[?\d{1,3}[.)\]])?[ \t]*(?:PMID:?\s*\d+|PMCID:?\s*PMC\d+|PMC\d+|doi:\s?\S+|NCT\d{8})\.?\s*$",
    re.IGNORECASE,
)


def _run_on_authored(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Unnumbered entries one per line that a Markdown reader joined into one paragraph
    ("... 2020;47(6):701-709. Hollis J, et al. Platelet-rich fibrin ... 2019;30:240-248."):
    split where a printed entry's tail (year, pages, identifier) and its full stop are
    followed by an author and initials."""
    bounds = [start]
    ends: list[int] = []
    for match in _AUTHORED_START.finditer(text, start, end):
        before = text[bounds[-1] : match.start()]
        if _IDENTIFIER_ONLY.match(before):
            continue  # "- PMID 38120457. Lindholm C, ...": the identifier opens the entry that follows
        if _ENTRY_TAIL.search(before) and _BIBLIOGRAPHIC.search(before):
            ends.append(match.start())
            bounds.append(match.end())
    if not ends:
        return []
    return list(zip(bounds, [*ends, end], strict=True))


def _pieces_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a block into entries when several of its lines open with a marker."""
    starts = [match.start() for match in _ENTRY_START.finditer(text, start, end)]
    if len(starts) < 2:
        return (
            _lines_as_entries(text, start, end)
            or _run_on_entries(text, start, end)
            or _run_on_authored(text, start, end)
            or [(start, end)]
        )
    if starts[0] > start and text[start : starts[0]].strip():
        starts.insert(0, start)
    bounds = [*starts, end]
    return [(bounds[index], bounds[index + 1]) for index in range(len(starts))]


# "1", "[2]", "S3", or the number with the word the prose cites it by ("Study 4": "(Study 4)")
_ROW_NUMBER = re.compile(r"\s*(?:(?:study|source|ref(?:erence)?\.?|paper|trial)\s+)?\[?S?\d{1,3}[.)\]]?\s*", re.IGNORECASE)


def _table_rows(text: str, cells: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A references table read row by row: a cell holding only a number ("1", "[2]") opens
    an entry that runs to the cell before the next such number; header cells before the
    first number are no entry.  With no number column, the rows are found from the cells
    that read as sources (a year, an identifier, a link): when they come every `width`
    cells, the table has that many columns, and each row that holds a source is one entry,
    its other cells ("Dog", "60 dogs aged 2 to 7 years") with it; the header row, which
    holds none, is no entry.  Otherwise one entry per cell."""
    opening = [number for number, (start, end) in enumerate(cells) if _ROW_NUMBER.fullmatch(text[start:end])]
    if opening:
        bounds = [*opening, len(cells)]
        return [(cells[bounds[row]][0], cells[bounds[row + 1] - 1][1]) for row in range(len(opening))]
    sources = [number for number, (start, end) in enumerate(cells) if _BIBLIOGRAPHIC.search(text, start, end)]
    widths = {later - earlier for earlier, later in pairwise(sources)}
    if len(widths) != 1 or (width := widths.pop()) < 2:
        return cells
    rows = sorted({number // width for number in sources})
    return [(cells[row * width][0], cells[min(len(cells), (row + 1) * width) - 1][1]) for row in rows]


def _ends_list(block: str) -> bool:
    """A paragraph with no entry marker and nothing bibliographic (year, identifier, link)."""
    stripped = block.strip()
    return not _ENTRY_START.match(stripped) and not _BIBLIOGRAPHIC.search(stripped)


# How an entry opens when it has no number: "Lindahl P, Okeke C", "Lindahl, P.", "van Dam AB,".
_AUTHOR_OPENING = re.compile(
    rf"(?:(?:van|von|de|da|del|der|le|la)\s)?[{UPPER}][\w'’-]+(?:\s+[{UPPER}][\w'’-]+)?(?:,\s*[{UPPER}]\.|,?\s+[{UPPER}]{{1,3}}[,.\s])"
)
_PROSE_WORDS = 20
# An author and initials after an entry's full stop, where a joined list runs on.
_AUTHORED_START = re.compile(rf"(?<=\.)[ \t]+(?={_AUTHOR_OPENING.pattern})")


_NOTE_WORDS = 8


def _note_after_list(text: str, pieces: list[tuple[int, int]], block: str, listed: bool) -> bool:
    """A paragraph after a list (its items, or lines opening with numbers) that opens with no
    number and no author, and runs to a sentence ("Also mentioned: the study is registered at
    clinicaltrials.gov (NCT...), which ..."): a note after the list, main text (B120), even
    when it holds an identifier."""
    stripped = block.strip()
    return (
        (listed or bool(_ENTRY_START.match(text, pieces[0][0], pieces[0][1])))
        and not _ENTRY_START.match(stripped)
        and not _AUTHOR_OPENING.match(stripped)
        and len(stripped.split()) >= _NOTE_WORDS
    )


def _not_an_entry(block: str) -> bool:
    """A paragraph under a heading that may head prose ("The evidence", "The studies") that
    is prose: nothing bibliographic in it (`_ends_list`), or it tells of a study rather than
    lists one: no entry marker, no author and initials to open it, and the length of a few
    sentences ("A 2017 randomised trial of 100 adults with chronic low back pain found that
    ... (reference 1)")."""
    if _ends_list(block):
        return True
    stripped = block.strip()
    return not _ENTRY_START.match(stripped) and not _AUTHOR_OPENING.match(stripped) and len(stripped.split()) >= _PROSE_WORDS


def find_entry_ranges(doc: Doc, text: str | None = None) -> tuple[list[tuple[int, int]], list[tuple[int, int, bool]]]:
    """Reference sections and entry ranges (start, end, numbered-by-position)."""
    text = text_of(doc) if text is None else text
    segments = segments_of(doc)
    sections: list[tuple[int, int]] = []
    entries: list[tuple[int, int, bool]] = []
    index = 0
    while index < len(segments):
        start, end, kind = segments[index]
        line_end = text.find("\n", start, end)
        line_end = end if line_end < 0 else line_end
        if (
            kind in _HEADING_KINDS
            and _HEADING.match(text[start:line_end])
            and not (
                # "## The evidence" over a paragraph of prose heads an argument, not a list
                line_end >= end
                and not _NAMES_A_LIST.search(text, start, line_end)
                and index + 1 < len(segments)
                and segments[index + 1][2] == "paragraph"
                and _not_an_entry(text[segments[index + 1][0] : segments[index + 1][1]])
            )
        ):
            pieces = [(line_end + 1, end)] if line_end < end else []
            following = index + 1
            while following < len(segments):
                next_start, next_end, next_kind = segments[following]
                block = text[next_start:next_end]
                if next_kind in {"heading", "title", "meta", "footer"} or (
                    next_kind in _HEADING_KINDS and _HEADING.match(block.split("\n", 1)[0])
                ):
                    break  # the next section, or the page footer, ends the list
                if next_kind == "paragraph" and "\n" not in block and _TITLE_LINE.match(block.strip()):
                    break  # a plain-text heading ends the list
                listed = following > index + 1 and all(other[2] == "list_item" for other in segments[index + 1 : following])
                if pieces and next_kind == "paragraph" and (_ends_list(block) or _note_after_list(text, pieces, block, listed)):
                    break  # prose after the entries (a closing disclaimer) is not a source
                pieces.append((next_start, next_end))
                following += 1
            if pieces and all(kind == "table_cell" for _, _, kind in segments[index + 1 : following]):
                pieces = _table_rows(text, pieces)
            found = [piece for block in pieces for piece in _pieces_of(text, *block) if text[piece[0] : piece[1]].strip()]
            if found:
                sections.append((start, found[-1][1]))
                entries.extend((piece_start, piece_end, True) for piece_start, piece_end in found)
            index = following
            continue
        if kind == "table_cell" and (index == 0 or segments[index - 1][2] != "table_cell"):
            # "| Study | Design | Reference |": a table whose header names a column of sources is a
            # references table wherever it sits, its rows read as under a "References" heading.
            cells = index
            while cells < len(segments) and segments[cells][2] == "table_cell":
                cells += 1
            header = [text[low:high] for low, high, _ in segments[index : min(cells, index + 8)]]
            if any(_SOURCE_COLUMN.fullmatch(cell) for cell in header):
                pieces = _table_rows(text, [(low, high) for low, high, _ in segments[index:cells]])
                found = [piece for piece in pieces if _BIBLIOGRAPHIC.search(text, *piece)]
                if found:
                    sections.append((start, found[-1][1]))
                    entries.extend((piece_start, piece_end, True) for piece_start, piece_end in found)
                    index = cells
                    continue
        inline = _INLINE_HEADING.match(text, start, end) if kind in {"paragraph", "footnote"} else None
        if inline is not None:
            # "Reference: 1. Ravi S, et al. ... 2020;26:845." : the heading and its list on one line
            found = [piece for piece in _pieces_of(text, inline.end(), end) if text[piece[0] : piece[1]].strip()]
            sections.append((start, end))
            entries.extend((piece_start, piece_end, True) for piece_start, piece_end in found)
        elif kind == "footnote":
            sections.append((start, end))
            entries.extend((piece_start, piece_end, False) for piece_start, piece_end in _pieces_of(text, start, end))
        elif kind == "paragraph" and line_end < end:
            inner = _inner_list(text, line_end + 1, end)
            if inner is not None:
                heading_start, pieces = inner
                # The list may go on in the next blocks ("^2 ...", "^3 ..." read as paragraphs of their own).
                while pieces[-1][1] >= end - 1 and index + 1 < len(segments):
                    next_start, next_end, next_kind = segments[index + 1]
                    block = text[next_start:next_end].strip()
                    if next_kind not in {"paragraph", "list_item"} or not (
                        _ENTRY_START.match(block) or _BIBLIOGRAPHIC.search(block)
                    ):
                        break
                    pieces.append((next_start, next_end))
                    start, end, kind = segments[index + 1]
                    index += 1
                sections.append((heading_start, pieces[-1][1]))
                entries.extend((piece_start, piece_end, True) for piece_start, piece_end in pieces)
        index += 1
    if not sections:
        trailing = _trailing_list(text, segments, doc.user_data.get(ENTRY_LABELS_KEY, {}))
        if trailing:
            sections.append((trailing[0][0], trailing[-1][1]))
            entries.extend((start, end, True) for start, end in trailing)
    return sections, entries


# A numbered source as journals print it: "Lee A, et al. Title. Knee. 2021;9:1-9." (a year
# followed by volume or pages), or with an identifier.
_PRINTED_SOURCE = re.compile(
    r"\bet\s+al\b.*\b(?:19|20)\d{2}\b|\b(?:19|20)\d{2}\s*[;:]\s*\d|\bdoi\b|\b10\.\d{4,9}/|\bPMID\b|\bPMC\d", re.IGNORECASE
)


_NUMBER_OPENING = re.compile(r"\s*\[?(?P<number>\d{1,3})[.)\]]\s")
# "[a] Petrakis N ...": a lettered note opening a block, and the next ones run on after it
# (each opens with a capital, as an author's name does).
# The header cell of a table's column of sources: "Reference", "Sources", "Full citation".
_SOURCE_COLUMN = re.compile(r"\s*(?:full\s+)?(?:references?|sources?|citations?)\s*", re.IGNORECASE)
_LETTER_OPENING = re.compile(r"\s*\[(?P<number>[a-z])\]\s")
_RUN_ON_LETTER = re.compile(r"[ \t]+\[(?P<letter>[a-z])\][ \t]+(?=[A-Z])")


def _ordinal(label: str) -> int:
    """An entry's place in its list: "3", "³" or "c" (3)."""
    if label.isalpha():
        return ord(label) - ord("a") + 1
    return int(label.translate(_SUPERSCRIPT_DIGITS))


# "¹ FDA. News release, 2024.": a footnote numbered as it prints, closing a page under a rule.
_SUPERSCRIPT_OPENING = re.compile(r"\s*(?P<number>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s")


def _trailing_list(text: str, segments: Sequence[tuple[int, int, str]], given: dict[int, str]) -> list[tuple[int, int]]:
    """Numbered sources closing a page that gives them no heading, as a letter to a journal
    or a short article ends ("1. Lee A, et al. Title. Knee. 2021;9:1-9."): the lines from
    "1." to the end of the page, each opening with its number and reading as a printed
    source.  Footnotes numbered in superscript ("¹ FDA. News release, 2024.") are sources
    by their form, so a year, an identifier or a link is enough for them."""
    pieces: list[tuple[int, int]] = []
    for start, end, kind in reversed(segments):
        if kind not in {"paragraph", "list_item"}:
            break
        block = [piece for piece in _pieces_of(text, start, end) if text[piece[0] : piece[1]].strip()]
        labels: list[str | None] = []
        reads_as_source: list[bool] = []
        for a, b in block:
            if match := _NUMBER_OPENING.match(text, a, b):
                labels.append(match["number"])
                reads_as_source.append(bool(_PRINTED_SOURCE.search(text, a, b)))
            elif match := _SUPERSCRIPT_OPENING.match(text, a, b):
                labels.append(match["number"].translate(_SUPERSCRIPT_DIGITS))
                reads_as_source.append(bool(_BIBLIOGRAPHIC.search(text, a, b)))
            else:
                labels.append(given.get(a + len(text[a:b]) - len(text[a:b].lstrip())))
                reads_as_source.append(bool(_PRINTED_SOURCE.search(text, a, b)))
        if not all(label and label.isdigit() and source for label, source in zip(labels, reads_as_source, strict=True)):
            break
        pieces[:0] = block
        if labels[0] == "1":
            return pieces
    return []


# A line that opens with a caret footnote number: "^1 Adler J, et al. ..." (superscript
# footnotes closing a page are `_trailing_list`'s).
_FOOTNOTE_LINE = re.compile(r"^[ \t]*\^\d{1,3}[ \t]+\S", re.MULTILINE)


def _inner_list(text: str, start: int, end: int) -> tuple[int, list[tuple[int, int]]] | None:
    """A "Sources:" line inside a paragraph (a caption, an email footer): where it starts,
    and the entries on the lines after it, which run while each line opens with a marker or
    reads as bibliographic ("^1 Lindqvist A ... doi:...") and stop at the first that does
    not ("#exosomes #acne").  With no such line, footnotes typed as they print ("^1 Adler J,
    et al. ... 2021;37:510-518.") are the list from the first of them that reads as a source."""
    heading = _HEADING.search(text, start, end)
    if heading is None:
        footnote = next(
            (
                line
                for line in _FOOTNOTE_LINE.finditer(text, start, end)
                if _BIBLIOGRAPHIC.search(text, line.start(), _line_end(text, line.start(), end))
            ),
            None,
        )
        if footnote is None:
            return None
        return _lines_from(text, footnote.start(), end, footnote.start())
    return _lines_from(text, heading.end() + 1, end, heading.start())


def _line_end(text: str, position: int, end: int) -> int:
    line_end = text.find("\n", position, end)
    return end if line_end < 0 else line_end


def _lines_from(text: str, position: int, end: int, list_start: int) -> tuple[int, list[tuple[int, int]]] | None:
    """The entries from `position`: lines that open with a marker or read as bibliographic,
    up to the first that does not."""
    found: list[tuple[int, int]] = []
    while position < end:
        line_end = _line_end(text, position, end)
        line = text[position:line_end]
        if line.strip() and not (_ENTRY_START.match(line) or _BIBLIOGRAPHIC.search(line)):
            break
        if line.strip():
            found.append((position, line_end))
        position = line_end + 1
    return (list_start, found) if found else None


# "Source: Varga T, Oduya N. Inhaled cord cells in ... 2021." on the line under a paragraph:
# the source of that paragraph, with no marker in it.
# A Markdown or HTML reader joins a soft-wrapped line to its paragraph, so the same line may
# also follow a sentence's full stop on one line ("... knee pain. Source: Lee A, et al. ...").
_SOURCE_LINE = re.compile(
    r"(?:^[ \t]*|(?<=[.!?][ \t]))(?:sources?|study|reference)[ \t]*:[ \t]+(?=[A-Z0-9\[(])", re.IGNORECASE | re.MULTILINE
)


def _source_lines(
    text: str, sections: list[tuple[int, int]], sentences: Sequence[SentenceInfo]
) -> list[tuple[int, int, int, tuple[int, ...]]]:
    """Each "Source: <entry>" line outside a reference list whose entry reads as bibliographic
    (a year, an identifier, a link): (line start, entry start, entry end, the sentences it
    supports).  Those are the full sentences just above it (one blank line may come between),
    back to a heading line or a blank line; a line with no sentence above it supports nothing."""
    found: list[tuple[int, int, int, tuple[int, ...]]] = []
    if "source" not in text.lower() and "stud" not in text.lower() and "referenc" not in text.lower():
        return found
    for match in _SOURCE_LINE.finditer(text):
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        entry = text[match.end() : line_end]
        if not _BIBLIOGRAPHIC.search(entry) or any(low <= match.start() < high for low, high in sections):
            continue
        singular = not match.group().strip().lower().startswith("sources")
        supported: list[int] = []
        for info in reversed(sentences):
            if info.span.end_char > match.start():
                continue
            between = text[info.span.end_char : match.start()]
            # A Markdown page sets the line off by a blank line (a line right under a paragraph
            # would join it): the paragraph just above is still the one it supports, when the line
            # names one source ("Source:", not a page's "Sources: ...; ...") and the paragraph states.
            spaced = "\n\n" in between and not (
                singular and between.count("\n") == 2 and not between.strip() and not info.span.text.rstrip().endswith("?")
            )
            if (not supported and spaced) or (
                supported and "\n\n" in text[info.span.end_char : sentences[supported[-1]].span.start_char]
            ):
                break
            if not info.span.text.rstrip(" \t\n)\"'’”").endswith((".", "!", "?")):
                break  # a heading line
            supported.append(info.index)
        if supported:
            found.append((match.start(), match.end(), line_end, tuple(reversed(supported))))
    return found


def build_references(
    doc: Doc,
    publisher_domains: Sequence[str] = (),
    external: Sequence[Entry] = (),
) -> References:
    text = text_of(doc)
    links: Sequence[Link] = doc.user_data.get(LINKS_KEY, ())
    given_labels: dict[int, str] = doc.user_data.get(ENTRY_LABELS_KEY, {})
    sections, ranges = find_entry_ranges(doc, text)
    source_lines = _source_lines(text, sections, sentences_of(doc))
    id_links = [link for link in links if link.kind == "id"]
    entries: list[Entry] = []
    positional = 0
    for start, end, in_section in ranges:
        raw = text[start:end]
        labels: list[str] = []
        shown = _ENTRY_START.match(raw)
        if shown:
            number = next((shown[name] for name in _ENTRY_NUMBER_GROUPS if shown[name]), None)
            label = next((shown[name] for name in _ENTRY_LABEL_GROUPS if shown[name]), None)
            if number:
                labels.append(str(int(number.translate(_SUPERSCRIPT_DIGITS))))
            elif label:
                labels.append(label)
            start += shown.end()
        start += len(text[start:end]) - len(text[start:end].lstrip())
        if start in given_labels:
            labels.append(given_labels[start])
        labels.extend(link.href for link in id_links if link.start < end and start < link.end)
        shown_label = any(
            label.isdigit()
            or label.startswith("^")
            or _SUPPLEMENTARY.fullmatch(label)
            or _LETTER.fullmatch(label)
            or _NAMED_LETTER.fullmatch(label)
            for label in labels
        )
        if in_section and not shown_label:
            positional += 1
            labels.append(str(positional))
        own_links = [link for link in links if start <= link.start and link.end <= end]
        entries.append(make_entry(len(entries), start, end, text[start:end].strip(), labels, own_links, publisher_domains))
    for entry in external:
        entries.append(make_entry(len(entries), 0, 0, entry.text, entry.labels, (), publisher_domains, external=True))
    lined: list[Resolved] = []
    for line_start, start, end, supported in source_lines:
        index = len(entries)
        entries.append(make_entry(index, start, end, text[start:end].strip(), (), (), publisher_domains))
        sections.append((line_start, end))
        mark = Citation(line_start, start, "source_line", (f"source line {index}",))
        lined.extend(Resolved(mark, (index,), (), sentence) for sentence in supported)
    sections.sort()
    # "References (selected)", "Key references": the page says its list is not complete, so a
    # number missing from it is not a marker that points nowhere.
    partial = any(_PARTIAL.search(text, low, text.find("\n", low) if "\n" in text[low:high] else high) for low, high in sections)
    probe = References(tuple(sections), (), (), (), tuple(publisher_domains))
    by_label: dict[str, list[int]] = {}
    for entry in entries:
        for label in entry.labels:
            by_label.setdefault(label, []).append(entry.index)
    all_ids = {link.href for link in id_links}
    # "(Min et al. 2019; PMID 31098852)" in the prose and the same PMID in the list: the
    # identifier cites that entry, which is then neither unused nor unread by citation fit.
    by_identifier: dict[str, list[int]] = {}
    for entry in entries:
        for identifier in entry.identifiers:
            if identifier.valid:
                by_identifier.setdefault(identifier.labels[0], []).append(entry.index)
    marks = marks_of(doc)
    sentences = sentences_of(doc)
    starts = [info.span.start_char for info in sentences]
    resolved: list[Resolved] = []
    for mark in marks:
        if probe.in_list(mark.start):
            continue
        if mark.is_identifier or mark.kind == WEB_KIND:
            same = tuple(by_identifier.get(mark.labels[0], ())) if mark.is_identifier and mark.valid else ()
            resolved.append(Resolved(mark, same, (), _sentence_for(text, sentences, starts, mark)))
            continue
        found: list[int] = []
        missing: list[str] = []
        for label in mark.labels:
            keys = [label]
            if mark.kind == "anchor" and not all_ids:
                digits = re.search(r"(?P<number>\d+)\D*$", label)
                keys.append(str(int(digits["number"])) if digits else label)
            elif mark.kind == "author_year" and label[-1:].isalpha():
                keys.append(label[:-1])  # "(Kim 2020a)" citing a list whose entry has no letter
            hits = next((by_label[key] for key in keys if key in by_label), None)
            if hits and len(hits) > 1 and label.isdigit():
                # (an author and year named in a table and in the list below it is one source)
                hits = _in_own_section(hits, entries, sections, mark.start)
            if hits:
                found.extend(hits)
            elif mark.kind == "anchor" and label in all_ids:
                break  # an in-page link to something that is not a reference
            else:
                missing.append(label)
        else:
            if (
                mark.kind in CONFIRMED_KINDS or (mark.kind == "author_year" and _stands_alone(text, mark, marks, bool(entries)))
            ) and (missing or not found or not sections):
                # "(1)" that is no list entry's number is not a citation; "(Lee et al., Knee, 2021)"
                # with no entry stands as it is written (it was never read as a marker before)
                continue
            if partial and mark.kind not in {"author_year", "key", "footnote", "anchor"}:
                missing = []
            resolved.append(
                Resolved(mark, tuple(dict.fromkeys(found)), tuple(missing), _sentence_for(text, sentences, starts, mark))
            )
    resolved.extend(lined)
    invalid = tuple(mark for mark in marks if mark.is_identifier and not mark.valid)
    by_sentence: dict[int, list[Resolved]] = {}
    for item in resolved:
        if item.sentence is not None:
            by_sentence.setdefault(item.sentence, []).append(item)
    # Studies named by journal and year, then sentences that go on about "the same paper"
    # (named_sources.py): they cite what the page's list holds, as a marker would.
    if entries:
        for mark, hits, sentence in journal_year_citations(text, sentences, entries, probe.in_list):
            if sentence not in by_sentence:
                by_sentence[sentence] = [Resolved(mark, hits, (), sentence)]
                resolved.append(by_sentence[sentence][0])
        cited = {index: [(item.mark, item.entries) for item in items] for index, items in by_sentence.items()}
        for mark, hits, sentence in same_source_citations(text, sentences, cited):
            by_sentence[sentence] = [Resolved(mark, hits, (), sentence)]
            resolved.append(by_sentence[sentence][0])
    return References(
        tuple(sections),
        tuple(entries),
        tuple(resolved),
        invalid,
        tuple(publisher_domains),
        {key: tuple(value) for key, value in by_sentence.items()},
    )


# "Remestemcel-L (Ryoncil, 2024)": one capitalised word and a year in parentheses is a
# product's name and year as often as an author's; on a page with no list of sources it
# is not read as a marker that points nowhere ("(Kim et al., 2020)", "(Lee and Park, 2021)" are).
_PARTIAL = re.compile(r"\b(?:selected|abridged|partial|excerpt|key)\b", re.IGNORECASE)
_ONE_NAME_YEAR = re.compile(rf"\(\s*[{UPPER}][\w'’-]*,?\s+(?:19|20)\d{{2}}[a-z]?\s*\)")


def _stands_alone(text: str, mark: Citation, marks: Sequence[Citation], has_entries: bool) -> bool:
    """An author-year citation a reader can follow without an entry in the page's list: it
    names its journal ("(Ibarra et al., Eur J Heart Fail, 2021)"), or an identifier follows it
    inside the same parentheses ("(Okafor et al., 2022, doi:10.5555/...)", "(Lee 2021; PMID
    31234567)"); or, on a page with no list at all, it names the authors in the sentence, as
    news and patient pages do ("Lee and Park (2021) reported"), or it is one name and a year,
    which may as well be a product and the year it was approved."""
    written = text[mark.start : mark.end]
    if names_journal(written):
        return True
    if not has_entries and (_ONE_NAME_YEAR.fullmatch(written) or not written.startswith("(")):
        return True  # ... or names its authors in the sentence ("Lee and Park (2021) reported")
    opening = text.rfind("(", max(0, mark.start - 40), mark.start + 1)
    close = text.find(")", mark.end, mark.end + 120)
    if opening < 0 or close < 0 or ")" in text[opening : mark.end - 1] or "(" in text[mark.end : close]:
        return False
    return any(other.is_identifier and mark.end <= other.start < close for other in marks)


def _in_own_section(hits: list[int], entries: Sequence[Entry], sections: Sequence[tuple[int, int]], position: int) -> list[int]:
    """Of the entries a label names in several lists ("[2]" on a page whose knee and hip parts
    each number their references from 1), those of the list that closes the marker's part: the
    first list after it, else the last before it."""

    def section_of(index: int) -> int:
        start = entries[index].start
        return next((number for number, (low, high) in enumerate(sections) if low <= start < high), -1)

    by_section: dict[int, list[int]] = {}
    for index in hits:
        by_section.setdefault(section_of(index), []).append(index)
    if len(by_section) < 2 or -1 in by_section:
        return hits
    after = [number for number in by_section if sections[number][0] >= position]
    before = [number for number in by_section if sections[number][0] < position]
    return by_section[min(after)] if after else by_section[max(before)]


def _sentence_for(text: str, sentences: list[SentenceInfo], starts: list[int], mark: Citation) -> int | None:
    """The sentence a marker supports: its own, or the previous one when it opens a sentence."""
    if not sentences:
        return None
    position = bisect.bisect_right(starts, mark.start) - 1
    if position < 0:
        return None
    info = sentences[position]
    if position > 0 and not text[info.span.start_char : mark.start].strip(" \t\n.,;:)]}\"'’”"):
        previous = sentences[position - 1]
        if previous.segment == info.segment:
            return previous.index
    return info.index


class ReferenceResolver:
    def __init__(self, publisher_domains: Sequence[str], bibliography: str):
        self._domains = tuple(domain.lower().removeprefix("www.") for domain in publisher_domains)
        self._external = load_bibliography(Path(bibliography), self._domains) if bibliography else ()

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[REFERENCES_KEY] = build_references(doc, self._domains, self._external)
        return doc


@Language.factory("claimcheck_references", default_config={"publisher_domains": [], "bibliography": ""})
def make_reference_resolver(nlp: Language, name: str, publisher_domains: list[str], bibliography: str) -> ReferenceResolver:
    return ReferenceResolver(publisher_domains, bibliography)
