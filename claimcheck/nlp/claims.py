"""The claim detector: a therapy said to have an effect (on a condition).

A claim needs an effect word ("repairs", "reduced relapse rates") and a therapy it is
attributed to: named in the sentence, or referred to ("it", "this treatment", a list
item under a heading) and named earlier in the same paragraph or the heading above.
A therapy named right before "for" + condition ("stem cell therapy for MS") is an
indication claim even without an effect verb.  Each claim carries its framing flags
(negated, hedged, cited...) so rules decide which ones are unsupported.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimcheck.nlp import context, references
from claimcheck.nlp.structure import (
    SentenceInfo,
    SpanIndex,
    sentences_of,
    span_index,
    span_table,
    span_text,
    text_of,
    tokens_of,
)

CLAIMS_KEY = "claimcheck.claims"
EFFECT_PRIORITY = ("cure", "remission", "anti_aging", "repair", "treat", "improve", "indication")
WEAK_THERAPY = "generic"
# "We have treated patients with MS", "after treatment, children with autism...": the
# clinic or the outcome stands for the therapy.  Such a sentence is a claim only when
# it names a condition, or "we help you book" would be one.
IMPLIED_THERAPY = "implied"
NOT_EFFECT = "not_effect"
WEAK_THERAPIES = frozenset({WEAK_THERAPY, IMPLIED_THERAPY})
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
# Condition categories that say what improves, not which disease is treated.
NON_DISEASE_CATEGORIES = frozenset({"symptom", "outcome_measure", "tissue"})
# Categories that are no disease area of their own when counting how many unrelated
# areas a claim spans (ANNOTATION §5): the non-diseases, and blood disorders, where the
# approved cell products are.
NOT_AN_AREA = frozenset({*NON_DISEASE_CATEGORIES, "hematologic"})
_IMPERATIVE_REACH = 40
_STRONG_EFFECTS = {"cure", "remission", "repair", "anti_aging"}


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

    @property
    def diseases(self) -> tuple[str, ...]:
        return tuple(text for text, category in self.conditions if category not in NON_DISEASE_CATEGORIES)


def claims_of(doc: Doc) -> list[Claim]:
    return doc.user_data.get(CLAIMS_KEY, [])


def _spans_in(group: SpanIndex, start: int, end: int) -> list[Span]:
    return group.within(start, end)


@dataclass(frozen=True)
class _DocView:
    """The analyses of one Doc that claim detection reads, gathered once."""

    doc: Doc
    sentences: list[SentenceInfo]
    cues: context.CueIndex
    therapies: SpanIndex
    effects: SpanIndex
    conditions: SpanIndex
    treatments: SpanIndex
    citations: SpanIndex
    topical: bool
    promotional: bool
    owns_a_therapy: bool
    mostly_blood_conditions: bool

    @classmethod
    def of(cls, doc: Doc) -> _DocView:
        therapies = list(doc.spans.get("therapies", ()))
        therapies = sorted(therapies + _modified_references(doc, therapies))
        therapies = sorted(therapies + _implied_agents(doc, therapies))
        sentences = sentences_of(doc)
        if any(span.label_ not in WEAK_THERAPIES for span in therapies):
            # On a page about a therapy, the services it lists by name are therapies too.
            therapies = sorted(therapies + _service_labels(doc, sentences, therapies))
        return cls(
            doc=doc,
            sentences=sentences,
            cues=context.CueIndex.of(doc),
            therapies=SpanIndex(therapies),
            effects=span_index(doc, "effects"),
            conditions=span_index(doc, "conditions"),
            treatments=span_index(doc, "treatments"),
            citations=span_index(doc, "citations"),
            topical=any(span.label_ not in WEAK_THERAPIES for span in therapies),
            promotional=_is_promotional(doc, therapies),
            owns_a_therapy=_owns_a_therapy(doc, therapies),
            mostly_blood_conditions=_mostly_blood_conditions(doc),
        )

    def own_therapies(self, sentence: Span) -> list[Span]:
        """Therapies in the sentence; "the treatment" counts only on a page that names one,
        but the business's own ("our protocol", "we") does wherever it meets a disease."""
        spans = _spans_in(self.therapies, sentence.start, sentence.end)
        if self.topical:
            return spans
        own = [span for span in spans if span.label_ not in WEAK_THERAPIES]
        if self.names_disease(sentence):
            own.extend(span for span in spans if span.label_ in WEAK_THERAPIES and _first_person(span))
        return sorted(own)

    def names_disease(self, sentence: Span) -> bool:
        return any(span.label_ not in NON_DISEASE_CATEGORIES for span in _spans_in(self.conditions, sentence.start, sentence.end))

    def named_therapies(self, sentence: Span) -> list[Span]:
        return [span for span in _spans_in(self.therapies, sentence.start, sentence.end) if span.label_ not in WEAK_THERAPIES]

    def is_fragment(self, info: SentenceInfo) -> bool:
        return info.segment_kind in {"list_item", "table_cell"} or _starts_with_marker(info.span)

    def therapy_before(self, info: SentenceInfo) -> Span | None:
        """The therapy named most recently before this sentence, or the page's first one."""
        named = [span for span in self.therapies if span.label_ not in WEAK_THERAPIES]
        earlier = [span for span in named if span.start < info.span.start]
        return earlier[-1] if earlier else (named[0] if named else None)

    @property
    def sells(self) -> bool:
        """A seller's page: prices and booking, or the business naming a therapy as its own."""
        return self.promotional or self.owns_a_therapy

    def under_outcome_heading(self, info: SentenceInfo) -> bool:
        """Whether the nearest heading above the sentence announces outcomes ("What to
        expect", "Results", "How it can help"): on a selling page, what such a section says
        happens is what the product is sold to do (ANNOTATION B37)."""
        return info.index in self.outcome_sections

    @cached_property
    def outcome_sections(self) -> frozenset[int]:
        """The sentences whose nearest heading, within reach above, announces outcomes:
        found in one pass over the page, not by looking back from every sentence."""
        found: set[int] = set()
        heading_at, announces = -1, False
        for info in self.sentences:
            if announces and 0 < info.index - heading_at <= _OUTCOME_SECTION_REACH:
                found.add(info.index)
            if info.segment_kind == "heading" or (info.segment_kind == "paragraph" and _a_bare_heading_line(info.span)):
                heading_at, announces = info.index, bool(_OUTCOME_HEADING.search(span_text(info.span)))
        return frozenset(found)

    @cached_property
    def topic_disease(self) -> Span | None:
        """The one disease the page's title or first heading names ("Stem Cell Treatment for
        Macular Degeneration"): what a claim of the page that names none is about."""
        for info in self.sentences[:_TOPIC_SENTENCES]:
            if info.index != 0 and info.segment_kind not in _TITLE_KINDS:
                continue
            diseases = [
                span
                for span in _spans_in(self.conditions, info.span.start, info.span.end)
                if span.label_ not in NON_DISEASE_CATEGORIES
            ]
            if diseases:
                return diseases[0] if len({span.label_ for span in diseases}) == 1 else None
        return None

    def in_references(self, info: SentenceInfo) -> bool:
        """Entries of a reference list are titles of sources, not the page's claims."""
        return references.is_reference_entry(self.doc, info)


