"""`evidence`: appeals to evidence ("studies show", "clinically proven") selected by
kind and framing; by default only those with no citation, hedge or negation."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.base import Hit, Kind, render
from claimcheck.checks.claim import STATUSES
from claimcheck.checks.model import Rule
from claimcheck.nlp.evidence import appeals_of
from claimcheck.nlp.text import doc_text

OPTIONS = {
    "type": "object",
    "properties": {
        "kinds": {"type": "array", "items": {"enum": ["appeal", "establishment"]}, "minItems": 1},
        "statuses": {"type": "array", "items": {"enum": STATUSES}, "minItems": 1},
    },
    "additionalProperties": False,
}


class EvidenceCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._rule = rule
        self._kinds = set(rule.options.get("kinds", ["appeal", "establishment"]))
        self._statuses = set(rule.options.get("statuses", ["bare"]))

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        for appeal in appeals_of(doc):
            if appeal.kind in self._kinds and appeal.status in self._statuses:
                message = render(self._rule.message, cue=appeal.cue, text=doc_text(doc)[appeal.start : appeal.end])
                yield Hit(self._rule, appeal.start, appeal.end, message)


KIND = Kind("evidence", OPTIONS, EvidenceCheck, "Flags appeals to studies or proof that carry no citation.")
