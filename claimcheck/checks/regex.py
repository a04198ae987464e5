"""`regex`: a regular expression over the prose, for shapes word lists cannot express
("90% of patients", "FDA-registered")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimcheck.checks.base import Hit, Kind
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


def compile_pattern(rule: Rule) -> re.Pattern[str]:
    flags = re.IGNORECASE if rule.options.get("ignore_case", True) else 0
    return re.compile(rule.options["pattern"], flags)


class RegexCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._pattern = compile_pattern(rule)
        self._filter = MatchFilter(rule)

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        if not self._filter.may_hit(doc):
            return iter(())
        spans: list[Span] = []
        for match in self._pattern.finditer(text_of(doc)):
            if match.end() == match.start():
                continue
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        return self._filter.hits(doc, spans)


KIND = Kind("regex", OPTIONS, RegexCheck, "Flags text matching a regular expression, with optional context filters.")
