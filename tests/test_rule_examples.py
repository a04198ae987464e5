"""Every rule's own YAML examples: texts it must flag, texts it must let pass.

A rule author gets these tests by writing `examples:`; nothing here names a rule.
"""

from __future__ import annotations

import pytest

from claimcheck.checks.loader import builtin_packs, load_rules

RULES = load_rules(builtin_packs())
FLAG = [(rule.id, text) for rule in RULES for text in rule.examples.flag]
ACCEPT = [(rule.id, text) for rule in RULES for text in rule.examples.accept]


def test_every_rule_has_examples_both_ways():
    missing = [rule.id for rule in RULES if not rule.examples.flag or not rule.examples.accept]
    assert not missing, f"rules without flag and accept examples: {missing}"


@pytest.mark.parametrize(("rule_id", "text"), FLAG, ids=[f"{rule}:{text[:40]}" for rule, text in FLAG])
def test_rule_flags_its_examples(check, rule_id, text):
    found = [finding.rule for finding in check(text)]
    assert rule_id in found, f"{rule_id} did not flag: {text!r} (found {found})"


@pytest.mark.parametrize(("rule_id", "text"), ACCEPT, ids=[f"{rule}:{text[:40]}" for rule, text in ACCEPT])
def test_rule_accepts_its_examples(check, rule_id, text):
    found = [finding.rule for finding in check(text)]
    assert rule_id not in found, f"{rule_id} flagged: {text!r}"
