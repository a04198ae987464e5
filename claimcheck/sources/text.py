"""Plain text: the prose is the file itself; blank lines separate segments.

Suppression comments (`[claimcheck-disable ...]` anywhere, or a line `# claimcheck-...`)
become `Comment`s and are blanked out of the prose (same length, so offsets stay
identical), so a control line is never linted as a sentence.
"""

from __future__ import annotations

import re

from claimcheck.sources.base import EDITORIAL, Comment, OffsetMap, Segment, Source, editorial_pieces

_BLANK_LINES = re.compile(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)\s*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Hard-wrapped prose keeps lines short; a line longer than this is a whole paragraph
# written on one line (exports from web pages and word processors), so its line break
# ends the paragraph.
_UNWRAPPED_LINE = 100
_DIRECTIVE = r"claimcheck-(?:disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])"
_CONTROL = re.compile(rf"\[{_DIRECTIVE}[^\]\r\n]*\]|(?<![^\r\n])[ \t]*(\#[ \t]*{_DIRECTIVE}[^\r\n]*)")


def _controls(text: str) -> tuple[str, tuple[Comment, ...]]:
    """The text with control comments blanked, and the comments."""
    if "claimcheck-" not in text:
        return text, ()
    comments = []
    for match in _CONTROL.finditer(text):
        start, end = match.span(1) if match.group(1) else match.span()
        written = text[start:end].rstrip()
        comments.append(Comment(written, start, start + len(written)))
    if not comments:
        return text, ()
    chars = list(text)
    for comment in comments:
        chars[comment.source_start : comment.source_end] = " " * (comment.source_end - comment.source_start)
    return "".join(chars), tuple(comments)


def read_text(text: str, path: str) -> Source:
    original = text
    text, comments = _controls(original)
    segments = []
    start = 0
    for blank in _BLANK_LINES.finditer(text):
        _add_segment(segments, text, start, blank.start())
        start = blank.end()
    _add_segment(segments, text, start, len(text))
    prose, offsets, segments = _without_editorial_marks(text, segments)
    return Source(
        path=path,
        format="text",
        original=original,
        prose=prose,
        segments=tuple(segments),
        offsets=offsets,
        comments=comments,
    )


def _without_editorial_marks(text: str, segments: list[Segment]) -> tuple[str, OffsetMap, list[Segment]]:
    """The prose with editors' brackets read and "[sic]" taken out (as every reader does,
    see `editorial_pieces`), its map back to the text, and the segments moved onto it."""
    if "[" not in text or not EDITORIAL.search(text):
        return text, OffsetMap.identity(len(text)), segments
    pieces = editorial_pieces(text)
    offsets = OffsetMap.of_pieces(pieces)
    moved = [Segment(offsets.to_prose(segment.start), offsets.to_prose(segment.end), segment.kind) for segment in segments]
    prose = "".join(piece for piece, _, _ in pieces)
    return prose, offsets, [segment for segment in moved if segment.end > segment.start]


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
