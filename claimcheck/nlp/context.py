"""How a sentence frames what it says: negated, hedged, investigational, reported,
asked, or cited.

Without a parser, scope is approximated by clauses: a negation covers what follows it
up to the next comma or clause boundary; a hedge covers its clause; an
investigational frame, an attribution to someone else ("some clinics claim") or a
question covers the whole sentence.  With a trained pipeline the same rules apply,
so both paths give the same answers on the same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc, Span

from claimcheck.nlp.structure import SentenceInfo, sentence_index_at, sentences_of, span_table, span_text, text_of, tokens_of

NEGATED = "negated"
HEDGED = "hedged"
INVESTIGATIONAL = "investigational"
REPORTED = "reported"
QUESTION = "question"
CITED = "cited"
FLAGS = (NEGATED, HEDGED, INVESTIGATIONAL, REPORTED, QUESTION, CITED)

_CLAUSE_BREAKS = {";", ":", "—", "–", "--", "•"}
_CLAUSE_WORDS = {"but", "whereas", "although", "though", "however", "yet", "while", "unlike"}
_NEGATION_REACH = 8
_WARNING_PAGE_CUES = 3  # "beware", "red flag", "misleading"...: a page that warns about claims
_LIST_ITEM_WORDS = 1
_LIST_REACH = 6
_COORDINATORS = {"or", "nor", "and"}
_SUBJECTS = {"it", "they", "we", "you", "he", "she", "this", "these", "those", "our", "the", "their", "its"}
# "not only", "not merely": contrast, not negation.
_CONTRASTIVE_AFTER_NOT = {"only", "just", "merely", "simply", "necessarily"}
_NOT_REPORTING = {"promising", "marketed", "markets"}
# "There is no doubt that...", "without question", "no wonder": the negation asserts.
_ASSERTING_AFTER_NEGATION = {"doubt", "doubting", "question", "wonder"}
_ASSERTING_NEGATIONS = {"no", "without", "never"}
# "never fails to calm", "does not fail to": a failure denied asserts success.
_FAILING = {"fail", "fails", "failed", "failing", "disappoint", "disappoints", "disappointed"}
_DENYING = {"not", "n't", "never"}


@dataclass(frozen=True)
class CueIndex:
    """Per-token cue marks for one Doc, computed once and shared by analyzers."""

    negation: tuple[bool, ...]
    hedge: tuple[bool, ...]
    investigational: tuple[bool, ...]
    reporting: tuple[bool, ...]
    warning_page: bool = False
    clause_break: tuple[bool, ...] = ()

    @classmethod
    def of(cls, doc: Doc) -> CueIndex:
        """The Doc's cue index, built on first use."""
        cached = doc.user_data.get("claimcheck.cues")
        if cached is None:
            cached = doc.user_data["claimcheck.cues"] = cls.build(doc)
        return cached

    @classmethod
    def build(cls, doc: Doc) -> CueIndex:
        size = len(doc)
        negation = [False] * size
        hedge = [False] * size
        investigational = [False] * size
        reporting = [False] * size
        tokens = tokens_of(doc)
        text = text_of(doc)
        # The groups' tables (shared with the arbiter's readings), not the groups: iterating
        # a SpanGroup builds a Span per term.  A term's text is cut from the Doc's text.
        negations = span_table(doc, "negations")
        for start, end, start_char, end_char in zip(
            negations.start, negations.end, negations.start_char, negations.end_char, strict=True
        ):
            following = tokens.lower[end] if end < size else ""
            cue = text[start_char:end_char].lower()
            if cue in {"not", "n't"} and following in _CONTRASTIVE_AFTER_NOT:
                continue
            if cue in _ASSERTING_NEGATIONS and following in _ASSERTING_AFTER_NEGATION:
                continue
            if (cue in _DENYING and following in _FAILING) or (
                cue.split()[0] in _FAILING and start > 0 and tokens.lower[start - 1] in _DENYING
            ):
                continue
            negation[start] = True
        hedges = span_table(doc, "hedges")
        for start, end, label in zip(hedges.start, hedges.end, hedges.label, strict=True):
            target = investigational if label in {"investigational", "advisory"} else hedge
            for index in range(start, end):
                target[index] = True
        warnings = 0
        reports = span_table(doc, "reporting")
        for start, end, start_char, end_char, label in zip(
            reports.start, reports.end, reports.start_char, reports.end_char, reports.label, strict=True
        ):
            if text[start_char:end_char].lower() in _NOT_REPORTING:
                continue
            if label == "warning" and any(negation[max(0, start - 2) : start]):
                continue  # "thousands of patients can't be wrong": a warning word denied warns of nothing
            warnings += label == "warning"
            for index in range(start, end):
                reporting[index] = True
        return cls(
            tuple(negation),
            tuple(hedge),
            tuple(investigational),
            tuple(reporting),
            warnings >= _WARNING_PAGE_CUES,
            _clause_breaks(doc),
        )


