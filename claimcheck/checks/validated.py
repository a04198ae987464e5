"""Built-in rule-pack files known to validate: an empty cache need not check them again.

Reading a pack validates every rule against the rule and kind schemas with jsonschema
(importing it takes ~0.07 s, validating the built-in packs ~0.02 s).  With a warm compile
cache the parsed rules come from there and none of that runs; with an empty one every
start paid it again for the built-in packs, which are the same bytes every time.  So the
SHA-256 of each built-in pack file is shipped once the file has validated
(`packs-validated.json`, written by `python -m claimcheck.prebuild`).  A file whose bytes
are listed is parsed and its rules built by the same code as before, and its messages
and fixes are still checked; only the schema checks (and the compile that validates a
regex pattern) are skipped.

What a listing vouches for depends on the schemas and on the code that reads and checks
the files, so the list is read only when its header names the same schemas (their JSON,
hashed: `loader.schemas_key`), the same bytes of `SOURCES` and the same `regex` version
(which decides whether a pattern compiles).  A list that does not match, a missing or
unreadable one, and `--no-cache` (the loader does not ask then): every file is validated
as before.  `tests/test_prebuilt.py` fails when the list is not what the command writes now.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import regex

from claimcheck.cache import listing_text, modules_digest, shipped_listing

FORMAT = 1
DATA = Path(__file__).resolve().parent / "packs-validated.json"
SOURCES = ("checks/loader.py", "checks/validated.py", "schema.py", "yamlio.py")


def header(schemas: str) -> dict[str, object]:
    """What a listing depends on; the list is read only when its header equals this."""
    return {"format": FORMAT, "code": modules_digest(SOURCES), "schemas": schemas, "regex": regex.__version__}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.lru_cache(maxsize=1)
def _listed(schemas: str) -> frozenset[str]:
    files = shipped_listing(DATA, header(schemas), "files")  # None: validate as before
    return frozenset(files.values()) if files else frozenset()


def is_listed(path: Path, schemas: str) -> bool:
    """Whether the file's bytes validated under these schemas when the list was made."""
    listed = _listed(schemas)
    if not listed:
        return False
    try:
        return digest(path.read_bytes()) in listed
    except OSError:
        return False


def text(files: dict[str, bytes], schemas: str) -> str:
    """The list's text for these validated files (name -> bytes), one file a line."""
    return listing_text(header(schemas), "files", ((name, digest(data)) for name, data in sorted(files.items())))


def write(content: str) -> str:
    """Write the list (`python -m claimcheck.prebuild`); what was written, in one line."""
    DATA.write_text(content, encoding="utf-8")
    return f"wrote {DATA} ({content.count(chr(10)) - 4} files)"
