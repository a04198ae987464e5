"""Markdown (CommonMark + tables, footnotes, front matter) to prose with exact offsets.

markdown-it gives block tokens line ranges but no character offsets for inline text,
so each inline text piece is found in its block's source with a moving cursor.  A
piece that cannot be found is skipped rather than mis-mapped.  Code (fenced,
indented, inline), raw HTML and URLs are never prose; HTML comments are kept as
`Comment`s for suppressions.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from claimcheck.sources.base import Comment, LineIndex, ProseBuilder, Source

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FRONT_MATTER_FIELD = re.compile(r"^(title|description)\s*:\s*[\"']?(.+?)[\"']?\s*$", re.MULTILINE)
_BLOCK_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "list_item_open": "list_item",
    "td_open": "table_cell",
    "th_open": "table_cell",
    "blockquote_open": "blockquote",
    "footnote_open": "footnote",
}


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").use(front_matter_plugin).use(footnote_plugin)


def read_markdown(text: str, path: str) -> Source:
    lines = LineIndex(text)
    builder = ProseBuilder()
    comments = [Comment(match.group(0), match.start(), match.end()) for match in _COMMENT.finditer(text)]
    tokens = _parser().parse(text)
    kind_stack: list[str] = []
    for token in tokens:
        if token.type == "front_matter":
            _front_matter(text, token, lines, builder)
        elif token.type in _BLOCK_KINDS:
            kind_stack.append(_BLOCK_KINDS[token.type])
        elif token.type.endswith("_close") and token.type.replace("_close", "_open") in _BLOCK_KINDS:
            if kind_stack:
                kind_stack.pop()
        elif token.type == "inline" and token.map:
            kind = "paragraph"
            for candidate in reversed(kind_stack):
                kind = candidate
                if candidate != "paragraph":
                    break
            start = lines.offset(token.map[0] + 1, 1)
            end = lines.offset(token.map[1] + 1, 1) if token.map[1] < _line_count(lines) else len(text)
            builder.start_segment(kind)
            _inline(text, token.children or [], start, end, builder)
            builder.end_segment()
    prose, segments, offsets, links = builder.build()
    return Source(path, "markdown", text, prose, segments, offsets, links, tuple(comments))


def _line_count(lines: LineIndex) -> int:
    return len(lines._line_starts)


def _front_matter(text: str, token: Token, lines: LineIndex, builder: ProseBuilder) -> None:
    start = text.find(token.content)
    if start < 0:
        return
    for match in _FRONT_MATTER_FIELD.finditer(token.content):
        builder.start_segment("title" if match.group(1) == "title" else "meta")
        builder.add(match.group(2), start + match.start(2))
        builder.end_segment()


def _inline(text: str, children: list[Token], start: int, end: int, builder: ProseBuilder) -> None:
    cursor = start
    link_start: int | None = None
    href = ""
    for child in children:
        if child.type in {"text", "footnote_ref"}:
            content = child.content if child.type == "text" else f"[^{child.meta.get('label', '')}]"
            found = text.find(content, cursor, end) if content else -1
            if found < 0:
                continue
            builder.add(content, found)
            cursor = found + len(content)
        elif child.type in {"softbreak", "hardbreak"}:
            newline = text.find("\n", cursor, end)
            if newline >= 0:
                builder.add(" ", newline, newline + 1)
                cursor = newline + 1
        elif child.type == "code_inline":
            found = text.find(child.content, cursor, end)
            if found >= 0:
                cursor = found + len(child.content)
        elif child.type == "link_open":
            link_start = builder.length
            href = str(child.attrs.get("href", ""))
        elif child.type == "link_close" and link_start is not None:
            builder.add_link(link_start, builder.length, href)
            link_start = None
        elif child.type == "image":
            alt = child.content
            found = text.find(alt, cursor, end) if alt else -1
            if found >= 0:
                builder.add(alt, found)
                cursor = found + len(alt)
