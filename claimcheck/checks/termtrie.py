"""One regular expression for a list of phrases, compiled as a prefix tree.

A plain alternation ("a|b|c|...") makes the engine try every phrase at every
position; a prefix tree dispatches on the first characters, so searching a long
page for a few dozen phrases costs about as much as searching for one
(perf-notes.md: ~15x faster than the alternation, same matches).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPACE = " "  # a space in a phrase matches any run of white space or hyphens


def _atoms(term: str, separators: str = " ") -> list[str]:
    return [_SPACE if char in separators else char for char in term.lower()]


def _trie(terms: Iterable[str], separators: str = " ") -> dict:
    root: dict = {}
    for term in terms:
        node = root
        for atom in _atoms(term, separators):
            node = node.setdefault(atom, {})
        node[""] = {}  # end of a phrase
    return root


def _render(node: dict) -> str:
    end = "" in node
    branches = [
        (r"[\s\-]+" if atom == _SPACE else re.escape(atom)) + _render(child) for atom, child in sorted(node.items()) if atom != ""
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if end else body


def phrase_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """Case-insensitive whole-word match of any phrase; spaces in a phrase match white space or hyphens."""
    return re.compile(r"(?<!\w)(?:" + _render(_trie(terms)) + r")(?!\w)", re.IGNORECASE)


def words_source(terms: Iterable[str]) -> str:
    """The prefix tree of `terms` as a pattern body (no boundaries, no flags), where a space
    or a hyphen in a term matches any run of white space or hyphens ("x-ray", "x ray");
    "(?!)" when there are none.

    At any position the terms that match lie on one path of the tree (its branches start
    with different characters, and a separator is never a literal), so the tree, which
    tries the longer continuation first, matches the same text as an alternation of the
    same terms sorted longest first (`checks/arbiter.py` `words_pattern`), several times
    faster: the arbiter scans every claim-dense page with three such lists of ~200 words."""
    return _render(_trie(terms, " -")) or "(?!)"
