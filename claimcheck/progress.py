"""Files done / total on a terminal's stderr during long runs; nothing when not a TTY."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

MIN_FILES = 2


def terminal_progress(stream: TextIO) -> Callable[[int, int], None] | None:
    """A progress callback drawing one self-erasing line, or None for pipes and files."""
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return None

    def show(done: int, total: int) -> None:
        if total < MIN_FILES:
            return
        if done >= total:
            stream.write("\r\x1b[2K")
        else:
            stream.write(f"\r\x1b[2Kclaimcheck: {done}/{total} files")
        stream.flush()

    return show
