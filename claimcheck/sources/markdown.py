"""Markdown (CommonMark + tables, strikethrough, footnotes, front matter) to prose with exact offsets.

What becomes prose, and the segment kind it gets:

* headings ("heading"), paragraphs ("paragraph"), list items ("list_item"), block
  quotes ("blockquote"), footnote definitions ("footnote"): a paragraph takes the kind
  of the innermost list item, block quote or footnote around it;
* table cells ("table_cell"): every cell is its own segment, so a sentence never runs
  from one cell into the next;
* image alt text ("alt"): its own segment, written after the block the image sits in,
  so the block's own text stays continuous.  An image inside a link is the link's
  text, so its alt text stays inline;
* front matter ``title:`` and ``description:`` values ("title" / "meta"), YAML
  (``---``) or TOML (``+++``), mapped to their exact characters;
* link text (with a `Link` to the target), emphasis contents, autolinks' visible
  text, footnote references kept verbatim as ``[^1]`` so citation detection sees them;
  text in inline ``<sup>`` tags reads as in the HTML reader (a citation number as
  superscript digits, "sclerosis<sup>1</sup>" gives "sclerosis¹").

Never prose: fenced and indented code, inline code, raw HTML blocks and inline tags
(the text between inline tags is kept), link and image destinations and titles,
reference definitions.  HTML comments become `Comment`s (the whole ``<!-- ... -->``
text, with its source range); comments inside code are not comments.

Text pieces are copied verbatim, so for any prose span inside ordinary text the
source slice is the same string.  The exceptions map as a whole: an entity (``&amp;``
gives "&") or a backslash escape (``\\*`` gives "*"); a soft line break is a " " mapped
to the source line break ("\\r\\n" counts as one unit), a hard break is a "\\n" mapped to
it; an entity that decodes to white space (``&nbsp;``) gives a plain " ".

markdown-it gives block tokens line ranges but inline tokens no offsets.  So each
block's inline content (markdown-it's own string) is first aligned with the source
line by line, and each inline piece is then found in that content with a moving
cursor; the characters skipped between two pieces must be markup (emphasis markers,
brackets, white space), and link destinations and code spans are stepped over by
the same rules markdown-it uses.  A piece that cannot be placed is left out of the
prose rather than given a wrong position.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common import utils as _md_utils
from markdown_it.common.utils import isStrSpace
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from claimcheck.sources.base import Comment, ProseBuilder, Source

__all__ = ["read_markdown"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_EDGES = re.compile(r"(\s*)(.*?)(\s*)\Z", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# Characters that may sit between two inline pieces: emphasis and strikethrough
# markers, link and image brackets, and the white space the inline parser drops
# around line breaks.
_MARKUP = frozenset("*_~[]!")
_CONTAINERS = {
    "blockquote_open": "blockquote",
    "list_item_open": "list_item",
    "footnote_reference_open": "footnote",
}
_CONTAINER_CLOSE = {
    "blockquote_close": "blockquote_open",
    "list_item_close": "list_item_open",
    "footnote_reference_close": "footnote_reference_open",
}
# The white space markdown-it trims from table cells.
_TRIM = getattr(_md_utils, "MD_TRIM_CHARS", " \t\n\r\f\v")
_FRONT_FIELD = {"title": "title", "description": "meta"}
_SUP_OPEN = re.compile(r"<sup(?:\s[^>]*)?>\Z", re.IGNORECASE)
_SUP_CLOSE = re.compile(r"</sup\s*>\Z", re.IGNORECASE)
_CITATION_NUMBER = re.compile(r"[0-9]+(?:[,\-\u2013][0-9]+)*,?")
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _make_parser() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        # Definitions stay where they are written (and are kept even when nothing
        # refers to them); "^[inline notes]" stay plain text.
        .use(footnote_plugin, inline=False, move_to_end=False)
    )
    # Keep escapes and entities as their own tokens: their source text differs from
    # what they stand for, so they are mapped as a whole.
    md.disable("text_join")
    # markdown-it stops reading blocks nested deeper than this (its guard against deep
    # recursion); the commonmark preset's 20 drops text in ordinary nested lists.
    md.options["maxNesting"] = 100
    return md


_PARSER = _make_parser()


def read_markdown(text: str, path: str) -> Source:
    return _Reader(text).read(path)


@dataclass
class _Lines:
    """Line starts, content ends and next-line starts of the original text."""

    starts: list[int]
    ends: list[int]
    nexts: list[int]

    @classmethod
    def of(cls, text: str) -> _Lines:
        starts, ends, nexts = [0], [], []
        for match in _LINE_BREAK.finditer(text):
            ends.append(match.start())
            nexts.append(match.end())
            starts.append(match.end())
        ends.append(len(text))
        nexts.append(len(text))
        return cls(starts, ends, nexts)

    def __len__(self) -> int:
        return len(self.starts)


@dataclass
class _ContentMap:
    """Where the characters of one inline token's content sit in the source.

    `runs` are (content start, content end, delta): content[i] == text[i + delta]
    for i in the run.  `breaks` maps the content index of a "\\n" to the source
    range of the line break it stands for.
    """

    runs: list[tuple[int, int, int]] = field(default_factory=list)
    breaks: dict[int, tuple[int, int]] = field(default_factory=dict)

    def chunks(self, start: int, end: int) -> list[tuple[int, int, int]] | None:
        """Runs covering content[start:end] without a gap, or None."""
        if start >= end:
            return []
        index = bisect.bisect_right(self.runs, (start, float("inf"), 0)) - 1
        if index < 0:
            return None
        found = []
        position = start
        while position < end:
            if index >= len(self.runs):
                return None
            run_start, run_end, delta = self.runs[index]
            if not run_start <= position < run_end:
                return None
            stop = min(run_end, end)
            found.append((position, stop, delta))
            position = stop
            index += 1
        return found

    def source_of(self, index: int) -> int | None:
        chunks = self.chunks(index, index + 1)
        return index + chunks[0][2] if chunks else None


def _add_run(cmap: _ContentMap, content: str, text: str, content_start: int, content_end: int, delta: int) -> None:
    """Add the widest run around [content_start, content_end) where content and text agree."""
    low, high = content_start, content_end
    if content[low:high] != text[low + delta : high + delta]:
        return
    line_low = content.rfind("\n", 0, low) + 1
    line_high = content.find("\n", high)
    line_high = len(content) if line_high < 0 else line_high

    def agrees(index: int) -> bool:
        source = index + delta
        return 0 <= source < len(text) and content[index] == text[source] and text[source] not in "\r\n"

    while low > line_low and agrees(low - 1):
        low -= 1
    while high < line_high and agrees(high):
        high += 1
    if high > low:
        cmap.runs.append((low, high, delta))


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.lines = _Lines.of(text)
        self.builder = ProseBuilder()
        self.comments: list[Comment] = []
        self.env: dict = {}

    # -- document ---------------------------------------------------------------

    def read(self, path: str) -> Source:
        parse_text = self._front_matter_toml(self.text)
        if parse_text.startswith("\ufeff"):
            parse_text = parse_text[1:]  # line numbers are unchanged
        try:
            tokens = _PARSER.parse(parse_text, self.env)
        except RecursionError:  # pragma: no cover - markdown-it limits nesting itself
            tokens = []
        self._blocks(tokens)
        prose, segments, offsets, links = self.builder.build()
        self.comments.sort(key=lambda comment: comment.source_start)
        return Source(path, "markdown", self.text, prose, segments, offsets, links, tuple(self.comments))

    def _blocks(self, tokens: list[Token]) -> None:
        containers: list[str] = []
        leaf = "paragraph"
        atx = False
        row: list[Token] = []
        in_row = False
        for token in tokens:
            kind = token.type
            if kind == "front_matter":
                self._front_matter_yaml(token)
            elif kind in _CONTAINERS:
                containers.append(kind)
            elif kind in _CONTAINER_CLOSE:
                opener = _CONTAINER_CLOSE[kind]
                if opener in containers:
                    while containers and containers.pop() != opener:
                        pass
            elif kind == "heading_open":
                leaf = "heading"
                atx = token.markup.startswith("#")
            elif kind == "heading_close":
                leaf = "paragraph"
            elif kind == "tr_open":
                in_row, row = True, []
            elif kind == "tr_close":
                in_row = False
                self._table_row(row)
            elif kind == "html_block" and token.map:
                self._html_block_comments(token)
            elif kind == "inline":
                if in_row:
                    row.append(token)
                elif token.map:
                    segment_kind = leaf if leaf == "heading" else _CONTAINERS[containers[-1]] if containers else "paragraph"
                    cmap = self._line_map(token, atx=leaf == "heading" and atx)
                    self._inline(token, cmap, segment_kind)

    # -- front matter -------------------------------------------------------------

    def _front_matter_yaml(self, token: Token) -> None:
        if not token.map:
            return
        first, last = token.map[0] + 1, token.map[1] - 1
        # The closing marker line (--- or ...) is not content; an auto-closed block has none.
        last = min(last, len(self.lines))
        self._front_fields(range(first, last), separator=":")

    def _front_matter_toml(self, text: str) -> str:
        """Read a TOML front matter block; return the text markdown-it should parse
        (the block blanked out, line structure kept)."""
        first_end = self.lines.ends[0]
        if text[self.lines.starts[0] : first_end].rstrip() not in ("+++", "\ufeff+++"):
            return text
        for line in range(1, len(self.lines)):
            if text[self.lines.starts[line] : self.lines.ends[line]].rstrip() == "+++":
                self._front_fields(range(1, line), separator="=")
                end = self.lines.ends[line]
                blank = re.sub(r"[^\r\n]", " ", text[:end])
                return blank + text[end:]
        return text

    def _front_fields(self, lines: range, separator: str) -> None:
        text = self.text
        pattern = re.compile(r"(title|description)[ \t]*" + re.escape(separator) + r"[ \t]*", re.IGNORECASE)
        index = lines.start
        while index < lines.stop:
            start, end = self.lines.starts[index], self.lines.ends[index]
            match = pattern.match(text, start, end)
            index += 1
            if not match:
                continue
            pieces: list[tuple[int, int]] = []
            value_start = match.end()
            value = text[value_start:end]
            quote = value[:1]
            if value.startswith(('"""', "'''")):
                pass  # TOML multi-line strings are not read
            elif quote in ('"', "'"):
                # A quoted scalar: up to the closing quote, possibly over several lines.
                position = value_start + 1
                line_end = end
                while True:
                    close = self._closing_quote(text, position, line_end, quote)
                    if close >= 0:
                        pieces.append((position, close))
                        break
                    pieces.append((position, line_end))
                    if index >= lines.stop:
                        pieces = []
                        break
                    position, line_end = self.lines.starts[index], self.lines.ends[index]
                    index += 1
            else:
                stripped = value.strip()
                block = bool(re.fullmatch(r"[|>][-+0-9]*(?:\s+#.*)?", stripped))
                if block:
                    stripped = ""  # a block scalar: the value is on the following lines
                elif separator == ":":
                    stripped = _yaml_plain(stripped)
                if stripped:
                    offset = value_start + value.index(stripped)
                    pieces.append((offset, offset + len(stripped)))
                # Continuation lines: indented, non-blank lines that follow.
                while index < lines.stop and separator == ":":
                    line_text = text[self.lines.starts[index] : self.lines.ends[index]]
                    if not line_text.strip() or not line_text[:1].isspace():
                        break
                    index += 1
                    line_value = line_text.strip() if block else _yaml_plain(line_text.strip())
                    if line_value:
                        offset = self.lines.starts[index - 1] + line_text.index(line_value)
                        pieces.append((offset, offset + len(line_value)))
            self._front_segment(_FRONT_FIELD[match.group(1).lower()], pieces)

    @staticmethod
    def _closing_quote(text: str, position: int, end: int, quote: str) -> int:
        while position < end:
            char = text[position]
            if quote == '"' and char == "\\":
                position += 2
                continue
            if char == quote:
                if quote == "'" and position + 1 < end and text[position + 1] == "'":
                    position += 2
                    continue
                return position
            position += 1
        return -1

    def _front_segment(self, kind: str, pieces: list[tuple[int, int]]) -> None:
        pieces = [(start, end) for start, end in pieces if end > start and self.text[start:end].strip()]
        if not pieces:
            return
        builder = self.builder
        builder.start_segment(kind)
        previous_end = None
        for start, end in pieces:
            chunk = self.text[start:end]
            lead = len(chunk) - len(chunk.lstrip())
            start += lead
            end = start + len(chunk.strip())
            if previous_end is not None:
                # The line break (and indentation) between two lines reads as one space.
                if self.text[previous_end:start].isspace():
                    builder.add(" ", previous_end, start)
                else:
                    builder.add_unmapped(" ")
            builder.add(self.text[start:end], start)
            previous_end = end
        builder.end_segment()

    # -- comments in raw HTML blocks ------------------------------------------------

    def _html_block_comments(self, token: Token) -> None:
        assert token.map is not None
        first, last = token.map
        if first >= len(self.lines):
            return
        start = self.lines.starts[first]
        end = self.lines.ends[min(last, len(self.lines)) - 1]
        for match in _COMMENT.finditer(self.text, start, end):
            self.comments.append(Comment(match.group(0), match.start(), match.end()))

    # -- aligning inline content with the source ----------------------------------

    def _line_map(self, token: Token, atx: bool) -> _ContentMap:
        """Align each line of a paragraph's or heading's content with its source line."""
        assert token.map is not None
        cmap = _ContentMap()
        content = token.content
        text = self.text
        content_lines = content.split("\n")
        # Content line i comes from source line first + i.  markdown-it trims the
        # content, so leading lines of nothing but (Unicode) white space may be gone:
        # start at the first source line the first content line fits.
        first = token.map[0]
        spare = max(0, token.map[1] - token.map[0] - len(content_lines))
        head = content_lines[0].strip()
        for line in range(first, min(first + spare, len(self.lines) - 1, first + 50) + 1):
            if self._find_core(text[self.lines.starts[line] : self.lines.ends[line]], head, atx) >= 0:
                first = line
                break
        content_start = 0
        for number, line in enumerate(content_lines):
            source_line = first + number
            if source_line >= len(self.lines):
                break
            line_start, line_end = self.lines.starts[source_line], self.lines.ends[source_line]
            core = line.strip()
            lead = len(line) - len(line.lstrip())
            if core:
                position = self._find_core(text[line_start:line_end], core, atx)
                if position >= 0:
                    delta = line_start + position - (content_start + lead)
                    _add_run(cmap, content, text, content_start + lead, content_start + lead + len(core), delta)
            if number < len(content_lines) - 1:
                cmap.breaks[content_start + len(line)] = (line_end, self.lines.nexts[source_line])
            content_start += len(line) + 1
        return cmap

    @staticmethod
    def _find_core(source: str, core: str, atx: bool) -> int:
        """Where a content line (stripped) sits in its source line, or -1."""
        if not core:
            return -1
        if atx:
            # After the opening #s; the closing sequence may follow the text.
            hashes = source.find("#")
            if hashes < 0:
                return -1
            after = hashes
            while after < len(source) and source[after] == "#":
                after += 1
            return source.find(core, after)
        # Container markers and indentation come first, so the text ends the line.
        trimmed = source.rstrip()
        if trimmed.endswith(core):
            return len(trimmed) - len(core)
        return source.find(core) if source.count(core) == 1 else -1

    def _table_row(self, cells: list[Token]) -> None:
        """Find a table row's cells in its source line, then read each cell."""
        if not cells or not cells[0].map:
            return
        line = cells[0].map[0]
        if line >= len(self.lines):
            return
        line_start, line_end = self.lines.starts[line], self.lines.ends[line]
        source = self.text[line_start:line_end]
        wanted = [cell.content for cell in cells]
        placed = None
        for offset, char in enumerate(source[:200]):
            if char in _TRIM:
                continue
            columns = _split_row(source, offset)
            contents = [_cell_content(source, column) for column in columns]
            contents = (contents + [("", [])] * len(wanted))[: len(wanted)]
            if [content for content, _ in contents] == wanted:
                placed = contents
                break
        for index, cell in enumerate(cells):
            cmap = _ContentMap()
            if placed is not None:
                for content_start, content_end, source_start in placed[index][1]:
                    cmap.runs.append((content_start, content_end, line_start + source_start - content_start))
            self._inline(cell, cmap, "table_cell")

    # -- inline content -----------------------------------------------------------

    def _inline(self, token: Token, cmap: _ContentMap, kind: str) -> None:
        walker = _InlineWalker(self, token.content, cmap, kind)
        walker.walk(token.children or [])
        walker.finish()


