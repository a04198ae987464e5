"""Errors that end a run with exit code 2 and a one-line message, never a traceback."""

from __future__ import annotations


class ClaimcheckError(Exception):
    """A problem the user can fix: bad usage, bad config, bad rules or bad input."""

    exit_code = 2


class ConfigError(ClaimcheckError):
    """A configuration file or option is invalid."""


class RuleError(ConfigError):
    """A rule pack or lexicon is malformed."""


class InputError(ClaimcheckError):
    """A file cannot be read as text."""
