"""One wording for schema errors in config files, rule packs and the claims library."""

from __future__ import annotations

import pytest

from claimcheck.checks.loader import check_options
from claimcheck.errors import ConfigError, RuleError
from claimcheck.library import parse_library
from claimcheck.schema import validate

SCHEMA = {
    "type": "object",
    "properties": {"level": {"enum": ["low", "high"]}, "count": {"type": "integer"}, "inner": {"type": "object"}},
    "required": ["level"],
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": "mid"}, "f.yml: level: 'mid' is not allowed (choose from low, high)"),
        ({"level": "low", "count": "two"}, "f.yml: count: expected integer, got 'two'"),
        ({}, "f.yml: 'level' is required"),
        ({"level": "low", "colour": 1}, "f.yml: unknown key 'colour' (allowed: count, inner, level)"),
    ],
)
def test_one_line_per_error(data, message):
    with pytest.raises(ConfigError) as raised:
        validate(SCHEMA, data, "f.yml", ConfigError)
    assert str(raised.value) == message


def test_a_hint_replaces_the_default_wording_and_none_keeps_it():
    def hint(error, path):
        return "level: say low or high" if path == "level" else None

    with pytest.raises(RuleError, match=r"^f: level: say low or high$"):
        validate(SCHEMA, {"level": "mid"}, "f", RuleError, hint)
    with pytest.raises(RuleError, match=r"^f: 'level' is required$"):
        validate(SCHEMA, {}, "f", RuleError, hint)


def test_rule_options_and_the_claims_library_word_errors_alike():
    with pytest.raises(RuleError) as rule_error:
        check_options("claim", {"statuses": ["sometimes"]}, "rules.yml:3: rule 'a/b': options")
    assert "rules.yml:3: rule 'a/b': options: statuses.0: 'sometimes' is not allowed (choose from " in str(rule_error.value)
    with pytest.raises(ConfigError) as library_error:
        parse_library({"claims": [{"id": "a", "claim": "MSC may help", "references": ["x"], "scope": {"places": []}}]}, "lib.yml")
    assert str(library_error.value) == "lib.yml: claim 'a': unknown key 'places' under 'scope' (allowed: conditions, products)"
