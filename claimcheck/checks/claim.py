"""`claim`: efficacy claims found by the claim detector, selected by how they are
framed (bare, hedged, cited...), by effect and by condition."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.base import Hit, Kind, render
from claimcheck.checks.model import Rule
from claimcheck.nlp import context
from claimcheck.nlp.citations import CONFIRMED_KINDS, marks_of
from claimcheck.nlp.claims import EFFECT_PRIORITY, IMPLIED_THERAPY, NON_DISEASE_CATEGORIES, NOT_AN_AREA, Claim, claims_of
from claimcheck.nlp.conditions import normalize
from claimcheck.nlp.structure import text_of

# A sentence that describes the study it cites ("In a randomised trial of 150 adults ...",
# "a published report on one man", "the case series by Harrow and colleagues", "in one
# patient with alopecia areata").
_DESCRIBES_STUDY = re.compile(
    r"\b(?:in|from)\s+(?:a|an|one|our|the|this|their|two|three)\s+(?:[\w'’-]+\s+){0,4}?(?:trial|study|series|report|review|analysis|follow-up)\b"
    r"|\bin\s+(?:one|a\s+single|two|three)\s+(?:patients?|m[ae]n|wom[ae]n|people|child(?:ren)?)\b"
    r"|\b(?:trial|study|series|report|review)\s+(?:of|on|in|by|describing)\s+(?:\d|one\b|a\s+single|two\b|three\b|[A-Z])",
    re.IGNORECASE,
)
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
        "complaints": {
            "type": "object",
            "description": (
                "with conditions: unapproved, what else counts as the complaint a product is offered for:"
                " a symptom or an injured tissue named in a claim of effect (not a cosmetic one)"
            ),
            "properties": {
                "categories": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "statuses": {"type": "array", "items": {"enum": STATUSES}, "minItems": 1},
                "not_effects": {"type": "array", "items": {"enum": list(EFFECT_PRIORITY)}},
                "not_names": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["categories"],
            "additionalProperties": False,
        },
        "min_disease_areas": {
            "type": "integer",
            "minimum": 2,
            "description": "only claims naming diseases of at least this many areas (one therapy for many diseases)",
        },
        "cited_message": {
            "type": "string",
            "minLength": 1,
            "description": "message for a claim that is cited (says why the citation does not help)",
        },
        "offer_message": {
            "type": "string",
            "minLength": 1,
            "description": "message for a claim with no effect word, only the therapy offered for a condition",
        },
        "marked_message": {
            "type": "string",
            "minLength": 1,
            "description": "message for an uncited claim whose citation markers point to no checkable source ({markers})",
        },
    },
    "additionalProperties": False,
}


class ClaimCheck:
    def __init__(self, rule: Rule, nlp: Language):
        options = rule.options
        self._rule = rule
        self._statuses = set(options.get("statuses", ["bare"]))
        self._effects = set(options.get("effects", EFFECT_PRIORITY))
        self._therapies = set(options["therapies"]) if "therapies" in options else None
        self._conditions = options.get("conditions", "any")
        self._skip_approved = options.get("skip_approved", True)
        self._cited_message = options.get("cited_message")
        self._offer_message = options.get("offer_message")
        self._marked_message = options.get("marked_message")
        self._min_areas = options.get("min_disease_areas")
        complaints = options.get("complaints", {})
        self._complaints = frozenset(complaints.get("categories", ()))
        self._complaint_statuses = frozenset(complaints.get("statuses", self._statuses))
        self._complaint_not_effects = frozenset(complaints.get("not_effects", ()))
        self._complaint_not_names = frozenset(normalize(name) for name in complaints.get("not_names", ()))

    def _selected(self, claim: Claim) -> bool:
        if claim.status not in self._statuses or claim.effect_category not in self._effects:
            return False
        if self._therapies is not None and claim.therapy_category not in self._therapies:
            return False
        if self._skip_approved and claim.approved_indication:
            return False
        diseases = [category for category in claim.condition_categories if category not in NON_DISEASE_CATEGORIES]
        if self._min_areas is not None and len(_disease_areas(claim)) < self._min_areas:
            return False
        if self._conditions == "required":
            return bool(claim.conditions)
        if self._conditions == "unapproved":
            return not claim.approved_indication and (bool(diseases) or self._offered_for_a_complaint(claim))
        if isinstance(self._conditions, list):
            return bool(claim.condition_categories & set(self._conditions))
        return True

    def _offered_for_a_complaint(self, claim: Claim) -> bool:
        """ "The itching stops after the first session", "our cells regrow the tendon": a
        symptom or an injured tissue is the complaint the product is sold for (ANNOTATION §3,
        `unapproved`: "a disease, injury or disease symptom").  Not a cosmetic outcome for the
        skin (`anti_aging`'s), nor "tissue" or "every organ" in general, which names no injury."""
        if claim.status not in self._complaint_statuses or claim.effect_category in self._complaint_not_effects:
            return False
        return any(
            category in self._complaints and normalize(text) not in self._complaint_not_names
            for text, category in claim.conditions
        )

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        text = text_of(doc)  # Doc.text joins every token: read it once, not once per claim
        # "(1)" closing a sentence is a marker only when a list has entry 1 ("step (1)."):
        # those are left out here, the others are what the reader sees as citations.
        marks = [mark for mark in marks_of(doc) if mark.kind not in CONFIRMED_KINDS] if self._marked_message else []
        for claim in claims_of(doc):
            if not self._selected(claim):
                continue
            if claim.status == context.CITED and _DESCRIBES_STUDY.search(text, claim.start, claim.end):
                # "In a randomised trial of 150 adults with tendinopathy, scores improved [1]": a
                # cited study described as such; citation fit judges whether it can carry a claim.
                continue
            condition = ", ".join(text for text, category in claim.conditions if category not in NON_DISEASE_CATEGORIES)
            cited = context.CITED in claim.flags
            areas = _disease_areas(claim)
            template = self._rule.message
            if cited and self._cited_message:
                template = self._cited_message
            elif claim.effect_category == "indication" and self._offer_message:
                template = self._offer_message  # "stem cells for autism": "for" is no effect to quote
            markers = [text[mark.start : mark.end] for mark in marks if claim.start <= mark.start < claim.end]
            if not cited and markers and self._marked_message:
                # "[2]" with no list, or a list entry with nothing to check: the reader sees a
                # citation, so "no study cited" would misdescribe the copy.
                template = self._marked_message
            message = render(
                template,
                therapy=as_phrase(claim.therapy, claim.therapy_category),
                effect=claim.effect,
                condition=condition or (claim.conditions[0][0] if claim.conditions else "the condition"),
                for_condition=f" for {condition}" if condition else "",
                status=claim.status,
                text=text[claim.start : claim.end],
                citations=", ".join(claim.citations) or "a source",
                areas=", ".join(areas),
                count=len(areas),
                markers=", ".join(dict.fromkeys(markers)),
            )
            yield Hit(self._rule, claim.start, claim.end, message)


def _disease_areas(claim: Claim) -> list[str]:
    """The disease areas (corpus/ANNOTATION.md §5) a claim names, in order of mention."""
    return list(dict.fromkeys(category for _, category in claim.conditions if category not in NOT_AN_AREA))


def as_phrase(therapy: str | None, category: str | None = None) -> str:
    """The therapy as it reads inside a sentence: "Our stem cell injections" -> "our stem
    cell injections", acronyms kept ("MSC therapy"), "the therapy" when none is named,
    "the clinic's treatment" when only the business is ("we", "our clinic", "after
    treatment": "Offers we for COVID-19" would not read)."""
    if not therapy:
        return "the therapy"
    if category == IMPLIED_THERAPY:
        return "the clinic's treatment"
    words = therapy.split()
    if all(_title_word(word) or _acronym(word) or not word.isalpha() for word in words):
        # A heading's Title Case ("Stem Cell Therapy"): every capitalised word is lowered,
        # acronyms stay, so the message does not read "stem Cell Therapy".
        return " ".join(word.lower() if _title_word(word) else word for word in words)
    first = words[0]
    if _title_word(first):
        return therapy[0].lower() + therapy[1:]
    return therapy


def _title_word(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


KIND = Kind(
    "claim", OPTIONS, ClaimCheck, "Flags efficacy claims (therapy + effect + condition) by framing, effect and condition."
)