class ClaimDetector:
    def __init__(self, approved_conditions: Collection[str], citation_window: int = 0):
        self._approved = {term.lower() for term in approved_conditions}
        self._window = citation_window

    def __call__(self, doc: Doc) -> Doc:
        view = _DocView.of(doc)
        claims: list[Claim] = []
        sentences = view.sentences
        index = 0
        while index < len(sentences):
            info = sentences[index]
            index += 1
            if view.in_references(info):
                continue
            claim = self._claim_in(view, info)
            if claim is None and not view.is_fragment(info):
                # "Conditions we treat:" followed by a list: one claim, at the lead-in.
                listed = []
                while index + len(listed) < len(sentences) and view.is_fragment(sentences[index + len(listed)]):
                    listed.append(sentences[index + len(listed)])
                claim = self._lead_in(view, info, listed)
            if claim is None:
                claim = self._menu(view, info)
            if claim is None:
                claim = self._area_sweep(view, info)
            if claim is None:
                claim = self._program_card(view, info)
            claim = self._conditions_heading(view, info, claim)
            if claim is not None:
                claims.append(claim)
        claims = self._outcomes_of_a_page_that_states_effects(view, claims)
        doc.user_data[CLAIMS_KEY] = claims
        doc.spans["claims"] = [
            Span(doc, sentences[claim.sentence].span.start, sentences[claim.sentence].span.end, label=claim.status)
            for claim in claims
        ]
        return doc

    def _outcomes_of_a_page_that_states_effects(self, view: _DocView, claims: list[Claim]) -> list[Claim]:
        """A page with no prices or booking that itself states, as fact, what a named
        therapy does ("Bone marrow concentrate rehydrates the worn disc") sells it as surely
        as one with a price list: what its "What to expect" section says happens is the
        product's outcome too (ANNOTATION B37)."""
        if view.sells or view.mostly_blood_conditions:
            return claims  # the approved transplants' pages describe recovery, not a sale
        if not any(
            claim.status == "bare"
            and not claim.therapy_inherited
            and not claim.approved_indication
            and claim.therapy_category not in WEAK_THERAPIES
            for claim in claims
        ):
            return claims
        selling = replace(view, owns_a_therapy=True)
        claimed = {claim.sentence for claim in claims}
        added = [
            claim
            for info in view.sentences
            if info.index not in claimed and not view.in_references(info) and selling.under_outcome_heading(info)
            for claim in (self._claim_in(selling, info),)
            if claim is not None
        ]
        return sorted(claims + added, key=lambda claim: claim.sentence) if added else claims

    def _claim_in(self, view: _DocView, info: SentenceInfo) -> Claim | None:
        doc = view.doc
        sentence = info.span
        start, end = sentence.start, sentence.end
        own_therapies = view.own_therapies(sentence)
        own_conditions = _spans_in(view.conditions, start, end)
        if own_therapies and _offered_with_care_or_by_others(doc, sentence, own_therapies[0]):
            return None
        implied_only = all(span.label_ == IMPLIED_THERAPY for span in own_therapies)
        outcome_section = (
            implied_only
            and info.segment_kind not in _TITLE_KINDS
            and info.segment_kind != "table_cell"
            and view.sells
            and view.under_outcome_heading(info)
            and not _AFTERCARE.search(span_text(sentence))
        )
        if own_therapies and not own_conditions and implied_only and not outcome_section and not _states_a_cure(view, sentence):
            return None
        if not own_therapies and _defines_a_condition(doc, sentence, own_conditions):
            return None
        own_effects = [
            span
            for span in _spans_in(view.effects, start, end)
            if span.label_ != NOT_EFFECT
            and not _overlaps_any(span, own_therapies)
            and not _reflexive_after(doc, span)
            and not _helps_to_decide(doc, span, end)
            and not _names_what_is_treated(doc, span)
            and not _in_a_business_name(doc, span)
            and not _in_a_product_name(doc, span, sentence)
            and not _a_place_on_the_body(doc, span)
            and not _going_not_gone(span)
            and not _loss_that_stays(doc, span)
        ]
        candidates = [(span, _effect_category(doc, span, own_conditions)) for span in own_effects]
        if not candidates:
            if own_therapies and all(_named_as_a_topic(doc, span) for span in own_therapies):
                return None  # "Myths about stem cell therapy for autism": a topic, not an offer
            indication = (
                _indication(doc, own_therapies, own_conditions)
                or _suited(doc, sentence, own_conditions)
                or _named_for(doc, info, own_therapies, own_conditions)
                or _given_to(doc, sentence, own_therapies, own_conditions)
            )
            served = (
                None
                if indication is not None
                else _serves(doc, sentence, own_conditions) or _admits(doc, sentence, own_conditions)
            )
            if indication is None and served is None:
                return None
            if implied_only and _offers_conventional_care(doc, sentence, own_therapies, _spans_in(view.treatments, start, end)):
                return None
            candidates = [(indication or served, "indication")]
        else:
            served = None
        therapy, inherited = self._therapy_for(view, info, own_therapies)
        if therapy is None and served is not None and (view.promotional or (view.topical and not view.cues.warning_page)):
            # "Our clinics serve patients with knee osteoarthritis and long COVID": the business
            # offers what it sells for them.
            therapy, inherited = view.therapy_before(info), True
        outcome_effects = [span for span in own_effects if span.lemma_ not in _WEAK_OUTCOME_WORDS]
        # "Joint pain and fatigue usually ease within two months": a weak word is an outcome
        # when what it eases is named.
        section_effects = own_effects if any(span.label_ not in _NOT_COMPLAINTS for span in own_conditions) else outcome_effects
        outcome_claim = outcome_section and any(span.label_ in _OUTCOME_CATEGORIES for span in section_effects)
        if outcome_section and not outcome_claim and own_therapies and not own_conditions:
            return None  # "We track outcomes for every patient we treat": no outcome promised
        if outcome_claim:
            # "The itching stops after the first session" under "What to expect".
            therapy, inherited = view.therapy_before(info), True
        if (
            (
                therapy is None
                and view.promotional
                and outcome_effects
                and not own_therapies
                and (
                    (
                        own_conditions
                        and (view.is_fragment(info) or info.segment_kind in _TITLE_KINDS or _names_beneficiary(sentence))
                    )
                    # "The wheeze stops and the oxygen tank goes back": on a sales page, a disease
                    # or symptom said to end is the end the product is sold for.
                    or (
                        (view.names_disease(sentence) or _names_symptom(own_conditions))
                        and any(
                            category in _CURE_CATEGORIES
                            and span.lemma_ not in _CURE_NOUNS
                            and not _describes_a_condition(doc, span)
                            and not any(view.cues.negation[start : span.start])
                            for span, category in candidates
                        )
                    )
                    # "Whole-body rejuvenation protocols designed to restore vitality": a service
                    # card's description promises a strong outcome with no disease named.
                    or (
                        info.segment_kind not in _TITLE_KINDS
                        and _opens_with_a_service(sentence)
                        and any(
                            span.label_ in _STRONG_EFFECTS and not any(view.cues.negation[start : span.start])
                            for span in outcome_effects
                        )
                        and _describes_at_length(sentence)
                    )
                )
            )
            or (therapy is None and (_states_a_cure(view, sentence) or _sells_youth(view, candidates)))
        ):
            # A sales page's "brain fog lifts within weeks" is the outcome of what it sells.
            therapy, inherited = view.therapy_before(info), True
        if therapy is None:
            return None
        strong_effect = any(category in _STRONG_EFFECTS for _, category in candidates)
        if inherited and _is_imperative(sentence) and not own_conditions and not strong_effect:
            return None
        cited_sentence = self._cited(view, info)
        own_treatments = _spans_in(view.treatments, start, end)
        best: tuple[tuple[int, int], Span, str, frozenset[str]] | None = None
        for effect, category in candidates:
            if _about_other_treatment(doc, sentence, effect, own_treatments, own_therapies):
                continue
            if context.instructs_to_stop_medicine(doc, sentence, effect.start):
                continue
            flags = context.flags_for(doc, sentence, effect.start, view.cues, cited_sentence)
            if context.NEGATED not in flags and _negated_after(doc, sentence, effect, view.cues):
                flags = flags | {context.NEGATED}
            if context.NEGATED not in flags and _OFFER_DENIED.search(
                _CLAUSE_BREAK.split(text_of(doc)[sentence.start_char : effect.start_char])[-1]
            ):
                # "We do not offer stem cell injections for arthritis, back pain or anti-aging."
                flags = flags | {context.NEGATED}
            if context.NEGATED in flags and _NEVER_BETTER.search(
                text_of(doc)[max(sentence.start_char, effect.start_char - 30) : effect.end_char]
            ):
                flags = flags - {context.NEGATED}
            rank = (0 if context.NEGATED not in flags else 1, EFFECT_PRIORITY.index(category))
            if best is None or rank < best[0]:
                best = (rank, effect, category, flags)
        if best is None:
            return None
        _, effect, category, flags = best
        if category != effect.label_ and flags & _NOT_ASSERTED:
            # "May stop the itching", "has not been shown to halt ALS": a stop read as a cure
            # only where it is asserted; hedged or framed, it is the improvement it names.
            category = effect.label_
        return self._claim(view, info, therapy, inherited, effect, category, flags, own_conditions)

    def _claim(
        self,
        view: _DocView,
        info: SentenceInfo,
        therapy: Span | None,
        inherited: bool,
        effect: Span,
        category: str,
        flags: frozenset[str],
        conditions: list[Span],
    ) -> Claim:
        sentence = info.span
        disease_conditions = [span for span in conditions if span.label_ not in NON_DISEASE_CATEGORIES]
        topic = view.topic_disease
        if (
            not disease_conditions
            and topic is not None
            and (view.sells or _names_a_regenerative_product(view, therapy, topic))
            and category != "anti_aging"
            and not flags & _NOT_ASSERTED
            and not _DEFINES_A_TERM.search(span_text(sentence))
        ):
            # "Our exosome gel switches the wound back into healing mode" on a page titled
            # "Diabetic foot ulcers": the page's disease is what the product is offered for.
            conditions = [*conditions, topic]
            disease_conditions = [topic]
        approved = bool(disease_conditions) and all(
            span_text(span).lower() in self._approved or span.label_ == "hematologic" for span in disease_conditions
        )
        if not disease_conditions and therapy is not None and therapy.label_ in _APPROVED_THERAPY_CLASSES:
            # "A cord blood transplant leads to long-term remission" on a page about blood cancers.
            approved = view.mostly_blood_conditions
        return Claim(
            start=sentence.start_char,
            end=sentence.end_char,
            sentence=info.index,
            effect=span_text(effect),
            effect_category=category,
            therapy=span_text(therapy) if therapy is not None else None,
            therapy_category=therapy.label_ if therapy is not None else None,
            therapy_inherited=inherited,
            conditions=tuple((span_text(span), span.label_) for span in conditions),
            flags=flags,
            citations=tuple(span_text(span) for span in _spans_in(view.citations, sentence.start, sentence.end)),
            approved_indication=approved,
        )

    def _lead_in(self, view: _DocView, info: SentenceInfo, listed: list[SentenceInfo]) -> Claim | None:
        """A heading or a sentence ending in ':' that offers a therapy for the conditions listed below it."""
        sentence = info.span
        if not listed or (info.segment_kind != "heading" and tokens_of(view.doc).text[sentence.end - 1] != ":"):
            return None
        therapies = view.own_therapies(sentence)
        if not therapies:
            return None
        conditions = [span for item in listed for span in _spans_in(view.conditions, item.span.start, item.span.end)]
        if not any(span.label_ not in NON_DISEASE_CATEGORIES for span in conditions):
            return None
        effects = [
            span
            for span in _spans_in(view.effects, sentence.start, sentence.end)
            if span.label_ != NOT_EFFECT and not _overlaps_any(span, therapies)
        ]
        for_words = [token for token in sentence if token.lower_ == "for"]
        if effects:
            effect, category = effects[0], effects[0].label_
        elif for_words:
            effect, category = view.doc[for_words[0].i : for_words[0].i + 1], "indication"
        else:
            return None
        cited = self._cited(view, info) or any(self._cited(view, item) for item in listed)
        flags = context.flags_for(view.doc, sentence, effect.start, view.cues, cited)
        if context.NEGATED not in flags and _negated_after(view.doc, sentence, effect, view.cues):
            flags = flags | {context.NEGATED}
        return self._claim(view, info, therapies[0], False, effect, category, flags, conditions)

    def _menu(self, view: _DocView, info: SentenceInfo) -> Claim | None:
        """A unit that is nothing but a list of diseases of several areas ("Heart Failure,
        Stroke...Autism...COPD, Lupus...Macular Degeneration"), as a clinic's "Our
        Treatments" menu lists them: it offers the page's treatment for each.  Not a list
        that quotes or warns (`REPORTED`), and not on a page of warnings."""
        sentence = info.span
        conditions = _spans_in(view.conditions, sentence.start, sentence.end)
        diseases = [span for span in conditions if span.label_ not in NOT_AN_AREA]
        if len(diseases) < _MENU_DISEASES or len({span.label_ for span in diseases}) < _MENU_AREAS:
            return None
        if view.cues.warning_page:
            return None
        if _spans_in(view.effects, sentence.start, sentence.end) or _spans_in(view.therapies, sentence.start, sentence.end):
            return None  # a sentence with a verb of effect or a therapy is read as one
        covered = {position for span in conditions for position in range(span.start, span.end)}
        tokens = tokens_of(view.doc)
        depth = 0  # inside a parenthetical gloss: "COPD (Emphysema)"
        unknown = 0  # words that are neither a known condition nor list filler
        for position in range(sentence.start, sentence.end):
            text = tokens.text[position]
            depth += text.count("(")
            inside = depth > 0
            depth = max(0, depth - text.count(")"))
            if inside or position in covered or tokens.is_space[position] or tokens.is_punct[position]:
                continue
            if tokens.lower[position] not in _MENU_FILLER:
                unknown += 1
        # A menu names conditions the lexicon does not know too ("..., Paralysis, Lupus..."),
        # but a sentence that says something about them has words of its own.
        if unknown > len(covered) // _MENU_UNKNOWN_SHARE:
            return None
        flags = context.flags_for(view.doc, sentence, sentence.start, view.cues, self._cited(view, info))
        if context.REPORTED in flags:
            return None
        therapy = view.therapy_before(info)
        effect = view.doc[sentence.start : sentence.start + 1]
        return self._claim(view, info, therapy, therapy is not None, effect, "indication", flags, conditions)

    def _area_sweep(self, view: _DocView, info: SentenceInfo) -> Claim | None:
        """ "We see a lot of RA, neuropathy, post-COVID fatigue and COPD", "programs are
        available for MS, autism, heart failure and osteoarthritis": on a selling page, a
        sentence that names diseases of three or more unrelated areas offers the page's
        therapy for all of them, whatever verb carries the list (ANNOTATION §5, B19).  A
        sentence with an effect word of its own was read as a claim already; this reads the
        ones whose verb is not an effect ("see", "available for", "got their lives back
        from").  The therapy is named in it, or the business or a patient speaks ("we",
        "our", "I"); a sentence that only describes the diseases ("ED is more common with
        age, diabetes and heart disease") offers nothing.  Not on a page of warnings, and
        not when the list is reported, negated or asked."""
        if not view.sells or view.cues.warning_page:
            return None
        sentence = info.span
        diseases = [span for span in _spans_in(view.conditions, sentence.start, sentence.end) if span.label_ not in NOT_AN_AREA]
        if len({span.label_ for span in diseases}) < _SWEEP_AREAS:
            return None
        flags = context.flags_for(view.doc, sentence, diseases[0].start, view.cues, self._cited(view, info))
        if flags & _NOT_ASSERTED:
            return None
        own = [span for span in _spans_in(view.therapies, sentence.start, sentence.end) if span.label_ not in WEAK_THERAPIES]
        if not own and not any(word in _SWEEP_SPEAKERS for word in tokens_of(view.doc).lower[sentence.start : sentence.end]):
            return None  # "ED is more common with age, diabetes and heart disease": the diseases, described
        therapy = own[0] if own else view.therapy_before(info)
        if therapy is None:
            return None
        conditions = _spans_in(view.conditions, sentence.start, sentence.end)
        return self._claim(view, info, therapy, not own, diseases[0], "indication", flags, conditions)

    def _program_card(self, view: _DocView, info: SentenceInfo) -> Claim | None:
        """ "COPD Program", "Psoriasis Plaque Therapy", "Kidney Repair Infusions": a card or
        heading of a selling page that names a disease and the service for it offers the
        page's treatment for that disease (ANNOTATION B37, cards and menus)."""
        if not (view.sells or _offers_in_its_title(view)) or view.cues.warning_page:
            return None
        sentence = info.span
        if info.segment_kind not in _CARD_KINDS or info.index == 0 or sentence.end - sentence.start > 2 * _CARD_WORDS:
            return None  # the page's own title names its topic; a long unit is no card
        tokens = tokens_of(view.doc)
        words = sum(1 for at in range(sentence.start, sentence.end) if not tokens.is_punct[at] and not tokens.is_space[at])
        if not 0 < words <= _CARD_WORDS:
            return None
        if _spans_in(view.therapies, sentence.start, sentence.end):
            return None  # a card naming its therapy is read as a sentence
        conditions = _spans_in(view.conditions, sentence.start, sentence.end)
        for condition in conditions:
            if condition.label_ in NOT_AN_AREA:
                continue
            after = [tokens.lower[position] for position in range(condition.end, min(sentence.end, condition.end + 3))]
            if any(word in _SERVICE_CARD_NOUNS for word in after):
                flags = context.flags_for(view.doc, sentence, condition.start, view.cues, self._cited(view, info))
                if flags & {context.REPORTED, context.NEGATED, context.QUESTION}:
                    return None
                therapy = view.therapy_before(info)
                if therapy is None:
                    return None
                return self._claim(view, info, therapy, True, condition, "indication", flags, conditions)
        return None

    def _conditions_heading(self, view: _DocView, info: SentenceInfo, claim: Claim | None) -> Claim | None:
        """ "Conditions our cell therapy helps", "Conditions We Treat with Stem Cells": on a
        selling page, a heading that names the therapy and announces the conditions listed in
        its section offers the therapy for each of them, however the list below is laid out
        (cards, table rows, sub-headings).  The heading's claim takes the section's conditions.
        A heading that names no therapy ("Conditions we treat") is left alone: the corpus
        labels the list's own units, and a page's menu headings as often not."""
        if claim is None or not view.sells or view.cues.warning_page or not _announces_conditions(info):
            return claim
        if any(category not in NON_DISEASE_CATEGORIES for _, category in claim.conditions):
            return claim
        listed = _section_conditions(view, info)
        if not any(span.label_ not in NOT_AN_AREA for span in listed):
            return claim
        therapy = _claim_therapy(view, info, claim)
        if therapy is None:
            return claim
        effect = view.doc[info.span.start : info.span.start + 1]
        listing = self._claim(view, info, therapy, claim.therapy_inherited, effect, claim.effect_category, claim.flags, listed)
        return replace(listing, effect=claim.effect)

    def _therapy_for(self, view: _DocView, info: SentenceInfo, own: list[Span]) -> tuple[Span | None, bool]:
        strong = [span for span in own if span.label_ not in WEAK_THERAPIES]
        if strong:
            return strong[0], False
        sentences = view.sentences
        sentence = info.span
        refers = bool(own) or any(word in _ANAPHORS for word in tokens_of(view.doc).lower[sentence.start : sentence.end])
        fragment = view.is_fragment(info)
        if not view.topical:
            return (own[0], False) if own else (None, False)
        if _is_imperative(sentence) and not own:
            # "Say goodbye to back pain": addressed to the reader of a page selling a therapy.
            for previous in reversed(sentences[max(0, info.index - _IMPERATIVE_REACH) : info.index]):
                named = view.named_therapies(previous.span)
                if named:
                    return named[0], True
            return None, False
        if not (refers or fragment):
            return (own[0], False) if own else (None, False)
        for previous in reversed(sentences[max(0, info.index - 4) : info.index]):
            same_segment = previous.segment == info.segment
            nearby_block = fragment and info.segment - previous.segment <= 2
            if not (same_segment or nearby_block):
                continue
            named = view.named_therapies(previous.span)
            if named:
                return named[0], True
        if own:
            return own[0], False
        return None, False

    def _cited(self, view: _DocView, info: SentenceInfo) -> bool:
        """Cited only by a marker that resolves to a source able to substantiate it."""
        return references.cited_in_window(view.doc, info, self._window)