def _yaml_plain(value: str) -> str:
    """A plain YAML scalar without its trailing comment."""
    if value.startswith("#"):
        return ""
    return re.split(r"\s+#", value, maxsplit=1)[0].rstrip()


def _split_row(source: str, offset: int) -> list[list[tuple[int, int]]]:
    """markdown-it's escapedSplit over source[offset:] (right-trimmed), keeping positions.

    Each column is a list of (start, end) source pieces; the backslash of an escaped
    pipe is left out, as markdown-it leaves it out.
    """
    end = len(source.rstrip(_TRIM))
    columns: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    last = offset
    escaped = False
    position = offset
    while position < end:
        char = source[position]
        if char == "|":
            if not escaped:
                current.append((last, position))
                columns.append(current)
                current = []
                last = position + 1
            else:
                current.append((last, position - 1))
                last = position
        escaped = char == "\\"
        position += 1
    current.append((last, end))
    columns.append(current)
    if columns and all(a == b for a, b in columns[0]):
        columns.pop(0)
    if columns and all(a == b for a, b in columns[-1]):
        columns.pop()
    return columns


def _cell_content(source: str, column: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int, int]]]:
    """A column's trimmed content and its runs (content start, content end, source start)."""
    pieces = [(start, end) for start, end in column if end > start]
    raw = "".join(source[start:end] for start, end in pieces)
    stripped = raw.strip(_TRIM)
    if not stripped:
        return "", []
    lead = len(raw) - len(raw.lstrip(_TRIM))
    runs = []
    content_position = -lead
    for start, end in pieces:
        length = end - start
        low = max(content_position, 0)
        high = min(content_position + length, len(stripped))
        if high > low:
            runs.append((low, high, start + (low - content_position)))
        content_position += length
    return stripped, runs


