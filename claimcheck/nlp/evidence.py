"""Appeals to evidence: text that says proof exists ("studies show", "clinically
proven", "well-documented", "the evidence is clear") and so needs a citation.

Three shapes are recognised: an evidence adjective; an evidence noun followed in its
clause by a reporting verb ("trials have produced", "data confirm"); and a reporting
verb in perfect or passive form whatever its subject ("has been shown", "have
documented").  Each appeal carries framing flags like a claim does.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimcheck.nlp import context, references
from claimcheck.nlp.structure import SentenceInfo, SpanIndex, sentences_of, span_index

APPEALS_KEY = "claimcheck.appeals"
_AUXILIARIES = {"has", "have", "had", "been", "is", "are", "was", "were", "be", "being"}
_PARTICIPLE_ADJECTIVES = {"documented", "proven", "demonstrated", "validated"}
_STRONG_PREDICATES = {
    "clear",
    "strong",
    "consistent",
    "robust",
    "compelling",
    "overwhelming",
    "mature",
    "matured",
    "solid",
    "conclusive",
    "undeniable",
    "unequivocal",
    "growing",
    "grow",
    "grows",
    "mounting",
    "extensive",
    "definitive",
    "well-established",
}
_NOUN_VERB_GAP = 8
# "Stem cells are found in bone marrow", "as shown in the figure": where, not proof.
_LOCATIVE = {"in", "at", "on", "throughout", "within", "among", "inside", "near", "below", "above"}
# "Side effects should be reported to MedWatch", "the diagnosis must be confirmed": what
# someone ought to do, not proof that exists.
_MODALS = {"should", "must", "can", "could", "may", "might", "will", "would", "need", "needs", "ought"}
# Who speaks between an evidence noun and a verb is the verb's subject: "if you want a
# clinical trial, we will help you find one" is not a trial finding anything.
_PRONOUNS = {"we", "you", "i", "they", "he", "she", "us"}
# Verbs that appeal to evidence only with an evidence noun as subject ("trials have
# produced ..."): "the podcast is produced independently" is not proof.
_NEEDS_EVIDENCE_SUBJECT = {"produce", "produced", "produces", "producing"}


@dataclass(frozen=True)
class Appeal:
    start: int
    end: int
    cue_start: int
    cue_end: int
    kind: str  # "establishment" or "appeal"
    cue: str
    flags: frozenset[str]

    @property
    def status(self) -> str:
        return context.status_of(self.flags)


def appeals_of(doc: Doc) -> list[Appeal]:
    return doc.user_data.get(APPEALS_KEY, [])


def _in(group: SpanIndex, start: int, end: int) -> list[Span]:
    return group.within(start, end)


def _cue_spans(doc: Doc, sentence: Span, nouns: list[Span], verbs: list[Span], adjectives: list[Span]) -> list[tuple[Span, str]]:
    cues: list[tuple[Span, str]] = []
    for adjective in adjectives:
        kind = "establishment" if any(word in adjective.text.lower() for word in ("proven", "validated", "tested")) else "appeal"
        cues.append((adjective, kind))
    for verb in verbs:
        clause_start, _ = context.clause_bounds(sentence, verb.start)
        subject = [
            noun
            for noun in nouns
            if clause_start <= noun.start
            and noun.end <= verb.start
            and verb.start - noun.end <= _NOUN_VERB_GAP
            and not any(token.lower_ in _PRONOUNS for token in doc[noun.end : verb.start])
        ]
        previous = doc[verb.start - 1].lower_ if verb.start > sentence.start else ""
        before_previous = doc[verb.start - 2].lower_ if verb.start - 2 >= sentence.start else ""
        perfect = previous in _AUXILIARIES or (
            previous in {"not", "n't", "also", "consistently", "repeatedly", "clearly"} and before_previous in _AUXILIARIES
        )
        participle = verb.text.lower() in _PARTICIPLE_ADJECTIVES and verb.end < sentence.end and doc[verb.end].is_alpha
        following = doc[verb.end].lower_ if verb.end < sentence.end else ""
        verb_word = verb.text.lower()
        if verb_word.startswith("report") and following == "to":
            continue  # "reported to FDA MedWatch": reporting to someone, not a finding
        # "is indicated for / as ...": a product's labelled indication, not a finding.
        locative = following in _LOCATIVE or (verb_word.startswith("indicated") and following in {"for", "as"})
        if subject:
            cues.append((doc[subject[-1].start : verb.end], "appeal"))
        elif (perfect or participle) and not locative and verb_word not in _NEEDS_EVIDENCE_SUBJECT:
            if previous == "be" and before_previous in _MODALS:
                continue  # "should be reported", "must be confirmed": an obligation
            if following == "by" and not any(verb.end < noun.start <= verb.end + 4 for noun in nouns):
                continue  # "confirmed by a CT scan": an agent that is no evidence
            cues.append((verb, "appeal"))
    for noun in nouns:
        if noun.label_ != "noun" or noun.text.lower() not in {
            "evidence",
            "clinical evidence",
            "the evidence base",
            "evidence base",
            "data",
            "science",
            "research",
            "literature",
        }:
            continue
        _, clause_end = context.clause_bounds(sentence, noun.start)
        window = doc[noun.end : min(clause_end, noun.end + 10)]
        if any(token.lower_ in _STRONG_PREDICATES for token in window):
            cues.append((doc[noun.start : window.end], "appeal"))
    return cues


class EvidenceDetector:
    def __init__(self, citation_window: int = 0):
        self._window = citation_window

    def __call__(self, doc: Doc) -> Doc:
        sentences = sentences_of(doc)
        cues = context.CueIndex.of(doc)
        evidence = span_index(doc, "evidence")
        appeals: list[Appeal] = []
        for info in sentences:
            sentence = info.span
            if references.is_reference_entry(doc, info):
                continue
            own = _in(evidence, sentence.start, sentence.end)
            if not own or _describes_disease(doc, sentence):
                continue
            nouns = [span for span in own if span.label_ == "noun"]
            verbs = [span for span in own if span.label_ == "verb"]
            adjectives = [span for span in own if span.label_ == "adjective"]
            found = _cue_spans(doc, sentence, nouns, verbs, adjectives)
            if not found:
                continue
            cited = references.cited_in_window(doc, info, self._window)
            best: Appeal | None = None
            for cue, kind in found:
                flags = context.flags_for(doc, sentence, cue.end - 1, cues, cited)
                if cue[-1].lower_ in {"suggest", "suggests", "suggested", "indicate", "indicates"}:
                    flags = flags | {context.HEDGED}
                if _titles_a_topic(info):
                    flags = flags | {context.QUESTION}
                appeal = Appeal(sentence.start_char, sentence.end_char, cue.start_char, cue.end_char, kind, cue.text, flags)
                if best is None or _rank(appeal) < _rank(best):
                    best = appeal
            if best is not None:
                appeals.append(best)
        doc.user_data[APPEALS_KEY] = appeals
        doc.spans["appeals"] = [
            doc.char_span(appeal.cue_start, appeal.cue_end, label=appeal.kind, alignment_mode="expand") for appeal in appeals
        ]
        return doc


_TITLE_KINDS = {"heading", "title", "meta"}
_WH_WORDS = {"what", "how", "why", "whether", "which"}


def _describes_disease(doc: Doc, sentence: Span) -> bool:
    """ "Researchers have found inflammation in autism" reports a fact about a disease, not proof
    of a treatment: a condition, but no therapy, effect or first-person business in sight."""

    def present(group: str) -> bool:
        return bool(span_index(doc, group).within(sentence.start, sentence.end))

    if not present("conditions") or present("therapies") or present("effects"):
        return False
    return not any(token.lower_ in {"our", "we", "us"} for token in sentence)


def _titles_a_topic(info: SentenceInfo) -> bool:
    """A title such as "MSCs: What the trials have shown" announces a section; it asserts nothing."""
    if info.segment_kind not in _TITLE_KINDS:
        return False
    tokens = list(info.span)
    return any(token.lower_ in _WH_WORDS and (index == 0 or tokens[index - 1].text == ":") for index, token in enumerate(tokens))


def _rank(appeal: Appeal) -> tuple[int, int]:
    return (
        1 if context.not_asserted(appeal.flags) or context.HEDGED in appeal.flags else 0,
        0 if appeal.kind == "establishment" else 1,
    )


@Language.factory("claimcheck_evidence", default_config={"citation_window": 0})
def make_evidence_detector(nlp: Language, name: str, citation_window: int) -> EvidenceDetector:
    return EvidenceDetector(citation_window)