# A heading that announces the conditions its section lists ("Conditions We Treat",
# "Conditions our cell therapy helps", "What we treat", "Clinical applications").
_CONDITIONS_HEADING = re.compile(
    r"^\W*(?:(?:the\s+)?(?:conditions?|diseases?|disorders?|illnesses|ailments|injuries)"
    r"(?:\s+(?:we\s+(?:see|can\s+help\s+with|help\s+with|treat|help|address)|our\s+(?:[\w'’-]+\s+){0,3}?(?:treats?|helps?|address(?:es)?|can\s+help))\b"
    r"|\s+treated\b|\s*$|\s*:)"
    r"|what\s+(?:we|our\s+(?:[\w'’-]+\s+){0,3}?)\s*(?:treat|treats|help|helps)\b"
    r"|(?:clinical\s+)?(?:applications|indications)\s*$)",
    re.IGNORECASE,
)
_SECTION_REACH = 60


def _announces_conditions(info: SentenceInfo) -> bool:
    """A heading (or a short bare line of plain text) that announces a list of conditions."""
    if info.segment_kind not in _TITLE_KINDS and not (info.segment_kind == "paragraph" and _a_bare_heading_line(info.span)):
        return False
    return bool(_CONDITIONS_HEADING.match(span_text(info.span)))


def _section_conditions(view: _DocView, info: SentenceInfo) -> list[Span]:
    """The conditions named in the section under a heading: its sub-headings that name
    conditions ("Knee osteoarthritis", "COPD") and what they head, up to the first heading
    that names none ("Prices", "About us")."""
    found: list[Span] = []
    for later in view.sentences[info.index + 1 : info.index + 1 + _SECTION_REACH]:
        named = _spans_in(view.conditions, later.span.start, later.span.end)
        heading = later.segment_kind in _TITLE_KINDS or (later.segment_kind == "paragraph" and _a_bare_heading_line(later.span))
        if heading and found and not any(span.label_ not in NON_DISEASE_CATEGORIES for span in named):
            break
        found.extend(named)
    return found


def _claim_therapy(view: _DocView, info: SentenceInfo, claim: Claim) -> Span | None:
    """The therapy span a claim names, found again in its sentence or before it."""
    for span in view.therapies.within(info.span.start, info.span.end):
        if span_text(span) == claim.therapy:
            return span
    return view.therapy_before(info)


# "this breakthrough therapy", "our same-day procedure": a reference to the page's own
# therapy with modifiers the lexicon cannot list.  Conventional care is left out.
_MODIFIED_REFERENCE = re.compile(
    r"\b(?:this|these|our|your|their)\s+((?:[a-z][\w'-]*\s+){1,2})"
    r"(?:therapy|therapies|treatment|treatments|protocol|protocols|procedure|procedures|injection|injections|"
    r"infusion|infusions|program|shot|shots)\b",
    re.IGNORECASE,
)
_CONVENTIONAL_MODIFIERS = {
    "standard", "conventional", "current", "approved", "existing", "usual", "traditional", "other", "surgical", "drug",
    "medical", "only", "previous", "prior", "cortisone", "steroid", "physical", "pain", "insulin", "cancer", "first-line",
}  # fmt: skip