class _Sink:
    """Holds back white space until more text follows, so none is left at the edges
    of a segment and none is doubled where markup was removed."""

    def __init__(self, write: Callable[[str, int, int], None]):
        self._write = write
        self._pending: tuple[str, int, int] | None = None
        self._has_text = False

    def put(self, prose: str, source_start: int, source_end: int) -> None:
        if not prose:
            return
        if prose.isspace():
            if self._has_text and (self._pending is None or (prose == "\n" and self._pending[0] != "\n")):
                self._pending = (prose, source_start, source_end)
            return
        if self._pending is not None:
            self._write(*self._pending)
            self._pending = None
        self._write(prose, source_start, source_end)
        self._has_text = True


@dataclass
class _OpenLink:
    href: str
    auto: bool = False
    start: int | None = None
    end: int | None = None


class _InlineWalker:
    """Walks one inline token's children, placing each piece in the content."""

    def __init__(self, reader: _Reader, content: str, cmap: _ContentMap, kind: str):
        self.reader = reader
        self.builder = reader.builder
        self.content = content
        self.cmap = cmap
        self.kind = kind
        self.cursor = 0
        self.lost = False
        self.links: list[_OpenLink] = []
        self.sink = _Sink(self._write)
        self.alt_sink: _Sink | None = None  # the alt text being read
        self.deferred: list[list[tuple[str, int, int]]] = []
        self.started = False
        self._state: StateInline | None = None
        self.superscripts = 0  # open inline <sup> tags
        self.sup_tag: tuple[int, int] | None = None  # source range of a <sup> tag with no text yet

    # -- output -------------------------------------------------------------------

    def emit(self, prose: str, source_start: int, source_end: int) -> None:
        """Write a piece; white space is held back and dropped at the edges of a segment
        and where it would double up (the gap left by inline code or a tag)."""
        sink = self.alt_sink if self.alt_sink is not None else self.sink
        sink.put(prose, source_start, source_end)

    def _write(self, prose: str, source_start: int, source_end: int) -> None:
        if not self.started:
            self.builder.start_segment(self.kind)
            self.started = True
        start = self.builder.length
        self.builder.add(prose, source_start, source_end)
        if not prose.isspace():
            for link in self.links:
                if link.start is None:
                    link.start = start
                link.end = self.builder.length

    def emit_content(self, start: int, end: int) -> bool:
        """Copy content[start:end] to the prose, mapped to its source characters."""
        chunks = self.cmap.chunks(start, end)
        if chunks is None:
            return False
        content = self.content
        for low, high, delta in chunks:
            # Leading and trailing white space go through the sink on their own, so
            # they can be dropped at a segment's edge; the middle is copied as is.
            match = _EDGES.match(content, low, high)
            assert match is not None
            for group in (1, 2, 3):
                if match.end(group) > match.start(group):
                    self.emit(match.group(group), match.start(group) + delta, match.end(group) + delta)
        return True

    def finish(self) -> None:
        if self.started:
            self.builder.end_segment()
        for pieces in self.deferred:
            self.builder.start_segment("alt")
            for prose, start, end in pieces:
                self.builder.add(prose, start, end)
            self.builder.end_segment()

    # -- locating -----------------------------------------------------------------

    def _gap_ok(self, end: int, extra: str = "") -> bool:
        return all(char in _MARKUP or char in extra or char.isspace() for char in self.content[self.cursor : end])

    def locate(self, needle: str, extra: str = "") -> int:
        """Position of needle after the cursor with only markup before it, or -1."""
        if self.lost or not needle:
            return -1
        position = self.content.find(needle, self.cursor)
        if position < 0 or not self._gap_ok(position, extra):
            self.lost = True  # everything after this point would be guesswork
            return -1
        return position

    def state(self) -> StateInline:
        if self._state is None:
            self._state = StateInline(self.content, _PARSER, self.reader.env, [])
        state = self._state
        state.pos = 0
        state.posMax = len(self.content)
        state.cache = {}
        return state

    # -- walking ------------------------------------------------------------------

    def walk(self, children: Iterable[Token]) -> None:
        skip_autolink = False
        for child in children:
            kind = child.type
            if skip_autolink:
                if kind == "link_close":
                    skip_autolink = False
                    self._close_link()
                continue
            if kind == "text":
                self._text(child.content)
            elif kind == "text_special":
                self._special(child)
            elif kind in ("softbreak", "hardbreak"):
                self._break(kind == "hardbreak")
            elif kind == "code_inline":
                self._code(child.markup)
            elif kind == "html_inline":
                self._html(child.content)
            elif kind == "footnote_ref":
                label = str((child.meta or {}).get("label", ""))
                position = self.locate(f"[^{label}]")
                if position >= 0:
                    end = position + len(label) + 3
                    self.emit_content(position, end)
                    self.cursor = end
            elif kind == "link_open":
                if child.markup == "autolink":
                    self._autolink(child)
                    skip_autolink = True  # its text child is written already
                else:
                    self._open_link(child)
            elif kind == "link_close":
                self._close_link()
            elif kind == "image":
                self._image(child)
            # em/strong/s open and close: their markers are markup the cursor skips.

    def _text(self, text: str) -> None:
        position = self.locate(text)
        if position < 0:
            return
        end = position + len(text)
        if self.superscripts and self._superscript(text, position, end):
            self.cursor = end
            return
        self.emit_content(position, end)
        self.cursor = end

    def _superscript(self, text: str, position: int, end: int) -> bool:
        """Inline ``<sup>`` text, read as the HTML reader reads it: a citation number
        becomes superscript digits ("sclerosis³", which the tokenizer splits and
        citation detection reads); other text gets a " " mapped to the <sup> tag when
        it follows a letter or digit.  Returns True when the text is written here."""
        chunks = self.cmap.chunks(position, end)
        if _CITATION_NUMBER.fullmatch(text) and chunks and len(chunks) == 1:
            self.sup_tag = None
            low, high, delta = chunks[0]
            self.emit(text.translate(_SUPERSCRIPT_DIGITS), low + delta, high + delta)
            return True
        self._superscript_boundary()
        return False

    def _superscript_boundary(self) -> None:
        """The " " mapped to a <sup> tag, once, before the first text written inside it
        (whichever token writes it: plain text or a backslash or entity), when that text
        follows a letter or digit; later text in the same <sup> gets none."""
        tag, self.sup_tag = self.sup_tag, None
        if tag is not None and self.builder.last_char().isalnum() and self.started:
            self.emit(" ", *tag)

    def _special(self, token: Token) -> None:
        markup = token.markup or token.content
        position = self.locate(markup)
        if position < 0:
            return
        end = position + len(markup)
        self.cursor = end
        prose = token.content
        if token.info == "entity" and prose.isspace():
            prose = " "
        chunks = self.cmap.chunks(position, end)
        if not chunks or not prose:
            return
        if self.superscripts:
            self._superscript_boundary()
        if len(chunks) == 1:
            low, high, delta = chunks[0]
            self.emit(prose, low + delta, high + delta)

    def _break(self, hard: bool) -> None:
        position = self.locate("\n", "\\" if hard else "")
        if position < 0:
            return
        self.cursor = position + 1
        # The inline parser drops the spaces that start the next line.
        while self.cursor < len(self.content) and isStrSpace(self.content[self.cursor]):
            self.cursor += 1
        source = self.cmap.breaks.get(position)
        if source is None:
            return
        self.emit("\n" if hard else " ", *source)

    def _code(self, markup: str) -> None:
        position = self.locate(markup)
        if position < 0:
            return
        closing = re.compile(rf"(?<!`){re.escape(markup)}(?!`)")
        match = closing.search(self.content, position + len(markup))
        if match is None:
            self.lost = True
            return
        self.cursor = match.end()

    def _html(self, html: str) -> None:
        position = self.locate(html)
        if position < 0:
            return
        end = position + len(html)
        self.cursor = end
        if _SUP_OPEN.match(html) or _SUP_CLOSE.match(html):
            opening = _SUP_OPEN.match(html) is not None
            self.superscripts = max(0, self.superscripts + (1 if opening else -1))
            start_source = self.cmap.source_of(position)
            end_source = self.cmap.source_of(end - 1)
            placed = opening and start_source is not None and end_source is not None
            self.sup_tag = (start_source, end_source + 1) if placed else None  # type: ignore[operator]
        if html.startswith("<!--"):
            start_source = self.cmap.source_of(position)
            end_source = self.cmap.source_of(end - 1)
            if start_source is not None and end_source is not None and end_source >= start_source:
                text = self.reader.text
                self.reader.comments.append(Comment(text[start_source : end_source + 1], start_source, end_source + 1))

    def _autolink(self, token: Token) -> None:
        """Keep an autolink's visible text (often a DOI or PubMed address) as link text."""
        self.links.append(_OpenLink(str(token.attrs.get("href", "")), auto=True))
        position = self.locate("<")
        if position < 0:
            return
        close = self.content.find(">", position)
        if close < 0:
            self.lost = True
            return
        self.emit_content(position + 1, close)
        self.cursor = close + 1

    def _open_link(self, token: Token) -> None:
        position = self.locate("[")
        self.links.append(_OpenLink(str(token.attrs.get("href", ""))))
        if position >= 0:
            self.cursor = position + 1

    def _close_link(self) -> None:
        if not self.links:
            return
        link = self.links.pop()
        if link.start is not None and link.end is not None and link.end > link.start and self.alt_sink is None:
            self.builder.add_link(link.start, link.end, link.href)
        if not self.lost and not link.auto:
            self._skip_destination()

    def _image(self, token: Token) -> None:
        position = self.locate("![")
        if position < 0:
            return
        self.cursor = position + 2
        # Alt text is its own segment, written after this block; inside a link it is
        # the link's text and stays inline.
        own_segment = not self.links and self.alt_sink is None
        if own_segment:
            pieces: list[tuple[str, int, int]] = []
            self.alt_sink = _Sink(lambda prose, start, end: pieces.append((prose, start, end)))
        self.walk(token.children or [])
        if own_segment:
            if pieces:
                self.deferred.append(pieces)
            self.alt_sink = None
        if not self.lost:
            self._skip_destination()

    def _skip_destination(self) -> None:
        """Step over "](destination "title")", "][label]" or "]" after link text."""
        content = self.content
        close = self.locate("]")
        if close < 0:
            return
        maximum = len(content)
        position = close + 1
        parse_reference = True
        if position < maximum and content[position] == "(":
            # markdown-it's rules for an inline link, step by step.
            parse_reference = False
            position += 1
            while position < maximum and (isStrSpace(content[position]) or content[position] == "\n"):
                position += 1
            if position < maximum:
                result = parseLinkDestination(content, position, maximum)
                if result.ok:
                    href = _PARSER.normalizeLink(result.str)
                    if _PARSER.validateLink(href):
                        position = result.pos
                    start = position
                    while position < maximum and (isStrSpace(content[position]) or content[position] == "\n"):
                        position += 1
                    title = parseLinkTitle(content, position, maximum)
                    if position < maximum and start != position and title.ok:
                        position = title.pos
                        while position < maximum and (isStrSpace(content[position]) or content[position] == "\n"):
                            position += 1
                if position >= maximum or content[position] != ")":
                    parse_reference = True
                position += 1
            else:
                parse_reference = True
        if parse_reference:
            if position < maximum and content[position] == "[":
                label_end = parseLinkLabel(self.state(), position)
                position = label_end + 1 if label_end >= 0 else close + 1
            else:
                position = close + 1
        self.cursor = min(position, maximum)