def clause_bounds(sentence: Span, index: int) -> tuple[int, int]:
    """Token range [start, end) of the clause around doc index `index`."""
    breaks = CueIndex.of(sentence.doc).clause_break
    start = sentence.start
    for position in range(index - 1, sentence.start - 1, -1):
        if breaks[position]:
            start = position + 1
            break
    end = sentence.end
    for position in range(index + 1, sentence.end):
        if breaks[position]:
            end = position
            break
    return start, end


def _clause_breaks(doc: Doc) -> tuple[bool, ...]:
    """Which tokens end a clause, marked once per Doc from its attribute arrays: clause
    bounds are asked for every effect and every match, and building a Token object per
    position per question (or even once per token) dominated the analysis."""
    if not len(doc):
        return ()
    strings = doc.vocab.strings
    orth, lower = doc.to_array([ORTH, LOWER]).T
    punctuation = numpy.isin(orth, [strings.add(text) for text in _CLAUSE_BREAKS])
    words = numpy.isin(lower, [strings.add(word) for word in _CLAUSE_WORDS])
    always = numpy.isin(lower, [strings.add(word) for word in ("whereas", "unlike")])
    after_pause = numpy.zeros(len(doc), dtype=bool)
    after_pause[0] = True
    after_pause[1:] = numpy.isin(orth[:-1], [strings.add(text) for text in (",", ";", "(", "—")])
    return tuple((punctuation | (words & (after_pause | always))).tolist())


# "No controlled trial has shown that...", "neither ... is approved for ...": a negated
# statement of proof or approval governs everything after it in the sentence.
_PROOF_WORDS = {
    "show", "shown", "prove", "proven", "demonstrate", "demonstrated", "establish", "established", "approve",
    "approved", "clear", "cleared", "license", "licensed", "evidence", "proof", "proved", "support", "supported",
    "confirm", "confirmed",
}  # fmt: skip
# "There are no human clinical studies showing that...": the evidence itself denied.  A
# study noun counts only close to the cue ("no controlled trials", not "no surgery and
# studies show").
_STUDY_NOUNS = {"study", "studies", "trial", "trials", "research", "data", "literature"}
_STUDY_NOUN_REACH = 5
_PROOF_FRAME_REACH = 8


# Words that deny proof as "no" does when they stand before it: "little evidence that",
# "few studies show", "hardly any trials"; not after "a" or "quite" ("a few studies show").
_SCARCE = {"little", "few", "scant", "scarce", "hardly", "barely", "scarcely"}
_NOT_SCARCE_AFTER = {"a", "quite"}


