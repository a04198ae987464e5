"""`regex`: a regular expression over the prose, for shapes word lists cannot express
("90% of patients", "FDA-registered")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimcheck.checks.base import Hit, Kind, render
from claimcheck.checks.framing import FILTER_OPTIONS, MatchFilter
from claimcheck.checks.model import Rule
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


def compile_pattern(rule: Rule) -> re.Pattern[str]:
    flags = re.IGNORECASE if rule.options.get("ignore_case", True) else 0
    return re.compile(rule.options["pattern"], flags)


class RegexCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._pattern = compile_pattern(rule)
        self._filter = MatchFilter(rule)
        flags = re.IGNORECASE if rule.options.get("ignore_case", True) else 0
        self._messages = [(re.compile(item["when"], flags), item["message"]) for item in rule.options.get("messages", ())]

    def __call__(self, doc: Doc) -> Iterable[Hit]:
        if not self._filter.may_hit(doc):
            return iter(())
        spans: list[Span] = []
        for match in self._pattern.finditer(text_of(doc)):
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
            if when.search(matched):
                return replace(hit, message=render(message, text=matched))
        return hit


KIND = Kind("regex", OPTIONS, RegexCheck, "Flags text matching a regular expression, with optional context filters.")
