"""A long alternation searched one alternative at a time gives the same matches as the whole
pattern's `finditer` (claimcheck/checks/branches.py)."""

from __future__ import annotations

import random
from pathlib import Path

import regex

from claimcheck.checks.branches import alternatives_for, top_level_alternatives
from claimcheck.checks.loader import load_rules
from claimcheck.checks.prefilter import case_blind, prefilter_for, windows_for
from claimcheck.sources import format_for_path, parse_source

ROOT = Path(__file__).resolve().parent.parent


def spans(pattern: str, text: str, ignore_case: bool = False) -> tuple[list, list]:
    flags = regex.IGNORECASE if ignore_case else 0
    whole = [m.span() for m in regex.compile(pattern, flags).finditer(text)]
    alternatives = alternatives_for(pattern, ignore_case)
    assert alternatives is not None, pattern
    split = [m.span() for m in alternatives.finditer(text, 10.0, case_blind(text))]
    return whole, split


def test_splits_only_at_top_level_bars():
    assert top_level_alternatives(r"a(?:b|c)|[|x]|\||d") == ["a(?:b|c)", "[|x]", r"\|", "d"]
    assert top_level_alternatives(r"[]|]|b") == ["[]|]", "b"]
    assert top_level_alternatives(r"(?:a|b)") is None
    assert top_level_alternatives(r"a|(b") is None


def test_patterns_it_cannot_split_safely_stay_whole():
    assert alternatives_for(r"(a)\1|b|c|d", False) is None  # group numbers would change
    assert alternatives_for(r"a|b|c|d(?x) # e|f", False) is None
    assert alternatives_for(r"a|b", False) is None  # too short to pay
    assert alternatives_for(r"(?i)ab|cd|ef|gh", False) is not None  # a leading flag goes to each


def test_the_first_written_alternative_wins_at_one_position():
    whole, split = spans(r"ab|abc|x|y|\d+", "abc abcx 12y")
    assert split == whole == [(0, 2), (4, 6), (7, 8), (9, 11), (11, 12)]
    whole, split = spans(r"abc|ab|x|y|\d+", "abc abcx 12y")
    assert split == whole == [(0, 3), (4, 7), (7, 8), (9, 11), (11, 12)]


def test_random_texts_give_the_same_matches_as_the_whole_alternation():
    pattern = r"(?<!b)a+b|\bba|c(?=a)|ab?c|\d[a-c]{1,3}|b\b|(?:ca|ac)+"
    generator = random.Random(7)
    for _ in range(400):
        text = "".join(generator.choice("abc 1.") for _ in range(generator.randint(0, 40)))
        whole, split = spans(pattern, text)
        assert split == whole, text


def test_shipped_rules_that_are_split_match_as_before_on_the_dev_corpus():
    documents = [path for path in sorted((ROOT / "corpus" / "dev").iterdir()) if ".labels." not in path.name]
    texts = [parse_source(path.read_text(encoding="utf-8"), str(path), format_for_path(str(path))).prose for path in documents]
    rules = [rule for rule in load_rules([ROOT / "rules" / "packs" / "stemcell"]) if rule.kind == "regex"]
    split_rules = []
    for rule in rules:
        source, ignore_case = rule.options["pattern"], rule.options.get("ignore_case", True)
        if prefilter_for(source, ignore_case) is not None or windows_for(source, ignore_case) is not None:
            continue
        if alternatives_for(source, ignore_case) is None:
            continue
        split_rules.append(rule.id)
        for text in texts:
            whole, split = spans(source, text, ignore_case)
            assert split == whole, rule.id
    assert "marketing/relayed-story" in split_rules
