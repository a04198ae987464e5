"""Prose extracted from a source file, and the map back to the file's own characters.

Every reader (plain text, Markdown, HTML, DOCX) produces a `Source`: the prose that
analyzers see, cut into segments (paragraphs, headings, list items...), and an
`OffsetMap` that turns any prose character range back into the exact range of the
original text it came from.  Analyzers never see markup; formatters never see prose
offsets.  This split is what keeps reported line/column positions exact.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

SEGMENT_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Segment:
    """A block of prose (paragraph, heading, list item, table cell, alt text...)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Comment:
    """A comment in the original file; suppressions are written in comments."""

    text: str
    source_start: int
    source_end: int


@dataclass(frozen=True)
class Link:
    """A hyperlink whose text sits at prose[start:end]; citation detection reads the target.

    `kind` is "a" for a hyperlink; the HTML reader also records "sup" (superscript
    text, href "") and "id" (an element carrying an id, href "#id") so that citation
    markers and the reference entries they point to can be found.
    """

    start: int
    end: int
    href: str
    kind: str = "a"


@dataclass(frozen=True)
class _Run:
    prose_start: int
    source_start: int
    prose_length: int
    source_length: int

    @property
    def atomic(self) -> bool:
        # An entity such as "&amp;" decodes to one prose character that stands for
        # several source characters; such a run maps only as a whole.
        return self.prose_length != self.source_length


class OffsetMap:
    """Maps prose offsets to source offsets through sorted runs."""

    def __init__(self, runs: list[_Run]):
        self._runs = runs
        self._starts = [run.prose_start for run in runs]

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([_Run(0, 0, length, length)] if length else [])

    @classmethod
    def of_pieces(cls, pieces: list[tuple[str, int, int]]) -> OffsetMap:
        """The map of prose made by joining (prose, source start, source end) pieces."""
        runs, position = [], 0
        for prose, start, end in pieces:
            runs.append(_Run(position, start, len(prose), end - start))
            position += len(prose)
        return cls(runs)

    def to_prose(self, source_offset: int) -> int:
        """The prose offset of a source offset (the nearest one for unmapped source)."""
        position = 0
        for run in self._runs:
            if source_offset < run.source_start:
                return run.prose_start
            if source_offset < run.source_start + run.source_length:
                inside = source_offset - run.source_start
                return run.prose_start + (min(inside, run.prose_length) if not run.atomic else 0)
            position = run.prose_start + run.prose_length
        return position

    def _run_at(self, prose_offset: int) -> _Run | None:
        index = bisect.bisect_right(self._starts, prose_offset) - 1
        if index < 0:
            return None
        run = self._runs[index]
        if prose_offset < run.prose_start + run.prose_length:
            return run
        return None

    def to_source_start(self, prose_offset: int) -> int:
        run = self._run_at(prose_offset)
        if run is None:
            # Synthetic text (a separator): use the start of the next mapped run.
            index = bisect.bisect_right(self._starts, prose_offset)
            if index < len(self._runs):
                return self._runs[index].source_start
            last = self._runs[-1] if self._runs else None
            return last.source_start + last.source_length if last else 0
        if run.atomic:
            return run.source_start
        return run.source_start + (prose_offset - run.prose_start)

    def to_source_end(self, prose_end: int) -> int:
        """Source offset just after the prose character at prose_end - 1."""
        if prose_end <= 0:
            return self.to_source_start(0)
        run = self._run_at(prose_end - 1)
        if run is None:
            index = bisect.bisect_right(self._starts, prose_end - 1) - 1
            if index >= 0:
                last = self._runs[index]
                return last.source_start + last.source_length
            return self.to_source_start(prose_end)
        if run.atomic:
            return run.source_start + run.source_length
        return run.source_start + (prose_end - run.prose_start)

    def to_source(self, prose_start: int, prose_end: int) -> tuple[int, int]:
        start = self.to_source_start(prose_start)
        end = self.to_source_end(prose_end)
        return start, max(start, end)


# Editors' marks in quoted copy: "[w]e can reverse it", "a therapy [that] lasts", "re [sic]".
# The prose reads the words the brackets restore and drops "[sic]", so rules see "we";
# citation markers ("[1]", "[Smith 2019]"), footnotes ("[^1]") and links ("[text](url)")
# have a digit, a caret or a following "(" / "[" / ":" and are left alone.
# Only one letter ("[T]his") or lower-case words ("[that]"): "[ON SCREEN]" or "[MUSIC]" in
# a transcript is a stage direction the reader sees, not a restored word.  A lone lower-case
# letter before a full stop, comma or line end ("without a cane [a].") is a lettered note, and
# so is one opening a line ("[a] Ibsen K, Moreau T. ..."): the entry of a lettered list.
EDITORIAL = re.compile(
    r"(?<![!\]\w])\[(?:([sS][iI][cC]!?)|([A-Z]"
    r"|(?:(?<!^\[)(?<!\n\[)|(?![a-z]\][ \t]))[a-z](?!\](?:[.,;!?]|[ \t]*(?:\n|$)))"
    r"|[a-z][a-z'’ -]{1,30}))\](?![(\[:])"
)


