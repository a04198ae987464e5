"""`claim`: efficacy claims found by the claim detector, selected by how they are
framed (bare, hedged, cited...), by effect and by condition."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.base import Hit, Kind, render
from claimcheck.checks.model import Rule
from claimcheck.nlp.claims import EFFECT_PRIORITY, Claim, claims_of
from claimcheck.nlp.text import doc_text

STATUSES = ["bare", "hedged", "cited", "negated", "reported", "question", "investigational"]

OPTIONS = {
    "type": "object",
    "properties": {
        "statuses": {"type": "array", "items": {"enum": STATUSES}, "minItems": 1},
        "effects": {"type": "array", "items": {"enum": list(EFFECT_PRIORITY)}, "minItems": 1},
        "therapies": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "conditions": {
            "oneOf": [
                {"enum": ["any", "required", "unapproved"]},
                {"type": "array", "items": {"type": "string"}, "minItems": 1},
            ]
        },
        "skip_approved": {"type": "boolean"},
    },
    "additionalProperties": False,
}

_HIDDEN_CONDITION_CATEGORIES = {"symptom", "outcome_measure"}


class ClaimCheck:
    def __init__(self, rule: Rule, nlp: Language):
        options = rule.options
        self._rule = rule
        self._statuses = set(options.get("statuses", ["bare"]))
        self._effects = set(options.get("effects", EFFECT_PRIORITY))
        self._therapies = set(options["therapies"]) if "therapies" in options else None
        self._conditions = options.get("conditions", "any")
        self._skip_approved = options.get("skip_approved", True)

    def _selected(self, claim: Claim) -> bool:
        if claim.status not in self._statuses or claim.effect_category not in self._effects:
            return False
        if self._therapies is not None and claim.therapy_category not in self._therapies:
            return False
        if self._skip_approved and claim.approved_indication:
            return False
        diseases = [category for category in claim.condition_categories if category not in _HIDDEN_CONDITION_CATEGORIES]
        if self._conditions == "required":
            return bool(claim.conditions)
        if self._conditions == "unapproved":
            return bool(diseases) and not claim.approved_indication
        if isinstance(self._conditions, list):
            return bool(claim.condition_categories & set(self._conditions))
        return True

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        for claim in claims_of(doc):
            if not self._selected(claim):
                continue
            condition = ", ".join(text for text, category in claim.conditions if category not in _HIDDEN_CONDITION_CATEGORIES)
            message = render(
                self._rule.message,
                therapy=claim.therapy,
                effect=claim.effect,
                condition=condition or (claim.conditions[0][0] if claim.conditions else "the condition"),
                status=claim.status,
                text=doc_text(doc)[claim.start : claim.end],
            )
            yield Hit(self._rule, claim.start, claim.end, message)


KIND = Kind(
    "claim", OPTIONS, ClaimCheck, "Flags efficacy claims (therapy + effect + condition) by framing, effect and condition."
)
