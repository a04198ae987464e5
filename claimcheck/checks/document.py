"""`document`: what a whole document must contain once it makes claims (a reference
list, a disclaimer), or must not do (one therapy for many unrelated diseases)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.base import DOCUMENT, Hit, Kind, render
from claimcheck.checks.model import Rule
from claimcheck.checks.termtrie import phrase_pattern
from claimcheck.detector.component import register_of
from claimcheck.nlp.claims import NON_DISEASE_CATEGORIES, claims_of
from claimcheck.nlp.evidence import appeals_of
from claimcheck.nlp.references import has_references
from claimcheck.nlp.structure import span_table, text_of

OPTIONS = {
    "type": "object",
    "properties": {
        "when": {
            "type": "array",
            "items": {"enum": ["claims", "unsupported_claims", "appeals"]},
            "minItems": 1,
            "description": "the rule applies only if the document has any of these",
        },
        "require": {"enum": ["references", "terms"]},
        "terms": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
        "min_condition_categories": {"type": "integer", "minimum": 2},
        "ignore_categories": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": False,
    "oneOf": [
        {"required": ["require"]},
        {"required": ["min_condition_categories"]},
    ],
}


class DocumentCheck:
    def __init__(self, rule: Rule, nlp: Language):
        options = rule.options
        self._rule = rule
        self._when = set(options.get("when", ["unsupported_claims", "appeals"]))
        self._require = options.get("require")
        terms = options.get("terms", [])
        self._terms = phrase_pattern(terms) if terms else None
        self._min_categories = options.get("min_condition_categories")
        self._ignored = set(options.get("ignore_categories", [*NON_DISEASE_CATEGORIES, "hematologic"]))

    def _applies(self, doc: Doc) -> bool:
        # Descriptions of approved uses (cord blood for leukemia) need no disclaimer or references.
        claims = [claim for claim in claims_of(doc) if claim.asserted and not claim.approved_indication]
        appeals = [appeal for appeal in appeals_of(doc) if appeal.status == "bare"]
        return (
            ("claims" in self._when and bool(claims))
            or ("unsupported_claims" in self._when and any(claim.status == "bare" for claim in claims))
            or ("appeals" in self._when and bool(appeals))
        )

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        if not self._applies(doc):
            return
        if self._min_categories is not None:
            found = {
                category
                for claim in claims_of(doc)
                if claim.asserted
                for category in claim.condition_categories
                if category not in self._ignored
            }
            if _reads_as_marketing(doc):
                # A selling page offers what it names, in headings, lists and menus ("Conditions
                # we treat", a price table) as in prose: those areas count too, not only the
                # areas of sentences the claims analyzer reads.  "Age" alone names no disease.
                text, conditions = text_of(doc), span_table(doc, "conditions")
                found |= {
                    label
                    for start_char, end_char, label in zip(
                        conditions.start_char, conditions.end_char, conditions.label, strict=True
                    )
                    if label not in self._ignored and text[start_char:end_char].lower() not in _NOT_A_DISEASE
                }
            categories = sorted(found)
            if len(categories) >= self._min_categories:
                message = render(self._rule.message, count=len(categories), categories=", ".join(categories))
                yield Hit(self._rule, 0, 0, message, DOCUMENT)
            return
        if self._require == "references":
            missing = not has_references(doc)
        else:
            missing = self._terms is None or not self._terms.search(text_of(doc))
        if missing:
            yield Hit(self._rule, 0, 0, render(self._rule.message), DOCUMENT)


_NOT_A_DISEASE = frozenset({"age", "aging", "ageing", "aged"})


def _reads_as_marketing(doc: Doc) -> bool:
    """The learned register classifier (when on) reads the page as selling copy."""
    return register_of(doc) == "marketing"


KIND = Kind("document", OPTIONS, DocumentCheck, "Requires something of a whole document that makes claims.")
