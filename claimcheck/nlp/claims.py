"""The claim detector: a therapy said to have an effect (on a condition).

A claim needs an effect word ("repairs", "reduced relapse rates") and a therapy it is
attributed to: named in the sentence, or referred to ("it", "this treatment", a list
item under a heading) and named earlier in the same paragraph or the heading above.
A therapy named right before "for" + condition ("stem cell therapy for MS") is an
indication claim even without an effect verb.  Each claim carries its framing flags
(negated, hedged, cited...) so rules decide which ones are unsupported.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimcheck.nlp import context, references
from claimcheck.nlp.structure import SentenceInfo, sentences_of

CLAIMS_KEY = "claimcheck.claims"
EFFECT_PRIORITY = ("cure", "remission", "anti_aging", "repair", "treat", "improve", "indication")
WEAK_THERAPY = "generic"
_ANAPHORS = {"it", "they", "these", "this", "its", "their", "them", "those", "such"}
_REFLEXIVE = {"themselves", "itself"}
_AFTER_NEGATION_TARGETS = {
    "approve",
    "approved",
    "prove",
    "proven",
    "effective",
    "show",
    "shown",
    "establish",
    "established",
    "recommend",
    "recommended",
    "safe",
    "support",
    "supported",
    "evidence",
    "demonstrate",
    "demonstrated",
}
_NON_THERAPY_CONDITION_CATEGORIES = {"symptom", "outcome_measure"}


@dataclass(frozen=True)
class Claim:
    """A therapy-effect statement in one sentence, with how it is framed."""

    start: int
    end: int
    sentence: int
    effect: str
    effect_category: str
    therapy: str | None
    therapy_category: str | None
    therapy_inherited: bool
    conditions: tuple[tuple[str, str], ...]
    flags: frozenset[str]
    citations: tuple[str, ...]
    approved_indication: bool

    @property
    def status(self) -> str:
        return context.status_of(self.flags)

    @property
    def asserted(self) -> bool:
        return not context.not_asserted(self.flags)

    @property
    def condition_categories(self) -> frozenset[str]:
        return frozenset(category for _, category in self.conditions)


def claims_of(doc: Doc) -> list[Claim]:
    return doc.user_data.get(CLAIMS_KEY, [])


def _spans_in(group: list[Span], start: int, end: int) -> list[Span]:
    return [span for span in group if span.start >= start and span.end <= end]


class ClaimDetector:
    def __init__(self, approved_conditions: Collection[str], citation_window: int = 0):
        self._approved = {term.lower() for term in approved_conditions}
        self._window = citation_window

    def __call__(self, doc: Doc) -> Doc:
        sentences = sentences_of(doc)
        cues = context.CueIndex.of(doc)
        therapies = list(doc.spans.get("therapies", ()))
        effects = list(doc.spans.get("effects", ()))
        conditions = list(doc.spans.get("conditions", ()))
        treatments = list(doc.spans.get("treatments", ()))
        citations = list(doc.spans.get("citations", ()))
        topical = any(span.label_ != WEAK_THERAPY for span in therapies)
        claims: list[Claim] = []
        in_list = references.references_of(doc).in_list
        for info in sentences:
            if in_list(info.span.start_char):
                continue  # a reference entry's title is not the author's claim
            claim = self._claim_in(doc, info, sentences, cues, therapies, effects, conditions, treatments, citations, topical)
            if claim is not None:
                claims.append(claim)
        doc.user_data[CLAIMS_KEY] = claims
        doc.spans["claims"] = [
            Span(doc, sentences[claim.sentence].span.start, sentences[claim.sentence].span.end, label=claim.status)
            for claim in claims
        ]
        return doc

    def _claim_in(
        self,
        doc: Doc,
        info: SentenceInfo,
        sentences: list[SentenceInfo],
        cues: context.CueIndex,
        therapies: list[Span],
        effects: list[Span],
        conditions: list[Span],
        treatments: list[Span],
        citations: list[Span],
        topical: bool,
    ) -> Claim | None:
        sentence = info.span
        start, end = sentence.start, sentence.end
        own_therapies = [span for span in _spans_in(therapies, start, end) if span.label_ != WEAK_THERAPY or topical]
        own_conditions = _spans_in(conditions, start, end)
        own_effects = [
            span
            for span in _spans_in(effects, start, end)
            if not _overlaps_any(span, own_therapies) and not _reflexive_after(doc, span)
        ]
        candidates = [(span, span.label_) for span in own_effects]
        if not candidates:
            indication = _indication(doc, own_therapies, own_conditions)
            if indication is None:
                return None
            candidates = [(indication, "indication")]
        therapy, inherited = self._therapy_for(doc, info, sentences, own_therapies, therapies, topical)
        if therapy is None:
            return None
        cited_sentence = self._cited(info, sentences, citations)
        own_treatments = _spans_in(treatments, start, end)
        best: tuple[tuple[int, int], Span, str, frozenset[str]] | None = None
        for effect, category in candidates:
            if _about_other_treatment(doc, sentence, effect, own_treatments, own_therapies):
                continue
            flags = context.flags_for(doc, sentence, effect.start, cues, cited_sentence)
            if context.NEGATED not in flags and _negated_after(doc, sentence, effect, cues):
                flags = flags | {context.NEGATED}
            rank = (0 if context.NEGATED not in flags else 1, EFFECT_PRIORITY.index(category))
            if best is None or rank < best[0]:
                best = (rank, effect, category, flags)
        if best is None:
            return None
        _, effect, category, flags = best
        found_conditions = tuple((span.text, span.label_) for span in own_conditions)
        disease_conditions = [span for span in own_conditions if span.label_ not in _NON_THERAPY_CONDITION_CATEGORIES]
        approved = bool(disease_conditions) and all(
            span.text.lower() in self._approved or span.label_ == "hematologic" for span in disease_conditions
        )
        return Claim(
            start=sentence.start_char,
            end=sentence.end_char,
            sentence=info.index,
            effect=effect.text,
            effect_category=category,
            therapy=therapy.text,
            therapy_category=therapy.label_,
            therapy_inherited=inherited,
            conditions=found_conditions,
            flags=flags,
            citations=tuple(span.text for span in _spans_in(citations, start, end)),
            approved_indication=approved,
        )

    def _therapy_for(
        self,
        doc: Doc,
        info: SentenceInfo,
        sentences: list[SentenceInfo],
        own: list[Span],
        therapies: list[Span],
        topical: bool,
    ) -> tuple[Span | None, bool]:
        strong = [span for span in own if span.label_ != WEAK_THERAPY]
        if strong:
            return strong[0], False
        sentence = info.span
        refers = bool(own) or any(token.lower_ in _ANAPHORS for token in sentence)
        fragment = info.segment_kind in {"list_item", "table_cell"} or _starts_with_marker(sentence)
        if not (refers or fragment) or not topical:
            return (own[0], False) if own and topical else (None, False)
        for previous in reversed(sentences[max(0, info.index - 4) : info.index]):
            same_segment = previous.segment == info.segment
            nearby_block = fragment and info.segment - previous.segment <= 2
            if not (same_segment or nearby_block):
                continue
            named = [span for span in _spans_in(therapies, previous.span.start, previous.span.end) if span.label_ != WEAK_THERAPY]
            if named:
                return named[0], True
        if own:
            return own[0], False
        return None, False

    def _cited(self, info: SentenceInfo, sentences: list[SentenceInfo], citations: list[Span]) -> bool:
        """Cited only by a marker that resolves to a source able to substantiate it."""
        return references.cited_in_window(info.span.doc, info, self._window)


def _overlaps_any(span: Span, others: list[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)


def _reflexive_after(doc: Doc, span: Span) -> bool:
    return span.end < len(doc) and doc[span.end].lower_ in _REFLEXIVE


def _starts_with_marker(sentence: Span) -> bool:
    first = sentence[0].text
    return first in {"-", "*", "•", "·", "✓", "✔"}


def _indication(doc: Doc, therapies: list[Span], conditions: list[Span]) -> Span | None:
    """'<therapy> for <condition>': the therapy offered for a disease."""
    for therapy in therapies:
        if therapy.label_ == WEAK_THERAPY:
            continue
        for offset in range(therapy.end, min(therapy.end + 4, len(doc))):
            if doc[offset].lower_ == "for":
                if any(offset < condition.start <= offset + 6 for condition in conditions):
                    return doc[offset : offset + 1]
                break
            if doc[offset].is_punct and doc[offset].text not in {"-", "'s"}:
                break
    return None


def _about_other_treatment(doc: Doc, sentence: Span, effect: Span, treatments: list[Span], therapies: list[Span]) -> bool:
    """'Methotrexate reduces inflammation': the effect belongs to a conventional drug."""
    clause_start, _ = context.clause_bounds(sentence, effect.start)
    before = [span for span in treatments if clause_start <= span.start < effect.start]
    if not before:
        return False
    nearest_treatment = max(span.start for span in before)
    therapies_before = [span.start for span in therapies if clause_start <= span.start < effect.start]
    return not therapies_before or max(therapies_before) < nearest_treatment


def _negated_after(doc: Doc, sentence: Span, effect: Span, cues: context.CueIndex) -> bool:
    """'Stem cell therapy for autism is not approved': a later negation of approval or proof."""
    _, clause_end = context.clause_bounds(sentence, effect.start)
    for position in range(effect.end, clause_end):
        if cues.negation[position]:
            window = doc[position + 1 : min(position + 5, clause_end)]
            if any(token.lemma_ in _AFTER_NEGATION_TARGETS or token.lower_ in _AFTER_NEGATION_TARGETS for token in window):
                return True
    return False


@Language.factory("claimcheck_claims", default_config={"approved_conditions": [], "citation_window": 0})
def make_claim_detector(nlp: Language, name: str, approved_conditions: list[str], citation_window: int) -> ClaimDetector:
    return ClaimDetector(approved_conditions, citation_window)
