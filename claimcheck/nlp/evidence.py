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
from claimcheck.nlp.structure import SentenceInfo, SpanIndex, sentences_of, span_index, text_of

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
# "Found" and "established" have everyday senses that prove nothing: cord blood "found
# through a public bank", members who "have found useful" questions, a centre "established
# since 2009", samples "found to contain bacteria".  The word after the verb tells.
_EVERYDAY_AFTER = {"through", "via", "useful", "helpful", "valuable", "other", "ways", "since", "here", "only", "when"}
_EVERYDAY_PAIRS = {("found", "to contain"), ("validated", "for"), ("established", "to"), ("show", "notes")}
# A verb whose object is the diagnosis ("a nerve conduction study helps confirm the
# diagnosis") describes a test, not proof that a treatment works.
_DIAGNOSTIC_OBJECTS = {"diagnosis", "diagnoses", "severity"}
# "We have found no trials", "a trial that found no difference": the finding is an absence.
_ABSENCE_AFTER = {"no", "nothing", "none", "little"}
# "Backed by decades of research", "grounded in research", "based on the latest science":
# a prepositional appeal that names the support without the verb "show".
_BACKING = {
    ("backed", "by"), ("grounded", "in"), ("rooted", "in"), ("based", "on"), ("built", "on"), ("founded", "on"),
    # "draws on research from eye institutes", "incorporates the latest research findings":
    # like "based on", an appeal only when the support is puffed or opens the sentence.
    ("draws", "on"), ("draw", "on"), ("drawing", "on"), ("informed", "by"), ("guided", "by"), ("supported", "by"),
    ("incorporates", "the"), ("incorporating", "the"), ("incorporate", "the"),
}  # fmt: skip
_BACKING_NOUNS = {
    "research",
    "science",
    "studies",
    "study",
    "evidence",
    "data",
    "trials",
    "clinical research",
    "clinical studies",
    "clinical trials",
}
_BACKING_GAP = 5
# Weaker backings ("based on", "built on") appeal to evidence only when the support is
# puffed ("based on the latest research") or the words open the sentence as a slogan:
# "the approval was based on data from two trials", "coverage based on published
# evidence" report what a decision rested on.
_PUFFING = {
    "latest",
    "current",
    "newest",
    "cutting-edge",
    "cutting",
    "edge",
    "decades",
    "years",
    "solid",
    "real",
    "proven",
    "extensive",
    "leading",
    "groundbreaking",
    "advanced",
}
# "What the research has found", "how the data show": a topic announced, not a finding.
_TOPIC_WORDS = {"what", "how", "whether"}
_NOUN_PREPOSITIONS = {"on", "into", "about", "of", "for", "in"}
_QUOTES = "\"“”'‘’"


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
    text = text_of(doc)
    for adjective in adjectives:
        if _quoted(text, adjective.start_char, adjective.end_char):
            continue  # '"Clinically tested" has no fixed meaning': the phrase discussed, not used
        # "Clinically tested", "research-grade", "evidence-based" offer research as a reason to
        # buy (an appeal, ANNOTATION B37); "proven" and "validated" say the question is settled.
        kind = "establishment" if any(word in adjective.text.lower() for word in ("proven", "validated")) else "appeal"
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
        if verb_word.startswith("report") and "to" in (token.lower_ for token in doc[verb.end : min(verb.end + 4, sentence.end)]):
            continue  # "reported (each year) to FDA MedWatch": reporting to someone, not a finding
        after_two = doc[verb.end : min(verb.end + 2, sentence.end)].text.lower()
        if following in _EVERYDAY_AFTER or (verb_word, after_two) in _EVERYDAY_PAIRS or (verb_word, following) in _EVERYDAY_PAIRS:
            continue
        if any(token.lower_ in _DIAGNOSTIC_OBJECTS for token in doc[verb.end : min(verb.end + 3, sentence.end)]):
            continue
        # "is indicated for / as ...": a product's labelled indication, not a finding.
        locative = following in _LOCATIVE or (verb_word.startswith("indicated") and following in {"for", "as"})
        if subject and _announces_topic(doc, sentence, subject[-1]):
            continue
        if subject:
            cues.append((doc[subject[-1].start : verb.end], "appeal"))
        elif (perfect or participle) and not locative and verb_word not in _NEEDS_EVIDENCE_SUBJECT:
            if previous == "be" and before_previous in _MODALS:
                continue  # "should be reported", "must be confirmed": an obligation
            if following == "by" and not any(verb.end < noun.start <= verb.end + 4 for noun in nouns):
                continue  # "confirmed by a CT scan": an agent that is no evidence
            cues.append((verb, "appeal"))
    cues.extend(_backing_cues(doc, sentence, nouns))
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
        for token in window:
            if token.i > 0 and doc[token.i - 1].lower_ in _NOUN_PREPOSITIONS:
                continue  # "research on growing tissue": the noun's topic, not its strength
            if token.lower_ in _STRONG_PREDICATES:
                cues.append((doc[noun.start : window.end], "appeal"))
                break
    return cues


