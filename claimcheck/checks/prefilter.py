"""A cheap literal prefilter for a regular expression: where may a match start?

Most rule patterns begin with one of a few words ("act now", "book today", "FDA
approved"...).  Scanning a page with the whole pattern makes the `regex` engine try
every alternative at every position; finding the words first with a pattern of plain
literals and trying the rule's pattern only where one of them starts costs a fraction
of that, and gives the same matches: every match of the pattern starts with one of
the literals, so no position skipped could have held one.

The literals are read from the pattern's parse tree (Python's own `re` parser, whose
syntax the rule patterns use).  Anything the analysis does not understand (a class of
many characters, an optional first item it cannot see past, a syntax only the `regex`
module knows) gives no prefilter, and the pattern is run over the whole text as before.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from typing import Final, Protocol

import numpy as np
import regex

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# A prefix is (text, open): `open` is True when the match may continue with anything
# after `text`, False when `text` is all the item matches (so the next item extends it).
Prefix = tuple[str, bool]

# Where the fallback is the pattern's windows: with starts closer together than this
# ("in", "my", "our" begin some patterns) the windows are searched instead.  It was 200
# while each rule found its starts with a `find` pass per literal; read from the page's
# LiteralIndex they cost nothing more, and trying them pays down to a start every ~50
# characters (claim-dense corpus, 120 pages, in-process and paired per page:
# `marketing/trusted-by` 0.60 -> 0.07 s, `marketing/patients-say` 0.15 -> 0.13 s; the same hits).
_MIN_CHARS_PER_START = 50
# The default of `Prefilter.starts`, which the alternatives of a split pattern use
# (branches.py): there the fallback is a search of that alternative alone, and trying its
# starts pays only below one every ~200 characters (at 50, `marketing/urgency` ran over
# its time budget on a 4.9 MB page).
_MIN_CHARS_PER_BRANCH_START = 200
# When the fallback is the whole text (the pattern has no windows), a scan is dearer than
# that: a pattern opening with a lookbehind (`evidence/credentials-as-proof`) is tried at
# every character, ~0.4 us each, and one start there costs about what 10 characters of
# scan do. Down to a start every 20 characters, trying the starts is the cheaper way
# (claim-dense corpus: that rule 0.92 -> 0.15 s, `regulatory/legitimacy-by-listing`
# 0.08 -> 0.06 s; the same matches either way).
_MIN_CHARS_PER_START_ALONE = 20
_MAX_PREFIXES = 256  # beyond this many alternatives the prefixes stop growing (still correct)
_MAX_CLASS = 8  # a character class of up to this many characters is expanded: [Mm], ['’]
_ZERO_WIDTH = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}
_GROUPS = {sre_constants.SUBPATTERN, getattr(sre_constants, "ATOMIC_GROUP", None)} - {None}
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)} - {None}
_UNKNOWN: list[Prefix] = [("", True)]


def _class_chars(items: list) -> list[str] | None:
    """The characters of a small, plain class such as [Mm] or ['’]; None for anything else."""
    chars: list[str] = []
    for op, value in items:
        if op == sre_constants.LITERAL:
            chars.append(chr(value))
        elif op == sre_constants.RANGE and value[1] - value[0] < _MAX_CLASS:
            chars.extend(chr(code) for code in range(value[0], value[1] + 1))
        else:
            return None
    return chars if len(chars) <= _MAX_CLASS else None


def _item_prefixes(op: object, value: object) -> list[Prefix] | None:
    """Prefixes of one parsed item; None when the item touches case-insensitivity flags."""
    if op == sre_constants.LITERAL:
        return [(chr(value), False)]  # type: ignore[arg-type]
    if op in _ZERO_WIDTH:
        return [("", False)]  # consumes nothing: the next item starts the match
    if op == sre_constants.IN:
        chars = _class_chars(value)  # type: ignore[arg-type]
        return [(char, False) for char in chars] if chars else _UNKNOWN
    if op == sre_constants.BRANCH:
        found: list[Prefix] = []
        for branch in value[1]:  # type: ignore[index]
            prefixes = _sequence_prefixes(branch)
            if prefixes is None:
                return None
            found.extend(prefixes)
        return found
    if op in _GROUPS:
        if op == sre_constants.SUBPATTERN:
            _group, add_flags, del_flags, body = value  # type: ignore[misc]
            if (add_flags | del_flags) & sre_constants.SRE_FLAG_IGNORECASE:
                return None
        else:
            body = value
        return _sequence_prefixes(body)
    if op in _REPEATS:
        low, _high, body = value  # type: ignore[misc]
        inner = _sequence_prefixes(body)
        if inner is None:
            return None
        opened = [(text, True) for text, _ in inner]  # what follows one repetition varies
        return opened if low >= 1 else [*opened, ("", False)]  # or the item is skipped
    return _UNKNOWN


def _sequence_prefixes(items: object) -> list[Prefix] | None:
    current: list[Prefix] = [("", False)]
    for op, value in items:  # type: ignore[attr-defined]
        if all(open_ for _, open_ in current):
            break
        if len(current) > _MAX_PREFIXES:
            return [(text, True) for text, _ in current]
        item = _item_prefixes(op, value)
        if item is None:
            return None
        extended: list[Prefix] = []
        for text, open_ in current:
            if open_:
                extended.append((text, True))
            else:
                extended.extend((text + more, more_open) for more, more_open in item)
        current = extended
    return current


def _parse(pattern: str, ignore_case: bool) -> object | None:
    """The pattern's parse tree by Python's `re` parser, or None where it cannot read it."""
    try:
        return sre_parse.parse(pattern, re.IGNORECASE if ignore_case else 0)
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return None


# `parsed` argument not given: parse the pattern (callers analysing one pattern twice
# pass the tree `_parse` made once).
_PARSE: Final = object()


def required_prefixes(pattern: str, ignore_case: bool, parsed: object = _PARSE) -> tuple[list[str], bool] | None:
    """Literals one of which starts every match of `pattern`, and whether to find them
    ignoring case; None when some match could start otherwise (or the pattern is beyond
    the analysis)."""
    if parsed is _PARSE:
        parsed = _parse(pattern, ignore_case)
    if parsed is None:
        return None
    ignore = ignore_case or bool(parsed.state.flags & re.IGNORECASE)
    try:
        prefixes = _sequence_prefixes(parsed.data)
    except (TypeError, ValueError, IndexError):  # a parse tree of an unexpected shape
        return None
    if prefixes is None or any(not text for text, _ in prefixes):
        return None
    literals = sorted({text for text, _ in prefixes})
    # "act" already finds every place "act now" could start.
    # In sorted order a literal's shortest prefix among them is the last one kept before it.
    kept: list[str] = []
    for text in literals:
        if not kept or not text.startswith(kept[-1]):
            kept.append(text)
    return kept, ignore


# The `regex` syntax that Python's `re` parser reads differently (POSIX classes, fuzzy
# matching, version and other flags): no prefilter for a pattern that uses any of it.
_REGEX_ONLY = re.compile(r"\[\[|\[:|\{[edis]\b|\{[edis]<|\(\?[Vrfwpb]|\\[pPXLGmMKN]")


def _ascii_letters(text: str) -> bool:
    return any("a" <= char <= "z" or "A" <= char <= "Z" for char in text)


def _folds_one_to_one(text: str) -> bool:
    """Lower-casing keeps positions (one character for one) and no character outside
    ASCII is a case variant of an ASCII letter (the Kelvin sign, the long s, dotted and
    dotless i): then a literal found in `text.lower()` is found where the case-blind
    pattern would see it, and nowhere else."""
    if text.isascii():
        return True
    for char in set(text):
        if char.isascii():
            continue
        lower, upper, folded = char.lower(), char.upper(), char.casefold()
        if len(lower) != 1 or _ascii_letters(lower + upper + folded):
            return False
    return True


def case_blind(text: str) -> str | None:
    """`text.lower()` when it mirrors case-blind matching (`_folds_one_to_one`), else None."""
    return text.lower() if _folds_one_to_one(text) else None


# Not computed yet: `Prefilter.starts` and `finditer_from` lower the text themselves.
_UNSET: Final = object()


def _plain(literal: str) -> bool:
    """Every character is ASCII or has no case ("can’"): its lower case is found exactly."""
    return all(char.isascii() or char.lower() == char.upper() == char.casefold() == char for char in literal)


def _positions(
    text: str, literals: list[str], most: int, folded: bool = False, index: PageIndex | None = None
) -> list[int] | None:
    """Every position (ascending) where one of the literals begins; None as soon as there
    are more than `most` (then a plain scan costs no more).  Read from the page's `index`
    (one scan for the literals of every rule, below; `folded`: the text is lower-cased and
    the literals are the case-blind ones) when it covers this text and holds them all,
    else one pass of `find` per literal, stopped early on a dense one."""
    scanned = index.of(text, folded, literals) if index is not None else None
    if scanned is not None:
        return scanned.positions(literals, most)
    found: set[int] = set()
    for literal in literals:
        position = text.find(literal)
        while position >= 0:
            found.add(position)
            if len(found) > most:
                return None
            position = text.find(literal, position + 1)
    return sorted(found)


# ---------------------------------------------------------------------------------------
# One scan of a page for the literals of every rule.
#
# Each regex rule asks, page after page, where its literals begin: the prefilter of its
# pattern, of its windows, of each of its alternatives.  One `find` pass per literal and
# rule was ~2,900 passes over every page of the claim-dense corpus (~1,970 distinct
# literals), 11% of a run.  Instead every literal of every rule is compiled into one
# prefix-tree pattern that, tried at every position of the page, gives the longest literal
# beginning there (`_Scanner`); a literal begins at a position exactly when it is a prefix
# of that longest one.  So one scan per page (and case: the lower-cased text for the
# case-blind literals, the text itself for the others) answers every rule, with the same
# positions as the `find` passes.  Case-blind and case-sensitive literals have a scanner
# each: each text is scanned for its own kind.
#
# The scanners are a value (`LiteralScanner`) the Linter builds once from its rules' finders
# (`regex.literal_scanner`); each page's scan (`PageIndex`) is made before any rule runs
# (so it is charged to no rule's time budget) and kept with the page's Doc, and the rules
# pass it down to `finditer_from`, `Prefilter.starts` and `Windows.spans`.  Nothing here
# changes after import.  A caller with no index (or literals the index was not built
# with: a literal over `_MAX_INDEXED` characters) is answered by the `find` passes.
# ---------------------------------------------------------------------------------------

_MAX_INDEXED = 64  # a longer literal (a long fixed phrase in a user's rule) is found with `find`


def _trie_source(literals: list[str]) -> str:
    """A pattern that matches, at a position, the longest of the literals beginning there."""
    trie: dict[str, dict] = {}
    for literal in literals:
        node = trie
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a literal

    def body(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + body(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Where a literal ends, going on is optional (and tried first: the longest wins).
        # At most one branch can match the next character, so the first that matches is
        # the only one.
        return "(?:" + inner + ")?" if "" in node else inner

    return "(?=(?P<longest>" + body(trie) + "))"


class _Scanner:
    """The prefix-tree pattern of a set of literals, which literals each one holds, and the
    table of each literal list it was built for (`table`)."""

    def __init__(self, literals: set[str], lists: Iterable[list[str]] = ()):
        self.literals = frozenset(literals)
        self.ordered = sorted(literals)
        self.rank = {literal: number for number, literal in enumerate(self.ordered)}
        self.pattern = re.compile(_trie_source(self.ordered))
        # Made here for every list a rule will ask about: one table per list, none later.
        self._tables: dict[tuple[str, ...], np.ndarray] = {}
        for literals_of_one in lists:
            key = tuple(literals_of_one)
            if key not in self._tables and self.literals.issuperset(key):
                self._tables[key] = self._table(key)

    def _table(self, literals: Iterable[str]) -> np.ndarray:
        table = np.zeros(len(self.ordered), dtype=bool)
        for literal in literals:
            # In sorted order the literals that begin with `literal` follow it.
            number = self.rank[literal]
            while number < len(self.ordered) and self.ordered[number].startswith(literal):
                table[number] = True
                number += 1
        return table

    def table(self, literals: list[str]) -> np.ndarray:
        """For each literal of the scanner (by rank): does one of `literals` begin it?"""
        table = self._tables.get(tuple(literals))
        return table if table is not None else self._table(literals)


class LiteralIndex:
    """Where the literals of a scanner begin in one text: positions (ascending) and the rank
    of the longest literal beginning at each."""

    def __init__(self, text: str, scanner: _Scanner):
        self.scanner = scanner
        found = list(scanner.pattern.finditer(text))
        self.starts = np.array([match.start() for match in found], dtype=np.int64)
        rank = scanner.rank
        self.longest = np.array([rank[match["longest"]] for match in found], dtype=np.int64)

    def positions(self, literals: list[str], most: int) -> list[int] | None:
        """`_positions` of literals the scanner holds."""
        hit = self.scanner.table(literals)[self.longest]
        if int(np.count_nonzero(hit)) > most:
            return None
        return self.starts[hit].tolist()  # type: ignore[no-any-return]


class LiteralFinder(Protocol):
    """What asks for literals: a `Prefilter` or `Windows` (`literals`, `ignore_case`)."""

    literals: list[str]
    ignore_case: bool


class LiteralScanner:
    """The scanners of a set of rules' literals, case-sensitive and case-blind: built once
    (per Linter, from every regex rule's finders), never changed after."""

    def __init__(self, finders: Iterable[LiteralFinder]):
        lists: dict[bool, list[list[str]]] = {False: [], True: []}
        for finder in finders:
            lists[finder.ignore_case].append(finder.literals)
        self.scanners: dict[bool, _Scanner] = {}
        for folded, kind in lists.items():
            literals = {literal for one in kind for literal in one if len(literal) <= _MAX_INDEXED}
            if literals:
                self.scanners[folded] = _Scanner(literals, kind)

    def index(self, text: str, lowered: str | None) -> PageIndex:
        """The one scan of a page (`text`, and `lowered`, its `case_blind` form or None)."""
        return PageIndex(self, text, lowered)


class PageIndex:
    """Where every literal of a `LiteralScanner` begins in one page: in its text for the
    case-sensitive literals, in its lower case for the case-blind ones."""

    def __init__(self, scanner: LiteralScanner, text: str, lowered: str | None):
        self.scanner = scanner
        self._page = text
        self._boundaries: np.ndarray | None = None  # `boundaries`, when first asked
        self._texts: dict[bool, str] = {}
        self._indexes: dict[bool, LiteralIndex] = {}
        for folded, haystack in ((False, text), (True, lowered)):
            kind = scanner.scanners.get(folded)
            if kind is not None and isinstance(haystack, str):
                self._texts[folded] = haystack
                self._indexes[folded] = LiteralIndex(haystack, kind)

    def boundaries(self, text: str) -> np.ndarray:
        """`word_boundaries(text)`, computed once for the page's own text."""
        if text is not self._page:
            return word_boundaries(text)
        if self._boundaries is None:
            self._boundaries = word_boundaries(text)
        return self._boundaries

    def of(self, text: str, folded: bool, literals: list[str]) -> LiteralIndex | None:
        """The index of `text` (this very page, or its lower case with `folded`) when it
        holds every one of the literals; else None."""
        index = self._indexes.get(folded)
        if index is None or self._texts[folded] is not text or not index.scanner.literals.issuperset(literals):
            return None
        return index


class Prefilter:
    """Start positions where a pattern could match, found by plain substring search.
    `at_boundary`: every match begins at a word boundary (`opens_at_boundary`), so a start
    where the text has none cannot hold one (`on_boundaries`)."""

    def __init__(self, literals: list[str], ignore_case: bool, at_boundary: bool = False):
        self.ignore_case = ignore_case
        self.literals = [text.lower() for text in literals] if ignore_case else list(literals)
        self.at_boundary = at_boundary

    def starts(
        self,
        text: str,
        lowered: str | object | None = _UNSET,
        spacing: int = _MIN_CHARS_PER_BRANCH_START,
        index: PageIndex | None = None,
    ) -> list[int] | None:
        """Every position (ascending) where one of the literals begins; None when the
        text has characters whose case the substring search cannot mirror, or when the
        starts are closer together than `spacing` characters on average, where a plain
        scan costs no more (`_positions`).
        `lowered` is `case_blind(text)` when the caller already has it (every rule of a
        run asks about the same page: the regex check keeps it with the Doc), and `index`
        the page's `PageIndex` when it has one."""
        if self.ignore_case:
            folded = case_blind(text) if lowered is _UNSET else lowered
            if not isinstance(folded, str):
                return None
            text = folded
        return _positions(text, self.literals, len(text) // spacing, self.ignore_case, index)


def prefilter_for(pattern: str, ignore_case: bool, parsed: object = _PARSE) -> Prefilter | None:
    """The prefilter of a pattern, or None when every position must be tried."""
    if _REGEX_ONLY.search(pattern):
        return None
    if parsed is _PARSE:
        parsed = _parse(pattern, ignore_case)
    found = required_prefixes(pattern, ignore_case, parsed)
    if not found:
        return None
    literals, ignore = found
    if ignore and not all(_plain(text) for text in literals):
        return None
    return Prefilter(literals, ignore, opens_at_boundary(parsed))


# ---------------------------------------------------------------------------------------
# Starts at word boundaries.
#
# Most rule patterns open with \b ("\b(?:pills?|tablets?|drugs|...)"), often behind a
# lookbehind. Their literals are found wherever they begin, also inside words ("the" in
# "other", "drug" in "drugstore"): about a third of the ~640,000 starts tried on the
# claim-dense corpus, each a `match` call that fails at the \b (and each call with a time
# budget costs ~2 us, most of it the engine reading the clock). When every way through
# the pattern meets a \b before it consumes a character, a match can only begin where the
# text has a word boundary, so the other starts are dropped before any call; the matches
# are the same. The boundaries are the `regex` module's own: its \w decides, character by
# character (`word_boundaries`).
# ---------------------------------------------------------------------------------------


def opens_at_boundary(parsed: object) -> bool:
    r"""Every match of the parsed pattern begins where \b holds: each way through it meets
    a \b before any item that consumes a character (lookarounds consume none).  False
    whenever the analysis cannot tell, or the flags change what \b means (ASCII, LOCALE,
    a scoped flag)."""
    if parsed is None or parsed.state.flags & (re.ASCII | re.LOCALE):  # type: ignore[attr-defined]
        return False
    try:
        return _sequence_bounded(parsed.data) is True  # type: ignore[attr-defined]
    except (TypeError, ValueError, IndexError):  # a parse tree of an unexpected shape
        return False


def _sequence_bounded(items: object) -> bool | None:
    r"""True: every way through `items` meets a \b before consuming a character; False:
    some way may consume one first (or the analysis cannot tell); None: nothing is
    consumed or asserted here, what follows decides."""
    for op, value in items:  # type: ignore[attr-defined]
        found = _item_bounded(op, value)
        if found is not None:
            return found
    return None


def _item_bounded(op: object, value: object) -> bool | None:
    if op == sre_constants.AT:
        return True if value == sre_constants.AT_BOUNDARY else None
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return None  # a lookaround consumes nothing: the match still starts after it
    if op == sre_constants.SUBPATTERN:
        _group, add_flags, del_flags, body = value  # type: ignore[misc]
        return False if add_flags or del_flags else _sequence_bounded(body)
    if op in _GROUPS:  # an atomic group
        return _sequence_bounded(value)
    if op == sre_constants.BRANCH:
        return all(_sequence_bounded(branch) is True for branch in value[1])  # type: ignore[index]
    if op in _REPEATS:
        low, _high, body = value  # type: ignore[misc]
        return low >= 1 and _sequence_bounded(body) is True
    return False


_WORD_CHAR = regex.compile(r"\w")
_ASCII_WORD = np.array([bool(_WORD_CHAR.match(chr(code))) for code in range(128)])


def word_boundaries(text: str) -> np.ndarray:
    r"""For each position 0..len(text): does the `regex` module's \b hold there (one side
    a word character, the other not, the ends of the text counting as not)?"""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    word = np.zeros(len(codes) + 2, dtype=bool)  # padded: no word character before or after
    ascii_ = codes < 128
    word[1:-1][ascii_] = _ASCII_WORD[codes[ascii_]]
    if not ascii_.all():
        for code in np.unique(codes[~ascii_]).tolist():
            if _WORD_CHAR.match(chr(code)):
                word[1:-1][codes == code] = True
    return word[:-1] != word[1:]  # type: ignore[no-any-return]


def on_boundaries(prefilter: Prefilter, text: str, starts: list[int], index: PageIndex | None) -> list[int]:
    """The starts a match can begin at: all of them, or those at a word boundary when the
    prefilter's pattern opens with one (`opens_at_boundary`)."""
    if not prefilter.at_boundary or not starts:
        return starts
    bounds = index.boundaries(text) if index is not None else word_boundaries(text)
    return [start for start in starts if bounds[start]]


class AlternativeSearch(Protocol):
    """A pattern searched one top-level alternative at a time (`branches.Alternatives`)."""

    def finditer(
        self, text: str, timeout: float, lowered: str | None, index: PageIndex | None = None
    ) -> Iterator[regex.Match[str]]: ...


def finditer_from(
    pattern: regex.Pattern[str],
    prefilter: Prefilter | None,
    text: str,
    timeout: float,
    lowered: str | object | None = _UNSET,
    windows: Windows | None = None,
    alternatives: AlternativeSearch | None = None,
    index: PageIndex | None = None,
) -> Iterator[regex.Match[str]]:
    """The matches `pattern.finditer(text)` gives, trying the pattern only where the
    prefilter says a match could start, else only over the `windows` a match could lie
    in, else alternative by alternative (`alternatives`; the whole text when there is none
    of these, or they cannot tell for this text).

    Like finditer, a match is searched for from where the previous one ended; the leftmost
    match is the one starting at the first candidate position that matches, and the
    pattern's lookbehinds and word boundaries still see the text before that position.
    `index` is the page's `PageIndex` (the literals' positions from one scan), when it has one."""
    spacing = _MIN_CHARS_PER_START if windows is not None else _MIN_CHARS_PER_START_ALONE
    starts = prefilter.starts(text, lowered, spacing, index) if prefilter is not None else None
    if starts is not None:
        starts = on_boundaries(prefilter, text, starts, index)  # type: ignore[arg-type]
    # One budget for the whole search, as finditer has: each call gets what is left.
    deadline = time.monotonic() + timeout
    if starts is None:
        runs = windows.spans(text, lowered, index) if windows is not None else None
        if runs is None and alternatives is not None:
            folded = lowered if isinstance(lowered, str) else case_blind(text)
            yield from alternatives.finditer(text, timeout, folded, index)
            return
        if runs is None:
            yield from pattern.finditer(text, timeout=timeout)
            return
        for start, end in runs:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("regex timed out")
            # One character past the run: a \b at its end sees the character after it.
            yield from pattern.finditer(text, start, min(end + 1, len(text)), timeout=left)
        return
    resume = 0
    index = 0
    while True:
        match, index = match_at_starts(pattern, text, starts, index, resume, deadline)
        if match is None:
            return
        yield match
        resume = match.end() if match.end() > match.start() else match.start() + 1
        index += 1


def match_at_starts(
    pattern: regex.Pattern[str], text: str, starts: list[int], index: int, position: int, deadline: float
) -> tuple[regex.Match[str] | None, int]:
    """The first match of `pattern` tried at the candidate `starts` (ascending) from
    `starts[index]` on, skipping those before `position`; with the index of the start it
    was found at (`len(starts)` when none matched).  Raises TimeoutError past `deadline`."""
    while index < len(starts) and starts[index] < position:
        index += 1
    while index < len(starts):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("regex timed out")
        match = pattern.match(text, starts[index], timeout=left)
        if match is not None:
            return match, index
        index += 1
    return None, index


# ---------------------------------------------------------------------------------------
# Windows: where a match could lie, for patterns with no literal a match must start with.
#
# `marketing/urgency` ("... |\d+\s+(?:spots?\s+)?remain") and `evidence/unsourced-statistic`
# ("\d{1,3}\s?%|...") can start with any digit, so they have no start prefilter and were
# run over every character of every page. But every match of them *contains* one of a few
# literals ("remain", "%", "percent", ...), and consists only of characters from a small
# set (word characters, spaces, apostrophes: never ".", ",", "!"). So a match lies inside
# a run of such characters that holds one of the literals: the pattern is run only over
# those runs (`Windows.spans`), with the same matches as a scan of the whole text.
#
# Why the matches are the same: the engine consumes only characters some item of the
# pattern can match, so no attempt, failed or not, reaches past the run it starts in; the
# search of a run may look at the character before it (lookbehinds, \b: `pos` does not
# hide it) and at the one after it (`endpos` is one past the run), and the analysis refuses
# patterns that could look further (anchors other than \b and \B; lookaheads are read like
# the rest of the pattern: what they can consume widens the runs). Matches are
# never empty (each holds a literal), runs do not overlap and are searched in order, so
# finditer's rule "search again from where the last match ended" gives the same sequence.
# ---------------------------------------------------------------------------------------

_MAX_REQUIRED = 64  # a literal set larger than this is not worth searching for
_MIN_CHARS_PER_RUN = 50  # see `Windows.spans`
_AT_BOUNDARIES = {sre_constants.AT_BOUNDARY, sre_constants.AT_NON_BOUNDARY}
_CATEGORIES = {
    sre_constants.CATEGORY_WORD: r"\w",
    sre_constants.CATEGORY_DIGIT: r"\d",
    sre_constants.CATEGORY_SPACE: r"\s",
}


def _single_chars(op: object, value: object) -> list[str] | None:
    """The characters one item matches when it is a literal or a small plain class."""
    if op == sre_constants.LITERAL:
        return [chr(value)]  # type: ignore[arg-type]
    if op == sre_constants.IN:
        return _class_chars(value)  # type: ignore[arg-type]
    return None


def _selectivity(literals: set[str]) -> tuple[int, int]:
    """Longer shortest literal first (rarer in text), then fewer literals."""
    return min(len(text) for text in literals), -len(literals)


def _sequence_required(items: object) -> set[str] | None:
    """Literals one of which every match of this sequence contains; None when unknown
    (an item that may match nothing, or nothing the analysis reads)."""
    candidates: list[set[str]] = []
    run: list[str] = [""]  # the literal run being read, every spelling of it
    for op, value in items:  # type: ignore[attr-defined]
        chars = _single_chars(op, value)
        if chars is not None and len(run) * len(chars) <= _MAX_REQUIRED:
            run = [text + char for text in run for char in chars]
            continue
        if run != [""]:
            candidates.append(set(run))
        run = list(chars) if chars is not None else [""]
        if chars is None:
            inner = _item_required(op, value)
            if inner:
                candidates.append(inner)
    if run != [""]:
        candidates.append(set(run))
    return max(candidates, key=_selectivity) if candidates else None


def _item_required(op: object, value: object) -> set[str] | None:
    if op == sre_constants.BRANCH:
        found: set[str] = set()
        for branch in value[1]:  # type: ignore[index]
            inner = _sequence_required(branch)
            if inner is None:
                return None
            found |= inner
        return found if len(found) <= _MAX_REQUIRED else None
    if op in _GROUPS:
        if op == sre_constants.SUBPATTERN:
            _group, add_flags, del_flags, body = value  # type: ignore[misc]
            if (add_flags | del_flags) & sre_constants.SRE_FLAG_IGNORECASE:
                return None
            return _sequence_required(body)
        return _sequence_required(value)
    if op in _REPEATS:
        low, _high, body = value  # type: ignore[misc]
        return _sequence_required(body) if low >= 1 else None
    return None


def _class_piece(char: str) -> str:
    return f"\\U{ord(char):08x}"


def _consumed(items: object, pieces: list[str]) -> bool:
    """Add to `pieces` (character-class source) every character the sequence can consume;
    False when that is not a small known set or the sequence may look past its match
    (anchors other than word boundaries, back references, `.`)."""
    for op, value in items:  # type: ignore[attr-defined]
        if op == sre_constants.LITERAL:
            pieces.append(_class_piece(chr(value)))  # type: ignore[arg-type]
        elif op == sre_constants.IN:
            for inner_op, inner in value:  # type: ignore[attr-defined]
                if inner_op == sre_constants.LITERAL:
                    pieces.append(_class_piece(chr(inner)))
                elif inner_op == sre_constants.RANGE:
                    pieces.append(_class_piece(chr(inner[0])) + "-" + _class_piece(chr(inner[1])))
                elif inner_op == sre_constants.CATEGORY and inner in _CATEGORIES:
                    pieces.append(_CATEGORIES[inner])
                else:
                    return False  # a negated class, another category
        elif op == sre_constants.BRANCH:
            if not all(_consumed(branch, pieces) for branch in value[1]):  # type: ignore[index]
                return False
        elif op in _GROUPS:
            if op == sre_constants.SUBPATTERN:
                _group, add_flags, del_flags, body = value  # type: ignore[misc]
                if add_flags or del_flags:
                    return False
            else:
                body = value
            if not _consumed(body, pieces):
                return False
        elif op in _REPEATS:
            if not _consumed(value[2], pieces):  # type: ignore[index]
                return False
        elif op == sre_constants.AT:
            if value not in _AT_BOUNDARIES:
                return False
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            direction, body = value  # type: ignore[misc]
            # A lookbehind sees the text before the run as it is. A lookahead reads on
            # with the same engine: its characters count as the pattern's, so it too
            # stops at the character after the run at the latest.
            if direction >= 0 and not _consumed(body, pieces):
                return False
        else:
            return False
    return True


class Windows:
    """The runs of text a pattern's matches can lie in (see above)."""

    def __init__(self, literals: list[str], ignore_case: bool, outside: str, flags: int):
        self.ignore_case = ignore_case
        self.literals = [text.lower() for text in literals] if ignore_case else list(literals)
        self._after = regex.compile(outside, flags)  # the first character no match holds
        self._before = regex.compile("(?r)" + outside, flags)  # the last one, searching backwards

    def spans(
        self, text: str, lowered: str | object | None = _UNSET, index: PageIndex | None = None
    ) -> list[tuple[int, int]] | None:
        """The runs holding one of the literals, in order (start, end exclusive); None when
        the text has characters whose case the substring search cannot mirror, or when
        the literals are so frequent that a plain scan costs no more."""
        haystack = text
        if self.ignore_case:
            folded = case_blind(text) if lowered is _UNSET else lowered
            if not isinstance(folded, str):
                return None
            haystack = folded
        # Each run costs a few searches: with the literals closer together than this, a
        # plain scan costs no more ("me" in `marketing/testimonial`'s case-sensitive words).
        # (200 characters while the literals cost a `find` pass each; with the LiteralIndex
        # 50: `efficacy/age-reversal-phrases` 0.37 -> 0.18 s on the claim-dense corpus.)
        found = _positions(haystack, self.literals, len(haystack) // _MIN_CHARS_PER_RUN, self.ignore_case, index)
        if found is None:
            return None
        runs: list[tuple[int, int]] = []
        reached = 0
        for position in found:
            if position < reached:
                continue  # inside the run already listed
            # Backwards no further than the previous run's end, a character outside every
            # run (or the start of the text).
            before = self._before.search(text, reached, position)
            start = before.end() if before is not None else reached
            after = self._after.search(text, position)
            reached = after.start() if after is not None else len(text)
            runs.append((start, reached))
        return runs


def windows_for(pattern: str, ignore_case: bool, parsed: object = _PARSE) -> Windows | None:
    """The windows of a pattern, or None when the analysis cannot bound its matches."""
    if _REGEX_ONLY.search(pattern):
        return None
    if parsed is _PARSE:
        parsed = _parse(pattern, ignore_case)
    if parsed is None:
        return None
    flags = parsed.state.flags
    if flags & ~(re.IGNORECASE | re.UNICODE):
        return None  # verbose, multiline, ASCII... : not worth the analysis
    ignore = ignore_case or bool(flags & re.IGNORECASE)
    pieces: list[str] = []
    try:
        literals = _sequence_required(parsed.data)
        bounded = _consumed(parsed.data, pieces)
    except (TypeError, ValueError, IndexError, RecursionError):  # a parse tree of an unexpected shape
        return None
    if not literals or not bounded or any(not text for text in literals):
        return None
    if ignore and not all(_plain(text) for text in literals):
        return None
    kept = sorted(text for text in literals if not any(other != text and other in text for other in literals))
    # Every literal of the pattern adds its characters again: the class of `marketing/urgency`
    # ran to ~1,400 pieces and ~14,000 characters. A class is a set, so one piece of each
    # is the same class (~30 pieces), and the `regex` module compiles it ~20x faster.
    return Windows(kept, ignore, "[^" + "".join(dict.fromkeys(pieces)) + "]", regex.IGNORECASE if ignore else 0)


def analyse(pattern: str, ignore_case: bool) -> tuple[Prefilter | None, Windows | None]:
    """`prefilter_for` and `windows_for` of one pattern from one parse: `re`'s parser is
    pure Python, and parsing the built-in rules' patterns twice cost ~0.04 s of a start
    with an empty compile cache.  Neither analysis changes the tree."""
    parsed = None if _REGEX_ONLY.search(pattern) else _parse(pattern, ignore_case)
    return prefilter_for(pattern, ignore_case, parsed), windows_for(pattern, ignore_case, parsed)
