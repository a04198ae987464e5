"""`pattern`: spaCy token patterns (Matcher), for word-order shapes over lemmas.

Token patterns cost far more than phrase lists (about 45 ms per pattern per 300k
words): prefer `phrase` and `IN` sets, keep patterns few.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimcheck.checks.base import Hit, Kind
from claimcheck.checks.framing import FILTER_OPTIONS, MatchFilter
from claimcheck.checks.model import Rule

OPTIONS = {
    "type": "object",
    "properties": {
        "patterns": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "array", "minItems": 1, "items": {"type": "object"}},
        },
        **FILTER_OPTIONS,
    },
    "required": ["patterns"],
    "additionalProperties": False,
}


class PatternCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._matcher = Matcher(nlp.vocab, validate=True)
        self._matcher.add(rule.id, rule.options["patterns"])
        self._filter = MatchFilter(rule)

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        spans = filter_spans([Span(doc, start, end) for _, start, end in self._matcher(doc)])
        return self._filter.hits(doc, sorted(spans))


KIND = Kind("pattern", OPTIONS, PatternCheck, "Flags spaCy Matcher token patterns, with optional context filters.")