def negates_proof_before(doc: Doc, cues: CueIndex, sentence_start: int, index: int) -> bool:
    """A negation cue (or a word of scarcity, `_SCARCE`) followed closely, in the same
    clause, by a word of proof or approval (or a study noun right after it), earlier in
    the sentence."""
    breaks = cues.clause_break
    tokens = tokens_of(doc)
    for position in range(sentence_start, index):
        scarce = tokens.lower[position] in _SCARCE and (
            position == sentence_start or tokens.lower[position - 1] not in _NOT_SCARCE_AFTER
        )
        if not (cues.negation[position] or scarce):
            continue
        for offset, at in enumerate(range(position + 1, min(position + 1 + _PROOF_FRAME_REACH, index)), start=1):
            lower = tokens.lower[at]
            if tokens.text[at] == "," or (breaks and breaks[at]) or lower in _COORDINATORS:
                break
            if lower in _PROOF_WORDS or tokens.lemma[at] in _PROOF_WORDS:
                return True
            if offset <= _STUDY_NOUN_REACH and lower in _STUDY_NOUNS:
                return True
    return False


def is_negated(doc: Doc, cues: CueIndex, clause_start: int, index: int) -> bool:
    """A negation cue before `index` in its clause, not cut off by a comma, unless the comma
    only separates single words of a list ("not intended to diagnose, treat, cure or prevent")."""
    tokens = tokens_of(doc)
    # "treat, cure, or prevent": Oxford comma
    in_list = any(word in _COORDINATORS for word in tokens.lower[max(clause_start, index - 2) : index + 6])
    # A list of single words carries the negation further: "not ... diagnose, treat, cure, or prevent".
    lowest = max(clause_start, index - _NEGATION_REACH - (_LIST_REACH if in_list else 0))
    since_comma = 0
    for position in range(index - 1, lowest - 1, -1):
        if tokens.text[position] == ",":
            if not in_list or since_comma > _LIST_ITEM_WORDS:
                return False
            since_comma = 0
            continue
        if cues.negation[position]:
            return True
        word = tokens.lower[position]
        if word in _SUBJECTS and not _complement_subject(tokens.lower, position, lowest):
            return False  # ", and they repair...": a new clause, not a list item
        if word not in _COORDINATORS:
            since_comma += 1
    return False


# Verbs whose clause a negation reaches through: "we do not promise that it will relieve
# pain", "we can't say they help", "no one knows whether it works", "we do not describe it
# as rejuvenation": the subject or object after them opens what the negated verb governs,
# not a new clause.
_COMPLEMENT_VERBS = {
    "promise", "promised", "promises", "guarantee", "guaranteed", "guarantees", "claim", "claimed", "claims",
    "say", "said", "says", "saying", "know", "knew", "knows", "think", "believe", "expect", "suggest", "suggests",
    "mean", "means", "imply", "implies", "show", "shown", "showing", "shows", "prove", "proven", "proves",
    "proving", "find", "found", "tell", "told", "assume", "predict", "confirm", "confirmed", "demonstrate",
    "demonstrated", "demonstrating", "describe", "described", "call", "called", "present", "presented",
    "market", "marketed", "advertise", "advertised", "sell", "sold",
}  # fmt: skip
_COMPLEMENTIZERS = {"that", "whether", "if"}


def _complement_subject(lower: Sequence[str], position: int, lowest: int) -> bool:
    """The subject word at `position` opens a complement clause ("promise that it will",
    "say they help", "know whether it works"), which the negation of its verb covers."""
    before = position - 1
    if before >= lowest and lower[before] in _COMPLEMENTIZERS:
        before -= 1
    return before >= lowest and lower[before] in _COMPLEMENT_VERBS


