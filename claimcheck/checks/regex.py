"""`regex`: a regular expression over the prose, for shapes word lists cannot express
("90% of patients", "FDA-registered").

Rule packs come from config and may be shared, so a pattern is untrusted: one that
backtracks catastrophically, such as ``(a+)+$``, would take longer than the age of the
universe on a 40-character line.  Patterns run on the `regex` module (Python's `re`
syntax, lookarounds included) with a time budget per rule and document
(`TIME_BUDGET` seconds).  A rule over its budget is stopped (`RuleStopped`): the Linter
drops it for the rest of the run and the run reports it once, naming the rule.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import regex
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimcheck.checks.base import Hit, Kind, RuleStopped
from claimcheck.checks.framing import FILTER_OPTIONS, MatchFilter
from claimcheck.checks.model import Rule
from claimcheck.nlp.structure import text_of

OPTIONS = {
    "type": "object",
    "properties": {
        "pattern": {"type": "string", "minLength": 1},
        "ignore_case": {"type": "boolean"},
        **FILTER_OPTIONS,
    },
    "required": ["pattern"],
    "additionalProperties": False,
}


# Seconds one rule's pattern may take over one document.  The built-in patterns take
# milliseconds on a 5 MB page; a catastrophic one exceeds any budget on one line.
TIME_BUDGET = 10.0


def compile_pattern(rule: Rule) -> regex.Pattern[str]:
    flags = regex.IGNORECASE if rule.options.get("ignore_case", True) else 0
    return regex.compile(rule.options["pattern"], flags)


class RegexCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._rule = rule
        self._pattern = compile_pattern(rule)
        self._filter = MatchFilter(rule)

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        if not self._filter.may_hit(doc):
            return iter(())
        spans: list[Span] = []
        started = time.monotonic()
        try:
            matches = list(self._pattern.finditer(text_of(doc), timeout=TIME_BUDGET))
        except TimeoutError:
            raise RuleStopped(
                self._rule,
                f"rule {self._rule.id!r} ({self._rule.origin}) stopped: its pattern ran over its time budget "
                f"of {TIME_BUDGET:g} s after {time.monotonic() - started:.1f} s (it backtracks catastrophically, "
                "as (a+)+$ does); the rule is skipped for the rest of the run",
            ) from None
        for match in matches:
            if match.end() == match.start():
                continue
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        return self._filter.hits(doc, spans)


KIND = Kind("regex", OPTIONS, RegexCheck, "Flags text matching a regular expression, with optional context filters.")
