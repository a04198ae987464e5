"""A pattern that is one long alternation, searched one alternative at a time.

Several selling-page rules are a list of forty shapes joined by `|` (`marketing/relayed-story`:
'"...," says Bill, 58', 'we have patients who...', 'I threw away my cane'...).  When
one alternative can start anywhere (a digit, a comma, a lookbehind), the whole pattern has
no literal prefilter (`prefilter.py`), and the engine tries all forty alternatives at every
character of every page: on the varied benchmark corpus that one rule took more than half
of all regex time.  Split at its top-level `|`, most alternatives do have a word they
start with, and each is tried only where that word occurs; the few that have none are
searched on their own, which costs a fraction of the whole alternation.

The matches are the same as `pattern.finditer(text)`: from the current position, each
alternative's first match is found (a cached one is reused while it still lies ahead);
the leftmost wins, and at one position the alternative written first wins, as the
alternation does, since there it tries the alternatives in order and takes the first
that matches.  The search then resumes where the match ended.  Lookbehinds and word
boundaries still see the text before a start position (`pos` does not hide it).

Patterns this cannot split safely (backreferences, whose group numbers change when the
alternatives are compiled apart; inline flags other than a leading group; verbose mode,
whose comments may hold `|`) are left whole.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from claimcheck.checks.prefilter import PageIndex, Prefilter, match_at_starts, on_boundaries, prefilter_for

# Splitting pays off only for a long alternation; two or three alternatives scan about as fast whole.
MIN_ALTERNATIVES = 4
_LEADING_FLAGS = re.compile(r"\(\?[aiLmsu]+\)")
_UNSAFE = re.compile(r"\\[1-9]|\(\?P=|\\g<|\(\?[a-zA-Z-]*x|\(\?[aiLmsux]+\)")


def top_level_alternatives(pattern: str) -> list[str] | None:
    """The pattern's text split at every `|` outside groups and classes; None when there
    is no top-level `|` or the pattern is unbalanced."""
    parts: list[str] = []
    depth = 0
    start = 0
    index = 0
    length = len(pattern)
    while index < length:
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index += 1
            if index < length and pattern[index] == "^":
                index += 1
            if index < length and pattern[index] == "]":  # a leading ']' is a literal
                index += 1
            while index < length and pattern[index] != "]":
                index += 2 if pattern[index] == "\\" else 1
            index += 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    if depth != 0 or not parts:
        return None
    parts.append(pattern[start:])
    return parts


@dataclass(frozen=True)
class Alternatives:
    """The alternatives of one pattern, each compiled with the words it must start with."""

    branches: tuple[tuple[regex.Pattern[str], Prefilter | None], ...]

    def finditer(
        self, text: str, timeout: float, lowered: str | None, index: PageIndex | None = None
    ) -> Iterator[regex.Match[str]]:
        """The matches the whole alternation's `finditer` gives, in order (module docstring);
        `index` is the page's `PageIndex`, when it has one."""
        deadline = time.monotonic() + timeout
        starts = [
            prefilter.starts(text, lowered, index=index) if prefilter is not None else None for _, prefilter in self.branches
        ]
        starts = [
            on_boundaries(prefilter, text, found, index) if prefilter is not None and found is not None else found
            for (_, prefilter), found in zip(self.branches, starts, strict=True)
        ]
        cursors = [0] * len(self.branches)
        ahead: list[regex.Match[str] | bool | None] = [True] * len(self.branches)  # True: not searched yet
        position = 0
        while True:
            best: regex.Match[str] | None = None
            for number, (pattern, _) in enumerate(self.branches):
                found = ahead[number]
                if found is None:  # this alternative has no match left
                    continue
                if found is True or found.start() < position:  # type: ignore[union-attr]
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError("regex timed out")
                    found = self._next(number, pattern, starts[number], cursors, text, position, left)
                    ahead[number] = found
                    if found is None:
                        continue
                if best is None or found.start() < best.start():  # type: ignore[union-attr]
                    best = found  # type: ignore[assignment]
            if best is None:
                return
            yield best
            position = best.end() if best.end() > best.start() else best.start() + 1

    @staticmethod
    def _next(
        number: int,
        pattern: regex.Pattern[str],
        starts: list[int] | None,
        cursors: list[int],
        text: str,
        position: int,
        timeout: float,
    ) -> regex.Match[str] | None:
        """The alternative's first match starting at or after `position`."""
        if starts is None:
            return pattern.search(text, position, timeout=timeout)
        match, cursors[number] = match_at_starts(pattern, text, starts, cursors[number], position, time.monotonic() + timeout)
        return match


def alternatives_for(pattern: str, ignore_case: bool) -> Alternatives | None:
    """The pattern searched alternative by alternative, or None when it is not a long
    top-level alternation or cannot be split safely (module docstring)."""
    flags_match = _LEADING_FLAGS.match(pattern)
    leading = flags_match.group(0) if flags_match else ""
    body = pattern[len(leading) :]
    if _UNSAFE.search(body):
        return None
    parts = top_level_alternatives(body)
    if parts is None or len(parts) < MIN_ALTERNATIVES:
        return None
    flags = regex.IGNORECASE if ignore_case else 0
    try:
        branches = tuple((regex.compile(leading + part, flags), prefilter_for(leading + part, ignore_case)) for part in parts)
    except regex.error:
        return None
    return Alternatives(branches)
