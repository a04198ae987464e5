"""The built-in regex rules as a run builds them, shipped with the package.

With an empty compile cache (a first run, a fresh CI machine, a new claimcheck version)
building the Linter spent about 0.65 s of CPU on the built-in regex rules alone: compiling
each pattern with `regex` to validate it while the packs are read (its parser is pure
Python), then analysing it for its start prefilter and windows (`re`'s pure-Python
parser), compiling its alternatives apart and its `when` patterns (checks/regex.py
`compiled`).  That is half of what an empty cache costs beyond a warm one, and none of it
depends on the user: the patterns ship with the package.  So the values the compile cache
holds per regex rule are generated once for the built-in packs and shipped as package
data (`claimcheck/checks/regex-prebuilt.pickle`), as CPython keeps bytecode beside a module:

- made by one command, `python -m claimcheck.prebuild`; `tests/test_prebuilt.py` fails
  when the file is not what the command would write now (a rule or the analysis changed
  and the file was not made again);
- read only when its header matches what its values depend on: its format, the bytes of
  the modules that compute them (`SOURCES`), the `regex` module's version and engine
  (a pattern pickles with its compiled code) and Python's major.minor (the analysis reads
  patterns with `re`'s parser).  Any mismatch, or a file that is missing or unreadable,
  and it is ignored: every rule is built, and cached, as before;
- an entry is found by the pattern's text, its flags and its `when` patterns, the key the
  compile cache uses, so an edited rule, a user's pack or a config's `rule_options` finds
  no entry and is built as before.  A pattern found here was compiled by this `regex`
  when the file was made, so it needs no compile to be validated either
  (`loader.check_options`).

Used only with the compile cache on: `--no-cache` (and `cache: false`) builds everything
from the rule files, which is also how the tests check that both give the same findings.
Unpickling runs code named in the file; the file is part of the installed package, as
trusted as the modules beside it.
"""

from __future__ import annotations

import functools
import json
import pickle
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import regex

from claimcheck.cache import modules_digest

FORMAT = 1
PROTOCOL = 5  # fixed, not HIGHEST_PROTOCOL: the same Python writes the same bytes
DATA = Path(__file__).resolve().parent / "regex-prebuilt.pickle"
# The modules whose code computes an entry (checks/regex.py `compiled`): an edit to any of
# them makes the shipped file stale, so it is not read until it is made again.
SOURCES = ("checks/regex.py", "checks/prefilter.py", "checks/branches.py", "checks/prebuilt.py")

# (pattern, ignore_case, `when` patterns): the key of an entry.
Key = tuple[str, bool, tuple[str, ...]]
# An entry: checks/regex.py `Compiled` (named there: this module is imported by regex.py).
Entry = tuple[Any, ...]


def key_of(options: Mapping[str, Any]) -> Key:
    """The entry key of a regex rule's options."""
    return (
        options["pattern"],
        bool(options.get("ignore_case", True)),
        tuple(item["when"] for item in options.get("messages", ())),
    )


def header() -> dict[str, object]:
    """What the shipped values depend on; the file is read only when its header equals this."""
    engine = getattr(getattr(regex, "_regex", None), "MAGIC", None)
    return {
        "format": FORMAT,
        "code": modules_digest(SOURCES),
        "regex": regex.__version__,
        "engine": engine,
        "python": list(sys.version_info[:2]),
    }


def split(data: bytes) -> tuple[dict[str, object], bytes]:
    """The file's header (one line of JSON) and its pickled entries, still unread: the
    header is compared before any pattern is unpickled, since a pattern pickled by another
    `regex` is compiled code that version's engine may not run."""
    head, _, body = data.partition(b"\n")
    header_read = json.loads(head)
    if not isinstance(header_read, dict):
        raise ValueError("no header")
    return header_read, body


def join(header_written: Mapping[str, object], body: bytes) -> bytes:
    """The file's bytes from a header and pickled entries (`split` reverses it)."""
    return json.dumps(dict(header_written), sort_keys=True).encode() + b"\n" + body


@functools.lru_cache(maxsize=1)
def shipped() -> Mapping[Key, Entry]:
    """The shipped entries, read once per process; empty when the file does not match this
    installation (module docstring) or cannot be read."""
    try:
        header_read, body = split(DATA.read_bytes())
        if header_read != header():
            return {}
        entries = pickle.loads(body)
        return entries if isinstance(entries, dict) else {}
    except Exception:  # missing, truncated, from another version: build as before
        return {}


def lookup(options: Mapping[str, Any]) -> Entry | None:
    """The shipped entry of a regex rule's options, or None."""
    return shipped().get(key_of(options))


@functools.lru_cache(maxsize=1)
def _known_patterns() -> frozenset[tuple[str, bool]]:
    return frozenset((pattern, ignore_case) for pattern, ignore_case, _ in shipped())


def known_valid(pattern: str, ignore_case: bool) -> bool:
    """Whether `regex` compiled this pattern with these flags when the file was made."""
    return (pattern, ignore_case) in _known_patterns()


def pack(entries: Mapping[Key, Entry]) -> bytes:
    """The file's bytes for these entries (made by `claimcheck.prebuild`), under today's header."""
    ordered = {key: entries[key] for key in sorted(entries)}
    return join(header(), pickle.dumps(ordered, protocol=PROTOCOL))


def describe(value: object) -> object:
    """A plain, comparable form of an entry: each compiled pattern as its text and flags,
    each analysis object as its attributes.  Two builds of one rule are equal in this form
    but not byte for byte: `regex` orders the first-character set it compiles into a
    pattern as a Python set iterates, which differs from process to process."""
    if isinstance(value, regex.Pattern):
        return ("pattern", value.pattern, int(value.flags))
    if isinstance(value, (tuple, list)):
        return [describe(item) for item in value]
    if isinstance(value, dict):
        return {key: describe(item) for key, item in value.items()}
    if hasattr(value, "__dict__"):
        return (type(value).__name__, describe(vars(value)))
    return value


def current(data: bytes) -> bool:
    """Whether the file holds `data`'s header and entries (`describe`: not byte for byte)."""
    fresh_header, fresh_body = split(data)
    try:
        shipped_header, shipped_body = split(DATA.read_bytes())
        if shipped_header != fresh_header:
            return False
        return describe(pickle.loads(shipped_body)) == describe(pickle.loads(fresh_body))
    except Exception:
        return False


def write(data: bytes) -> str:
    """Write the file (`python -m claimcheck.prebuild`) unless it is current (its bytes
    differ from build to build, so rewriting a current file would only churn git)."""
    count = len(pickle.loads(split(data)[1]))
    if current(data):
        return f"{DATA} is current ({count} patterns)"
    DATA.write_bytes(data)
    return f"wrote {DATA} ({len(data):,} bytes, {count} patterns)"
