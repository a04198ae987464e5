"""`regex`: a regular expression over the prose, for shapes word lists cannot express
("90% of patients", "FDA-registered").

Rule packs come from config and may be shared, so a pattern is untrusted: one that
backtracks catastrophically, such as ``(a+)+$``, would take longer than the age of the
universe on a 40-character line.  Patterns run on the `regex` module (Python's `re`
syntax, lookarounds included) with a time budget per rule and document
(`budget_for`: seconds, growing with the text's length).  A rule over its budget is stopped (`RuleStopped`): the Linter
drops it for the rest of the run and the run reports it once, naming the rule.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import replace
from typing import cast

import regex
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimcheck.checks.base import Hit, Kind, RuleStopped, render
from claimcheck.checks.branches import Alternatives, alternatives_for
from claimcheck.checks.framing import FILTER_OPTIONS, MatchFilter
from claimcheck.checks.model import Rule
from claimcheck.checks.prebuilt import lookup
from claimcheck.checks.prefilter import (
    LiteralFinder,
    LiteralScanner,
    PageIndex,
    Prefilter,
    Windows,
    analyse,
    case_blind,
    finditer_from,
)
from claimcheck.nlp.structure import text_of

OPTIONS = {
    "type": "object",
    "properties": {
        "pattern": {"type": "string", "minLength": 1},
        "ignore_case": {"type": "boolean"},
        # Other messages for some matches: the first entry whose `when` pattern is found
        # in the matched text gives the message (else the rule's own).
        "messages": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"when": {"type": "string", "minLength": 1}, "message": {"type": "string", "minLength": 1}},
                "required": ["when", "message"],
                "additionalProperties": False,
            },
        },
        **FILTER_OPTIONS,
    },
    "required": ["pattern"],
    "additionalProperties": False,
}


# Seconds one rule's pattern may take over one document: TIME_BUDGET plus
# BUDGET_PER_MB for each million characters.  The slowest built-in pattern takes about
# 1 s per million characters on a busy 2-core machine (4-6 s on a 4.9 MB page), well
# inside the budget; a catastrophic pattern exceeds any budget on one 40-character line.
TIME_BUDGET = 3.0
BUDGET_PER_MB = 6.0


def budget_for(length: int) -> float:
    """The time budget of one rule over a text of `length` characters."""
    return TIME_BUDGET + BUDGET_PER_MB * length / 1_000_000


def compile_pattern(rule: Rule) -> regex.Pattern[str]:
    flags = regex.IGNORECASE if rule.options.get("ignore_case", True) else 0
    return regex.compile(rule.options["pattern"], flags)


# A rule's pattern, its prefilter, its windows, its alternatives searched apart (when it
# has neither) and its messages' `when` patterns.
Compiled = tuple[regex.Pattern[str], Prefilter | None, Windows | None, Alternatives | None, tuple[regex.Pattern[str], ...]]
# Entries of the "regex" kind to keep: one per pattern, and a run reads every rule's.
KEEP_PATTERNS = 1024


def compiled(rule: Rule, cache: bool = False) -> Compiled:
    """What a regex rule runs with; with `cache`, from the compile cache (claimcheck/cache.py).

    Compiling the built-in patterns and analysing them for prefilters takes ~0.13 s of
    every start; a `regex` pattern pickles with its compiled code, so an entry loads in
    well under a millisecond.  The key is the pattern's own text, flags and `when`
    patterns (an edited rule is a new key), the `regex` module's version and Python's (the
    compiled code is the extension's own); the prefilter analysis is claimcheck code, in
    every key already.  The built-in rules' entries are shipped with the package
    (checks/prebuilt.py) and read from there first, so an empty cache builds only the
    rules of the user's own packs and options.
    """
    source = rule.options["pattern"]
    ignore_case = rule.options.get("ignore_case", True)
    whens = tuple(item["when"] for item in rule.options.get("messages", ()))

    def build() -> Compiled:
        flags = regex.IGNORECASE if ignore_case else 0
        # Where a match could start (the words every match begins with): the pattern is
        # tried only there, with the same matches as a scan of the whole text.  Else (or
        # where those words are too common), the runs of text a match could lie in.
        prefilter, windows = analyse(source, ignore_case)
        # With neither, a long alternation is searched one alternative at a time, each tried
        # only where its own words occur (branches.py).  Where the pattern has words but they
        # are common on a page, splitting was measured to gain nothing: the cost is then in
        # the alternatives' own bodies, not in trying forty of them at every character.
        alternatives = alternatives_for(source, ignore_case) if prefilter is None and windows is None else None
        return (compile_pattern(rule), prefilter, windows, alternatives, tuple(regex.compile(when, flags) for when in whens))

    if not cache:
        return build()
    # The built-in rules' entries ship with the package (checks/prebuilt.py).
    shipped = lookup(rule.options)
    if shipped is not None:
        return cast(Compiled, shipped)
    from claimcheck.cache import cached

    key = hashlib.sha256(json.dumps([regex.__version__, sys.version, source, ignore_case, whens]).encode()).hexdigest()
    return cached("regex", key, build, keep=KEEP_PATTERNS)


LOWERED_KEY = "claimcheck.case_blind_text"


def case_blind_text(doc: Doc) -> str | None:
    """The Doc's text lower-cased for the prefilters (`prefilter.case_blind`), made once per
    Doc and kept with it: every regex rule of a run asks about the same page in turn."""
    if LOWERED_KEY not in doc.user_data:
        doc.user_data[LOWERED_KEY] = case_blind(text_of(doc))
    return doc.user_data[LOWERED_KEY]


INDEX_KEY = "claimcheck.literal_index"


def literal_scanner(checks: Iterable[object]) -> LiteralScanner | None:
    """The scanner of every literal the regex checks among `checks` ask for (None when
    they ask for none): built once per Linter, with its rules."""
    finders = [finder for check in checks if isinstance(check, RegexCheck) for finder in check.finders]
    return LiteralScanner(finders) if finders else None


def index_page(doc: Doc, scanner: LiteralScanner) -> None:
    """Scan the Doc's page once for every literal of `scanner` and keep the index with the
    Doc, where the regex checks read it (`page_index`).  The Linter does this before the
    rules run, so the scan is charged to no rule's time budget."""
    index = doc.user_data.get(INDEX_KEY)
    if index is None or index.scanner is not scanner:
        doc.user_data[INDEX_KEY] = scanner.index(text_of(doc), case_blind_text(doc))


def page_index(doc: Doc) -> PageIndex | None:
    """The Doc's `PageIndex` (`index_page`); None when it has none (its checks then find
    their literals with `find`, with the same positions)."""
    return doc.user_data.get(INDEX_KEY)


class RegexCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._rule = rule
        # The pipeline's compile-cache switch (nlp.meta, set by build_pipeline) covers the patterns.
        use_cache = bool(nlp.meta.get("claimcheck_cache", False))
        self._pattern, self._prefilter, self._windows, self._alternatives, whens = compiled(rule, use_cache)
        # What asks for literals: every page is scanned once for those of every rule
        # (`literal_scanner`, `index_page`).
        branches = self._alternatives.branches if self._alternatives is not None else ()
        found = (self._prefilter, self._windows, *(prefilter for _, prefilter in branches))
        self.finders: tuple[LiteralFinder, ...] = tuple(finder for finder in found if finder is not None)
        self._filter = MatchFilter(rule)
        self._messages = [(when, item["message"]) for when, item in zip(whens, rule.options.get("messages", ()), strict=True)]

    def __call__(self, doc: Doc) -> Iterable[Hit]:
        if not self._filter.may_hit(doc):
            return iter(())
        spans: list[Span] = []
        text = text_of(doc)
        budget = budget_for(len(text))
        started = time.monotonic()
        try:
            matches = list(
                finditer_from(
                    self._pattern,
                    self._prefilter,
                    text,
                    budget,
                    case_blind_text(doc),
                    self._windows,
                    self._alternatives,
                    page_index(doc),
                )
            )
        except TimeoutError:
            raise RuleStopped(
                self._rule,
                f"rule {self._rule.id!r} ({self._rule.origin}) stopped: its pattern ran over its time budget "
                f"of {budget:.1f} s after {time.monotonic() - started:.1f} s (it backtracks catastrophically, "
                "as (a|aa)+$ does); the rule is skipped for the rest of the run",
            ) from None
        for match in matches:
            if match.end() == match.start():
                continue
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        hits = self._filter.hits(doc, spans)
        return (self._worded(doc, hit) for hit in hits) if self._messages else hits

    def _worded(self, doc: Doc, hit: Hit) -> Hit:
        matched = text_of(doc)[hit.start : hit.end]
        for when, message in self._messages:
            if when.search(matched, timeout=budget_for(len(matched))):
                return replace(hit, message=render(message, text=matched))
        return hit


KIND = Kind("regex", OPTIONS, RegexCheck, "Flags text matching a regular expression, with optional context filters.")
