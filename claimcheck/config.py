"""Settings: what a run checks and how, from defaults, a config file and flags.

The config file is `.claimcheck.yaml`, found in the current folder or the nearest
parent (or named with --config).  It is validated with a JSON schema, so a wrong key
or type is an error naming the file, the key and what is allowed.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jsonschema

from claimcheck.checks.model import Rule
from claimcheck.errors import ConfigError
from claimcheck.findings import Severity
from claimcheck.nlp.pipeline import BLANK, PipelineSettings
from claimcheck.sources.reader import DEFAULT_MAX_BYTES
from claimcheck.yamlio import load_yaml, strip_lines

CONFIG_NAMES = (".claimcheck.yaml", ".claimcheck.yml")
FAIL_LEVELS = ("error", "warning", "info", "never")

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "packs": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "disable": {"type": "array", "items": {"type": "string"}},
        "enable": {"type": "array", "items": {"type": "string"}},
        "severity": {"type": "object", "additionalProperties": {"enum": ["error", "warning", "info"]}},
        "fail_on": {"enum": list(FAIL_LEVELS)},
        "pipeline": {"type": "string", "minLength": 1},
        "max_file_size": {"type": "integer", "minimum": 1},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "citation_window": {"type": "integer", "minimum": 0, "maximum": 10},
        "lexicons": {"type": "array", "items": {"type": "string"}},
        "extra_terms": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Settings:
    packs: tuple[str, ...] = ("stemcell",)
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    pipeline: str = BLANK
    max_file_size: int = DEFAULT_MAX_BYTES
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    citation_window: int = 0
    lexicons: tuple[str, ...] = ()
    extra_terms: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    origin: str = "defaults"

    def pipeline_settings(self) -> PipelineSettings:
        return PipelineSettings(
            pipeline=self.pipeline,
            lexicon_dirs=tuple(Path(folder) for folder in self.lexicons),
            extra_terms=self.extra_terms,
            citation_window=self.citation_window,
        )


def find_config(start: Path) -> Path | None:
    folder = start.resolve()
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_folder / name
            if candidate.is_file():
                return candidate
    return None


def _describe(error: jsonschema.ValidationError) -> str:
    key = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {}))) or "none"
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        place = f" under {key!r}" if key else ""
        return f"unknown key {', '.join(map(repr, unknown))}{place} (allowed: {allowed})"
    if error.validator == "enum":
        return f"{key}: {error.instance!r} is not allowed (choose from {', '.join(map(str, error.validator_value))})"
    return f"{key or 'config'}: {error.message}"


def load_settings(path: Path) -> Settings:
    raw = load_yaml(path, ConfigError)
    data = strip_lines(raw) if raw is not None else {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping of keys to values")
    errors = list(jsonschema.Draft202012Validator(CONFIG_SCHEMA).iter_errors(data))
    if errors:
        raise ConfigError(f"{path}: {_describe(jsonschema.exceptions.best_match(errors))}")
    base = path.parent
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in {"packs", "lexicons"}:
            value = tuple(_resolve(item, base) for item in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[key] = value
    return replace(Settings(), origin=str(path), **values)


def _resolve(item: str, base: Path) -> str:
    """Pack and lexicon folders are relative to the config file; built-in names stay names."""
    if "/" in item or item.startswith("."):
        return str((base / item).resolve())
    return item


def _matches(rule_id: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(rule_id, pattern) for pattern in patterns)


def select_rules(rules: Sequence[Rule], settings: Settings) -> list[Rule]:
    """Apply enable/disable (ids or globs) and severity overrides."""
    known = {rule.id for rule in rules}
    for pattern in (*settings.disable, *settings.enable, *settings.severity):
        if not any(fnmatch.fnmatchcase(rule_id, pattern) for rule_id in known):
            raise ConfigError(f"{settings.origin}: no rule matches {pattern!r} (see 'claimcheck rules')")
    selected = []
    for rule in rules:
        enabled = (rule.enabled or _matches(rule.id, settings.enable)) and not _matches(rule.id, settings.disable)
        severity = rule.severity
        for pattern, level in settings.severity.items():
            if fnmatch.fnmatchcase(rule.id, pattern):
                severity = Severity.parse(level)
        selected.append(replace(rule, enabled=enabled, severity=severity))
    return selected