# "Cold Laser Therapy: This uses light to ...", "Joint Injections: These go into ...": a
# service card names its service in a Title Case label before a colon, and the sentences
# of the card speak of it as "this" or "they".
SERVICE_THERAPY = "service"
_SERVICE_LABEL = re.compile(
    r"\s*((?:[A-Z][\w'’-]*\s+){0,4}(?:Therapy|Therapies|Treatment|Treatments|Injection|Injections|Infusion|Infusions"
    r"|Shots?|IVs?|Drips?|Decompression|Protocol|Protocols|Program|Programs|Procedure|Procedures))\s*:"
)


def _service_labels(doc: Doc, sentences: list[SentenceInfo], known: list[Span]) -> list[Span]:
    """The services a page lists by name at the start of a sentence ("Spinal
    Decompression: This therapy gently ..."), as named therapies."""
    text = text_of(doc)
    found = []
    for info in sentences:
        match = _SERVICE_LABEL.match(text, info.span.start_char, info.span.end_char)
        if match is None:
            continue
        span = doc.char_span(match.start(1), match.end(1), label=SERVICE_THERAPY, alignment_mode="expand")
        if span is not None and not _overlaps_any(span, known):
            found.append(span)
    return found


# "This can be great for joint pain", "a good option for arthritis": the therapy offered
# for a disease in words of suitability rather than effect.
_SUITED = re.compile(
    r"\b(?:great|good|ideal|helpful|beneficial|perfect|excellent|effective|useful|a\s+(?:great|good|ideal|smart|natural)"
    r"\s+(?:option|choice|solution|fit))\s+for\b",
    re.IGNORECASE,
)
_SUITED_REACH = 6  # tokens from "for" to the disease
# "Our clinics serve patients with ...", "we welcome people who have ...": whom a selling page
# takes on, named by their diseases.
_SERVES = re.compile(
    r"\b(?:serve|serves|serving|welcome|welcomes)\s+(?:\w+\s+)?(?:patients|people|clients|adults|"
    r"children|men|women)\s+(?:with|who\s+(?:have|suffer\s+from|live\s+with))\b",
    re.IGNORECASE,
)


_NOT_AN_OFFER = {
    "study", "studies", "trial", "trials", "research", "journey", "webinar", "seminar", "guide", "q&a", "questions",
    "advice", "experts", "news",
}  # fmt: skip


def _named_for(doc: Doc, info: SentenceInfo, therapies: list[Span], conditions: list[Span]) -> Span | None:
    """A therapy named after the disease it is for ("Parkinson's Stem Cell Program", "Knee
    Arthritis Stem Cell Therapy"): the therapy right after the disease.  A service noun alone
    ("Hair Loss Treatment", "Lupus Program") names a page's topic as often as an offer, and
    dermatology and physiotherapy pages use it for conventional care: not read."""
    tokens = tokens_of(doc)
    if any(word in _NOT_AN_OFFER for word in tokens.lower[info.span.start : info.span.end]):
        return None  # "Heart Failure Cell Therapy Study", "a webinar on ...": a topic, not an offer
    for condition in conditions:
        if condition.label_ in NON_DISEASE_CATEGORIES:
            continue
        after = condition.end
        for therapy in therapies:
            if therapy.label_ not in WEAK_THERAPIES and therapy.start == after:
                return therapy  # right after it: "and cell therapy" joins two topics, it names none for the other
    return None


def _serves(doc: Doc, sentence: Span, conditions: list[Span]) -> Span | None:
    """'<we> serve patients with <disease>': the "with" before the diseases."""
    return _lead_word_of_disease(doc, sentence, conditions, _SERVES)


# Whom a clinic takes on for its program, named by their diseases: "launches its program
# for adults living with ...", "now accepts patients with ...", "will offer cultured cells to
# patients who had ...", "patients with ... can now receive its protocol".
_ADMITS = re.compile(
    r"\b(?:(?:program|programme|protocol|unit|wing|service)\s+for|(?:accepts?|accepting|admits?|admitting|supports?)"
    r"|(?:offer|offers|offering|give|gives|giving)\s+(?:[\w-]+\s+){1,4}?to)\s+(?:\w+\s+){0,3}?"
    r"(?:patients|adults|children|people|women|men|boys|girls|teenagers)\s+(?:with|living\s+with|who\s+(?:have|had|suffer\s+from|live\s+with))\b"
    r"|\b(?:patients|adults|children|people|women|men)\s+(?:with|who\s+have)\b(?=[^.;]{0,120}\bcan\s+now\s+(?:receive|access|join|book|get)\b)",
    re.IGNORECASE,
)


def _admits(doc: Doc, sentence: Span, conditions: list[Span]) -> Span | None:
    """The "with" before the diseases of the patients a program takes on; not a study's."""
    if any(word in _NOT_AN_OFFER for word in tokens_of(doc).lower[sentence.start : sentence.end]):
        return None  # "the trial enrolls adults with ...": recruitment, not an offer
    return _lead_word_of_disease(doc, sentence, conditions, _ADMITS)


def _suited(doc: Doc, sentence: Span, conditions: list[Span]) -> Span | None:
    """'<it> is great for <disease>': the "for" of a suitability phrase followed by a disease."""
    return _lead_word_of_disease(doc, sentence, conditions, _SUITED)


def _lead_word_of_disease(doc: Doc, sentence: Span, conditions: list[Span], pattern: re.Pattern[str]) -> Span | None:
    """The last word of a match of `pattern` in the sentence when a disease follows it
    within `_SUITED_REACH` tokens: the marker of an offer made without an effect word."""
    diseases = [span for span in conditions if span.label_ not in NON_DISEASE_CATEGORIES]
    if not diseases:
        return None
    for match in pattern.finditer(text_of(doc), sentence.start_char, sentence.end_char):
        last = match.group().split()[-1]
        marker = doc.char_span(match.end() - len(last), match.end(), alignment_mode="expand")
        if marker is not None and any(marker.start < span.start <= marker.start + _SUITED_REACH for span in diseases):
            return marker
    return None


def _modified_references(doc: Doc, known: list[Span]) -> list[Span]:
    found = []
    for match in _MODIFIED_REFERENCE.finditer(text_of(doc)):
        if set(match.group(1).lower().split()) & _CONVENTIONAL_MODIFIERS:
            continue
        span = doc.char_span(match.start(), match.end(), label=WEAK_THERAPY, alignment_mode="expand")
        if span is not None and not _overlaps_any(span, known):
            found.append(span)
    return found


# "after the infusion", "within weeks of their first injection": the outcome follows the
# page's own treatment, named or not.
_AFTER_TREATMENT = re.compile(
    r"\b(?:after|following|since|within\s+(?:\w+\s+){0,3}?of)\s+(?:(?:the|their|your|my|his|her|a|an|one|two|three|each|"
    r"every|just|only|single|first|second|last)\s+){0,3}(?:[a-z][\w-]*\s+)?"
    r"(?:infusions?|injections?|treatments?|procedures?|sessions?|shots?|course|drips?)\b",
    re.IGNORECASE,
)


def _implied_agents(doc: Doc, known: list[Span]) -> list[Span]:
    found = []
    for match in _AFTER_TREATMENT.finditer(text_of(doc)):
        span = doc.char_span(match.start(), match.end(), label=IMPLIED_THERAPY, alignment_mode="expand")
        if span is not None and not _overlaps_any(span, known):
            found.append(span)
    return found


_APPROVED_THERAPY_CLASSES = {"hsc_transplant"}
_AGE_WORDS = frozenset({"age", "aging", "ageing", "aged"})


def _names_a_regenerative_product(view: _DocView, therapy: Span | None, topic: Span) -> bool:
    """The claim names its product ("Exosome infusions calm the immune attack"), not "the
    treatment", and no approved transplant: on a page about one disease that is not a page
    of warnings, the product is said to work on that disease even with no price in sight.
    A page about ageing itself names no disease ("Age Reversal")."""
    return (
        therapy is not None
        and span_text(topic).lower() not in _AGE_WORDS
        and therapy.label_ not in WEAK_THERAPIES
        and therapy.label_ not in _APPROVED_THERAPY_CLASSES
        and not view.cues.warning_page
    )


# An outcome the page sells names who gets it or when ("patients get back to work",
# "healed within eight weeks"); a description of the disease ("Tregs are reduced in
# lupus") names neither.
_BENEFICIARY_WORDS = {
    "patient", "patients", "people", "children", "child", "kids", "clients", "members", "you", "your", "athletes",
    "parents", "families", "within", "weeks", "months", "days", "night", "afternoon", "immediately", "soon", "again",
    "finally", "now",
}  # fmt: skip
_WARNING_PAGE_CUES = 3
# Too vague to read as a sold outcome when no therapy is named ("our coaches help with sleep").
# Headings of the sections where a selling page says what its product does.
_OUTCOME_HEADING = re.compile(
    r"\b(?:what\s+to\s+expect|results?|outcomes?|benefits?|how\s+(?:it|they|this|we|the\s+\w+|our\s+\w+)\s+(?:can\s+)?helps?"
    r"|what\s+(?:patients|people|clients|families|you)\s+(?:will\s+|may\s+|might\s+|can\s+)?(?:notice|report|feel|see|experience)"
    r"|recovery\s+(?:timeline|time\s*line|journey)|your\s+recovery|the\s+(?:weeks|months)\s+after|after\s+(?:your\s+)?(?:treatment|injection|infusion)"
    r"|when\s+(?:will\s+i|do\s+patients|can\s+i)\s+(?:see|feel|notice))\b",
    re.IGNORECASE,
)
_TOPIC_SENTENCES = 3
# "Regenerative medicine is a general term for treatments meant to support repair": a
# definition offers nothing for the page's disease.
_DEFINES_A_TERM = re.compile(
    r"\b(?:is|are)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:term|name|word|field|branch|kind|type|category|umbrella)\b"
    r"|\brefers?\s+to\b|\b(?:is|are)\s+defined\s+as\b",
    re.IGNORECASE,
)
# Conditions that name a complaint (a disease or a symptom), not a body part or a measure.
_NOT_COMPLAINTS = NON_DISEASE_CATEGORIES - {"symptom"}
# A claim not asserted as written: hedged, cited, negated, reported, asked or investigational.
_NOT_ASSERTED = frozenset(
    {context.CITED, context.NEGATED, context.REPORTED, context.QUESTION, context.INVESTIGATIONAL, context.HEDGED}
)
_CARD_WORDS = 6


