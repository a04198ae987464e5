"""Turning bytes into text, with a clear reason when that is not possible."""

from __future__ import annotations

import codecs

from claimcheck.errors import InputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class SkippedInput(InputError):
    """Input that is not prose (binary, too large): skipped with a notice, not an error."""


def check_size(data: bytes, path: str, max_bytes: int | None, size: int | None = None) -> None:
    """Refuse input over the limit; `size` is the file's real size when only part was read."""
    if max_bytes is not None and len(data) > max_bytes:
        size = max(size or 0, len(data))
        raise SkippedInput(
            f"{path}: skipped, {size:,} bytes is over the size limit of {max_bytes:,} bytes "
            "(raise max_file_size in the config to check it)"
        )


def decode_bytes(data: bytes, path: str, max_bytes: int | None = DEFAULT_MAX_BYTES, size: int | None = None) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse anything else."""
    check_size(data, path, max_bytes, size)
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8) :], "utf-8", path)
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _decode(data, "utf-16", path)
    head = data[:8192]
    if b"\x00" in head:
        if _looks_like_utf16(head):
            raise InputError(f"{path}: looks like UTF-16 without a byte-order mark; save the file as UTF-8")
        raise SkippedInput(f"{path}: skipped, looks like a binary file (contains NUL bytes)")
    return _decode(data, "utf-8", path)


def _decode(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
        raise InputError(
            f"{path}: not valid {encoding.upper()} (byte 0x{data[error.start]:02x} on line {line}); save the file as UTF-8"
        ) from None


def _looks_like_utf16(head: bytes) -> bool:
    """ASCII-range text in UTF-16 has a NUL in every other byte; binary files do not."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return any(half.count(0) >= 0.9 * len(half) and 0 not in other for half, other in ((even, odd), (odd, even)))