def editorial_pieces(text: str) -> list[tuple[str, int, int]]:
    """`text` as (prose, source start, source end) pieces once editors' marks are read:
    "[w]e" gives "w" from "[w]" (so a span starting there starts at the bracket) and
    "e"; "[sic]" gives nothing.  One piece, the whole text, when there are none."""
    pieces: list[tuple[str, int, int]] = []
    position = 0
    for match in EDITORIAL.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], position, match.start()))
        if not match.group(1):  # "[sic]" goes; a restored word stays, standing for its brackets
            pieces.append((match.group(2), match.start(), match.end()))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], position, len(text)))
    return pieces


class ProseBuilder:
    """Collects prose pieces with their source ranges, segment by segment."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._runs: list[list[int]] = []
        self._segments: list[Segment] = []
        self._links: list[Link] = []
        self._segment_start: int | None = None
        self._segment_kind = "paragraph"
        self._segment_has_text = False

    @property
    def length(self) -> int:
        return self._length

    def last_char(self) -> str:
        """The last prose character written ("" at the start)."""
        for part in reversed(self._parts):
            if part:
                return part[-1]
        return ""

    def start_segment(self, kind: str) -> None:
        if self._segment_start is not None:
            self.end_segment()
        if self._segments or self._length:
            self._append_unmapped(SEGMENT_SEPARATOR)
        self._segment_start = self._length
        self._segment_kind = kind
        self._segment_has_text = False

    def end_segment(self) -> None:
        if self._segment_start is None:
            return
        start, end = self._segment_start, self._length
        self._segment_start = None
        if end > start and self._segment_has_text:
            self._segments.append(Segment(start, end, self._segment_kind))

    def add(self, text: str, source_start: int, source_end: int | None = None) -> None:
        """Add prose that came from source[source_start:source_end].

        When the lengths differ (a decoded entity, a collapsed space) the piece maps
        as a whole; otherwise character by character.
        """
        if not text:
            return
        source_length = len(text) if source_end is None else source_end - source_start
        if "[" in text and source_length == len(text) and EDITORIAL.search(text):
            for piece, start, end in editorial_pieces(text):
                self._add(piece, source_start + start, end - start)
            return
        self._add(text, source_start, source_length)

    def _add(self, text: str, source_start: int, source_length: int) -> None:
        if not text:
            return
        if self._segment_start is None:
            self.start_segment(self._segment_kind)
        length = len(text)
        # Runs are [prose_start, source_start, prose_length, source_length] while
        # building (a reader adds one per word: extending a list is far cheaper than
        # replacing a frozen _Run); build() freezes them.
        runs = self._runs
        last = runs[-1] if runs else None
        if (
            last is not None
            and length == source_length
            and last[2] == last[3]
            and last[0] + last[2] == self._length
            and last[1] + last[3] == source_start
        ):
            last[2] += length
            last[3] += length
        else:
            runs.append([self._length, source_start, length, source_length])
        self._parts.append(text)
        self._length += length
        if not self._segment_has_text and not text.isspace():
            self._segment_has_text = True

    def add_unmapped(self, text: str) -> None:
        """Add text with no source of its own (a space between two table cells)."""
        if self._segment_start is None:
            self.start_segment(self._segment_kind)
        self._append_unmapped(text)

    def add_link(self, prose_start: int, prose_end: int, href: str, kind: str = "a") -> None:
        self._links.append(Link(prose_start, prose_end, href, kind))

    def _append_unmapped(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)

    def build(self) -> tuple[str, tuple[Segment, ...], OffsetMap, tuple[Link, ...]]:
        self.end_segment()
        return "".join(self._parts), tuple(self._segments), OffsetMap([_Run(*run) for run in self._runs]), tuple(self._links)


_LINE_END = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Converts offsets in the original text to 1-based line and column (code points)."""

    def __init__(self, text: str):
        # A line ends at "\r\n", "\r" or "\n" (one regex pass, not a Python loop per character).
        self._line_starts = [0, *(match.end() for match in _LINE_END.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        return self._line_starts[line - 1] + column - 1


@dataclass(frozen=True)
class Source:
    """A file as claimcheck reads it: original text plus prose and the map between them."""

    path: str
    format: str
    original: str
    prose: str
    segments: tuple[Segment, ...]
    offsets: OffsetMap = field(compare=False, repr=False)
    links: tuple[Link, ...] = ()
    comments: tuple[Comment, ...] = ()
    # What the reader refused to read (a DTD in a .docx part...): each becomes a notice.
    notes: tuple[str, ...] = field(default=(), compare=False)

    def line_index(self) -> LineIndex:
        return LineIndex(self.original)

    def source_range(self, prose_start: int, prose_end: int) -> tuple[int, int]:
        return self.offsets.to_source(prose_start, prose_end)

    def trimmed_range(self, start: int, end: int) -> tuple[int, int]:
        """`source_range` without the whitespace at either end: the exact flagged text."""
        start, end = self.source_range(start, end)
        text = self.original
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def segment_at(self, prose_offset: int) -> Segment | None:
        starts = [segment.start for segment in self.segments]
        index = bisect.bisect_right(starts, prose_offset) - 1
        if index >= 0 and prose_offset < self.segments[index].end:
            return self.segments[index]
        return None