def _offers_in_its_title(view: _DocView) -> bool:
    """ "Neurological Programs: Stem Cells for Parkinson's, MS and Stroke | Pathway Neuro":
    a page whose title offers a named therapy for a disease sells it, prices or not, and the
    program cards under it ("MS Program") are its menu.  Not a title that names a topic
    ("...: what the studies say") or someone else's offer."""
    for info in view.sentences[:_TOPIC_SENTENCES]:
        if info.segment_kind not in _TITLE_KINDS:
            continue
        sentence = info.span
        named = view.named_therapies(sentence)
        if not named or _offered_with_care_or_by_others(view.doc, sentence, named[0]):
            continue
        if _indication(view.doc, named, _spans_in(view.conditions, sentence.start, sentence.end)) is not None:
            return True
    return False


_CARD_KINDS = frozenset({"heading", "list_item", "table_cell", "paragraph"})
_SERVICE_CARD_NOUNS = {
    "program", "programme", "programs", "protocol", "protocols", "therapy", "therapies", "infusion", "infusions",
    "injection", "injections",
}  # fmt: skip
_OUTCOME_SECTION_REACH = 8
_HEADING_LINE_WORDS = 6


def _a_bare_heading_line(sentence: Span) -> bool:
    """ "What to expect" on a line of its own in plain text: short, unpunctuated, capitalised."""
    if sentence.end - sentence.start > 2 * _HEADING_LINE_WORDS:
        return False
    text = span_text(sentence).strip()
    return 0 < len(text.split()) <= _HEADING_LINE_WORDS and text[:1].isupper() and text[-1:] not in {".", "!", "?", ",", ";"}


_OUTCOME_CATEGORIES = {"improve", "repair", "cure", "remission", "anti_aging"}
# What-to-expect sections also hold aftercare: "back to work the same day", "please avoid
# sex for three days", "you may be asked to stop aspirin", "stop by the front desk".
_AFTERCARE = re.compile(
    r"\b(?:please|avoid|asked\s+to|stop\s+by|(?:back|return)\s+to\s+(?:work|normal\s+activit|activit|daily|school|the\s+office|driving|exercise))",
    re.IGNORECASE,
)
_WEAK_OUTCOME_WORDS = {"help", "benefit", "promote", "support", "boost", "enhance", "protect", "ease", "address"}


def _mostly_blood_conditions(doc: Doc) -> bool:
    """A page chiefly about blood disorders, where transplants are approved care."""
    diseases = [label for label in span_table(doc, "conditions").label if label not in NON_DISEASE_CATEGORIES]
    blood = diseases.count("hematologic")
    return blood > len(diseases) - blood


_TITLE_KINDS = {"heading", "title", "meta"}


_SERVICE_NOUNS = {
    "protocol", "protocols", "program", "programs", "programme", "programmes", "treatment", "treatments", "therapy",
    "therapies", "injection", "injections", "infusion", "infusions",
}  # fmt: skip
_SERVICE_REACH = 4
_SERVICE_SENTENCE_WORDS = 6  # shorter: a menu line, not a description


def _describes_at_length(sentence: Span) -> bool:
    """A sentence of some length with no price in it: a description, not a menu or price line."""
    tokens = tokens_of(sentence.doc)
    span = range(sentence.start, sentence.end)
    words = sum(1 for at in span if tokens.is_alpha[at])
    priced = any(tokens.text[at] in {"$", "€", "£"} or tokens.lower[at] in {"costs", "price", "usd"} for at in span)
    return words >= _SERVICE_SENTENCE_WORDS and not priced


def _opens_with_a_service(sentence: Span) -> bool:
    """ "Whole-body rejuvenation protocols designed to restore vitality", "Specialized
    programs for athletes seeking faster recovery": a service card's description, whose
    outcome is that of the service the page sells."""
    lower = tokens_of(sentence.doc).lower
    words = [
        lower[at] for at in range(sentence.start, min(sentence.end, sentence.start + _SERVICE_REACH + 2)) if lower[at].isalpha()
    ]
    return any(word in _SERVICE_NOUNS for word in words[:_SERVICE_REACH])


def _names_beneficiary(sentence: Span) -> bool:
    return any(word in _BENEFICIARY_WORDS for word in tokens_of(sentence.doc).lower[sentence.start : sentence.end])


_POSSESSIVES_AND_ARTICLES = {"the", "your", "his", "her", "their", "my", "our", "both"}


def _a_place_on_the_body(doc: Doc, effect: Span) -> bool:
    """ "In the lower cheeks", "your lower back": "lower" after an article or possessive
    names where, not an effect ("lower inflammation", "lower your risk")."""
    return (
        len(effect) == 1
        and effect[0].lower_ == "lower"
        and effect.start > 0
        and doc[effect.start - 1].lower_ in _POSSESSIVES_AND_ARTICLES
    )


_CURE_CATEGORIES = {"cure", "remission"}


def _states_a_cure(view: _DocView, sentence: Span) -> bool:
    """A seller's page says a disease or complaint is gone for good ("Off insulin for good",
    "my cough is gone", "we reverse the damage"), naming no therapy: on a page that sells one,
    a cure is what the product is sold to bring (ANNOTATION B37, cure without the word), as a
    testimonial or a table cell says it without naming the product.  Not on a page of
    warnings, and not a cure word that qualifies a condition ("permanent nerve damage")."""
    if not _offers_a_therapy(view) or view.mostly_blood_conditions:
        return False
    effects = _spans_in(view.effects, sentence.start, sentence.end)
    conditions = _spans_in(view.conditions, sentence.start, sentence.end)
    complaint = view.names_disease(sentence) or _names_symptom(conditions)
    return any(
        _effect_category(view.doc, span, conditions) in _CURE_CATEGORIES
        and span.lemma_ not in _CURE_NOUNS
        and not _describes_a_condition(view.doc, span)
        and not _going_not_gone(span)
        and not _in_a_clause_of_time(view.doc, sentence, span)
        and not any(view.cues.negation[sentence.start : span.start])  # "No treatment, including ours, can reverse ALS"
        and _cure_of_a_complaint(view.doc, span, effects, complaint)
        for span in effects
    )


# "Once most beta cells are gone", "before the spots are gone", "when the virus is gone": a
# clause of time or condition describes a state, not what the product brings.
_CLAUSE_OF_TIME = re.compile(r"(?:once|when|whenever|until|before|if|while|whether|unless)", re.IGNORECASE)
# Cure words that say only that something ended or is absent ("the spots are gone", "parking
# is free from 5 p.m.", "cells that live permanently in the liver"): a cure only of a complaint.
_ENDING_WORDS = re.compile(
    r"^(?:(?:is|was|are|were|be|been|completely|simply|just)\s+)*(?:gone|go(?:es)?\s+away|went\s+away|disappear\w*|vanish\w*"
    r"|free\b.*|freedom\b.*|permanent|permanently)$",
    re.IGNORECASE,
)
_OWNER_OF_A_COMPLAINT = {"my", "his", "her", "their"}


def _in_a_clause_of_time(doc: Doc, sentence: Span, effect: Span) -> bool:
    start, _ = context.clause_bounds(sentence, effect.start)
    start = max(sentence.start, start - 1)  # the word that opens the clause may be its break
    return bool(_CLAUSE_OF_TIME.search(text_of(doc)[doc[start].idx : effect.start_char]))


def _cure_of_a_complaint(doc: Doc, effect: Span, effects: list[Span], complaint: bool) -> bool:
    """A word of ending ("gone", "free of", "permanent") is a cure when the sentence names a
    complaint, a person's own ("my cough is gone"), or another effect it makes lasting ("a
    permanent fix"); the other cure words ("for good", "reversed", "remission") are one alone."""
    if not _ENDING_WORDS.match(span_text(effect)):
        return True
    if complaint or any(other.label_ not in (NOT_EFFECT, *_CURE_CATEGORIES) for other in effects):
        return True
    start = max(0, effect.start - _STOP_REACH - 3)
    return any(word in _OWNER_OF_A_COMPLAINT for word in tokens_of(doc).lower[start : effect.start])


def _offers_a_therapy(view: _DocView) -> bool:
    """A page that names a therapy and sells it, with no warning on it: a price list with
    one kind of commerce ("Package at a glance ... Price: USD 19,800") sells as surely as a
    page with two, when what it says of a cure or of youth names no product."""
    if view.cues.warning_page:
        return False
    if view.sells:
        return True
    # One kind of commerce is enough where no warning stands on the page: a patient-education
    # page that says "be cautious" and "at your next appointment" sells nothing.
    return view.topical and bool(span_table(view.doc, "commerce")) and "warning" not in span_table(view.doc, "reporting").label


def _sells_youth(view: _DocView, candidates: list[tuple[Span, str]]) -> bool:
    """An anti-ageing outcome on a seller's page ("Members describe feeling ten years
    younger", "Crow's feet? Smoothed."), naming no product: the youth the product is sold
    for, as `_states_a_cure` reads a cure."""
    if not _offers_a_therapy(view):
        return False
    # Only the words of youth themselves: "longevity", "rejuvenation" and "biological age"
    # name a business, a service or a test as often as they promise ("Evergreen Longevity
    # Lounges", "a test that estimates biological age"), and a mere improvement near "fine
    # lines" describes the skin as often as it sells ("concealer settles into fine lines"),
    # where a repair or a reversal of them ("they restore volume") promises.
    return any(
        category == "anti_aging"
        and span.label_ in {"anti_aging", "repair", "cure"}
        and span.lemma_.lower() not in _SERVICE_NAMES_OF_YOUTH
        for span, category in candidates
    )


_SERVICE_NAMES_OF_YOUTH = {"longevity", "rejuvenation", "biological age"}


# "The only cure for end-stage cirrhosis is a transplant": with no therapy of the page in
# the sentence, the word names someone else's cure or none.
_CURE_NOUNS = {"cure", "cure-all"}


