"""The compile cache: what building a Linter computes from files that do not change between runs.

Building the linter parses about 30 YAML files in pure Python, validates every rule
against its schema (compiling each regular expression to check it), tokenizes some
2,000 lexicon terms for the phrase matchers and decodes the lemma table: about a second
of a one-page run that would otherwise be spent identically every time (issue 12).
Each of those results is pickled into the user cache folder (platformdirs'
`user_cache_dir("claimcheck")`, or `CLAIMCHECK_CACHE_DIR`) under a key that hashes

- the cache format, claimcheck's version and the bytes of its own Python modules (a
  changed loader must not read an entry an older loader wrote), spaCy's version;
- the kind of entry and every input it was computed from: each pack / lexicon file the
  config names (path and bytes), or the terms themselves.

So an edited rule file is a new key: the old entry is simply not read.  Anything wrong
with an entry (missing, truncated, written by another version, unpicklable) means it is
rebuilt silently; a cache folder that cannot be written is ignored.  Two processes
writing the same entry at once each write a temporary file and `os.replace` it, so a
reader sees one whole entry or the other (they are equal).  Pickle runs code only from
entries in the user's own cache folder, which only that user can write (the same trust
as the rule files themselves).

`--no-cache` (Settings.cache = False) neither reads nor writes.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import marshal
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from claimcheck.version import __version__

ENV_DIR = "CLAIMCHECK_CACHE_DIR"
FORMAT = 1  # bump when the layout of an entry changes
KEEP_PER_KIND = 32  # older entries of a kind (from edited rule files) are removed beyond this

T = TypeVar("T")


def cache_dir() -> Path:
    """`CLAIMCHECK_CACHE_DIR` if set, else the user cache folder (e.g. ~/.cache/claimcheck)."""
    configured = os.environ.get(ENV_DIR)
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("claimcheck", appauthor=False))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """claimcheck's version, its Python modules' bytes and spaCy's version, hashed once per process."""
    import spacy

    digest = hashlib.sha256(f"{FORMAT}:{__version__}:{spacy.__version__}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def modules_digest(names: Iterable[str]) -> str:
    """A hash of some of claimcheck's modules (paths relative to the package) and their
    bytes: the code a piece of shipped data was computed by (checks/prebuilt.py)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    return digest.hexdigest()


def shipped_listing(path: Path, header: object, key: str) -> dict | None:
    """A shipped JSON listing (`listing_text`) read from `path`: its `key` table when the
    file's header equals `header`, else None (missing, damaged, or made for another
    installation: the caller builds as before, so a stale file costs speed, never a finding)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except Exception:
        return None
    if not isinstance(data, dict) or data.get("header") != header or not isinstance(data.get(key), dict):
        return None
    return data[key]


def listing_text(header: object, key: str, rows: Iterable[tuple[str, object]]) -> str:
    """The text of a shipped JSON listing: its header, then one row a line under `key`, so a
    reviewer sees in a diff which entries changed (`shipped_listing` reads it)."""
    lines = [f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}" for name, value in rows]
    return '{"header": ' + json.dumps(header, sort_keys=True) + f',\n "{key}": {{\n' + ",\n".join(lines) + "\n }\n}\n"


def files_key(paths: Iterable[Path]) -> str:
    """A hash of each file's resolved path and bytes (raises OSError for one that cannot be read)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(Path(path).resolve()).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files a pack or lexicon folder holds, in the order the loaders read them."""
    return sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))


def cached(kind: str, key: str, build: Callable[[], T], enabled: bool = True, keep: int = KEEP_PER_KIND) -> T:
    """`build()`'s result, from the cache when an entry for (kind, key) is there and sound.

    `key` must change whenever the result would: hash every input into it.  Exceptions
    of `build` (a bad rule file) propagate unchanged and nothing is stored.  `keep`: how
    many entries of the kind to keep; a kind with one entry per rule needs more than
    one run's worth, or each run would prune what the next one reads.
    """
    if not enabled:
        return build()
    try:
        full_key = hashlib.sha256(f"{code_fingerprint()}:{kind}:{key}".encode()).hexdigest()
        folder = cache_dir()
    except Exception:  # no home folder, unreadable package files: run without a cache
        return build()
    path = folder / f"{kind}-{full_key[:40]}.pickle"
    try:
        with open(path, "rb") as handle:
            entry = pickle.load(handle)
        if isinstance(entry, dict) and entry.get("key") == full_key:
            return entry["value"]
    except Exception:  # missing, truncated, corrupt or from another version: rebuild
        pass
    value = build()
    _store(folder, path, kind, {"key": full_key, "value": value}, keep)
    return value


def _store(folder: Path, path: Path, kind: str, entry: dict[str, object], keep: int = KEEP_PER_KIND) -> None:
    """Write the entry, then keep the newest `keep` of its kind."""
    if write_atomically(path, f".{kind}-", pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)):
        prune(folder, kind, keep)


