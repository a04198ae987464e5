"""The config file's JSON schema and its validation (messages via claimcheck.schema)."""

from __future__ import annotations

from typing import Any

from claimcheck.config.files import YAML_NAMES, RawConfig
from claimcheck.errors import ConfigError
from claimcheck.report import FORMATTERS
from claimcheck.schema import validate

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
        "min_severity": {"enum": ["error", "warning", "info"]},
        "all_findings": {"type": "boolean"},
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
        "cache": {"type": "boolean"},
        # The learned detector: `false` runs the rules alone; a mapping tunes it.
        "model": {
            "type": ["boolean", "object"],
            "properties": {
                "enabled": {"type": "boolean"},
                "mode": {"enum": ["combined", "rules", "model"]},
                "overruled": {"enum": ["drop", "info", "keep"]},
                "hedged": {"enum": ["info", "keep"]},
                "thresholds": {
                    "type": "object",
                    "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
                },
                "path": {"type": "string", "minLength": 1},
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
# Each key's JSON type, for config kinds that hold only strings (setup.cfg); a key of
# several types (`model`: true/false or a mapping) is read as YAML like an object.
KEY_TYPES = {
    key: kind if isinstance(kind := spec.get("type", "string"), str) else "object"
    for key, spec in CONFIG_SCHEMA["properties"].items()
}
# Mappings merge key by key through `extends` (the child winning); everything else,
# lists included, is replaced by the child's value.
MERGED_KEYS = ("severity", "extra_terms", "rule_options")
SETTING_KEYS = tuple(key for key in CONFIG_SCHEMA["properties"] if key != "extends")


def validated(raw: RawConfig) -> dict[str, Any]:
    """The file's data if it fits the schema; else a ConfigError naming file, key and problem."""
    if not isinstance(raw.data, dict):
        raise ConfigError(f"{raw.label}: the config must be a mapping of keys to values")
    validate(CONFIG_SCHEMA, raw.data, raw.label, ConfigError)
    return raw.data
