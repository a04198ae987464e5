"""Plain text: the prose is the file itself; blank lines separate segments."""

from __future__ import annotations

import re

from claimcheck.sources.base import OffsetMap, Segment, Source

_BLANK_LINES = re.compile(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)\s*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Hard-wrapped prose keeps lines short; a line longer than this is a whole paragraph
# written on one line (exports from web pages and word processors), so its line break
# ends the paragraph.
_UNWRAPPED_LINE = 100


def read_text(text: str, path: str) -> Source:
    segments = []
    start = 0
    for blank in _BLANK_LINES.finditer(text):
        _add_segment(segments, text, start, blank.start())
        start = blank.end()
    _add_segment(segments, text, start, len(text))
    return Source(
        path=path,
        format="text",
        original=text,
        prose=text,
        segments=tuple(segments),
        offsets=OffsetMap.identity(len(text)),
    )


def _add_segment(segments: list[Segment], text: str, start: int, end: int) -> None:
    line_start = start
    for line_break in _LINE_BREAK.finditer(text, start, end):
        if line_break.start() - line_start > _UNWRAPPED_LINE:
            _add_block(segments, text, start, line_break.start())
            start = line_break.end()
        line_start = line_break.end()
    _add_block(segments, text, start, end)


def _add_block(segments: list[Segment], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    leading = len(chunk) - len(chunk.lstrip())
    segments.append(Segment(start + leading, start + leading + len(stripped), "paragraph"))
