"""HTML to prose with exact offsets, using the standard library's `HTMLParser`.

The parser runs with ``convert_charrefs=False``, so text, entity and character
references arrive as separate events; each event's start comes from `getpos()`
(line and column, where only "\\n" ends a line) and is checked against the original
text before anything is mapped.

What becomes prose, and the segment kind it gets:

* text of block elements, each its own segment: headings ("heading"), ``li``, ``dt``,
  ``dd`` ("list_item"), ``td``, ``th`` ("table_cell"), ``blockquote`` ("blockquote"),
  ``figcaption``, ``caption`` ("caption"), anything inside an element marked as
  footnotes or references (class ``footnotes``/``footnote``/``references``/``endnotes``
  or a ``doc-endnotes``/``doc-footnote``/``doc-bibliography`` role: "footnote"), and
  ``p``, ``div``, ``section``, ``article`` and other blocks ("paragraph", or the kind
  of the list item, cell or quote they sit in);
* inline elements (``strong``, ``em``, ``a``, ``span``, ``sup``, ``sub``, ...) are
  continuous text, and each ``<a href>`` with text becomes a `Link`.  A citation
  number in ``<sup>`` reads as superscript digits, ``pain<sup><a href="#ref3">3</a></sup>``
  gives "pain³" (same length, mapped digit by digit), so the tokenizer splits it from
  the word and citation detection sees it; other superscript text right after a
  letter or digit (``5<sup>th</sup>``, ``sclerosis<sup>*</sup>``) is kept apart by a
  " " mapped to the ``<sup>`` tag;
* a page-level ``footer`` ("footer"): disclaimers live there, so its text is prose,
  but links in its list items (the footer's link lists) are not;
  each ``<a href>`` with text becomes a `Link`; so do a ``<sup>``'s text (kind "sup") and
  any visible element with an ``id`` (kind "id", href "#id"), the targets of in-page
  reference links;
* ``<title>`` ("title") and ``<meta name="description" content="...">`` ("meta");
* ``alt`` of ``<img>`` ("alt") and ``title`` attributes ("title"), each its own
  segment written after the block they sit in, so that block's text stays continuous
  (an image inside a link is the link's text, so its alt text stays inline);
* ``<br>`` is a "\\n" mapped to the tag.

Never prose: ``head`` (apart from the title and description), ``script``, ``style``,
``template``, ``noscript``, ``svg``, ``math``, ``code``, ``pre``, ``iframe``,
``object``, ``video``, ``audio``, ``canvas``, ``select``, ``textarea``, and navigation
chrome: ``nav``, anything with role="navigation", a page-level ``header`` and the
links of list items in a page-level ``footer``.  A ``header``/``footer`` is
page-level unless it sits inside an ``article``, ``aside``, ``main`` or ``section``
(the rule browsers use to make them banner/contentinfo landmarks); an article's own
header and footer are ordinary blocks.  Comments become
`Comment`s (the whole ``<!-- ... -->`` text with its source range); an unclosed
comment runs to the end of the file, as in a browser.

Entities and character references are decoded (legacy forms without ";" as the
standard library decodes them), each mapped as a whole to its source text.  A run of
white space (including decoded ``&nbsp;`` and other Unicode spaces) becomes one " "
mapped to the whole run; soft hyphens and zero-width spaces are dropped.  Malformed
markup degrades quietly: stray end tags are ignored, an end tag closes everything
opened after its start tag, self-closing syntax (``<div/>``) is honoured, nothing
recurses.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from claimcheck.sources.base import Comment, ProseBuilder, Source

__all__ = ["read_html"]

_SKIPPED = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "svg",
        "math",
        "code",
        "pre",
        "nav",
        "iframe",
        "object",
        "video",
        "audio",
        "canvas",
        "select",
        "textarea",
        "datalist",
    }
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen"}
)
_HEAD_CONTENT = frozenset({"title", "meta", "link", "script", "style", "base", "noscript", "template"})
_SECTIONING = ("article", "aside", "main", "section")
_KINDS = {
    "li": "list_item",
    "dt": "list_item",
    "dd": "list_item",
    "td": "table_cell",
    "th": "table_cell",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "blockquote": "blockquote",
    "figcaption": "caption",
    "caption": "caption",
}
_BLOCKS = frozenset(
    set(_KINDS)
    | {
        "address",
        "article",
        "aside",
        "body",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "ol",
        "option",
        "optgroup",
        "nav",
        "p",
        "pre",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "title",
        "tr",
        "ul",
    }
)
_FOOTNOTE_CLASSES = frozenset({"footnotes", "footnote", "references", "endnotes", "footnote-list"})
_FOOTNOTE_ROLES = frozenset({"doc-endnotes", "doc-footnote", "doc-bibliography", "doc-endnote"})

# A run of white space, a run of characters that are dropped, a reference, or other text.
_TEXT = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<drop>[\u00ad\u200b]+)"
    r"|(?P<ref>&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?))"
    r"|(?P<word>[^\s\u00ad\u200b&]+|&)"
)
_DROPPED = frozenset("\u00ad\u200b")
_CITATION_NUMBER = re.compile(r"[0-9]+(?:[,\-\u2013][0-9]+)*,?")
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# The standard library's own patterns for a start tag's name and attributes
# (Python 3.11), used to find where each attribute value sits in the tag's text.
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"
    r"('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*"
)

NONE, HEAD, HIDDEN = 0, 1, 2  # how an element's content is skipped


def read_html(text: str, path: str) -> Source:
    reader = _HtmlReader(text)
    try:
        reader.feed(text)
        reader.close()
    except (AssertionError, ValueError, IndexError):  # pragma: no cover - the parser is tolerant
        pass
    reader.finish()
    prose, segments, offsets, links = reader.builder.build()
    return Source(path, "html", text, prose, segments, offsets, links, tuple(reader.comments))


@dataclass
class _Element:
    tag: str
    skip: int
    kind: str
    boundary: bool  # a block in visible text: it starts and ends a segment
    link: _OpenLink | None = None
    page_footer: bool = False
    marks: tuple[_OpenLink, ...] = ()  # a <sup>'s text or an element id, for citations


@dataclass(eq=False)
class _OpenLink:
    href: str
    start: int | None = None
    kind: str = "a"


@dataclass
class _Writer:
    """Writes text into the builder: collapses white space, starts segments lazily,
    and holds attribute segments (alt, title) until the current segment ends."""

    builder: ProseBuilder
    kind_of: Callable[[], str]
    open: bool = False
    pending: tuple[str, int, int] | None = None
    open_links: int = 0
    unstarted: list[_OpenLink] = field(default_factory=list)  # open links with no text yet
    last_end: int = 0  # prose end of the last word written
    deferred: list[tuple[str, list[tuple[str, str, int, int]]]] = field(default_factory=list)
    superscripts: int = 0  # open <sup> elements
    sup_start: tuple[int, int] | None = None  # the open <sup> tag's range, until its first word

    def word(self, prose: str, start: int, end: int) -> None:
        builder = self.builder
        if self.superscripts:
            prose = self._superscript(prose, start, end)
        if not self.open:
            builder.start_segment(self.kind_of())
            self.open = True
            self.pending = None
        elif self.pending is not None:
            builder.add(*self.pending)
            self.pending = None
        position = builder.length
        builder.add(prose, start, end)
        for link in self.unstarted:
            link.start = position
        self.unstarted.clear()
        self.last_end = builder.length

    def _superscript(self, prose: str, start: int, end: int) -> str:
        """A citation number in <sup> becomes superscript digits ("pain³"), which the
        tokenizer splits from the word and citation detection reads; other superscript
        text ("5<sup>th</sup>", "Brand<sup>®</sup>") stays apart from the word before it
        through a " " mapped to the <sup> tag, so "sclerosis<sup>*</sup>" still ends in
        "sclerosis".  Both keep locations exact (same length, or a mapped space)."""
        tag, self.sup_start = self.sup_start, None
        if _CITATION_NUMBER.fullmatch(prose) and end - start == len(prose):
            return prose.translate(_SUPERSCRIPT_DIGITS)
        if tag is not None and self.open and self.pending is None and self.builder.last_char().isalnum():
            self.pending = (" ", *tag)
        return prose

    def space(self, start: int, end: int) -> None:
        if self.open and self.pending is None:
            self.pending = (" ", start, end)

    def line_break(self, start: int, end: int) -> None:
        if self.open and (self.pending is None or self.pending[0] != "\n"):
            self.pending = ("\n", start, end)

    def boundary(self) -> None:
        """End the current segment, then write the attribute segments it held."""
        if self.open:
            self.builder.end_segment()
        self.open = False
        self.pending = None
        deferred, self.deferred = self.deferred, []
        for kind, pieces in deferred:
            self.segment(kind, pieces)

    def segment(self, kind: str, pieces: list[tuple[str, str, int, int]]) -> None:
        """Write a segment of its own now (the current one is closed first)."""
        saved = self.kind_of, self.unstarted, self.last_end
        self.kind_of, self.unstarted = (lambda: kind), []
        for piece in pieces:
            self.put(piece)
        if self.open:
            self.builder.end_segment()
        self.open = False
        self.pending = None
        self.kind_of, self.unstarted, self.last_end = saved

    def attribute_segment(self, kind: str, pieces: list[tuple[str, str, int, int]]) -> None:
        if self.open:
            self.deferred.append((kind, pieces))
        else:
            self.segment(kind, pieces)

    def put(self, piece: tuple[str, str, int, int]) -> None:
        what, prose, start, end = piece
        if what == "word":
            self.word(prose, start, end)
        elif what == "space":
            self.space(start, end)


def _pieces(raw: str, offset: int) -> list[tuple[str, str, int, int]]:
    """Text from the source (raw == text[offset:offset + len(raw)]) as words,
    white space and decoded references, each with its source range."""
    pieces: list[tuple[str, str, int, int]] = []
    for match in _TEXT.finditer(raw):
        start, end = offset + match.start(), offset + match.end()
        group = match.lastgroup
        if group == "space":
            pieces.append(("space", " ", start, end))
        elif group == "ref":
            source = match.group()
            decoded = html.unescape(source)
            if decoded == source:
                pieces.append(("word", source, start, end))
            elif not decoded or all(char in _DROPPED for char in decoded):
                continue
            elif decoded.isspace():
                pieces.append(("space", " ", start, end))
            else:
                pieces.append(("word", decoded, start, end))
        elif group == "word":
            pieces.append(("word", match.group(), start, end))
    return pieces


# Text with none of these is words and white space only, which `_word_runs` reads.
_SPECIAL = re.compile(r"[&\[\u00ad\u200b]")
# Words joined by single white-space characters: one piece for the builder.
_WORD_RUN = re.compile(r"\S+(?:\s\S+)*")
_ONE_SPACE = re.compile(r"\s")


def _word_runs(raw: str, offset: int) -> list[tuple[str, str, int, int]]:
    """What `_pieces` gives for plain text (no references, brackets or invisible
    characters), with each run of words joined by single spaces as one piece.

    The writer would add each word and each one-character space separately and the
    builder would merge them into one character-for-character run anyway; a page of
    HTML has hundreds of thousands of words, and the per-word calls were most of the
    reader's time.  Longer white space still collapses to one mapped space."""
    pieces: list[tuple[str, str, int, int]] = []
    position = 0
    for match in _WORD_RUN.finditer(raw):
        if match.start() > position:
            pieces.append(("space", " ", offset + position, offset + match.start()))
        words = match.group()
        if not words.isprintable():  # a line break or other white space between two words
            words = _ONE_SPACE.sub(" ", words)
        pieces.append(("word", words, offset + match.start(), offset + match.end()))
        position = match.end()
    if position < len(raw):
        pieces.append(("space", " ", offset + position, offset + len(raw)))
    return pieces