def flags_for(
    doc: Doc,
    sentence: Span,
    index: int,
    cues: CueIndex,
    cited: bool,
) -> frozenset[str]:
    """The framing flags that apply to the word at doc index `index`."""
    clause_start, clause_end = clause_bounds(sentence, index)
    flags = set()
    if is_negated(doc, cues, clause_start, index) or negates_proof_before(doc, cues, sentence.start, index):
        flags.add(NEGATED)
    if _hedged(doc, cues, clause_start, clause_end, index):
        flags.add(HEDGED)
    if any(cues.investigational[sentence.start : sentence.end]):
        flags.add(INVESTIGATIONAL)
    if (
        any(cues.reporting[sentence.start : sentence.end])
        or _attributed_to_others(doc, clause_start, index)
        or _attributed_before_colon(doc, sentence, clause_start)
        or _refuted_quote(sentence, cues)
        or _listed_as_example(sentence, cues)
        or _introduced_quote(sentence, cues)
        or _labelled_quote(sentence)
    ):
        flags.add(REPORTED)
    if _is_question(sentence):
        flags.add(QUESTION)
    if cited:
        flags.add(CITED)
    return frozenset(flags)


# Who makes claims the page reports: "ads for exosome facials that promise...", "clinics
# offering stem cells for long COVID", "the release said the infusions...".  Plural and
# generic sellers or their copy, and the people who pitch for them; not the business itself
# ("our website says", "we offer"), nor a clinic in the singular, which is how a page names
# the business it sells for ("Riverside Clinic offers PRP for knees").
_OTHER_SOURCES = {
    "clinics", "ad", "ads", "advert", "adverts", "advertisement", "advertisements", "advertising", "websites",
    "brochure", "brochures", "flyer", "flyers", "leaflet", "leaflets", "mailers", "sellers",
    "vendors", "providers", "presenters", "presenter", "marketers", "promoters", "companies", "businesses",
    "spokesperson", "spokesman", "spokeswoman", "representative", "salesperson", "salesman", "saleswoman",
    "listing", "listings", "pitch", "pitches", "operators",
}  # fmt: skip
# Verbs by which such a source makes its claim (every form: the lexicon has no lemmas here).
_CLAIMING_VERBS = {
    "say", "says", "said", "saying", "claim", "claims", "claimed", "claiming", "promise", "promises", "promised",
    "promising", "offer", "offers", "offered", "offering", "advertise", "advertises", "advertised", "advertising",
    "sell", "sells", "sold", "selling", "market", "markets", "marketed", "marketing", "tout", "touts", "touted",
    "touting", "describe", "describes", "described", "describing", "tell", "tells", "told", "telling",
    "stated", "stating", "suggest", "suggests", "suggested", "suggesting",
    "boast", "boasts", "boasted", "pitch", "pitched", "pitching", "push", "pushed", "pushing", "wrote", "write",
    "writes", "insist", "insisted", "insists", "assure", "assured", "assures",
}  # fmt: skip
# A seller in the singular is someone else only when the page means any one of them: "a
# clinic may say", "if a website tells you", "one company claimed".
_ANY_SELLER = {
    "clinic", "website", "site", "company", "provider", "seller", "spa", "centre", "center", "practitioner",
    "supplier", "manufacturer", "distributor", "doctor", "chiropractor", "salesperson",
}  # fmt: skip
_INDEFINITE = {"a", "an", "one", "another", "any", "some"}
_PRESS = {"release", "releases"}
_SOURCE_REACH = 9  # words from the source to its verb: "ads for stem cell or exosome treatments that promise"
_OWNERS = {"our", "my"}  # "send us adverts promising": "us" receives, it does not own
_SPEAKERS = {"we", "i", "you"}


