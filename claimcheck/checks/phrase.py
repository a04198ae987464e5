"""`phrase`: words and phrases from a list or a lexicon, matched on lemmas (so
"guarantees" matches "guarantee"); capitalised abbreviations match exactly."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimcheck.checks.base import Hit, Kind
from claimcheck.checks.framing import FILTER_OPTIONS, MatchFilter
from claimcheck.checks.model import Rule
from claimcheck.nlp.terms import build_phrase_matchers

OPTIONS = {
    "type": "object",
    "properties": {
        "terms": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
        "lexicon": {"type": "string", "pattern": r"^[a-z_]+(:[a-z_]+)?$"},
        **FILTER_OPTIONS,
    },
    "additionalProperties": False,
    "oneOf": [{"required": ["terms"]}, {"required": ["lexicon"]}],
}


class PhraseCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._filter = MatchFilter(rule)
        self._lexicon = rule.options.get("lexicon")
        self._matchers = None
        if "terms" in rule.options:
            self._matchers = build_phrase_matchers(nlp, {rule.id: list(rule.options["terms"])}, nlp.get_pipe("claimcheck_lemmas"))

    def _candidates(self, doc: Doc) -> list[Span]:
        if self._matchers is None:
            name, _, category = self._lexicon.partition(":")
            return [span for span in doc.spans.get(name, ()) if not category or span.label_ == category]
        spans = [Span(doc, start, end) for matcher in self._matchers for _, start, end in matcher(doc)]
        return sorted(filter_spans(spans))

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        return self._filter.hits(doc, self._candidates(doc))


KIND = Kind("phrase", OPTIONS, PhraseCheck, "Flags listed words or phrases (lemma-aware), with optional context filters.")