def write_atomically(path: Path, prefix: str, data: bytes) -> bool:
    """Write `data` to `path` through a temporary file and os.replace, so a reader in
    another process sees the old file or the new one, never half of one; any failure
    leaves no trace and returns False (a cache that cannot be written is no cache)."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=prefix, suffix=".tmp", delete=False) as handle:
            temporary = handle.name
            handle.write(data)
        os.replace(temporary, path)
        temporary = None
        return True
    except Exception:
        return False
    finally:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def prune(folder: Path, kind: str, keep: int = KEEP_PER_KIND, suffix: str = ".pickle") -> None:
    """Keep the newest `keep` files of a kind: older ones belong to edited files (errors ignored)."""
    with contextlib.suppress(Exception):
        entries = sorted(folder.glob(f"{kind}-*{suffix}"), key=lambda item: item.stat().st_mtime, reverse=True)
        for stale in entries[keep:]:
            with contextlib.suppress(OSError):
                stale.unlink()


# ---------------------------------------------------------------------------------------
# Compiled regular expressions (`re`).  A one-page run compiles about 540 patterns, most
# at import (module-level patterns of the analyzers, spaCy's tokenizer rules) and on the
# first page (the study-design and condition lexicons): about 0.25 s, a sixth of a cold
# start.  `re` pickles a pattern as its source and recompiles it on load, so the entries
# above cannot hold one.  What `re` spends that time on is pure Python: parsing the
# pattern and generating the code of its matching engine (a list of integers).  Given
# that code, `_sre.compile` makes the same Pattern in microseconds.  So the code of every
# pattern compiled in a run is kept, per Python build, in one marshal file, and
# `re`'s compiler looks there first.  A Pattern made from it is equal (`==` compares
# source, flags and code) to one `re` makes itself; `install_pattern_cache` checks that on
# a probe before switching it on, and stays off where `re`'s internals differ.
# It is global state of the CLI's own process (never of a library caller's): kept after
# measuring the alternatives (README, "Issue 12: seventh round"): building patterns from
# stored code explicitly would need the same private functions, ~200 call sites changed
# and would still miss the patterns compiled while importing spaCy.
# ---------------------------------------------------------------------------------------

PATTERN_ENTRIES = 8192  # beyond this the file keeps only the patterns of the latest run


class _PatternCache:
    def __init__(self, path: Path, table: dict, compiler: object, parser: object, sre: object, write: bool):
        self.path = path
        self.table = table
        self.added: dict = {}
        self.used: set = set()
        self.write = write
        self._original = compiler.compile  # type: ignore[attr-defined]
        self._compiler = compiler
        self._parse = parser.parse  # type: ignore[attr-defined]
        self._code = compiler._code  # type: ignore[attr-defined]
        self._sre_compile = sre.compile  # type: ignore[attr-defined]
        self._debug = compiler.SRE_FLAG_DEBUG  # type: ignore[attr-defined]

    def entry(self, pattern: str | bytes, flags: int) -> tuple:
        """What `re`'s compiler passes to `_sre.compile` for this pattern (its own steps)."""
        parsed = self._parse(pattern, flags)
        code = self._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        # Plain ints: `re`'s opcodes are an int subclass, which marshal does not write.
        code = [int(item) for item in code]
        return (int(flags | parsed.state.flags), code, int(parsed.state.groups - 1), groupindex, tuple(indexgroup))

    def compile(self, pattern, flags=0):  # type: ignore[no-untyped-def]
        if not isinstance(pattern, (str, bytes)) or not isinstance(flags, int) or flags & self._debug:
            return self._original(pattern, flags)
        key = (pattern, int(flags))
        entry = self.table.get(key)
        if entry is not None:
            try:
                compiled = self._sre_compile(pattern, *entry)
            except Exception:  # a damaged entry: compile afresh
                pass
            else:
                self.used.add(key)
                return compiled
        entry = self.added.get(key)
        if entry is None:
            entry = self.entry(pattern, int(flags))  # raises re.error as `re` would
            self.added[key] = entry
        self.used.add(key)
        return self._sre_compile(pattern, *entry)

    def save(self) -> None:
        if not self.write or not self.added:
            return
        table = {**self.table, **self.added}
        if len(table) > PATTERN_ENTRIES:
            table = {key: table[key] for key in self.used}
        try:
            data = marshal.dumps(table)
        except ValueError:
            return
        if write_atomically(self.path, ".re-", data):
            self.table, self.added = table, {}


_pattern_cache: _PatternCache | None = None


def install_pattern_cache(enabled: bool = True) -> bool:
    """Let `re` take compiled patterns from the cache folder (and add the run's new ones at exit).

    Call it before the imports that compile patterns (the CLI does, unless --no-cache).
    True if it is on; idempotent; any surprise in `re`'s internals leaves `re` untouched.
    """
    global _pattern_cache
    if not enabled:
        return False
    if _pattern_cache is not None:
        return True
    try:
        import _sre

        if sys.version_info >= (3, 11):
            from re import _compiler as compiler  # type: ignore[attr-defined]
            from re import _parser as parser
        else:  # pragma: no cover - Python 3.10
            import sre_compile as compiler
            import sre_parse as parser
        tag = hashlib.sha256(f"{FORMAT}:{sys.version}:{_sre.MAGIC}:{compiler.__file__}".encode()).hexdigest()[:24]
        path = cache_dir() / f"re-{tag}.marshal"
        try:
            table = marshal.loads(path.read_bytes())
            if not isinstance(table, dict):
                table = {}
        except Exception:  # missing, truncated or foreign: start afresh
            table = {}
        cache = _PatternCache(path, table, compiler, parser, _sre, write=True)
        probe = r"(?P<word>\b[a-z]+(?:-[a-z]+)*\b)\s*(?=[.;,]|$)|(?i:[^\W\d_]{2,})"
        if cache._sre_compile(probe, *cache.entry(probe, 0)) != cache._original(probe, 0):
            return False
        compiler.compile = cache.compile  # type: ignore[attr-defined]
    except Exception:
        return False
    _pattern_cache = cache
    atexit.register(cache.save)
    return True


def keep_new_patterns(enabled: bool) -> None:
    """`cache: false` in a config file, read after the imports: add nothing to the file."""
    if _pattern_cache is not None and not enabled:
        _pattern_cache.write = False