# "Lost vision does not come back", "adults whose smell has not come back": a loss that
# stays, said of the disease or of whom a service is for, is no result of a treatment.
_LOSS_BEFORE = re.compile(r"\b(?:whose|who|lost|dead|die|dies|died|destroyed|told)\b[^.;:,]{0,40}$", re.IGNORECASE)
_NEGATORS = {"not", "n't", "never"}
# "did not return calls", "never returned the form": a return of something, not of a disease.
_RETURNED_OBJECT = re.compile(r"^\s+(?:a|an|the|his|her|their|my|our|your|calls?|emails?|messages?|forms?|home)\b", re.IGNORECASE)
# "the last treatment you will ever need"; not "the chance that a child will ever need a transplant".
_LAST_BEFORE = re.compile(r"\b(?:last|only|final)\b[^.;:]{0,40}$", re.IGNORECASE)


def _loss_that_stays(doc: Doc, span: Span) -> bool:
    """A cure phrase that says something stays lost or is needed no more, but here does not:
    a loss that stays, a return of an object, a need with no "last" treatment before it."""
    if span.label_ not in _CURE_CATEGORIES:
        return False
    text = text_of(doc)
    before = text[max(0, span.start_char - 60) : span.start_char]
    if span[-1].lemma_ == "need" and span[-2].lower_ == "ever":
        return not _LAST_BEFORE.search(before)
    if span[0].lower_ not in _NEGATORS:
        return False
    if span[-1].lemma_ == "return" and _RETURNED_OBJECT.match(text[span.end_char : span.end_char + 20]):
        return True
    return bool(_LOSS_BEFORE.search(before))


# "Stress urinary incontinence means leaking urine when you cough ... or lift", "Sciatica is
# pain that travels down the leg": what follows a condition that opens the sentence.
_DEFINING_A_CONDITION = re.compile(
    r"\s*(?:\([^)]{1,40}\)\s*)?(?:,\s*)?(?:means|refers?\s+to|(?:is|are)\s+defined\s+as|(?:is|are)\s+(?:short|the\s+name)\s+for"
    r"|(?:is|are)\s+when|happens\s+when|occurs\s+when|(?:is|are)\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:condition|disease|disorder|syndrome|illness|symptom|injury|problem|term|name|type|form|kind|group|cause|loss|decrease|decline"
    r"|inflammation|infection|complication)s?\b|(?:is|are)\s+(?:pain|damage|inflammation|swelling|scarring|loss|thinning|wear)\b)",
    re.IGNORECASE,
)
_DEFINITION_OPENERS = {"the", "a", "an", "-", "*", "•"}


def _defines_a_condition(doc: Doc, sentence: Span, conditions: list[Span]) -> bool:
    """A sentence that names no therapy and opens by saying what a condition is ("Chronic
    kidney disease means a permanent decrease in ...", "Sciatica is pain that travels ..."):
    the effect words in the definition ("permanent", "lift") describe the disease, and the
    page's therapy, which a sentence naming none would inherit, is not its subject."""
    if not conditions:
        return False
    tokens = tokens_of(doc)
    first = sentence.start
    while first < sentence.end and (tokens.is_space[first] or tokens.lower[first] in _DEFINITION_OPENERS):
        first += 1
    opening = next((span for span in conditions if span.start == first), None)
    if opening is None:
        return False
    return bool(_DEFINING_A_CONDITION.match(text_of(doc), opening.end_char, sentence.end_char))


# What sets a conventional treatment against the business's offer rather than naming it as
# the care given: "without surgery", "instead of steroids", "no more pills".
_SET_AGAINST = {
    "without", "instead", "avoid", "avoiding", "skip", "skipping", "no", "not", "never", "beyond", "alternative",
    "alternatives", "unlike", "than", "replace", "replaces", "before", "after", "delay", "postpone", "vs", "versus",
    "besides", "failed", "tried", "despite", "stop", "off", "fewer", "less", "only", "just", "rather",
}  # fmt: skip


def _offers_conventional_care(doc: Doc, sentence: Span, therapies: list[Span], treatments: list[Span]) -> bool:
    """ "Exercise therapy is the first treatment we recommend for knee osteoarthritis": the
    business ("we") offers for a condition a conventional treatment the sentence names, with no
    regenerative product in it, so the indication is that care's, not an unapproved product's
    (ANNOTATION B8).  Not where the treatment is set against the offer ("we treat knee pain
    without surgery").  Only for an offer with no effect word: where the sentence says what the
    care does ("we treat it with ...", "medication treats the symptoms, but ours ..."), whose
    effect it is stays `_about_other_treatment`'s call."""
    if not treatments or not therapies or not all(span.label_ == IMPLIED_THERAPY for span in therapies):
        return False
    tokens = tokens_of(doc)
    for treatment in treatments:
        lead = tokens.lower[max(sentence.start, treatment.start - 3) : treatment.start]
        if any(word in _SET_AGAINST for word in lead):
            return False
    return True


def _going_not_gone(span: Span) -> bool:
    """ "I'm going to", "what might be going on": the lemma matcher reads "is going" as the
    "is gone" of a complaint that ended; only the participle "gone" says so."""
    return span.label_ in _CURE_CATEGORIES and any(token.lower_ == "going" for token in span)


def _describes_a_condition(doc: Doc, effect: Span) -> bool:
    """ "Permanent hearing loss", "disease-free survival": the cure word qualifies the
    condition named right after it, and promises nothing; nor does a symptom that "goes
    away with rest"."""
    conditions = span_index(doc, "conditions")
    if conditions.starting_at(effect.end):
        return True
    # "A cramping pain, which goes away with rest": the symptom's own course, not an outcome.
    return bool(_NATURAL_COURSE.match(text_of(doc)[effect.end_char : effect.end_char + 40]))


_NATURAL_COURSE = re.compile(
    r"^\s*(?:with\s+rest|at\s+rest|on\s+its\s+own|by\s+itself|once\b|in\s+a\s+(?:day|few)|after\s+(?:a|an|one|two|a\s+few)\s+"
    r"(?:day|days|hour|hours|minutes?)|when\s+you\s+(?:rest|stop|sit))",
    re.IGNORECASE,
)


def _names_symptom(conditions: list[Span]) -> bool:
    return any(span.label_ == "symptom" for span in conditions)


# The business denies the offer itself: every use the sentence then lists is denied too.
_OFFER_DENIED = re.compile(
    r"\b(?:do|does|did|will|would|can|could)\s*(?:not|n't|n’t)\s+(?:currently\s+|yet\s+|routinely\s+)?"
    r"(?:offer|provide|sell|perform|give|recommend|administer|market|carry|stock)\b"
    r"|\bno\s+longer\s+(?:offer|provide|sell|perform|give|recommend)\b|\bnever\s+(?:offer|provide|sell|perform|recommend)\b"
    r"|\bstop(?:s|ped)?\s+(?:offering|providing|selling|performing)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:—]|\b(?:but|instead|rather|while|whereas)\b", re.IGNORECASE)
# "My shoulder has never felt better": a superlative, not a denial.
_NEVER_BETTER = re.compile(
    r"\bnever\s+(?:\w+\s+)?(?:felt|been|looked|moved|slept|walked|sounded|seen|done)\s+(?:so\s+)?"
    r"(?:better|stronger|younger|happier|healthier|good|well)\b",
    re.IGNORECASE,
)
_STOPPING_WORDS = {"stop", "stops", "stopped", "stopping", "halt", "halts", "halted", "halting"}
# What is stopped when "stop" ends a disease's course rather than an action:
# "stops advancing", "halt the decline", "stop it in its tracks".
_COURSE_AFTER_STOP = re.compile(
    r"^\W*(?:(?:the|its|your|their|his|her|this|that|it|all|any|further|slow|steady|gradual|relentless)\s+){0,3}"
    r"(?:advanc|progress|spread|worsen|getting\s+worse|deteriorat|declin|diseas|illness|condition|loss\s+of\b"
    r"|damage|degenerat|attacks?\b|flares?\b|relapses?\b|symptom|pain|in\s+(?:its|their)\s+tracks|for\s+good|coming\s+back"
    # "stop needing tablets", "stop losing your sight", "his GFR stopped dropping": a
    # treatment no longer needed, or a loss no longer going on.
    r"|needing\s+(?:\w+\s+){0,2}?(?:tablets|pills|medications?|medicines?|insulin|injections?|oxygen|dialysis|inhalers?"
    r"|painkillers|drugs|steroids|surgery)\b"
    r"|losing\b|dropping\b|narrowing\b|bleeding\b|hurting\b|aching\b|shaking\b|leaking\b|itching\b|burning\b"
    r"|tingling\b|ringing\b)",
    re.IGNORECASE,
)
# A complaint or a disease's course as what stops: "the ringing has stopped", "the decline
# stops", "the degeneration is stopped" (ANNOTATION B33: stopping a symptom is a cure).
_COMPLAINT_BEFORE_STOP = re.compile(
    r"\b(?:ringing|itch|itching|burning|tingling|numbness|decline|degeneration|deterioration|progression|attacks?"
    r"|flares?|relapses?|tremors?|shaking|pain|aches?|aching|leaks?|leaking|bleeding|urgency|clicking|wheez\w*|cough\w*"
    r"|seizures?|spasms?|headaches?|migraines?|flushing|swelling|slide|loss|damage|disease|timer)"
    r"(?:\s+(?:has|have|had|is|was|were|are|just|simply|finally|completely|then|all|soon|quickly|been)){0,3}\s+$",
    re.IGNORECASE,
)
# "stops pressing on the nerve", "stop use if redness lasts", "pain can stop you sleeping".
_ACTION_AFTER_STOP = re.compile(r"^\s+(?:\w+ing\b|use\b|you\b|them\b|him\b|her\b|me\b|us\b)")
_STOP_REACH = 5


