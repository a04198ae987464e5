"""The prefix-tree phrase pattern finds exactly what the plain alternation finds."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.checks.arbiter import words_pattern
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


# The arbiter's word lists (`words_pattern`): prefixes of one another, phrases with spaces and
# hyphens, apostrophes, a term that is a prefix of another across a separator.
WORDS = ["prove", "proven", "proof", "proof's", "well established", "well", "well-known", "x-ray", "x-rays",
         "science is in", "science", "doesn't lie", "doesn’t lie", "of choice", "a", "an"]  # fmt: skip


def alternation(words: list[str]) -> re.Pattern[str]:
    """`words_pattern` as it was: an alternation of the words, longest first."""
    items = sorted((word.lower() for word in words), key=len, reverse=True)
    body = "|".join(re.escape(item).replace("\\ ", r"\s+") for item in items)
    body = body.replace(r"\s+", r"[\s-]+").replace(r"\-", r"[\s-]+")
    return re.compile(rf"\b(?:{body})\b", re.IGNORECASE)


def _all_matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int] | None]:
    return [m.span() for m in pattern.finditer(text)] + [
        (m.span() if (m := pattern.match(text, start)) else None) for start in range(len(text) + 1)
    ]


def test_words_pattern_matches_as_the_alternation_on_the_corpus():
    trie, plain = words_pattern(WORDS), alternation(WORDS)
    for path in sorted(CORPUS.glob("*/*.*"))[:200]:
        text = path.read_text(encoding="utf-8")
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], path
        assert _all_matches(trie, text[:2000]) == _all_matches(plain, text[:2000]), path


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="provenflscitay -\n'’PW", max_size=60))
def test_words_pattern_matches_as_the_alternation_on_random_text(text):
    assert _all_matches(words_pattern(WORDS), text) == _all_matches(alternation(WORDS), text)


def test_words_pattern_with_no_words_never_matches():
    assert words_pattern([]).search("anything") is None
