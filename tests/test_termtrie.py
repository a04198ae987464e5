"""The prefix-tree phrase pattern finds exactly what the plain alternation finds."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.checks.termtrie import phrase_pattern

TERMS = ["not approved by the FDA", "not FDA approved", "results vary", "results may vary", "investigational",
         "not a substitute for", "no guarantee", "not guaranteed", "FDA", "fda-approved", "n't", "a"]  # fmt: skip
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def naive(terms: list[str]) -> re.Pattern[str]:
    return re.compile(
        "|".join(r"(?<!\w)" + re.escape(term).replace(r"\ ", r"[\s\-]+") + r"(?!\w)" for term in terms), re.IGNORECASE
    )


def _spans(pattern: re.Pattern[str], text: str) -> set[tuple[int, int]]:
    """Every (start, end) where some phrase matches, found by trying each start."""
    found = set()
    for start in range(len(text) + 1):
        match = pattern.match(text, start)
        if match:
            found.add(start)
    return found


def test_same_matches_as_the_alternation_on_the_corpus():
    trie, plain = phrase_pattern(TERMS), naive(TERMS)
    for path in sorted(CORPUS.glob("*/*.*")):
        text = path.read_text(encoding="utf-8")
        assert bool(trie.search(text)) == bool(plain.search(text)), path
        assert _spans(trie, text[:3000]) == _spans(plain, text[:3000]), path


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="notapprvedbyFDA -\n'sul", max_size=60))
def test_same_match_starts_on_random_text(text):
    assert _spans(phrase_pattern(TERMS), text) == _spans(naive(TERMS), text)


def test_whole_words_and_flexible_spaces():
    pattern = phrase_pattern(["results vary"])
    assert pattern.search("Results-vary by patient")
    assert pattern.search("results\n  vary")
    assert not pattern.search("resultsvary")
    assert not pattern.search("results varying")