def _attributed_to_others(doc: Doc, clause_start: int, index: int) -> bool:
    """The word at `index` is what a source other than the business claims: earlier in its
    clause a verb of claiming or offering (`_CLAIMING_VERBS`) follows, within a few words,
    one of `_OTHER_SOURCES` ("adverts promising that one injection will...", "clinics
    offering infusions for long COVID"), not the business's own ("our brochure says"), or
    any one seller (`_ANY_SELLER`: "a clinic may say that it uses...")."""
    lower = tokens_of(doc).lower
    for verb in range(index - 1, clause_start, -1):
        if lower[verb] not in _CLAIMING_VERBS or lower[verb - 1] in _SPEAKERS:
            continue  # "unlike the clinics down the road, we offer...": the business offers
        commas = words = 0
        for at in range(verb - 1, clause_start - 1, -1):
            commas += lower[at] == ","
            if commas % 2:
                # Inside a pair of commas ("the brochure, which she sent us, promised") the
                # words are an aside; past a single one ("the clinics down the road, our
                # doctors offer") the verb has a subject of its own.
                continue
            words += 1
            if words > _SOURCE_REACH:
                break
            if lower[at] in _PRESS and at > clause_start and lower[at - 1] in {"press", "news"}:
                return True  # "the press release said", not "the platelets release growth factors"
            if lower[at] in _OTHER_SOURCES and not any(word in _OWNERS for word in lower[max(clause_start, at - 2) : at]):
                return True
            if lower[at] in _ANY_SELLER and at > clause_start and lower[at - 1] in _INDEFINITE:
                return True
    return False


def _attributed_before_colon(doc: Doc, sentence: Span, clause_start: int) -> bool:
    """The clause follows a colon after which another seller's words come ('The advert, for
    a clinic in Leeds, stated: "..."'): the claim is theirs, quoted."""
    colon = clause_start - 1
    if colon <= sentence.start or tokens_of(doc).text[colon] != ":":
        return False
    lead_in_start, _ = clause_bounds(sentence, colon - 1)
    return _attributed_to_others(doc, lead_in_start, colon)


# "Stop anti-inflammatory medicines a week before the injection", "talk to your doctor before
# changing or stopping your treatment", "we will tell you which to stop": an instruction
# about the reader's medicines, not an effect of a therapy.  (An outcome, "patients stop
# taking pain pills", has a subject of its own and stays a claim.)
_STOP_WORDS = {"stop", "stopping", "discontinue", "discontinuing", "pause", "pausing"}
_MEDICINES = {
    "medicine", "medicines", "medication", "medications", "meds", "pills", "tablets", "drugs", "painkillers",
    "relievers", "treatment", "treatments", "therapy", "ibuprofen", "aspirin", "naproxen", "nsaids",
    "blood", "thinners", "steroids", "supplements", "inhaler", "inhalers", "insulin",
}  # fmt: skip
_BEFORE_MEDICINE = {
    "taking", "using", "your", "my", "any", "all", "the", "these", "those", "some", "of", "anti", "-",
    "inflammatory", "pain", "prescription", "current", "regular", "disease", "modifying", "other", "usual",
}  # fmt: skip
_INSTRUCTING = {"please", "do", "don't", "not", "n't", "never"}
_ASKING = {"which", "when", "how", "whether", "what"}


def _instructs_before(lower: Sequence[str], index: int) -> bool:
    """What comes just before the stop word makes it advice: "before stopping", "which to
    stop", "changing or stopping" (not "have been able to stop": an outcome)."""
    previous = lower[index - 1]
    if previous in {"before", "after"}:
        return True
    if previous == "to":
        return lower[index - 2] in _ASKING
    return previous in {"or", "and"} and lower[index - 2].endswith("ing")


def instructs_to_stop_medicine(doc: Doc, sentence: Span, index: int) -> bool:
    """The word at `index` ("stop", "stopping") tells the reader to stop, or when to stop,
    a medicine or treatment: it opens the sentence as an imperative ("Stop ibuprofen...",
    "Please stop...", "Do not stop...") or follows "before", "to", "or" ("before changing
    or stopping your treatment", "which to stop"); and a medicine follows it, or nothing."""
    lower = tokens_of(doc).lower
    if lower[index] not in _STOP_WORDS:
        return False
    opening = all(lower[at] in _INSTRUCTING for at in range(sentence.start, index))
    if not opening and not _instructs_before(lower, index):
        return False
    for at in range(index + 1, min(sentence.end, index + 6)):
        if lower[at] in _MEDICINES:
            return True
        if lower[at] not in _BEFORE_MEDICINE:
            return lower[at] in {"and", "."} and lower[index - 1] == "to"  # "which to stop and when"
    return False