def _framed_as_research(doc: Doc, sentence: Span) -> bool:
    """Whether a research frame other than the word "research" itself is in the sentence:
    "backed by decades of research" appeals to research; "is being tested in a trial"
    frames what follows as research."""
    hedges = span_index(doc, "hedges").within(sentence.start, sentence.end)
    return any(
        span.label_ in {"investigational", "advisory"}
        and any(token.lemma_.lower() not in {"research", "be", "-"} for token in span)
        for span in hedges
    )


_MENTION_WORDS = 6


def _mentioned(text: str, sentence: Span, cue: Span) -> bool:
    """The cue sits inside a short quotation ('phrases like "research shows"', '"backed
    by years of research" means nothing'): a phrase mentioned, not an appeal made.  A long
    quotation is someone speaking, and their appeal counts."""
    before = text[sentence.start_char : cue.start_char]
    opening = max(before.rfind('"') if before.count('"') % 2 else -1, before.rfind("“"))
    if opening < 0 or "”" in before[opening + 1 :]:
        return False
    rest = text[cue.end_char : sentence.end_char]
    closing = [index for index in (rest.find('"'), rest.find("”")) if index >= 0]
    if not closing:
        return False
    quoted = text[sentence.start_char + opening + 1 : cue.end_char + min(closing)]
    return len(quoted.split()) <= _MENTION_WORDS


def _quoted(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1] in _QUOTES and text[end] in _QUOTES


def _announces_topic(doc: Doc, sentence: Span, noun: Span) -> bool:
    """ "What the research has found", "whether randomized trials show": a wh-word just
    before the evidence noun makes the clause a topic or a question, not a finding."""
    before = doc[max(sentence.start, noun.start - 3) : noun.start]
    return any(token.lower_ in _TOPIC_WORDS for token in before)


def _backing_cues(doc: Doc, sentence: Span, nouns: list[Span]) -> list[tuple[Span, str]]:
    """ "Backed by decades of research", "grounded in current science": the support named
    by a preposition, a few words before an evidence noun.  "Based on" and "built on" count
    only when the support is puffed or as a slogan opening the sentence."""
    cues: list[tuple[Span, str]] = []
    for noun in nouns:
        if noun.label_ != "noun" or noun.text.lower() not in _BACKING_NOUNS:
            continue
        for start in range(max(sentence.start, noun.start - _BACKING_GAP - 2), noun.start - 1):
            pair = (doc[start].lower_, doc[start + 1].lower_)
            if pair not in _BACKING:
                continue
            between = doc[start + 2 : noun.start]
            if any(token.is_punct or token.lower_ in {"and", "or", "but"} for token in between):
                continue
            if doc[start].idx > 0 and text_of(doc)[doc[start].idx - 1] in _QUOTES:
                break  # '"Built on the latest research," when none is named': the phrase discussed
            strong = pair[0] in {"backed", "grounded", "rooted"}
            if strong or start == sentence.start or any(token.lower_ in _PUFFING for token in between):
                cues.append((doc[start : noun.end], "appeal"))
            break
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
                if _mentioned(text_of(doc), sentence, cue):
                    continue
                flags = context.flags_for(doc, sentence, cue.end - 1, cues, cited)
                if cue[-1].lower_ in {"suggest", "suggests", "suggested", "indicate", "indicates"}:
                    flags = flags | {context.HEDGED}
                if context.INVESTIGATIONAL in flags and not _framed_as_research(doc, sentence):
                    flags = flags - {context.INVESTIGATIONAL}
                if cue.end < sentence.end and doc[cue.end].lower_ in _ABSENCE_AFTER:
                    flags = flags | {context.NEGATED}
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
