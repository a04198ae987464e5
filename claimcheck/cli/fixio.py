"""Writing fixed text back: same encoding, same BOM, same newlines, atomically.

The fixed text comes from the decoded original, so its newlines are already the
file's own; here we only re-encode as the file was encoded and replace the file in one
step (temp file in the same folder + os.replace), so a crash never leaves half a file.
"""

from __future__ import annotations

import codecs
import difflib
import os
import tempfile
from pathlib import Path

from claimcheck.errors import InputError


def encoding_of(data: bytes) -> tuple[bytes, str]:
    """(BOM, codec) of raw file bytes, matching how sources.reader decodes them."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return bom, codec
    return b"", "utf-8"


def write_fixed(path: str | os.PathLike[str], original: str, fixed: str) -> None:
    """Replace the file's text with `fixed` if it still holds `original`."""
    target = Path(path)
    data = target.read_bytes()
    bom, codec = encoding_of(data)
    if data[len(bom) :].decode(codec, errors="replace") != original:
        raise InputError(f"{target}: changed while being checked; not fixed")
    mode = target.stat().st_mode & 0o7777
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(bom + fixed.encode(codec))
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
        raise


def unified_diff(path: str, original: str, fixed: str) -> str:
    """A unified diff (a/path, b/path) that `patch -p1` or `git apply` accepts."""
    lines = difflib.unified_diff(
        original.splitlines(keepends=True),
        fixed.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)
