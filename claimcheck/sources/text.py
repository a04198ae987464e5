"""Plain text: the prose is the file itself; blank lines separate segments."""

from __future__ import annotations

import re

from claimcheck.sources.base import OffsetMap, Segment, Source

_BLANK_LINES = re.compile(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)\s*")


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
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    leading = len(chunk) - len(chunk.lstrip())
    segments.append(Segment(start + leading, start + leading + len(stripped), "paragraph"))
