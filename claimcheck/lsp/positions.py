"""Converting between our columns (Unicode code points) and LSP positions.

LSP counts characters in UTF-16 code units by default (an emoji is 2), or in UTF-8
bytes / code points when client and server agree on it.  Lines are split the way our
LineIndex and the LSP spec both do: at \\r\\n, \\r or \\n.
"""

from __future__ import annotations

import re

_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    return _BREAK.split(text)


def units(text: str, encoding: str = "utf-16") -> int:
    """Length of `text` in the position encoding's code units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8", errors="surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def to_lsp_character(line_text: str, column: int, encoding: str = "utf-16") -> int:
    """LSP character for a 1-based code-point column on that line."""
    return units(line_text[: max(column - 1, 0)], encoding)


def from_lsp_character(line_text: str, character: int, encoding: str = "utf-16") -> int:
    """0-based code-point index for an LSP character (clamped to the line)."""
    count = 0
    for index, char in enumerate(line_text):
        if count >= character:
            return index
        count += units(char, encoding)
    return len(line_text)


class LineOffsets:
    """Offsets of line starts in one text, to go from LSP positions to code-point offsets."""

    def __init__(self, text: str):
        self.text = text
        self.lines = split_lines(text)
        self.starts = [0]
        for match in _BREAK.finditer(text):
            self.starts.append(match.end())

    def offset(self, line: int, character: int, encoding: str = "utf-16") -> int:
        if line >= len(self.lines):
            return len(self.text)
        return self.starts[line] + from_lsp_character(self.lines[line], character, encoding)

    def position(self, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
        """(line, character), both 0-based, for a code-point offset."""
        import bisect

        line = bisect.bisect_right(self.starts, offset) - 1
        return line, units(self.text[self.starts[line] : offset], encoding)
