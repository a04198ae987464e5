"""Readers that turn a file of any supported format into a `Source`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from claimcheck.errors import InputError
from claimcheck.sources.base import Source
from claimcheck.sources.text import read_text

Reader = Callable[[str, str], Source]

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
}


def _readers() -> dict[str, Reader]:
    readers: dict[str, Reader] = {"text": read_text}
    try:
        from claimcheck.sources.markdown import read_markdown

        readers["markdown"] = read_markdown
    except ImportError:  # pragma: no cover - markdown support is a core dependency
        pass
    try:
        from claimcheck.sources.html import read_html

        readers["html"] = read_html
    except ImportError:  # pragma: no cover
        pass
    return readers


FORMATS = ("text", "markdown", "html", "docx")


def format_for_path(path: str, default: str = "text") -> str:
    return EXTENSIONS.get(PurePath(path).suffix.lower(), default)


def parse_source(text: str, path: str, fmt: str) -> Source:
    """Read already-decoded text in the given format."""
    readers = _readers()
    if fmt not in readers:
        raise InputError(f"{path}: format {fmt!r} is not supported here (choose from {', '.join(sorted(readers))})")
    return readers[fmt](text, path)
