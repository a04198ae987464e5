"""YAML loading that remembers where each mapping started, for error messages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from claimcheck.errors import ClaimcheckError

LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=deep)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# YAML 1.1 reads bare no/yes/on/off as booleans, so a lexicon entry `no` would vanish
# into False.  Keep YAML 1.2 behaviour: only true/false are booleans.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

# The files claimcheck ships (rule packs, lexicons, detector data: ~250 KB read on a run
# with an empty compile cache) are parsed by libyaml when PyYAML has it: 0.06 s instead of
# 0.54 s.  The same constructors and resolvers run on its events, so the data (line keys
# included) is the same, which tests/test_yamlio.py checks for every shipped file.  Any
# other file (a user's pack, lexicon or config) keeps the pure-Python parser, which
# rejects some malformed YAML that libyaml accepts, with the same messages as before.
_FastLineLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastLineLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        yaml_implicit_resolvers = _LineLoader.yaml_implicit_resolvers

    _FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_shipped_roots: tuple[Path, ...] | None = None


def shipped(path: Path) -> bool:
    """Whether `path` is one of claimcheck's own files (its package or built-in rules folder)."""
    global _shipped_roots
    if _shipped_roots is None:
        package = Path(__file__).resolve().parent
        # The built-in rules folder, found as nlp.lexicons.builtin_rules_dir finds it
        # (not imported: yamlio sits below nlp in the import graph).
        rules = [folder for folder in (package / "rules", package.parent / "rules") if (folder / "lexicons").is_dir()]
        _shipped_roots = (package, *rules[:1])
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return False
    return any(resolved.is_relative_to(root) for root in _shipped_roots)


def load_yaml(path: Path, error: type[ClaimcheckError]) -> Any:
    """Parse a YAML file; syntax and I/O problems become `error` with file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"{path}: cannot read ({problem.__class__.__name__}: {problem})") from None
    return parse_yaml(text, str(path), error, fast=shipped(path))


def load_yaml_cached(path: Path, error: type[ClaimcheckError], cache: bool) -> Any:
    """`load_yaml`, from the compile cache (claimcheck/cache.py) when `cache` and the file
    is unchanged: for data files read on every run (thresholds, detector map, approved products)."""
    if not cache:
        return load_yaml(path, error)
    from claimcheck.cache import cached, files_key

    try:
        key = files_key([path])
    except OSError:
        return load_yaml(path, error)  # its own error message
    return cached("yaml", key, lambda: load_yaml(path, error))


def parse_yaml(text: str, name: str, error: type[ClaimcheckError], fast: bool = False) -> Any:
    """`text` as data; `fast`: with libyaml where PyYAML has it (for claimcheck's own files)."""
    try:
        return yaml.load(text, Loader=_FastLineLoader if fast and _FastLineLoader is not None else _LineLoader)
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise error(f"{where}: invalid YAML: {problem.problem}") from None
    except yaml.reader.ReaderError as problem:  # a character YAML does not allow
        line = text.count("\n", 0, problem.position) + 1
        raise error(f"{name}:{line}: invalid YAML: {problem.reason} (#x{problem.character:04x})") from None
    except yaml.YAMLError as problem:
        raise error(f"{name}: invalid YAML: {' '.join(str(problem).split())}") from None


def strip_lines(value: Any) -> Any:
    """The same data without the bookkeeping line keys (for schema validation and use)."""
    if isinstance(value, dict):
        return {key: strip_lines(item) for key, item in value.items() if key != LINE_KEY}
    if isinstance(value, list):
        return [strip_lines(item) for item in value]
    return value


def line_of(value: Any) -> int | None:
    return value.get(LINE_KEY) if isinstance(value, dict) else None
