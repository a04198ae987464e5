"""Rule selection: a config's enable / disable / severity / rule_options applied to the
loaded rules, every pattern checked against the rule ids."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from claimcheck.checks import KINDS
from claimcheck.checks.loader import check_options
from claimcheck.checks.model import Rule
from claimcheck.config.settings import Settings
from claimcheck.errors import ConfigError
from claimcheck.schema import rule_suggestion
from claimcheck.severity import Severity


def _matches(rule_id: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(rule_id, pattern) for pattern in patterns)


def _check_patterns(known: set[str], patterns: Iterable[str], where: str) -> None:
    for pattern in patterns:
        if not any(fnmatch.fnmatchcase(rule_id, pattern) for rule_id in known):
            hint = rule_suggestion(pattern, known) or " (see 'claimcheck rules')"
            raise ConfigError(f"{where}: no rule matches {pattern!r}{hint}")


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
