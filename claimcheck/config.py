"""Settings: what a run checks and how, from defaults, a config file and flags.

The config file (`.claimcheck.yaml`, `setup.cfg [claimcheck]` or `pyproject.toml
[tool.claimcheck]`, see `configfile`) may `extends` another; values merge, the child
winning.  Each file is validated with a JSON schema, so a wrong key or type is an
error naming the file, the key and what is allowed.  Settings remember where each
value came from, for `claimcheck config`.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jsonschema

from claimcheck.checks import KINDS
from claimcheck.checks.loader import check_options
from claimcheck.checks.model import Rule
from claimcheck.configfile import YAML_NAMES, RawConfig, read_config
from claimcheck.configfile import find_config as find_config
from claimcheck.errors import ConfigError
from claimcheck.nlp.pipeline import BLANK, PipelineSettings
from claimcheck.report import FORMATTERS
from claimcheck.severity import Severity
from claimcheck.sources.reader import DEFAULT_MAX_BYTES

CONFIG_NAMES = YAML_NAMES
FAIL_LEVELS = ("error", "warning", "info", "never")
SEVERITY_MAP = {"type": "object", "additionalProperties": {"enum": ["error", "warning", "info"]}}
STRING_LIST = {"type": "array", "items": {"type": "string"}}

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "packs": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "extends": {"type": "string", "minLength": 1},
        "disable": STRING_LIST,
        "enable": STRING_LIST,
        "severity": SEVERITY_MAP,
        "fail_on": {"enum": list(FAIL_LEVELS)},
        "pipeline": {"type": "string", "minLength": 1},
        "max_file_size": {"type": "integer", "minimum": 1},
        "include": STRING_LIST,
        "exclude": STRING_LIST,
        "citation_window": {"type": "integer", "minimum": 0, "maximum": 10},
        "lexicons": {"type": "array", "items": {"type": "string"}},
        "extra_terms": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "rule_options": {"type": "object", "additionalProperties": {"type": "object"}},
        "overrides": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "paths": {**STRING_LIST, "minItems": 1},
                    "disable": STRING_LIST,
                    "severity": SEVERITY_MAP,
                    "fail_on": {"enum": list(FAIL_LEVELS)},
                },
                "required": ["paths"],
                "additionalProperties": False,
            },
        },
        "format": {"enum": sorted(FORMATTERS)},
        "claims_library": {"type": "string", "minLength": 1},
    },
    "additionalProperties": False,
}
KEY_TYPES = {key: spec.get("type", "string") for key, spec in CONFIG_SCHEMA["properties"].items()}
# Mappings merge key by key through `extends` (the child winning); everything else,
# lists included, is replaced by the child's value.
MERGED_KEYS = ("severity", "extra_terms", "rule_options")


@dataclass(frozen=True)
class PathOverride:
    """`overrides` entry: for files matching `paths` (relative to `base`, the folder of
    the config file that wrote it), drop or re-grade findings after the checks ran."""

    paths: tuple[str, ...]
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    base: str = "."
    origin: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"paths": list(self.paths)}
        if self.disable:
            data["disable"] = list(self.disable)
        if self.severity:
            data["severity"] = dict(self.severity)
        if self.fail_on:
            data["fail_on"] = self.fail_on
        return data


@dataclass(frozen=True)
class Settings:
    packs: tuple[str, ...] = ("stemcell",)
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    pipeline: str = BLANK
    max_file_size: int = DEFAULT_MAX_BYTES
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    citation_window: int = 0
    lexicons: tuple[str, ...] = ()
    extra_terms: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    overrides: tuple[PathOverride, ...] = ()
    format: str = "text"
    claims_library: str | None = None
    origin: str = "defaults"
    # The files read (the one found first, then what it extends) and, per key, where
    # its value came from ("file:key" or a command-line flag); absent means default.
    config_files: tuple[str, ...] = field(default=(), compare=False)
    provenance: dict[str, str] = field(default_factory=dict, compare=False)

    def source_of(self, key: str) -> str:
        return self.provenance.get(key, "default")

    def pipeline_settings(self) -> PipelineSettings:
        return PipelineSettings(
            pipeline=self.pipeline,
            lexicon_dirs=tuple(Path(folder) for folder in self.lexicons),
            extra_terms=self.extra_terms,
            citation_window=self.citation_window,
            claims_library=Path(self.claims_library) if self.claims_library else None,
        )


SETTING_KEYS = tuple(key for key in CONFIG_SCHEMA["properties"] if key != "extends")


def _describe(error: jsonschema.ValidationError) -> str:
    key = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {}))) or "none"
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        place = f" under {key!r}" if key else ""
        return f"unknown key {', '.join(map(repr, unknown))}{place} (allowed: {allowed})"
    if error.validator == "enum":
        return f"{key}: {error.instance!r} is not allowed (choose from {', '.join(map(str, error.validator_value))})"
    if error.validator == "type":
        return f"{key or 'config'}: expected {error.validator_value}, got {error.instance!r}"
    if error.validator == "required":
        return f"{key or 'config'}: {error.message.replace('is a required property', 'is required')}"
    return f"{key or 'config'}: {error.message}"


def _validated(raw: RawConfig) -> dict[str, Any]:
    if not isinstance(raw.data, dict):
        raise ConfigError(f"{raw.label}: the config must be a mapping of keys to values")
    errors = list(jsonschema.Draft202012Validator(CONFIG_SCHEMA).iter_errors(raw.data))
    if errors:
        raise ConfigError(f"{raw.label}: {_describe(jsonschema.exceptions.best_match(errors))}")
    return raw.data


def _read_chain(path: Path) -> list[tuple[RawConfig, dict[str, Any]]]:
    """The file and every file it extends, child first; a cycle is an error."""
    chain: list[tuple[RawConfig, dict[str, Any]]] = []
    seen: list[Path] = []
    current: Path | None = path
    while current is not None:
        resolved = Path(os.path.realpath(current))
        if resolved in seen:
            cycle = " -> ".join(str(item) for item in (*seen[seen.index(resolved) :], resolved))
            raise ConfigError(f"{chain[-1][0].where('extends')}: 'extends' makes a cycle: {cycle}")
        seen.append(resolved)
        raw = read_config(current, KEY_TYPES)
        data = _validated(raw)
        chain.append((raw, data))
        current = Path(os.path.normpath(raw.path.parent / data["extends"])) if "extends" in data else None
        if current is not None and not current.is_file():
            raise ConfigError(f"{raw.where('extends')}: file {data['extends']!r} not found (relative to {raw.path.parent})")
    return chain


def _normalise(raw: RawConfig, key: str, value: Any) -> Any:
    """Paths relative to the config file, lists as tuples, overrides as PathOverride."""
    base = raw.path.parent
    if key in {"packs", "lexicons"}:
        return tuple(_resolve(item, base) for item in value)
    if key == "claims_library":
        return str((base / value).resolve())
    if key == "overrides":
        return tuple(
            PathOverride(
                paths=tuple(item["paths"]),
                disable=tuple(item.get("disable", ())),
                severity=dict(item.get("severity", {})),
                fail_on=item.get("fail_on"),
                base=os.path.abspath(base),
                origin=raw.where(f"overrides[{index}]"),
            )
            for index, item in enumerate(value)
        )
    if isinstance(value, list):
        return tuple(value)
    return value


def _merge(parent: Any, child: Any) -> Any:
    if isinstance(parent, dict) and isinstance(child, dict):
        return {**parent, **{key: _merge(parent.get(key), value) for key, value in child.items()}}
    return child


def load_settings(path: Path) -> Settings:
    """Settings from a config file of any kind, following `extends`."""
    chain = _read_chain(path)
    values: dict[str, Any] = {}
    provenance: dict[str, str] = {}
    for raw, data in reversed(chain):  # the furthest parent first, so children win
        for key, value in data.items():
            if key == "extends":
                continue
            value = _normalise(raw, key, value)
            if key in MERGED_KEYS and key in values:
                values[key] = _merge(values[key], value)
                provenance[key] = f"{provenance[key]} + {raw.where(key)}"
            else:
                values[key] = value
                provenance[key] = raw.where(key)
    return replace(
        Settings(),
        origin=chain[0][0].label,
        config_files=tuple(raw.label for raw, _ in chain),
        provenance=provenance,
        **values,
    )


def settings_for(paths: Sequence[str | Path], config: str | Path | None = None) -> Settings:
    """The settings a run over `paths` uses: `config` if given, else the nearest config
    file above the paths (the current folder for none); defaults when there is none.

    Paths under different config files cannot share one run: that is an error.
    """
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError(f"config file {str(config)!r} not found")
        return load_settings(path)
    starts = [Path(item) for item in paths if str(item) != "-"] or [Path.cwd()]
    if len(starts) < len(paths):
        starts.append(Path.cwd())
    found = {start: find_config(start) for start in starts}
    distinct = sorted({str(item) for item in found.values()})
    if len(distinct) > 1:
        raise ConfigError(
            "the paths given fall under different config files ("
            + ", ".join(distinct).replace("None", "none")
            + "); check them in separate runs or pass --config"
        )
    chosen = next(iter(found.values()))
    return load_settings(chosen) if chosen else Settings()


def _resolve(item: str, base: Path) -> str:
    """Pack and lexicon folders are relative to the config file; built-in names stay names."""
    if "/" in item or item.startswith("."):
        return str((base / item).resolve())
    return item


def _matches(rule_id: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(rule_id, pattern) for pattern in patterns)


def _check_patterns(known: set[str], patterns: Iterable[str], where: str) -> None:
    for pattern in patterns:
        if not any(fnmatch.fnmatchcase(rule_id, pattern) for rule_id in known):
            raise ConfigError(f"{where}: no rule matches {pattern!r} (see 'claimcheck rules')")


def select_rules(rules: Sequence[Rule], settings: Settings) -> list[Rule]:
    """Apply enable/disable (ids or globs), severity overrides and `rule_options`;
    every pattern must match some rule, and merged options must suit the rule's kind."""
    known = {rule.id for rule in rules}
    for key in ("disable", "enable"):
        _check_patterns(known, getattr(settings, key), settings.source_of(key))
    _check_patterns(known, settings.severity, settings.source_of("severity"))
    _check_patterns(known, settings.rule_options, settings.source_of("rule_options"))
    for override in settings.overrides:
        _check_patterns(known, (*override.disable, *override.severity), override.origin)
    selected = []
    for rule in rules:
        enabled = (rule.enabled or _matches(rule.id, settings.enable)) and not _matches(rule.id, settings.disable)
        severity = rule.severity
        for pattern, level in settings.severity.items():
            if fnmatch.fnmatchcase(rule.id, pattern):
                severity = Severity.parse(level)
        selected.append(replace(rule, enabled=enabled, severity=severity, options=_options(rule, settings)))
    return selected


def _options(rule: Rule, settings: Settings) -> dict[str, Any]:
    """The rule's YAML options with matching `rule_options` merged over them, validated."""
    options = dict(rule.options)
    for pattern, extra in settings.rule_options.items():
        if not fnmatch.fnmatchcase(rule.id, pattern):
            continue
        where = f"{settings.source_of('rule_options')}: {pattern}"
        if rule.kind not in KINDS:
            raise ConfigError(f"{where}: rule {rule.id!r} takes no options")
        options.update(extra)
        check_options(rule.kind, options, f"{where}: options of {rule.id!r}")
    return options