# The signs of ageing a cosmetic outcome acts on ("fades fine lines", "smooths crepey
# hands", "a permanent reversal of skin ageing"): cosmetic "reverse" or "gone" is
# `anti_aging`, not `cure` (ANNOTATION B31, B26: "smoother, firmer, more even skin").
_SIGNS_OF_AGEING = re.compile(
    r"\b(?:wrinkles?|fine\s+lines|(?:forehead|frown|smile|laugh|expression)\s+lines|crow['’]s\s+feet|sun\s*spots|age\s+spots"
    r"|sun\s+damage|sagging|crepey|crepe-like|dark\s+circles|jawline|jowls|skin\s+tone|even\s+tone|volume\s+loss"
    r"|tired\s+skin|thin(?:ning)?\s+skin|lines\s+soft|skin\s+elasticity|loose\s+skin"
    # ageing itself, not an ageing organ ("ageing eggs", "aging joints" are the organ's own claim)
    r"|(?:aging|ageing)(?!\s+(?:eggs?|kidneys?|joints?|knees?|hips?|spines?|discs?|ovar\w*|cells?|populations?|parents?"
    r"|bod(?:y|ies)|brains?|hearts?|dogs?|cats?|pets?|adults?|patients?)\b))\b",
    re.IGNORECASE,
)
_AGEING_REACH = 60  # characters either side of the effect


def _on_signs_of_ageing(doc: Doc, effect: Span) -> bool:
    """An improvement, repair or reversal said of a sign of ageing near it, within its
    sentence ("and fades fine lines", "smooth crepey hands")."""
    if effect.label_ not in _ON_AGEING_CATEGORIES:
        return False
    text = text_of(doc)
    before = _SENTENCE_END.split(text[max(0, effect.start_char - _AGEING_REACH) : effect.start_char])[-1]
    after = _SENTENCE_END.split(text[effect.end_char : effect.end_char + _AGEING_REACH])[0]
    return bool(_SIGNS_OF_AGEING.search(before) or _SIGNS_OF_AGEING.search(after))


_ON_AGEING_CATEGORIES = {"improve", "repair", "cure", "remission", "treat"}
_SENTENCE_END = re.compile(r"[.!?;\n]")


def _effect_category(doc: Doc, effect: Span, conditions: list[Span]) -> str:
    """The effect's category, where context makes it stronger than the word alone:
    stopping a disease or a symptom ("the itching stops", "halt MS", "the glaucoma stops
    advancing") is a cure (ANNOTATION B22, B33), while "stop" of an action ("so the disc
    stops pressing on the nerve", "stop taking") stays an improvement."""
    if _on_signs_of_ageing(doc, effect):
        return "anti_aging"
    if effect.label_ != "improve" or len(effect) != 1 or doc[effect.start].lower_ not in _STOPPING_WORDS:
        return effect.label_
    after = text_of(doc)[effect.end_char : effect.end_char + 60]
    if _COURSE_AFTER_STOP.match(after):
        return "cure"
    if _COMPLAINT_BEFORE_STOP.search(text_of(doc)[max(0, effect.start_char - 60) : effect.start_char]):
        return "cure"
    stopped = [span for span in conditions if span.label_ not in _NOT_COMPLAINTS]
    near = any(0 <= effect.start - span.end <= _STOP_REACH or 0 <= span.start - effect.end <= 2 for span in stopped)
    # "stops pressing on the nerve": an action of the body stops, not the disease.
    return "cure" if near and not _ACTION_AFTER_STOP.match(after) else effect.label_


_OWN_PRODUCT = re.compile(
    r"\bour\s+(?:[\w'’-]+\s+){0,2}?(?:injections?|infusions?|exosomes|serum|drips?|shots?|protocol)\b", re.IGNORECASE
)


def _owns_a_therapy(doc: Doc, therapies: list[Span]) -> bool:
    """The page names a therapy as the business's own ("our exosomes", "our stem cell
    program"): a seller's page, even with no prices or booking on it."""
    lower = tokens_of(doc).lower
    if any(
        span.label_ not in WEAK_THERAPIES and any(word in {"our", "we"} for word in lower[max(0, span.start - 3) : span.start])
        for span in therapies
    ):
        return True
    # "Our amniotic injection brings growth factors...", "our exosome drip": the business's
    # own product, named by what it is rather than by a therapy term.
    return bool(_OWN_PRODUCT.search(text_of(doc)))


def _is_promotional(doc: Doc, therapies: list[Span]) -> bool:
    """Sells a therapy: names one, and shows two kinds of commerce (booking, prices, the
    business's own voice), and is not a page of warnings."""
    if not any(span.label_ not in WEAK_THERAPIES for span in therapies):
        return False
    warnings = span_table(doc, "reporting").label.count("warning")
    return shows_commerce(doc) and warnings < _WARNING_PAGE_CUES


_COMMERCE_KINDS_OF_A_SELLER = 2


def shows_commerce(doc: Doc) -> bool:
    """Two kinds of commerce on the page (booking, prices, the business's own voice)."""
    return len(set(span_table(doc, "commerce").label)) >= _COMMERCE_KINDS_OF_A_SELLER


def _is_imperative(sentence: Span) -> bool:
    """Opens with a verb addressed to the reader (lexicon `openers`), capitalised as a sentence start."""
    if not tokens_of(sentence.doc).text[sentence.start][:1].isupper():
        return False
    return bool(span_index(sentence.doc, "openers").starting_at(sentence.start))