# Words that open a relative clause: a hedge inside one qualifies its noun, not the claim.
RELATIVE_WORDS = frozenset({"that", "which", "who", "whom", "whose", "where"})


def _hedged(doc: Doc, cues: CueIndex, clause_start: int, clause_end: int, index: int) -> bool:
    """A hedge in the clause of the word at `index`, unless it sits in a relative clause
    after it: in "it can help take pressure off nerves that might be causing pain" the
    "might" qualifies the cause of the pain, not the claim."""
    hedge = cues.hedge
    if any(hedge[clause_start : index + 1]):
        return True
    lower = tokens_of(doc).lower
    for position in range(index + 1, clause_end):
        if lower[position] in RELATIVE_WORDS:
            return False
        if hedge[position]:
            return True
    return False


_OPEN_QUOTES = "\"“‘'"
_CLOSE_QUOTES = "\"”’'."


def _quoted_sentence(sentence: Span) -> SentenceInfo | None:
    """The sentence's place on the page when the whole sentence is in quotation marks."""
    text = span_text(sentence).strip()
    if len(text) < 2 or text[0] not in _OPEN_QUOTES or text[-1] not in _CLOSE_QUOTES:
        return None
    return sentence_index_at(sentence.doc, sentence.start)


def _refuted_quote(sentence: Span, cues: CueIndex) -> bool:
    """A quoted claim that one of the next two sentences calls a claim, misleading or false
    (or, on a page of warnings, contradicts) ("That claim is false"), as warning
    pages quote what clinics say."""
    here = _quoted_sentence(sentence)
    if here is None:
        return False
    for following in sentences_of(sentence.doc)[here.index + 1 : here.index + 3]:
        span = following.span
        if any(cues.reporting[span.start : span.end]) or (cues.warning_page and any(cues.negation[span.start : span.end])):
            return True
    return False


# Where a quoted claim was found: "The first came from a brochure for eye injections:".
_QUOTE_SOURCES = {
    "brochure", "brochures", "leaflet", "leaflets", "flyer", "flyers", "ad", "ads", "advert", "adverts",
    "advertisement", "advertisements", "website", "websites", "post", "posts", "email", "emails", "mailer",
    "billboard", "banner", "caption", "seller", "sellers", "listing", "pamphlet", "newsletter", "video",
}  # fmt: skip


def _introduced_quote(sentence: Span, cues: CueIndex) -> bool:
    """A sentence in quotation marks after a lead-in that ends with a colon and says where it
    came from or who said it ("The first came from a brochure for cord cell injections:",
    "One clinic's website puts it this way:"): the page quotes the claim, it does not make it."""
    here = _quoted_sentence(sentence)
    if here is None or here.index == 0:
        return False
    lead_in = sentences_of(sentence.doc)[here.index - 1].span
    tokens = tokens_of(sentence.doc)
    if span_text(lead_in).rstrip()[-1:] != ":":
        return False
    return any(cues.reporting[lead_in.start : lead_in.end]) or any(
        tokens.lower[at] in _QUOTE_SOURCES for at in range(lead_in.start, lead_in.end)
    )


# A label that puts up what follows it as someone's claim to examine: 'Myth 1: "Stem cells
# cure anything."', 'Claim: "..."', 'Misconception #2: "..."'.
_CLAIM_LABELS = {"myth", "myths", "misconception", "misconceptions", "claim", "claims", "misbelief"}
_LABEL_NUMBERING = {"#", "no", "no."}
# Words by which a quoted "myth" doubts or belittles the therapy rather than claiming for it.
_DOUBTING_WORDS = {
    "just", "only", "merely", "risky", "dangerous", "unsafe", "unproven", "experimental", "scam", "fake", "hype",
}  # fmt: skip


