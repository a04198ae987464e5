"""`hctp`: a cell or tissue product that fails 21 CFR 1271.10(a) for a use the page promotes.

A human cell or tissue product escapes premarket approval (a "361 HCT/P") only if it
meets all four criteria of 1271.10(a): (1) minimally manipulated, (2) for homologous
use only, (3) not combined with another article, (4) without systemic effect and not
dependent on living cells' metabolic activity, or else autologous, for a first- or
second-degree relative, or reproductive.  A product failing any one is a drug and
biologic needing FDA approval, whatever the copy claims.

The product and its facts come from `nlp.product_facts` (every sentence of the page).
What each tissue's basic function is, whether its usual donor is the patient, whether
it works through living cells, and whether it is a cell or tissue at all is the
rule's `tissues` table (YAML), so a reviewer can extend it.  One finding per failing
product, at document scope, naming each criterion and the words it rests on; the
spans go in the finding's `supporting` locations.

Not reported: uses the product is approved for (HPC cord blood for blood disorders,
Ryoncil for its GVHD population); autologous tissue removed and put back in the same
surgical procedure with no more than minimal processing (1271.15(b)); homologous uses
the table names (amniotic membrane as a wound cover); pages that warn about such
products rather than sell them; pages about a registered or IND-authorised study that
offer the product only inside it (the `study_page` option, ANNOTATION B51).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.base import DOCUMENT, Hit, Kind, render
from claimcheck.checks.model import Rule
from claimcheck.detector.component import register_of
from claimcheck.nlp.product_facts import ENZYMATIC, Fact, Product, Use, product_facts
from claimcheck.nlp.structure import sentences_of, span_text, text_of
from claimcheck.severity import Severity

_TISSUE = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "hctp": {"type": "boolean", "description": "a cell or tissue product at all (exosomes are not)"},
        "function": {"type": "string", "description": "its basic function in the donor (homologous use)"},
        "homologous_categories": {"type": "array", "items": {"type": "string"}},
        "homologous_uses": {"type": "array", "items": {"type": "string"}},
        "living_cells": {"type": "boolean", "description": "depends on living cells' metabolic activity"},
        "donor": {"enum": ["autologous", "allogeneic", "related"]},
        "more_than_minimal": {"type": "string", "description": "why the tissue itself is more than minimally manipulated"},
        "structural": {
            "type": "boolean",
            "description": "a structural tissue, which enzymatic digestion manipulates more than minimally (1271.3(f)(1))",
        },
    },
    "required": ["name"],
    "additionalProperties": False,
}
OPTIONS = {
    "type": "object",
    "properties": {
        "tissues": {"type": "object", "additionalProperties": _TISSUE, "minProperties": 1},
        "approved_products": {"type": "array", "items": {"type": "string", "minLength": 1}},
        # Words for animal patients: a use in a sentence about them is veterinary, and 21 CFR
        # 1271 covers human products only (ANNOTATION B29).
        "animal_patients": {"type": "array", "items": {"type": "string", "minLength": 1}},
        # What a page about a registered or IND-authorised study says of itself (ANNOTATION B51):
        # regular expressions; a page matching `min_cues` different ones, none offering the
        # registration as proof and none selling, offers the product only inside the study.
        "study_page": {
            "type": "object",
            "properties": {
                "cues": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                "min_cues": {"type": "integer", "minimum": 1},
                "proof": {"type": "string", "minLength": 1},
            },
            "required": ["cues"],
            "additionalProperties": False,
        },
    },
    "required": ["tissues"],
    "additionalProperties": False,
}
_NOT_APPROVED_CATEGORIES = frozenset({"hematologic"})  # blood-forming uses are where approved HPC products sit


def _quoted(facts: tuple[Fact, ...] | list[Fact], limit: int = 3) -> str:
    words = list(dict.fromkeys(f"'{fact.words}'" for fact in facts))
    return ", ".join(words[:limit])


class HctpCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._rule = rule
        self._tissues: dict[str, dict[str, Any]] = rule.options["tissues"]
        self._approved = tuple(name.lower() for name in rule.options.get("approved_products", ()))
        animals = sorted(rule.options.get("animal_patients", ()), key=len, reverse=True)
        self._animals = re.compile(r"\b(?:" + "|".join(map(re.escape, animals)) + r")\b", re.IGNORECASE) if animals else None
        study = rule.options.get("study_page") or {}
        self._study_cues = tuple(re.compile(cue, re.IGNORECASE) for cue in study.get("cues", ()))
        self._study_min = int(study.get("min_cues", 2))
        self._study_proof = re.compile(study["proof"], re.IGNORECASE) if study.get("proof") else None

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        found = product_facts(doc)
        if not found.products or _reads_careful(doc) or not (found.promotional or _reads_marketing(doc)):
            return
        if self._study_page(doc):
            return
        text_lower = text_of(doc).lower() if self._approved else ""
        names_approved = bool(self._approved) and any(name in text_lower for name in self._approved)
        for product in found.products:
            table = self._tissues.get(product.tissue)
            if table is None:
                continue
            reasons, spans = self._failures(doc, product, table, names_approved)
            if not reasons:
                continue
            severity = None
            status_note = ""
            if found.status:
                severity = Severity.ERROR
                status_note = f" The page calls it {_quoted(found.status)}, which a product failing 1271.10(a) cannot be."
                spans.extend((fact.start, fact.end) for fact in found.status)
            message = render(
                self._rule.message,
                product=table["name"],
                words=product.mentions[0].words,
                reasons="; ".join(reasons),
                status=status_note,
            )
            spans = sorted(set(spans))
            yield Hit(self._rule, 0, 0, message.strip(), DOCUMENT, severity=severity, supporting=tuple(spans))

    def _failures(
        self, doc: Doc, product: Product, table: dict[str, Any], names_approved: bool
    ) -> tuple[list[str], list[tuple[int, int]]]:
        uses = [use for use in product.uses if not self._approved_use(use, names_approved) and not self._in_animals(doc, use)]
        if not uses:
            return [], []
        spans: list[tuple[int, int]] = [(product.mentions[0].start, product.mentions[0].end)]
        conditions = ", ".join(dict.fromkeys(use.condition for use in uses))
        if not table.get("hctp", True):
            spans.extend((use.start, use.end) for use in uses)
            return [
                "not cells or tissue, so never an HCT/P (1271.3(d)); "
                f"offered for {conditions}, it is a drug and biologic that needs FDA approval"
            ], spans
        autologous = self._donor(product, table) == "autologous"
        more = list(product.of_kind("processing", "more"))
        if table.get("structural"):
            # Breaking a structural tissue down with enzymes ("digested with collagenase") alters
            # its original characteristics for reconstruction, repair or replacement (1271.3(f)(1)).
            more += product.of_kind("processing", ENZYMATIC)
            more.sort(key=lambda fact: fact.start)
        partners = list(product.of_kind("partner"))
        same = product.of_kind("same_surgery")
        if autologous and same and not more and not partners and not table.get("more_than_minimal"):
            return [], []  # 1271.15(b): removed and put back in the same surgical procedure
        reasons: list[str] = []
        if more:
            reasons.append(f"more than minimally manipulated (1271.10(a)(1)): the page says {_quoted(more)}")
            spans.extend((fact.start, fact.end) for fact in more)
        elif table.get("more_than_minimal"):
            reasons.append(f"more than minimally manipulated (1271.10(a)(1)): {table['more_than_minimal']}")
        foreign = [use for use in uses if not self._homologous(use, table)]
        if foreign:
            listed = ", ".join(dict.fromkeys(use.condition for use in foreign))
            function = table.get("function", "")
            why = f"; its basic function is {function}" if function else ""
            reasons.append(f"not a homologous use (1271.10(a)(2)): offered for {listed}{why}")
            spans.extend((use.start, use.end) for use in foreign)
        if partners:
            reasons.append(f"combined with another article (1271.10(a)(3)): {_quoted(partners)}")
            spans.extend((fact.start, fact.end) for fact in partners)
        routes = list(product.of_kind("route", "systemic"))
        donor = self._donor(product, table)
        if donor == "allogeneic" and (table.get("living_cells") or routes):
            donors = list(product.of_kind("donor", "allogeneic"))
            how = f", given {_quoted(routes, 2)}" if routes else ""
            said = f" ({_quoted(donors, 2)})" if donors else " (its usual donor is not the patient)"
            reasons.append(
                "systemic effect or living cells from an unrelated donor (1271.10(a)(4)): "
                f"donor cells{said}{how}, not autologous or from a close relative"
            )
            spans.extend((fact.start, fact.end) for fact in (*donors, *routes))
        return reasons, spans

    def _study_page(self, doc: Doc) -> bool:
        """A page about a registered trial or an IND-authorised study ("now enrolling adults
        with early ALS", "under an FDA investigational new drug application", "this trial is
        registered as NCT..."): it offers the product only inside the study, which is how an
        unapproved biologic may lawfully be given.  Not when a sentence naming a registration
        offers it as proof ("registered as NCT..., so you know it works") or the page prices
        what it gives."""
        if not self._study_cues:
            return False
        text = text_of(doc)
        matched = [cue for cue in self._study_cues if cue.search(text)]
        if len(matched) < self._study_min:
            return False
        if self._study_proof is not None:
            for info in sentences_of(doc):
                sentence = text[info.span.start_char : info.span.end_char]
                if _REGISTRATION.search(sentence) and self._study_proof.search(sentence):
                    return False
        commerce = doc.spans.get("commerce", ())
        return not any(span.label_ == "pricing" and not _FREE.search(span_text(span.sent)) for span in commerce)

    def _in_animals(self, doc: Doc, use: Use) -> bool:
        """The use is offered to animals ("laminitis in horses", "your dog's stiff hips"): the
        sentence it is named in speaks of animal patients."""
        if self._animals is None:
            return False
        span = doc.char_span(use.start, use.end, alignment_mode="expand")
        # The sentence's text cut by its offsets: `Span.text` makes a `Token` per word.
        return span is not None and bool(self._animals.search(span_text(span.sent)))

    def _approved_use(self, use: Use, names_approved: bool) -> bool:
        """A use FDA approved a product for: the claim's conditions are all approved
        indications, or a blood disorder on a page naming an approved product."""
        return use.approved or (names_approved and use.category in _NOT_APPROVED_CATEGORIES)

    @staticmethod
    def _homologous(use: Use, table: dict[str, Any]) -> bool:
        if use.category in table.get("homologous_categories", ()):
            return True
        return bool(set(use.use_words) & set(table.get("homologous_uses", ())))

    @staticmethod
    def _donor(product: Product, table: dict[str, Any]) -> str:
        """What the page says about the donor, else the tissue's usual one."""
        said = {fact.value for fact in product.of_kind("donor")}
        if "autologous" in said and "allogeneic" not in said:
            return "autologous"
        if "related" in said and "allogeneic" not in said:
            return "related"
        if "allogeneic" in said:
            return "allogeneic"
        return str(table.get("donor", "allogeneic"))


KIND = Kind(
    "hctp",
    OPTIONS,
    HctpCheck,
    "Flags a cell or tissue product the page describes that fails a criterion of 21 CFR 1271.10(a) for a promoted use.",
)


# A sentence that names a registration: a trial id or "registered".
_REGISTRATION = re.compile(
    r"\b(?:NCT\d{8}|ISRCTN\d{8}|registered|registration|registry|ClinicalTrials\.gov|IND)\b", re.IGNORECASE
)
# "There is no charge for the study infusions", "free of charge", "paid for by the study".
_FREE = re.compile(r"\b(?:no|not|free|without|covered|paid\s+for\s+by)\b", re.IGNORECASE)


def _reads_careful(doc: Doc) -> bool:
    """The learned register classifier (when on) reads the page as careful prose (an
    evidence review, a hospital leaflet): it describes products and trials, it sells none,
    even where its "our members" or "we read the studies" sound like a business."""
    return register_of(doc) == "careful"


def _reads_marketing(doc: Doc) -> bool:
    """The register classifier (when on) reads the page as selling copy: a clinic page
    that names itself ("Seabright's exosomes") and gives a phone number sells its
    product as surely as one that says "our cells" or "book now"."""
    return register_of(doc) == "marketing"
