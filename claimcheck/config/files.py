"""Config files: where they are found and how each kind is read into plain data.

Three kinds, looked for in this order in each folder from the checked path upwards
(the first found wins): `.claimcheck.yaml` / `.claimcheck.yml`, a `[claimcheck]`
section in `setup.cfg`, a `[tool.claimcheck]` table in `pyproject.toml`.  A setup.cfg
or pyproject.toml without the section does not count, so a project's packaging files
never stop the search.

setup.cfg values are strings, so they are read by the type the schema expects:
strings as written, lists as `a, b` (commas or one per line) or YAML flow `[a, b]`,
numbers and mappings as YAML flow (`{"evidence/*": error}`), which may span lines.
"""

from __future__ import annotations

import configparser
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimcheck.errors import ConfigError
from claimcheck.yamlio import load_yaml, parse_yaml, strip_lines

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

YAML_NAMES = (".claimcheck.yaml", ".claimcheck.yml")
SETUP_CFG = "setup.cfg"
PYPROJECT = "pyproject.toml"
SEARCH_ORDER = (*YAML_NAMES, SETUP_CFG, PYPROJECT)
CFG_SECTION = "claimcheck"


@dataclass(frozen=True)
class RawConfig:
    """One file's config data (unvalidated) and how to name a key of it in messages."""

    path: Path
    data: Any
    kind: str  # "yaml", "setup.cfg" or "pyproject"

    def where(self, key: str) -> str:
        """`file:key` as shown in errors and by `claimcheck config`."""
        if self.kind == "setup.cfg":
            return f"{self.path} [{CFG_SECTION}] {key}"
        if self.kind == "pyproject":
            return f"{self.path} [tool.claimcheck] {key}"
        return f"{self.path}:{key}"

    @property
    def label(self) -> str:
        return {"setup.cfg": f"{self.path} [{CFG_SECTION}]", "pyproject": f"{self.path} [tool.claimcheck]"}.get(
            self.kind, str(self.path)
        )


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above `start` (a file's own folder counts)."""
    folder = Path(os.path.abspath(start))  # not resolve(): a symlink loop must not raise here
    if not folder.is_dir():
        folder = folder.parent
    for candidate_folder in (folder, *folder.parents):
        for name in SEARCH_ORDER:
            candidate = candidate_folder / name
            if candidate.is_file() and _holds_config(candidate):
                return candidate
    return None


def _holds_config(path: Path) -> bool:
    if path.name in YAML_NAMES:
        return True
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if path.name == SETUP_CFG:
        return re.search(rf"^\[{CFG_SECTION}\]\s*$", text, re.MULTILINE) is not None
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return "tool.claimcheck" in text  # broken, but meant for us: reading it reports the error
    return isinstance(tool, dict) and "claimcheck" in tool


def read_config(path: Path, types: dict[str, str]) -> RawConfig:
    """Read any of the three kinds; `types` maps each key to its JSON-schema type."""
    if path.name == SETUP_CFG or path.suffix == ".cfg":
        return RawConfig(path, _read_setup_cfg(path, types), "setup.cfg")
    if path.name == PYPROJECT or path.suffix == ".toml":
        return RawConfig(path, _read_pyproject(path), "pyproject")
    raw = load_yaml(path, ConfigError)
    return RawConfig(path, strip_lines(raw) if raw is not None else {}, "yaml")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise ConfigError(f"{path}: cannot read ({problem.__class__.__name__}: {problem})") from None


def _read_pyproject(path: Path) -> Any:
    try:
        data = tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as problem:
        raise ConfigError(f"{path}: invalid TOML: {problem}") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict) or "claimcheck" not in tool:
        raise ConfigError(f"{path}: no [tool.claimcheck] table")
    return tool["claimcheck"]


def _read_setup_cfg(path: Path, types: dict[str, str]) -> dict[str, Any]:
    parser = configparser.ConfigParser(interpolation=None, default_section="claimcheck:no-defaults")
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive, like the other kinds
    try:
        parser.read_string(_read_text(path), source=str(path))
    except configparser.Error as problem:
        raise ConfigError(f"{path}: cannot parse: {' '.join(str(problem).split())}") from None
    if not parser.has_section(CFG_SECTION):
        raise ConfigError(f"{path}: no [{CFG_SECTION}] section")
    return {key: _cfg_value(path, key, value, types.get(key)) for key, value in parser.items(CFG_SECTION)}


def _cfg_value(path: Path, key: str, value: str, kind: str | None) -> Any:
    text = value.strip()
    if kind == "string" or kind is None:
        return text
    if kind == "array" and not text.startswith("["):
        return [item.strip() for item in re.split(r"[,\n]", text) if item.strip()]
    return strip_lines(parse_yaml(text, f"{path} [{CFG_SECTION}] {key}", ConfigError)) if text else None
