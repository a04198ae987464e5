"""Turning bytes into text, with a clear reason when that is not possible."""

from __future__ import annotations

import codecs

from claimcheck.errors import InputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class SkippedInput(InputError):
    """Input that is not prose (binary, too large): skipped with a notice, not an error."""


def decode_bytes(data: bytes, path: str, max_bytes: int | None = DEFAULT_MAX_BYTES) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse anything else."""
    if max_bytes is not None and len(data) > max_bytes:
        raise SkippedInput(
            f"{path}: skipped, {len(data):,} bytes is over the size limit of {max_bytes:,} bytes "
            "(raise max_file_size in the config to check it)"
        )
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8) :], "utf-8", path)
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _decode(data, "utf-16", path)
    if b"\x00" in data[:8192]:
        raise SkippedInput(f"{path}: skipped, looks like a binary file (contains NUL bytes)")
    return _decode(data, "utf-8", path)


def _decode(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        raise InputError(
            f"{path}: not valid {encoding.upper()} (byte 0x{data[error.start]:02x} on line {line}); save the file as UTF-8"
        ) from None
