"""Every rule's own YAML examples: texts it must flag, texts it must let pass.

A rule author gets these tests by writing `examples:`; nothing here names a rule.
They run the rules alone: an example pins what its rule does, whatever the learned
detector (tested on its own) adds or overrules.  A rule of kind `detector` has nothing to
run alone: its examples run with the shipped detector, whose reading they pin.
"""

from __future__ import annotations

import pytest

from claimcheck.api import build_linter, check_text
from claimcheck.checks.loader import builtin_packs, load_rules
from claimcheck.config import ModelSettings, Settings

RULES = load_rules(builtin_packs())
FLAG = [(rule.id, text) for rule in RULES for text in rule.examples.flag]
ACCEPT = [(rule.id, text) for rule in RULES for text in rule.examples.accept]
LIBRARIES = {rule.id: rule.examples.claims_library for rule in RULES if rule.examples.claims_library}
DETECTOR_ONLY = {rule.id for rule in RULES if rule.kind == "detector"}


@pytest.fixture(scope="module")
def checker(check, shipped_linter):
    """The default checker, one built with the rule's example claims library, or for a
    rule only the detector reports, the shipped linter (rules and detector)."""
    built: dict[str, object] = {}

    def for_rule(rule_id: str):
        if rule_id in DETECTOR_ONLY:
            return lambda text: check_text(text, linter=shipped_linter)
        library = LIBRARIES.get(rule_id)
        if library is None:
            return check
        if library not in built:
            built[library] = build_linter(Settings(model=ModelSettings(enabled=False), all_findings=True), claims_library=library)
        return lambda text: check_text(text, linter=built[library])

    return for_rule


def test_every_rule_has_examples_both_ways():
    missing = [rule.id for rule in RULES if not rule.examples.flag or not rule.examples.accept]
    assert not missing, f"rules without flag and accept examples: {missing}"


@pytest.mark.parametrize(("rule_id", "text"), FLAG, ids=[f"{rule}:{text[:40]}" for rule, text in FLAG])
def test_rule_flags_its_examples(checker, rule_id, text):
    found = [finding.rule for finding in checker(rule_id)(text)]
    assert rule_id in found, f"{rule_id} did not flag: {text!r} (found {found})"


@pytest.mark.parametrize(("rule_id", "text"), ACCEPT, ids=[f"{rule}:{text[:40]}" for rule, text in ACCEPT])
def test_rule_accepts_its_examples(checker, rule_id, text):
    found = [finding.rule for finding in checker(rule_id)(text)]
    assert rule_id not in found, f"{rule_id} flagged: {text!r}"
