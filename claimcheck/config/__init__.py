"""Configuration: `Settings` from defaults, config files and flags.

- `files`: where config files are found (`find_config`) and how each kind is read;
- `schema`: the config schema and its validation;
- `settings`: `Settings`, `load_settings` (following `extends`), `settings_for` paths;
- `selection`: `select_rules`, the settings applied to the loaded rules.
"""

from claimcheck.config.files import find_config
from claimcheck.config.schema import CONFIG_NAMES, CONFIG_SCHEMA, FAIL_LEVELS, SETTING_KEYS
from claimcheck.config.selection import select_rules
from claimcheck.config.settings import ModelSettings, PathOverride, Settings, config_groups, load_settings, settings_for

__all__ = [
    "CONFIG_NAMES",
    "CONFIG_SCHEMA",
    "FAIL_LEVELS",
    "SETTING_KEYS",
    "ModelSettings",
    "PathOverride",
    "Settings",
    "config_groups",
    "find_config",
    "load_settings",
    "select_rules",
    "settings_for",
]