def _labelled_quote(sentence: Span) -> bool:
    """The sentence opens with a label of a claim to examine ("Myth 4:", "Claim:") and a
    colon, and what follows the colon is in quotation marks: the page quotes the claim.
    An unquoted "Myth 3: stem cells aren't approved" is a clinic's own myth-vs-fact framing,
    which implies the opposite claim, and is left alone (ANNOTATION B28, B43)."""
    tokens = tokens_of(sentence.doc)
    words = [at for at in range(sentence.start, sentence.end) if not tokens.is_space[at]]
    while words and not tokens.is_alpha[words[0]]:
        words.pop(0)  # a list mark or a number before the label
    if len(words) < 3 or tokens.lower[words[0]] not in _CLAIM_LABELS:
        return False
    rest = words[1:]
    while rest and (tokens.lower[rest[0]] in _LABEL_NUMBERING or tokens.text[rest[0]].isdigit()):
        rest.pop(0)
    if len(rest) < 2 or tokens.text[rest[0]] != ":" or tokens.text[rest[1]][:1] not in _OPEN_QUOTES:
        return False
    # A clinic's myth-vs-fact post quotes cautions to deny them ('Myth 2: "It doesn't work."',
    # '"It's just a cortisone shot."', '"Stem cells are risky."'): its claim is the opposite.
    cues = CueIndex.of(sentence.doc)
    return not any(cues.negation[at] or tokens.lower[at] in _DOUBTING_WORDS for at in rest[2:])


_FRAGMENT_KINDS = {"list_item", "table_cell"}
_QUOTED_PHRASE_TOKENS = 12


def _listed_as_example(sentence: Span, cues: CueIndex) -> bool:
    """A list item under "Be wary of language such as:", or a short item on a page of
    warnings, quotes what others say."""
    here = sentence_index_at(sentence.doc, sentence.start)
    if here is None or here.segment_kind not in _FRAGMENT_KINDS:
        return False
    if cues.warning_page and len(sentence) <= _QUOTED_PHRASE_TOKENS:
        return True  # a page of warnings lists the phrases to watch for
    infos = sentences_of(sentence.doc)
    for previous in reversed(infos[max(0, here.index - 12) : here.index]):
        if previous.segment_kind in _FRAGMENT_KINDS:
            continue
        lead_in = previous.span
        return tokens_of(sentence.doc).text[lead_in.end - 1] == ":" and any(cues.reporting[lead_in.start : lead_in.end])
    return False


def _is_question(sentence: Span) -> bool:
    if _is_rhetorical(sentence):
        return False
    tokens = tokens_of(sentence.doc)
    for position in range(sentence.end - 1, sentence.start - 1, -1):
        text = tokens.text[position]
        if tokens.is_space[position] or text in {'"', "”", "’", "'", ")"}:
            continue
        return text.endswith("?")
    return False


def _is_rhetorical(sentence: Span) -> bool:
    """ "Why go under the knife when one injection does the job?" and "Did you know our
    cells can regrow cartilage?" ask nothing: they assert."""
    tokens = tokens_of(sentence.doc)
    words = [tokens.lower[at] for at in range(sentence.start, sentence.end) if tokens.is_alpha[at]]
    return bool(words) and ((words[0] == "why" and "when" in words[1:]) or words[:3] == ["did", "you", "know"])


def not_asserted(flags: frozenset[str]) -> bool:
    """The author does not state it as fact: negated, asked, reported or framed as research."""
    return bool(flags & {NEGATED, QUESTION, REPORTED, INVESTIGATIONAL})


def status_of(flags: frozenset[str]) -> str:
    if NEGATED in flags:
        return NEGATED
    if flags & {REPORTED, QUESTION, INVESTIGATIONAL}:
        return next(flag for flag in (REPORTED, QUESTION, INVESTIGATIONAL) if flag in flags)
    if CITED in flags:
        return CITED
    if HEDGED in flags:
        return HEDGED
    return "bare"