def _attribute_values(raw_tag: str) -> dict[str, tuple[int, int]]:
    """Where each attribute's value sits in the start tag's text (first one wins)."""
    values: dict[str, tuple[int, int]] = {}
    match = _TAG_NAME.match(raw_tag, 1)
    if not match:
        return values
    position = match.end()
    while position < len(raw_tag):
        found = _ATTRIBUTE.match(raw_tag, position)
        if not found:
            break
        name = found.group(1).lower()
        if found.group(2) and name not in values:
            start, end = found.span(3)
            if end - start >= 2 and raw_tag[start] in "'\"" and raw_tag[end - 1] == raw_tag[start]:
                start, end = start + 1, end - 1
            values[name] = (start, end)
        if found.end() == position:
            break
        position = found.end()
    return values


class _HtmlReader(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.newlines = [0] + [match.end() for match in re.finditer("\n", text)]
        self.builder = ProseBuilder()
        self.comments: list[Comment] = []
        self.stack: list[_Element] = []
        self.open_tags: Counter[str] = Counter()
        self.writer = _Writer(self.builder, self._kind)
        self.done = False
        self.footer_depth = 0  # open page-level footers
        self.footer_lists = 0  # list items open when the footer opened

    # -- positions ----------------------------------------------------------------

    def _offset(self) -> int:
        line, column = self.getpos()
        if line - 1 >= len(self.newlines):  # pragma: no cover - defensive
            return len(self.text)
        return self.newlines[line - 1] + column

    def _kind(self) -> str:
        return self.stack[-1].kind if self.stack else "paragraph"

    def _skip(self) -> int:
        return self.stack[-1].skip if self.stack else NONE

    # -- text ---------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self.done:
            return
        offset = self._offset()
        if not self.text.startswith(data, offset):
            return  # never map text we cannot place
        if self.cdata_elem is None and data.startswith("<") and self.text.startswith("<!--", offset):
            # An unclosed comment: browsers read it to the end of the file.
            self.comments.append(Comment(self.text[offset:], offset, len(self.text)))
            self.done = True
            return
        self._text(data, offset)

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))

    def _reference(self, length: int) -> None:
        if self.done:
            return
        offset = self._offset()
        end = offset + length
        if self.text[offset : offset + 1] != "&" or end > len(self.text):
            return
        if self.text[end : end + 1] == ";":
            end += 1
        self._text(self.text[offset:end], offset)

    def _text(self, raw: str, offset: int) -> None:
        skip = self._skip()
        if skip == HEAD and raw.strip():
            # Text in <head> starts the body, as it does in a browser.
            self._close_head()
            skip = self._skip()
        if skip != NONE:
            return
        plain = not self.writer.superscripts and not _SPECIAL.search(raw)
        for piece in _word_runs(raw, offset) if plain else _pieces(raw, offset):
            self.writer.put(piece)

    def handle_comment(self, data: str) -> None:
        if self.done:
            return
        offset = self._offset()
        prefix = 4 if self.text.startswith("<!--", offset) else 2
        close = self.text.find(">", offset + prefix + len(data))
        end = len(self.text) if close < 0 else close + 1
        self.comments.append(Comment(self.text[offset:end], offset, end))

    # -- tags ---------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.done:
            return
        offset = self._offset()
        raw = self.get_starttag_text() or ""
        placed = self.text.startswith(raw, offset) and raw.startswith("<")
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, value or "")
        if self.open_tags["head"] and (tag == "body" or tag not in _HEAD_CONTENT):
            self._close_head()
        parent_skip = self._skip()
        roles = set(values.get("role", "").lower().split())
        if tag == "title" and parent_skip != HIDDEN:
            skip = NONE
        elif tag == "head":
            skip = max(parent_skip, HEAD)
        elif (
            tag in _SKIPPED
            or "navigation" in roles
            or (tag == "header" and not any(self.open_tags[name] for name in _SECTIONING))
            or (tag == "a" and self.footer_depth and self.open_tags["li"] > self.footer_lists)
        ):
            skip = HIDDEN
        else:
            skip = parent_skip

        if skip == NONE or (tag == "meta" and skip == HEAD):
            self._attributes(tag, values, raw if placed else "", offset, closed)

        if tag in _VOID or closed:
            if tag in _BLOCKS and parent_skip == NONE:
                self.writer.boundary()  # an empty block (<hr>, <div/>) still ends the text before it
            return
        boundary = tag in _BLOCKS and NONE in (parent_skip, skip)
        if boundary:
            self.writer.boundary()
        parent_kind = self._kind()
        page_footer = tag == "footer" and skip == NONE and not any(self.open_tags[name] for name in _SECTIONING)
        if tag == "title":
            kind = "title"
        elif page_footer or parent_kind == "footer":
            kind = "footer"
        elif parent_kind == "footnote" or roles & _FOOTNOTE_ROLES or _FOOTNOTE_CLASSES & set(values.get("class", "").split()):
            kind = "footnote"
        elif tag in _KINDS:
            kind = _KINDS[tag]
        else:
            kind = parent_kind
        element = _Element(tag, skip, kind, boundary, page_footer=page_footer)
        if page_footer:
            self.footer_depth += 1
            self.footer_lists = self.open_tags["li"]
        if tag == "sup" and skip == NONE:
            self.writer.superscripts += 1
            self.writer.sup_start = (offset, offset + len(raw)) if placed else None
        if tag == "a" and skip == NONE and values.get("href"):
            element.link = _OpenLink(values["href"])
            self.writer.unstarted.append(element.link)
            self.writer.open_links += 1
        if skip == NONE:
            marks = []
            if tag == "sup":
                marks.append(_OpenLink("", kind="sup"))
            if values.get("id"):
                marks.append(_OpenLink("#" + values["id"], kind="id"))
            element.marks = tuple(marks)
            self.writer.unstarted.extend(marks)
        self.stack.append(element)
        self.open_tags[tag] += 1

    def _attributes(self, tag: str, values: dict[str, str], raw: str, offset: int, closed: bool) -> None:
        """Segments from attributes: alt, title, a meta description; a <br>'s line break."""
        if tag == "br":
            if self._skip() == NONE:
                self.writer.line_break(offset, offset + max(len(raw), 1))
            return
        if not raw:
            return
        positions = _attribute_values(raw)

        def pieces(name: str) -> list[tuple[str, str, int, int]] | None:
            if name not in positions:
                return None
            start, end = positions[name]
            value = raw[start:end]
            if html.unescape(value) != values.get(name, ""):
                return None  # our reading of the tag differs from the parser's: skip
            return _pieces(value, offset + start)

        if tag == "meta":
            if values.get("name", "").strip().lower() == "description":
                found = pieces("content")
                if found:
                    self.writer.attribute_segment("meta", found)
            return
        if self._skip() != NONE and tag != "title":
            return
        if tag == "img":
            found = pieces("alt")
            if found:
                if self.writer.open_links:
                    # The image is the link's text: keep it inline.
                    for piece in found:
                        self.writer.put(piece)
                else:
                    self.writer.attribute_segment("alt", found)
        found = pieces("title")
        if found:
            self.writer.attribute_segment("title", found)

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if tag == "br":  # </br> is a line break in browsers
            if self._skip() == NONE:
                offset = self._offset()
                self.writer.line_break(offset, offset + len(tag) + 3)
            return
        if not self.open_tags[tag]:
            return  # a stray end tag
        while self.stack:
            element = self._pop()
            if element.tag == tag:
                break

    def _pop(self) -> _Element:
        element = self.stack.pop()
        self.open_tags[element.tag] -= 1
        if element.page_footer:
            self.footer_depth -= 1
        if element.tag == "sup" and element.skip == NONE:
            self.writer.superscripts -= 1
            self.writer.sup_start = None
        if element.link is not None:
            link = element.link
            self.writer.open_links -= 1
            if link.start is None:
                self.writer.unstarted = [other for other in self.writer.unstarted if other is not link]
            elif self.writer.last_end > link.start:
                self.builder.add_link(link.start, self.writer.last_end, link.href)
        for mark in element.marks:
            if mark.start is None:
                self.writer.unstarted = [other for other in self.writer.unstarted if other is not mark]
            elif self.writer.last_end > mark.start:
                self.builder.add_link(mark.start, self.writer.last_end, mark.href, mark.kind)
        if element.boundary:
            self.writer.boundary()
        return element

    def _close_head(self) -> None:
        while self.stack and self.open_tags["head"]:
            if self._pop().tag == "head":
                break

    def finish(self) -> None:
        while self.stack:
            self._pop()
        self.writer.boundary()
        self.comments.sort(key=lambda comment: comment.source_start)