def _overlaps_any(span: Span, others: list[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)


_BUSINESS_NOUNS = {
    "clinic", "clinics", "center", "centre", "centers", "centres", "institute", "medical", "health", "wellness",
    "hospital", "spa", "group", "associates", "labs", "lab", "studio", "partners", "pharmacy",
}  # fmt: skip


_PRODUCT_NOUNS = {
    "shot", "shots", "drip", "drips", "boost", "facial", "facials", "session", "sessions", "package", "packages", "protocol",
    "infusion", "infusions", "program", "programme", "kit", "serum", "cream", "iv", "pricing", "price", "menu", "plan",
    "membership", "bundle", "add-on", "treatment", "therapy",
}  # fmt: skip


def _capitalised(doc: Doc, span: Span) -> bool:
    """Every word of the span starts with a capital, as the words of a name do."""
    text = tokens_of(doc).text
    return all(text[position][:1].isupper() for position in range(span.start, span.end) if text[position][:1].isalpha())


def _name_start(doc: Doc, position: int, floor: int = 0) -> int:
    """Where a name holding the token at `position` begins: back over capitalised words."""
    tokens = tokens_of(doc)
    while position > floor and tokens.text[position - 1][:1].isupper() and not tokens.is_punct[position - 1]:
        position -= 1
    return position


def _in_a_product_name(doc: Doc, span: Span, sentence: Span) -> bool:
    """ "Exosome Recovery Drip", "Exosome Performance Boost", "Exosome Repair" on a menu: a
    capitalised effect word inside the name of a product, after the therapy that names it,
    claims nothing.  A name that holds a disease ("Exosome Knee Repair") makes its promise."""
    tokens = tokens_of(doc)
    if len(span) == 0 or not _capitalised(doc, span):
        return False
    if span.start == sentence.start:
        return False
    after = span.end
    if after < sentence.end and not tokens.is_punct[after]:
        if not (tokens.text[after][:1].isupper() or tokens.lower[after] in _PRODUCT_NOUNS):
            return False
        if tokens.lower[after] not in _PRODUCT_NOUNS and not tokens.text[after].isupper():
            return False
    name_start = _name_start(doc, span.start, sentence.start)
    named_therapy = any(
        therapy.start < span.start and therapy.label_ not in WEAK_THERAPIES
        for therapy in span_index(doc, "therapies").within(name_start, span.end)
    )
    holds_disease = any(
        condition.start < span.end + 1 and condition.label_ != "outcome_measure"
        for condition in span_index(doc, "conditions").within(name_start, min(len(doc), span.end + 8))
    )
    names_body = any(tokens.lower[position] in _BODY_PARTS for position in range(name_start, span.end + 1) if position < len(doc))
    return named_therapy and not holds_disease and not names_body


_BODY_PARTS = {
    "knee", "knees", "hip", "hips", "joint", "joints", "back", "spine", "shoulder", "shoulders", "disc", "discs", "hair",
    "scalp", "skin", "face", "facial", "lung", "lungs", "heart", "brain", "nerve", "nerves", "eye", "eyes", "liver",
    "kidney", "kidneys", "gum", "gums", "tendon", "tendons", "muscle", "muscles", "neck", "elbow", "ankle", "foot", "feet",
}  # fmt: skip


def _in_a_business_name(doc: Doc, span: Span) -> bool:
    """ "Clearbrook Recovery Clinic", "Evergreen Longevity Institute": a capitalised effect
    word inside the name of a business claims nothing.  A name that holds a disease
    ("Post-COVID Recovery Center", "Autoimmune Reset Center") makes its promise in the name."""
    tokens = tokens_of(doc)
    if not _capitalised(doc, span):
        return False
    # "Healing Waters Regenerative Center": up to two more capitalised words before the noun.
    noun = span.end
    while noun < min(len(doc), span.end + 3) and tokens.lower[noun] not in _BUSINESS_NOUNS:
        if not tokens.text[noun][:1].isupper() or tokens.is_punct[noun]:
            return False
        noun += 1
    if not (noun < len(doc) and tokens.lower[noun] in _BUSINESS_NOUNS and tokens.text[noun][:1].isupper()):
        return False
    name_start = _name_start(doc, span.start)
    return not any(
        condition.start < noun + 1 and condition.label_ not in NON_DISEASE_CATEGORIES
        for condition in span_index(doc, "conditions").within(name_start, min(len(doc), noun + 8))
    )


def _names_what_is_treated(doc: Doc, span: Span) -> bool:
    """ "the problem being treated", "the area being healed": a participle that names what
    undergoes treatment, not an effect claimed for it."""
    if span.start < 2:
        return False
    lower = tokens_of(doc).lower
    return lower[span.start - 1] == "being" and lower[span.start - 2] not in _BEING_AUXILIARIES


_BEING_AUXILIARIES = {"is", "are", "was", "were", "am", "'s", "'re", "’s", "’re", "been", "keeps", "avoid", "avoids"}


def _reflexive_after(doc: Doc, span: Span) -> bool:
    return span.end < len(doc) and tokens_of(doc).lower[span.end] in _REFLEXIVE


def _starts_with_marker(sentence: Span) -> bool:
    first = tokens_of(sentence.doc).text[sentence.start]
    return first in {"-", "*", "•", "·", "✓", "✔"}


# A sweep of disease areas on a selling page (`ClaimDetector._area_sweep`).
_SWEEP_AREAS = 3
# Who offers the list when no therapy is named in it: the business or its patients speaking.
_SWEEP_SPEAKERS = frozenset({"we", "our", "us", "i", "my"})
# A condition menu (`ClaimDetector._menu`): at least this many diseases of this many
# areas, and no word but these between them ("..., and many more", "(COPD)", "etc.").
_MENU_DISEASES = 5
_MENU_AREAS = 3
_MENU_UNKNOWN_SHARE = 5  # at most one unknown word per five words of known conditions
_MENU_FILLER = {
    "and", "or", "&", "etc", "more", "many", "much", "other", "others", "plus", "various", "all", "types", "type",
    "forms", "of", "the", "conditions", "condition", "diseases", "disease", "disorders", "injuries", "sic",
}  # fmt: skip

_INDICATION_REACH = 6  # "stem cell therapy is the best option for ALS"


_DECISION_VERBS = {
    "decide",
    "choose",
    "understand",
    "find",
    "learn",
    "navigate",
    "book",
    "schedule",
    "prepare",
    "plan",
    "compare",
}


def _helps_to_decide(doc: Doc, effect: Span, sentence_end: int) -> bool:
    """ "We help patients with knee pain decide on treatment": help with a choice, not with a disease."""
    if effect.lemma_ != "help":
        return False
    return any(lemma in _DECISION_VERBS for lemma in tokens_of(doc).lemma[effect.end : min(effect.end + 7, sentence_end)])


def _first_person(span: Span) -> bool:
    """ "our protocol", "we", "our clinic": the business speaking of what it sells."""
    return tokens_of(span.doc).lower[span.start] in {"our", "we"}


# Words before "<therapy> for <condition>" that make it a topic, not an offer: "myths
# about stem cell therapy for autism", "a guide for parents considering...", "a physician
# who marketed stem cell treatments for autism", "unproven cell therapies for COPD".
_TOPIC_CUES = {
    "about", "regarding", "concerning", "considering", "marketed", "marketing", "promoted", "promoting", "advertised",
    "advertising", "sold", "selling", "unproven", "unapproved", "unauthorized", "unauthorised", "unlicensed", "myths",
    "myth", "ads", "adverts", "flyers", "posts", "statement", "consent", "position", "wants", "asked", "asking",
}  # fmt: skip
_SOLD_BY_OTHERS = {"promoted", "marketed", "advertised", "sold", "touted", "pitched"}
_TOPIC_REACH = 4


# "...and we make no promise that it will ease pain", "only within our clinical studies":
# an offer made with its own caveat is the careful offer ANNOTATION B33 leaves neutral.
_CAREFUL_OFFER = re.compile(
    r"\b(?:make|makes|made)\s+no\s+promise|\b(?:do|does|did|can)\s*(?:not|n't|n’t)\s+promise|\bcannot\s+promise"
    r"|\bonly\s+(?:with)?in\s+(?:our\s+|a\s+|an\s+)?(?:registered\s+)?(?:clinical\s+)?(?:stud(?:y|ies)|trials?|registry)"
    r"|\bonly\s+to\s+patients\s+who\s+(?:join|agree|enrol|enroll|take\s+part)|\bmixed\s+evidence",
    re.IGNORECASE,
)
# Someone else's offer, reported: "some private clinics sell infusions of cord cells for
# MS", "she found a clinic that offered...", "patients contacted by clinics offering...".
_THIRD_PARTY_OFFER = re.compile(
    r"(?:\b(?:some|many|other|private|a|an|one|these|those|such|several|unregulated|unlicensed|overseas|foreign|online"
    r"|local|by)\s+(?:[\w-]+\s+){0,2}?(?:clinics?|providers?|companies|company|spas?|websites?|businesses|hospitals?)"
    r"|(?<!\bour\s)(?<!\bthe\s)\bclinics)\b[^.;:]{0,80}?"
    r"\b(?:offer|offers|offered|offering|sell|sells|sold|selling|market|markets|marketed|marketing|promote|promotes"
    r"|promoted|promoting|advertise|advertises|advertised|advertising)\b",
    re.IGNORECASE,
)
# A careful page's title names its topic and then what it says of it: "PRP for tennis
# elbow: a sports doctor's honest take", "...: what the studies say", "...: our view".
_TOPIC_AFTER_COLON = re.compile(
    r":\s*(?:what\b|our\s+(?:view|position|advice|take)|an?\s+(?:[\w'’-]+\s+){0,3}?(?:take|guide|look|review|overview)\b"
    r"|information\b|the\s+(?:evidence|facts|truth|science)\b|questions\b|facts\b|myths\b|should\s+you\b|is\s+it\b)",
    re.IGNORECASE,
)


def _offered_with_care_or_by_others(doc: Doc, sentence: Span, therapy: Span) -> bool:
    text = span_text(sentence)
    if _CAREFUL_OFFER.search(text) or _TOPIC_AFTER_COLON.search(text):
        return True
    return bool(_THIRD_PARTY_OFFER.search(text_of(doc)[sentence.start_char : therapy.start_char]))


def _named_as_a_topic(doc: Doc, therapy: Span) -> bool:
    tokens = tokens_of(doc)
    for offset in range(therapy.start - 1, max(-1, therapy.start - 1 - _TOPIC_REACH), -1):
        if tokens.lower[offset] in _TOPIC_CUES:
            return True
        if doc[offset].is_sent_start or tokens.text[offset] in {".", "!", "?", ";"}:
            break
    return False


def _indication(doc: Doc, therapies: list[Span], conditions: list[Span]) -> Span | None:
    """'<therapy> for <condition>': the therapy offered for a disease."""
    tokens = tokens_of(doc)
    for therapy in therapies:
        if therapy.label_ in WEAK_THERAPIES and not _first_person(therapy):
            continue
        if _named_as_a_topic(doc, therapy):
            continue
        for offset in range(therapy.end, min(therapy.end + _INDICATION_REACH, len(doc))):
            if tokens.lower[offset] in _SOLD_BY_OTHERS:
                break  # "cell therapies promoted for kidney disease": someone else's offer, reported
            if tokens.lower[offset] == "for":
                if any(offset < condition.start <= offset + 6 for condition in conditions):
                    return doc[offset : offset + 1]
                break
            colon_for = tokens.text[offset] == ":" and offset + 1 < len(doc) and tokens.lower[offset + 1] == "for"
            if tokens.is_punct[offset] and tokens.text[offset] not in {"-", "'s"} and not colon_for:
                break  # "Exosome scalp session: for receding hairlines" reads across the colon
    return None


# "We give exosome drips to long COVID patients", "injections in patients with ALS": a
# therapy given to people named by their disease offers it for that disease.
_GIVEN_TO = frozenset({"in", "into", "with", "to", "on"})
_RECIPIENTS = frozenset({"patients", "people", "children", "kids", "adults", "clients", "sufferers", "individuals"})
_GIVEN_REACH = 8  # tokens from the therapy to the preposition, and from it to the recipients
# The business giving it: "we give ...", "our team uses ...".
_FIRST_PERSON = frozenset({"we", "our", "us", "i", "my"})


def _given_to(doc: Doc, sentence: Span, therapies: list[Span], conditions: list[Span]) -> Span | None:
    """'<we> give <therapy> to / in / with <disease> patients', '<therapy> in patients with
    <disease>': the recipients' noun, when a disease names them (before it, or within six
    words after) and the business gives the therapy (a first-person word before it)."""
    tokens = tokens_of(doc)
    if any(word in _NOT_AN_OFFER for word in tokens.lower[sentence.start : sentence.end]):
        return None  # "the trial gave cord cells to patients with ALS": a study, not an offer
    diseases = [span.start for span in conditions if span.label_ not in NON_DISEASE_CATEGORIES]
    if not diseases:
        return None
    for therapy in therapies:
        if therapy.label_ in WEAK_THERAPIES or _named_as_a_topic(doc, therapy):
            continue
        if not _FIRST_PERSON.intersection(tokens.lower[sentence.start : therapy.start]):
            continue  # "Stem cell injections in patients with arthritis carry risks": no one offers them
        stop = min(sentence.end, therapy.end + _GIVEN_REACH)
        for offset in range(therapy.end, stop):
            word = tokens.lower[offset]
            if word in _SOLD_BY_OTHERS or tokens.text[offset] in {".", ";", "!", "?"}:
                break
            if word not in _GIVEN_TO:
                continue
            for noun in range(offset + 1, min(sentence.end, offset + 1 + _GIVEN_REACH)):
                if tokens.text[noun] in {".", ";", "!", "?"}:
                    break
                if tokens.lower[noun] in _RECIPIENTS:
                    if any(offset < start < noun or noun < start <= noun + _SUITED_REACH for start in diseases):
                        return doc[noun : noun + 1]
                    break
    return None


def _about_other_treatment(doc: Doc, sentence: Span, effect: Span, treatments: list[Span], therapies: list[Span]) -> bool:
    """'Methotrexate reduces inflammation': the effect belongs to a conventional drug."""
    clause_start, _ = context.clause_bounds(sentence, effect.start)
    before = [span for span in treatments if clause_start <= span.start < effect.start and not _overlaps_any(span, therapies)]
    if not before:
        return False
    nearest_treatment = max(span.start for span in before)
    therapies_before = [span.start for span in therapies if clause_start <= span.start < effect.start]
    return not therapies_before or max(therapies_before) < nearest_treatment


def _negated_after(doc: Doc, sentence: Span, effect: Span, cues: context.CueIndex) -> bool:
    """'Stem cell therapy for autism is not approved': a later negation of approval or proof."""
    _, clause_end = context.clause_bounds(sentence, effect.start)
    tokens = tokens_of(doc)
    for position in range(effect.end, clause_end):
        if cues.negation[position]:
            window = range(position + 1, min(position + 5, clause_end))
            if any(tokens.lemma[at] in _AFTER_NEGATION_TARGETS or tokens.lower[at] in _AFTER_NEGATION_TARGETS for at in window):
                return True
    return False


@Language.factory("claimcheck_claims", default_config={"approved_conditions": [], "citation_window": 0})
def make_claim_detector(nlp: Language, name: str, approved_conditions: list[str], citation_window: int) -> ClaimDetector:
    return ClaimDetector(approved_conditions, citation_window)
