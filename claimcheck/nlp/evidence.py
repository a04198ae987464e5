"""Appeals to evidence: text that says proof exists ("studies show", "clinically
proven", "well-documented", "the evidence is clear") and so needs a citation.

Three shapes are recognised: an evidence adjective; an evidence noun followed in its
clause by a reporting verb ("trials have produced", "data confirm"); and a reporting
verb in perfect or passive form whatever its subject ("has been shown", "have
documented").  Each appeal carries framing flags like a claim does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimcheck.nlp import context, references
from claimcheck.nlp.citations import LOWER, UPPER, WEB_KIND
from claimcheck.nlp.structure import SentenceInfo, SpanIndex, sentences_of, span_index, span_text, text_of, tokens_of, words_text

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
_EVERYDAY_AFTER = {"through", "via", "useful", "helpful", "valuable", "other", "ways", "since", "here", "only", "when", "up"}
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
    # Words are read from the Doc's token table and its text by offsets: a `doc[i]` or a
    # `Span.text` per question made a `Token` per word, on every verb of every sentence.
    cues: list[tuple[Span, str]] = []
    text = text_of(doc)
    tokens = tokens_of(doc)
    lower = tokens.lower
    for adjective in adjectives:
        if _quoted(text, adjective.start_char, adjective.end_char):
            continue  # '"Clinically tested" has no fixed meaning': the phrase discussed, not used
        # "Clinically tested", "research-grade", "evidence-based" offer research as a reason to
        # buy (an appeal, ANNOTATION B37); "proven" and "validated" say the question is settled.
        said = text[adjective.start_char : adjective.end_char].lower()
        kind = "establishment" if any(word in said for word in ("proven", "validated")) else "appeal"
        cues.append((adjective, kind))
    for verb in verbs:
        if verb.start_char > 0 and text[verb.start_char - 1] in "-‑":
            continue  # "dopamine-producing cells": half of a compound adjective, not a verb
        if _reduced_relative(doc, sentence, verb):
            continue  # "Results shown are individual": which results, not what they show
        if _wanted(doc, sentence, verb, nouns):
            continue  # "would need the most evidence to support": what is wanted, not what was found
        clause_start, _ = context.clause_bounds(sentence, verb.start)
        subject = [
            noun
            for noun in nouns
            if clause_start <= noun.start
            and noun.end <= verb.start
            and verb.start - noun.end <= _NOUN_VERB_GAP
            and not any(word in _PRONOUNS for word in lower[noun.end : verb.start])
            and not _people_between(doc, noun.end, verb.start)
            and not _in_our_experience(doc, sentence, noun)
            and not _new_subject_after_comma(doc, noun, verb)
        ]
        previous = lower[verb.start - 1] if verb.start > sentence.start else ""
        before_previous = lower[verb.start - 2] if verb.start - 2 >= sentence.start else ""
        perfect = previous in _AUXILIARIES or (
            previous in {"not", "n't", "also", "consistently", "repeatedly", "clearly"} and before_previous in _AUXILIARIES
        )
        verb_word = text[verb.start_char : verb.end_char].lower()
        participle = verb_word in _PARTICIPLE_ADJECTIVES and verb.end < sentence.end and tokens.is_alpha[verb.end]
        following = lower[verb.end] if verb.end < sentence.end else ""
        if verb_word.startswith("report") and "to" in lower[verb.end : min(verb.end + 4, sentence.end)]:
            continue  # "reported (each year) to FDA MedWatch": reporting to someone, not a finding
        after_two = words_text(doc, verb.end, min(verb.end + 2, sentence.end)).lower()
        if following in _EVERYDAY_AFTER or (verb_word, after_two) in _EVERYDAY_PAIRS or (verb_word, following) in _EVERYDAY_PAIRS:
            continue
        if any(word in _DIAGNOSTIC_OBJECTS for word in lower[verb.end : min(verb.end + 3, sentence.end)]):
            continue
        if verb_word in {"found", "find", "finds"} and any(
            word in _VERDICTS for word in lower[verb.end : min(verb.end + _VERDICT_REACH, sentence.end)]
        ):
            continue  # "a jury found the clinic liable": a court's verdict, not a study's finding
        # "is indicated for / as ...": a product's labelled indication, not a finding.
        locative = following in _LOCATIVE or (verb_word.startswith("indicated") and following in {"for", "as"})
        if subject and _announces_topic(doc, sentence, subject[-1]):
            continue
        if _harms_only(doc, sentence, verb):
            continue  # "serious harms have been reported": what went wrong, not proof of a benefit
        if subject and _points_back(doc, sentence, subject[-1]):
            # "These results prove that...", "these data confirm": evidence the page itself has
            # just given, drawn into a conclusion.  Called proof, it is an establishment claim;
            # otherwise the page reports its own data and appeals to no unnamed study.
            if verb_word in _SETTLING_VERBS:
                cues.append((doc[subject[-1].start : verb.end], "establishment"))
            continue
        if subject:
            cues.append((doc[subject[-1].start : verb.end], "appeal"))
        elif (perfect or participle) and not locative and verb_word not in _NEEDS_EVIDENCE_SUBJECT:
            if _people_subject(doc, sentence, verb):
                continue  # "68% of patients have shown", "she had found a clinic": people, not proof
            if previous == "be" and before_previous in _MODALS:
                continue  # "should be reported", "must be confirmed": an obligation
            if following == "by" and not any(verb.end < noun.start <= verb.end + 4 for noun in nouns):
                continue  # "confirmed by a CT scan": an agent that is no evidence
            if participle and verb_word == "validated" and following not in _VALIDATED_CLAIMS:
                continue  # "validated questionnaires", "a validated freezer": a checked tool, not proof
            if verb_word == "established" and not perfect:
                continue  # "an established treatment", "is established care": standard care, no appeal to studies
            # "a proven alternative to surgery", "has been proven to work": the benefit called
            # settled with no study named is an establishment claim (ANNOTATION section 3), not
            # an appeal to studies.
            near_study = any(  # "proven by research"; "in our clinical experience, ... a proven bridge" names no study
                verb.start - 4 <= noun.start <= verb.end + 4 and "experience" not in span_text(noun).lower() for noun in nouns
            )
            cues.append((verb, "establishment" if verb_word in _SETTLED_WORDS and not near_study else "appeal"))
    cues.extend(_backing_cues(doc, sentence, nouns))
    for noun in nouns:
        if noun.label_ != "noun" or span_text(noun).lower() not in {
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
        window_end = min(clause_end, noun.end + 10)
        for index in range(noun.end, window_end):
            if index > 0 and lower[index - 1] in _NOUN_PREPOSITIONS:
                continue  # "research on growing tissue": the noun's topic, not its strength
            if lower[index] in _STRONG_PREDICATES:
                cues.append((doc[noun.start : window_end], "appeal"))
                break
    return cues


# Who an outcome happened to, or who did something, is no evidence: "68% of patients have
# shown a slower decline" is a statistic, "she had found a clinic in Cancun" a story,
# "Results our members report" a testimonial heading, "our study patients ... find their
# swelling goes down" a claim of effect.  ("Studies in patients have shown" names whom the
# studies were in: a preposition before the people keeps the study the subject.)
_PEOPLE = {
    "patients", "patient", "people", "clients", "client", "members", "customers", "families", "parents",
    "children", "kids", "users", "guests", "athletes", "players", "owners", "veterans", "women", "men",
}  # fmt: skip
_PERSONAL_PRONOUNS = {"she", "he", "i", "you", "they"}
_MODIFYING_PREPOSITIONS = {"in", "on", "of", "among", "with", "for", "from", "to", "by", "at", "across", "involving"}
# Words between a subject and its verb that do not change who the subject is.
_VERB_CHAIN = _AUXILIARIES | {
    "not", "n't", "also", "already", "consistently", "repeatedly", "clearly", "now", "just", "often", "all", "never",
}  # fmt: skip
# "Researchers say they have found": "they" stands for the researchers, and the appeal stands.
_RESEARCH_AGENTS = {
    "researchers", "scientists", "studies", "trials", "investigators", "doctors", "physicians", "universities",
    "team", "teams", "experts", "research", "data",
}  # fmt: skip


def _under_preposition(doc: Doc, floor: int, index: int, prepositions: set[str]) -> bool:
    return any(word in prepositions for word in tokens_of(doc).lower[max(floor, index - 3) : index])


def _in_our_experience(doc: Doc, sentence: Span, noun: Span) -> bool:
    """ "In our clinical experience, the therapy is a proven bridge": a frame for the sentence,
    not the subject of its verb (the claim is still judged: "proven" calls it settled)."""
    return "experience" in span_text(noun).lower() and _under_preposition(doc, sentence.start, noun.start, {"in", "from"})


# "A jury has found a clinic liable", "the board found him negligent": a verdict on someone.
_VERDICTS = {"liable", "guilty", "negligent", "responsible", "culpable", "innocent", "accountable", "unfit"}
_VERDICT_REACH = 8
# What opens the words after a comma when they go on describing the evidence noun rather than
# naming a new subject: "Studies, including ours, show", "trials, which ..., show".
_APPOSITION_OPENERS = {
    "including", "such", "like", "which", "that", "who", "and", "or", "in", "from", "of", "on", "at", "by", "with",
    "both", "especially", "particularly", "notably", "as", "mostly", "many", "all", "some",
}  # fmt: skip


def _new_subject_after_comma(doc: Doc, noun: Span, verb: Span) -> bool:
    """The verb has a subject of its own after a comma that parts it from the evidence noun:
    "In our follow-up surveys, 8 in 10 parents report ..." (the noun sits in an opening
    phrase), "Cell therapy trial misses main goal, researchers report" (a headline's
    attribution).  "Studies, including our own, show" goes on describing the studies."""
    tokens = tokens_of(doc)
    commas = [index for index in range(noun.end, verb.start) if tokens.text[index] == ","]
    if not commas:
        return False
    after = [index for index in range(commas[-1] + 1, verb.start) if tokens.lower[index] not in _VERB_CHAIN]
    return (
        bool(after)
        and tokens.lower[after[0]] not in _APPOSITION_OPENERS
        and any(tokens.is_alpha[index] or doc[index].like_num for index in after)
    )


def _people_between(doc: Doc, start: int, end: int) -> bool:
    """A person noun between an evidence noun and its verb that no preposition ties to the noun
    ("Results our members report", "our study patients feel ... and find") is the verb's subject."""
    lower = tokens_of(doc).lower
    return any(
        lower[index] in _PEOPLE and not _under_preposition(doc, start, index, _MODIFYING_PREPOSITIONS)
        for index in range(start, end)
    )


def _people_subject(doc: Doc, sentence: Span, verb: Span) -> bool:
    """The perfect or passive verb's subject is a person ("she had found", "68% of patients have
    shown"), not an evidence noun.  "MRIs in selected patients have shown" keeps its MRIs."""
    lower = tokens_of(doc).lower
    index = verb.start - 1
    while index >= sentence.start and lower[index] in _VERB_CHAIN:
        index -= 1
    if index < sentence.start or index == verb.start - 1:
        return False
    head = lower[index]
    if head in _PERSONAL_PRONOUNS:
        return head != "they" or not any(word in _RESEARCH_AGENTS for word in lower[sentence.start : index])
    return head in _PEOPLE and not _under_preposition(doc, sentence.start, index, _MODIFYING_PREPOSITIONS - {"of"})


# "Would need the most evidence to support", "trials are required to show": evidence wanted.
# ("We now have the data to show that..." has it, and appeals.)
_WANTING = {"need", "needs", "needed", "require", "requires", "required", "want", "wants", "lack", "lacks", "seek", "seeks"}


def _wanted(doc: Doc, sentence: Span, verb: Span, nouns: list[Span]) -> bool:
    lower = tokens_of(doc).lower
    if verb.start - 2 < sentence.start or lower[verb.start - 1] != "to":
        return False
    noun = next((noun for noun in nouns if noun.end == verb.start - 1), None)
    if noun is None:
        return False
    return any(word in _WANTING for word in lower[max(sentence.start, noun.start - 4) : noun.end + 3])


# "These results prove", "this study shows", "such data confirm": a subject that points back
# to evidence already on the page.
_DEMONSTRATIVES = {"these", "this", "those", "such"}
_SETTLING_VERBS = {
    "prove", "proves", "proved", "proven", "proving", "confirm", "confirms", "confirmed", "confirming",
    "validate", "validates", "validated", "establish", "establishes", "established",
}  # fmt: skip


def _points_back(doc: Doc, sentence: Span, noun: Span) -> bool:
    """The noun phrase opens with a demonstrative at a clause's start ("Taken together, these
    data confirm"); "meta-analyses combining all these studies show" has another subject."""
    tokens = tokens_of(doc)
    for index in range(max(sentence.start, noun.start - 2), noun.start):
        if tokens.lower[index] in _DEMONSTRATIVES:
            return index == sentence.start or tokens.is_punct[index - 1] or tokens.lower[index - 1] in {"and", "but", "so", "yet"}
    return False


# "Results shown are individual", "the outcomes reported here": a participle right after its
# noun, then a verb or a place, says which results are meant, not that they show anything.
_AFTER_REDUCED_RELATIVE = {"are", "is", "were", "was", "here", "below", "above", "may", "vary", "varies", "do", "does"}


def _reduced_relative(doc: Doc, sentence: Span, verb: Span) -> bool:
    if verb.start <= sentence.start or verb.end >= sentence.end:
        return False
    tokens = tokens_of(doc)
    word, previous, following = span_text(verb).lower(), verb.start - 1, tokens.lower[verb.end]
    return (
        word.endswith(("n", "ed"))
        and tokens.is_alpha[previous]
        and tokens.lower[previous] not in _AUXILIARIES | _VERB_CHAIN | _PRONOUNS | _PERSONAL_PRONOUNS
        and following in _AFTER_REDUCED_RELATIVE
    )


# Proof by crowd and borrowed research (ANNOTATION B37): "thousands of studies", "over 1,000
# published papers", "there's tons of studies on it"; "researchers at major universities have been
# studying...", "teams at Stanford and Duke have studied these same biologics".  A volume of studies
# or the prestige of whoever studied the therapy is offered in place of a study a reader could find.
# "Researchers at Lakeside University are studying whether..." recruits for a trial, "academic
# centers are testing CAR T cells in monitored trials" reports research under way, and a count
# ("we found 19 trials", "phase 1 trials") names no crowd.
_STUDY_NOUNS_PLURAL = r"(?:studies|trials|papers|articles|publications)"
# The same crowd told as a mass: "there's a ton of research showing", "a lot of research
# coming out of Europe" (every such unit in the tuning corpora is labelled evidence).
_MASS_OF_RESEARCH = re.compile(
    r"\b(?:a\s+lot|lots|plenty|a\s+great\s+deal|a\s+good\s+deal|a\s+ton|so\s+much)\s+of\s+"
    r"(?:(?:new|good|published|peer-reviewed|clinical|scientific|medical|solid|real|promising|exciting)\s+)*"
    r"(?:research|evidence|data|science)\b",
    re.IGNORECASE,
)
_CROWD_OF_STUDIES = re.compile(
    r"\b(?:(?:tons|dozens|hundreds|thousands|loads|heaps|countless)\s+of|(?:a|an)\s+(?:huge\s+|vast\s+|growing\s+)?(?:mountain|stack|wealth)\s+of"
    r"|(?:over|more\s+than|upwards\s+of|nearly|almost)\s+(?:a\s+)?\d[\d,]*\+?|(?:over|more\s+than)\s+a\s+(?:hundred|thousand))"
    r"\s+(?:of\s+)?(?:(?:published|peer-reviewed|clinical|scientific|medical|research|international|independent)\s+)*"
    + _STUDY_NOUNS_PLURAL
    + r"\b",
    re.IGNORECASE,
)
_PRESTIGE = (
    r"(?:universit(?:y|ies)|medical\s+schools?|research\s+hospitals?|academic\s+(?:medical\s+)?(?:centers|centres|hospitals)"
    r"|(?:leading|top|major|respected|prestigious|renowned|well-known|elite)\s+(?:[\w-]+\s+){0,2}?(?:centers|centres|hospitals|"
    r"institutions|institutes|researchers|scientists|labs|laboratories|programs|programmes|universities|schools)"
    r"|(?:scientists|researchers|teams|doctors|experts)\s+(?:[\w-]+\s+){0,3}?(?:around|all\s+over|across)\s+the\s+"
    r"(?:world|globe|country|continent)|(?:scientists|researchers|teams)\s+in\s+(?:\w+\s+){0,2}countries"
    r"|Harvard|Stanford|Duke|Mayo|Johns\s+Hopkins)"
)
_STUDIED = (
    r"(?:studied|studying|explored|exploring|researched|researching|investigated|investigating"
    r"|looked\s+(?:at|into)|looking\s+(?:at|into))"
)
_BORROWED_RESEARCH = re.compile(
    rf"\b{_PRESTIGE}\b[^.!?\n]{{0,60}}?\b(?:have|has|are|is|been|were|had)\s+(?:[\w-]+\s+)?{_STUDIED}\b"
    rf"|\b(?:been|being)\s+{_STUDIED}\s+(?:[\w-]+\s+){{0,3}}?(?:at|by|in)\s+(?:[\w-]+\s+){{0,3}}?{_PRESTIGE}",
    re.IGNORECASE,
)
# "Follow-up MRI scans show fresh cartilage", "our patients' scans show", "follow-up labs have
# consistently shown": the clinic's own imaging offered as proof (ANNOTATION section 3).  "An MRI
# showed a tear" diagnoses, and "my follow-up MRI showed" is one patient's story (testimonial).
_IMAGING_PROOF = re.compile(
    r"\b(?:follow-up|repeat|post-treatment|before-and-after|our\s+(?:own\s+)?patients['’]?)\s+"
    r"(?:MRI\s+scans|MRIs|scans|imaging|ultrasound\s+(?:scans|examinations)|labs|lab\s+tests|blood\s+tests|x-rays)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:show|document|confirm|reveal|have\s+(?:[\w-]+\s+)?(?:shown|documented|confirmed))\b",
    re.IGNORECASE,
)
_RECRUITING = re.compile(r"\b(?:whether|if)\b", re.IGNORECASE)
_UNDER_WAY = re.compile(
    r"\s+(?:are|is)\s+(?:now\s+|currently\s+|still\s+)?(?:testing|recruiting|enrolling|underway|under\s+way|ongoing|planned|exploring|studying)\b",
    re.IGNORECASE,
)


# "Myth 3: There's no research behind it.", "MYTH: It is still experimental.": a page that
# busts the myth that the evidence is missing tells the reader the evidence exists (every such
# unit in the tuning corpora is labelled evidence).  A myth that claims proof ("Myth: stem
# cells are proven to cure autism") is not this shape.
_BUSTED_MYTH = re.compile(
    r"\W*myth(?:[ \t]*(?:#|no\.?)?[ \t]*\d{1,2})?[ \t]*[:.\-\u2013\u2014][ \t]*[\"“'‘]?"
    r"(?:there(?:[ \t]+is|[ \t]+are|'s|’s)[ \t]+no[ \t]+(?:(?:real|good|scientific|published|solid)[ \t]+)?"
    r"(?:research|evidence|studies|science|data|proof)\b"
    r"|[\w'’ \t-]{1,50}?[ \t]+(?:is|are)[ \t]+(?:still[ \t]+|just[ \t]+|only[ \t]+)?(?:(?:brand[ \t]+)?new[ \t]+and[ \t]+)?"
    r"(?:experimental|untested|unproven)\b)",
    re.IGNORECASE,
)


def _busted_myth_cues(doc: Doc, sentence: Span) -> list[tuple[Span, str]]:
    match = _BUSTED_MYTH.match(text_of(doc), sentence.start_char, sentence.end_char)
    if match is None:
        return []
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    return [(span, "appeal")] if span is not None else []


def _crowd_cues(doc: Doc, sentence: Span) -> list[tuple[Span, str]]:
    text = text_of(doc)
    said = text[sentence.start_char : sentence.end_char]
    cues: list[tuple[Span, str]] = []
    for pattern in (_CROWD_OF_STUDIES, _MASS_OF_RESEARCH, _BORROWED_RESEARCH):
        for match in pattern.finditer(said):
            if pattern is _BORROWED_RESEARCH and _RECRUITING.search(said, match.end()):
                continue
            if pattern is not _BORROWED_RESEARCH and _UNDER_WAY.match(said, match.end()):
                continue  # "Dozens of trials are testing gene therapies": research under way, no finding
            span = doc.char_span(sentence.start_char + match.start(), sentence.start_char + match.end(), alignment_mode="expand")
            if span is not None:
                cues.append((span, "appeal"))
    return cues


def _imaging_cues(doc: Doc, sentence: Span) -> list[tuple[Span, str]]:
    said = text_of(doc)[sentence.start_char : sentence.end_char]
    cues: list[tuple[Span, str]] = []
    for match in _IMAGING_PROOF.finditer(said):
        span = doc.char_span(sentence.start_char + match.start(), sentence.start_char + match.end(), alignment_mode="expand")
        if span is not None:
            cues.append((span, "appeal"))
    return cues


# Participles that call the benefit settled when no study is their subject.
_SETTLED_WORDS = {"proven", "proved", "validated"}
# "validated" before a noun appeals to proof only for what is sold or its results ("a validated
# protocol"); before a questionnaire, a scale, a freezer or a parking ticket it is a checked tool.
_VALIDATED_CLAIMS = {
    "treatment", "treatments", "therapy", "therapies", "protocol", "protocols", "method", "methods", "approach",
    "results", "outcomes", "technology", "formula", "system", "procedure", "program", "programme", "solution",
}  # fmt: skip
# What went wrong ("harms", "infections", "side effects"): reports of them are safety news, not
# an appeal to evidence of a benefit.  A denial near them ("no serious side effects have been
# reported") is a safety claim and stays an appeal.
_HARM_WORDS = {
    "harm", "harms", "infection", "infections", "complication", "complications", "adverse", "reaction", "reactions",
    "death", "deaths", "blindness", "tumour", "tumours", "tumor", "tumors", "contamination", "risks",
    "granulomas", "sepsis", "lesions", "meningitis", "clots", "side", "headache", "headaches",
    "fever", "bruising", "soreness", "tiredness", "nausea", "growths", "unwanted", "contaminated", "toxins",
}  # fmt: skip
_SAFETY_DENIALS = {
    "no",
    "not",
    "n't",
    "without",
    "zero",
    "free",
    "never",
    "few",
    "rare",
    "rarely",
    "low",
    "minimal",
    "safe",
    "safety",
}
_HARM_REACH = 8


def _harms_only(doc: Doc, sentence: Span, verb: Span) -> bool:
    """The verb reports harms ("harms have been reported", "cases of infection were
    documented", "reports of reactions"), with no denial that would make it a safety claim."""
    start, end = max(sentence.start, verb.start - _HARM_REACH), min(sentence.end, verb.end + _HARM_REACH)
    words = set(tokens_of(doc).lower[start:end])
    return bool(words & _HARM_WORDS) and not words & _SAFETY_DENIALS


def _framed_as_research(doc: Doc, sentence: Span) -> bool:
    """Whether a research frame other than the word "research" itself is in the sentence:
    "backed by decades of research" appeals to research; "is being tested in a trial"
    frames what follows as research."""
    hedges = span_index(doc, "hedges").within(sentence.start, sentence.end)
    return any(
        span.label_ in {"investigational", "advisory"}
        and any(lemma.lower() not in {"research", "be", "-"} for lemma in tokens_of(doc).lemma[span.start : span.end])
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
    return any(word in _TOPIC_WORDS for word in tokens_of(doc).lower[max(sentence.start, noun.start - 3) : noun.start])


def _backing_cues(doc: Doc, sentence: Span, nouns: list[Span]) -> list[tuple[Span, str]]:
    """ "Backed by decades of research", "grounded in current science": the support named
    by a preposition, a few words before an evidence noun.  "Based on" and "built on" count
    only when the support is puffed or as a slogan opening the sentence."""
    cues: list[tuple[Span, str]] = []
    tokens = tokens_of(doc)
    lower = tokens.lower
    for noun in nouns:
        if noun.label_ != "noun" or span_text(noun).lower() not in _BACKING_NOUNS:
            continue
        for start in range(max(sentence.start, noun.start - _BACKING_GAP - 2), noun.start - 1):
            pair = (lower[start], lower[start + 1])
            if pair not in _BACKING:
                continue
            between = range(start + 2, noun.start)
            if any(tokens.is_punct[index] or lower[index] in {"and", "or", "but"} for index in between):
                continue
            if tokens.idx[start] > 0 and text_of(doc)[tokens.idx[start] - 1] in _QUOTES:
                break  # '"Built on the latest research," when none is named': the phrase discussed
            strong = pair[0] in {"backed", "grounded", "rooted"}
            if strong or start == sentence.start or any(lower[index] in _PUFFING for index in between):
                cues.append((doc[start : noun.end], "appeal"))
            break
    return cues


class EvidenceDetector:
    def __init__(self, citation_window: int = 0):
        self._window = citation_window

    def __call__(self, doc: Doc) -> Doc:
        sentences = sentences_of(doc)
        lower = tokens_of(doc).lower
        cues = context.CueIndex.of(doc)
        evidence = span_index(doc, "evidence")
        appeals: list[Appeal] = []
        for info in sentences:
            sentence = info.span
            if references.is_reference_entry(doc, info):
                continue
            own = _in(evidence, sentence.start, sentence.end)
            crowd = _crowd_cues(doc, sentence)
            myth = _busted_myth_cues(doc, sentence)
            crowd += myth
            # Follow-up scans name the treatment's outcome even when the sentence names only the disease.
            imaging = _imaging_cues(doc, sentence)
            if not (own or crowd or imaging) or (_describes_disease(doc, sentence) and not imaging):
                continue
            nouns = [span for span in own if span.label_ == "noun"]
            verbs = [span for span in own if span.label_ == "verb"]
            adjectives = [span for span in own if span.label_ == "adjective"]
            found = (_cue_spans(doc, sentence, nouns, verbs, adjectives) if own else []) + crowd + imaging
            if not found:
                continue
            cited = references.cited_in_window(doc, info, self._window)
            linked = _links_a_source(doc, info)
            best: Appeal | None = None
            for cue, kind in found:
                if _mentioned(text_of(doc), sentence, cue):
                    continue
                flags = context.flags_for(doc, sentence, cue.end - 1, cues, cited)
                if lower[cue.end - 1] in {"suggest", "suggests", "suggested", "indicate", "indicates"}:
                    flags = flags | {context.HEDGED}
                if context.INVESTIGATIONAL in flags and (not _framed_as_research(doc, sentence) or (cue, kind) in crowd):
                    flags = flags - {context.INVESTIGATIONAL}
                if cue.end < sentence.end and lower[cue.end] in _ABSENCE_AFTER:
                    flags = flags | {context.NEGATED}
                if (
                    _null_result(doc, sentence, cue)
                    or _denied_subject(doc, sentence, cue)
                    or _denied_antecedent(doc, sentence, cue)
                ):
                    flags = flags | {context.NEGATED}
                said = text_of(doc)[sentence.start_char : sentence.end_char]
                if (
                    _names_its_source(said)
                    or _APPROVAL_STUDY.search(said)
                    or (linked and _ONE_STUDY.search(words_text(doc, max(sentence.start, cue.start - 6), cue.end)))
                ):
                    flags = flags | {context.CITED}
                if _limits_its_evidence(text_of(doc)[cue.end_char : sentence.end_char]):
                    flags = flags | {context.HEDGED}
                if _supposed(doc, sentence, cue):
                    flags = flags | {context.QUESTION}
                if _titles_a_topic(info):
                    flags = flags | {context.QUESTION}
                if _attributed_headline(text_of(doc), sentence, cue):
                    flags = flags | {context.REPORTED}
                if (cue, kind) in myth:
                    # the denial is the myth, and busting it asserts the proof, in a heading too
                    flags = flags - {context.NEGATED, context.QUESTION}
                appeal = Appeal(sentence.start_char, sentence.end_char, cue.start_char, cue.end_char, kind, span_text(cue), flags)
                if best is None or _rank(appeal) < _rank(best):
                    best = appeal
            if best is not None:
                appeals.append(best)
        doc.user_data[APPEALS_KEY] = appeals
        doc.spans["appeals"] = [
            doc.char_span(appeal.cue_start, appeal.cue_end, label=appeal.kind, alignment_mode="expand") for appeal in appeals
        ]
        return doc


# A finding of no effect, or of mixed effects, reported with its evidence ("the trial found that
# PRP did not speed up return to play", "reduced pain no more than saline", "some studies show a
# benefit, others show little difference"): the page tells what was found, which is not an appeal
# that proof exists.  Read after the cue (and before it when the cue ends the sentence: "Trial
# misses main goal, researchers report").
_NULL_RESULT = re.compile(
    r"\bno\s+(?:better|more|different|worse)\s+than\b|\bnot\s+(?:any\s+)?better\s+than\b"
    r"|\b(?:did|does|do|was|were|has|have|had)\s*(?:not|n't)\s+(?:\w+\s+)?(?:improve|reduce|speed|meet|reach|differ|outperform|beat|slow|"
    r"prevent|work|help|lower|increase|change|restore|show|find|better|superior|significant|effective|reliable)\w*\b"
    r"|\bno\s+(?:(?:clear|consistent|significant|statistically\s+significant|meaningful|real|lasting|measurable|overall|added|extra|"
    r"convincing|reliable)\s+)?(?:difference|differences|benefit|benefits|effect|effects|improvement|advantage|change|gain|evidence)\b"
    r"|\b(?:few|little|small|modest)\s+or\s+no\b|\blittle\s+(?:or\s+no\s+)?(?:difference|benefit|effect|improvement|change)\b"
    r"|\bnot\s+(?:statistically\s+)?significant\b|\bfail(?:s|ed)?\s+to\b|\bmiss(?:es|ed)?\s+(?:its|their|the)\s+(?:main|primary)\b"
    r"|\b(?:results?|evidence|findings)\s+(?:(?:is|are|was|were|have\s+been|remain|remains)\s+)?(?:mixed|inconsistent|conflicting)\b"
    r"|\bmixed\s+(?:results|evidence|findings)\b|\b(?:others?|some)\s+(?:have|has|did|do)\s*(?:not|n't)\b",
    re.IGNORECASE,
)


def _null_result(doc: Doc, sentence: Span, cue: Span) -> bool:
    text = text_of(doc)
    rest = text[cue.end_char : sentence.end_char]
    if _NULL_RESULT.search(rest):
        return True
    if rest.strip(" .!?\"'”’") == "":
        return bool(_NULL_RESULT.search(text[sentence.start_char : cue.start_char]))
    return False


# Where the study appeared or who did it, named so a reader can find it: "published in The
# Lancet", "in the journal Knee", "a Cochrane review", "Lee and colleagues reported in 2021".
# Not the business's own bulletin ("published in our Science Journal") nor a kind of journal
# ("published in Ukrainian journals", "in peer-reviewed journals").
_JOURNAL_WORDS = (
    r"(?:Journal|Lancet|Medicine|Review|Reviews|Research|Reports|Science|Nature|Cell|Annals|Archives|JAMA|BMJ|NEJM|PLOS|PLoS|"
    r"Transplantation|Neurology|Rheumatology|Cardiology|Therapy|Therapeutics|Translational|Orthopaedics|Orthopedics|Surgery|"
    r"Dermatology|Pediatrics|Paediatrics|Cytotherapy|Diabetes|Blood|Brain|Gut|Thorax|Circulation|Stroke|Arthritis)"
)
_NAMED_SOURCE = re.compile(
    r"\b(?:published|reported|appeared|described)\s+(?:[\w,]+\s+){0,3}?in\s+(?:the\s+)?(?!our\b)"
    rf"(?:[A-Z][\w'&-]*\s+(?:(?:of|and|&|in|for)\s+)?){{0,6}}{_JOURNAL_WORDS}\b(?!\s+(?:journals?|magazines?)\b)"
    rf"|\bin\s+the\s+(?:medical\s+|scientific\s+)?journal\s+(?:[A-Z]|{_JOURNAL_WORDS})"
    r"|\bCochrane\s+(?:systematic\s+)?review\b"
    rf"|\b[{UPPER}][{LOWER}]+(?:\s+et\s+al\.?|\s+and\s+(?:colleagues|co-?workers|her\s+colleagues|his\s+colleagues))(?=.*\b(?:19|20)\d{{2}}\b)"
    rf"|\b(?:19|20)\d{{2}}\b.*\b[{UPPER}][{LOWER}]+(?:\s+et\s+al\.?|\s+and\s+(?:colleagues|co-?workers))"
    rf"|\b[{UPPER}][{LOWER}]+(?:\s+(?:and|&)\s+[{UPPER}][{LOWER}]+|\s+et\s+al\.?)?\s+\((?:19|20)\d{{2}}[a-z]?\)"
)
_OWN_OUTLET = re.compile(
    r"\b(?:our|its|their|the\s+(?:company|clinic|centre|center)'s)\s+(?:own\s+)?(?:\w+\s+){0,3}?(?:journal|bulletin|newsletter|dossier)",
    re.IGNORECASE,
)


# "..., as a 2020 trial in torn rotator cuffs showed (journals.example/cuff-2020)": one study,
# described, with a link to it in the sentence.  The link proves nothing by itself (a clinic
# can host anything) and the fit rules judge what the copy says the study is, but the sentence
# names its source: it does not appeal to unnamed studies (ANNOTATION B41).
_ONE_STUDY = re.compile(
    r"\b(?:a|an|one|the|that|this)\s+(?:[\w-]+\s+){0,4}?(?:study|trial|review|paper|analysis|report|meta-analysis)\b",
    re.IGNORECASE,
)


def _links_a_source(doc: Doc, info: SentenceInfo) -> bool:
    return any(item.mark.kind == WEB_KIND for item in references.references_of(doc).by_sentence.get(info.index, ()))


def _names_its_source(sentence: str) -> bool:
    return bool(_NAMED_SOURCE.search(sentence)) and not _OWN_OUTLET.search(sentence)


# "In the study that supported its approval, 30% of children...", "the pivotal trial": the study
# a regulator's approval rests on, named by that role.
_APPROVAL_STUDY = re.compile(
    r"\b(?:trials?|stud(?:y|ies)|data)\s+(?:that\s+)?(?:supported|supporting|led\s+to|behind)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:approval|licen[cs]e|authori[sz]ation|expansion)\b|\b(?:approval|pivotal|registration)\s+(?:trial|study)\b",
    re.IGNORECASE,
)
# "Some trials report less pain, but the studies were small and not randomised": the appeal
# comes with the limits of its own evidence.  ("Results vary" is no such limit: B1.)
_EVIDENCE_LIMITS = re.compile(
    r"\b(?:but|though|although|however|while|yet|whereas)\b.{0,160}?\b(?:small|not\s+randomi[sz]ed|non-?randomi[sz]ed|uncontrolled|"
    r"no\s+(?:control|comparison|placebo)|without\s+a\s+(?:control|comparison)|not\s+all\s+(?:studies|trials)|others?\s+(?:found|find|show|report)|"
    r"company-?\s?funded|short|few|limited|low[- ](?:quality|certainty)|to\s+be\s+confirmed|needs?\s+to\s+be\s+confirmed|fades?|"
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:established|shown|proven|confirmed)|unclear|uncertain|preliminary|early|not\s+a\s+cure|"
    r"isn't\s+a\s+cure|no\s+answers)\b",
    re.IGNORECASE,
)


# A sentence that sizes or grades its own evidence needs no contrast word to bound it: "reported
# encouraging results in a small number of children", "two-year results from a small
# first-in-human trial", "...; survival data are observational", "but the FDA requested further data".
_EVIDENCE_BOUNDS = re.compile(
    r"\b(?:in|from|of)\s+(?:a|one)\s+(?:small|tiny|single)\s+(?:[\w-]+\s+){0,2}?(?:trial|study|group|series|pilot|sample)\b"
    r"|\b(?:small\s+number|handful)\s+of\s+(?:patients|people|children|adults|participants|volunteers|cases)\b"
    r"|\bfirst-in-human\b|\bobservational\b|\bsingle-arm\b|\b(?:further|more|additional)\s+(?:data|studies|trials|research)\b"
    r"|\b(?:smallest|small|modest|minimal)\s+(?:effects?|benefits?|improvements?|differences?)\b"
    r"|\b(?:but|though|although|however|while|yet)\b.{0,80}?\b(?:laborator(?:y|ies)|animals?|mice|rats)\b",
    re.IGNORECASE,
)


def _limits_its_evidence(rest: str) -> bool:
    return bool(_EVIDENCE_LIMITS.search(rest) or _EVIDENCE_BOUNDS.search(rest))


# "Tiny parcels speed wound healing in mice, study finds", "Trial misses main goal, researchers
# report": a news headline that attributes its statement to one study.  The statement is judged
# on its own (a cure claim stays one); the attribution is no appeal to unnamed studies.
_HEADLINE_SOURCE = re.compile(r"\b(?:study|trial|review|survey|analysis|paper|researchers|scientists)\b", re.IGNORECASE)
_AFTER_COMMA = re.compile(r",\s*(?:[A-Z][\w'’.-]*\s+){0,3}$")


def _attributed_headline(text: str, sentence: Span, cue: Span) -> bool:
    rest = text[cue.end_char : sentence.end_char].strip(" .!?\"'”’")
    before = text[sentence.start_char : cue.start_char]
    return not rest and bool(_AFTER_COMMA.search(before)) and bool(_HEADLINE_SOURCE.search(span_text(cue)))


# "None of these injections has been shown to...", "No treatment of any kind, stem cell or
# otherwise, has been shown to stop ALS": a clause whose subject is denied, however long the
# aside between it and the verb.
_DENYING_OPENERS = {"no", "none", "neither", "nothing", "nobody"}


_DENIALS = _DENYING_OPENERS | {"not", "n't", "never"}
# What may stand between a denial and the evidence it denies: words that grade the evidence
# ("no large, well-designed, placebo-controlled trials showing", "not aware of any published
# human study demonstrating").
_EVIDENCE_GRADES = {
    "a", "an", "any", "one", "single", "the", "such", "of", "aware", "large", "larger", "big", "controlled", "randomised",
    "randomized", "well", "-", "conducted", "designed", "well-designed", "well-conducted", "good", "high", "quality",
    "high-quality", "good-quality", "published", "human", "clinical", "reliable", "rigorous", "independent", "peer",
    "reviewed", "peer-reviewed", "properly", "convincing", "strong", "solid", "scientific", "real", "credible", "formal",
    "placebo", "placebo-controlled", "double", "blind", "double-blind", "blinded", "long", "term", "long-term", "sham",
    "comparative", "proper", "adequate", "sufficient", "yet", "even", "really", "definitive", "phase", "3", "iii",
}  # fmt: skip


def _denied_subject(doc: Doc, sentence: Span, cue: Span) -> bool:
    """The clause opens by denying its subject, or denies what comes before the cue across a
    list of adjectives ("there are no large, controlled trials showing...")."""
    start, _ = context.clause_bounds(sentence, cue.start)
    tokens = tokens_of(doc)
    lower = tokens.lower
    for index in range(start, cue.start):
        if tokens.is_punct[index] or lower[index] in {"that", "but", "and", "so"}:
            continue
        if lower[index] in _DENYING_OPENERS:
            return True
        break
    for index in range(max(start, cue.start - 12), cue.start):
        if lower[index] in _DENIALS and all(
            lower[after] in _EVIDENCE_GRADES or tokens.text[after] == "," for after in range(index + 1, cue.start)
        ):
            return True
    return False


# "There is no pill that has been shown to...", "does not mean that a product made elsewhere has
# been shown to work": the appeal sits in a clause hanging on a denial.  "No doubt that", "not only
# that" assert; a "but" or a semicolon between ends the denial's reach.
_RELATIVIZERS = {"that", "which", "who"}
_DENIAL_REACH = 15
_ASSERTING_AFTER_DENIAL = {
    "doubt", "question", "secret", "surprise", "wonder", "coincidence", "accident", "longer", "only", "just", "merely",
    "simply", "matter",
}  # fmt: skip
_DENIAL_ENDS = {"but", "however", "yet", ";", ":", "—", "–"}


def _denied_antecedent(doc: Doc, sentence: Span, cue: Span) -> bool:
    lower = tokens_of(doc).lower
    window = range(max(sentence.start, cue.start - _DENIAL_REACH), cue.start)
    relativizers = [index for index in window if lower[index] in _RELATIVIZERS]
    if not relativizers:
        return False
    last = relativizers[-1]
    if any(lower[index] in _DENIAL_ENDS for index in range(last, cue.start)):
        return False
    for index in range(last - 1, window.start - 1, -1):
        word = lower[index]
        if word in _DENIAL_ENDS:
            return False
        if word in _DENIALS:
            following = lower[index + 1] if index + 1 < sentence.end else ""
            return following not in _ASSERTING_AFTER_DENIAL
    return False


# "If good trials show that a treatment works, we will offer it", "when good evidence shows",
# "our trial will demonstrate": a condition or a forecast, not a claim that proof exists.
_SUPPOSING = {"if", "when", "unless", "until", "once", "whether", "whenever"}
_FORECASTING = {"will", "would", "could", "might", "may", "must"}


def _supposed(doc: Doc, sentence: Span, cue: Span) -> bool:
    start, _ = context.clause_bounds(sentence, cue.start)
    lower = tokens_of(doc).lower
    words = lower[max(start, cue.start - 8) : cue.start]
    if any(word in _SUPPOSING for word in words) and "," not in words:
        return True
    before = lower[max(start, cue.end - 4) : cue.end - 1]
    return bool(before) and before[-1] in _FORECASTING | {"be"} and any(word in _FORECASTING for word in before)


_TITLE_KINDS = {"heading", "title", "meta"}
_WH_WORDS = {"what", "how", "why", "whether", "which"}


def _describes_disease(doc: Doc, sentence: Span) -> bool:
    """ "Researchers have found inflammation in autism" reports a fact about a disease, not proof
    of a treatment: a condition, but no therapy, effect or first-person business in sight."""

    def present(group: str) -> bool:
        return bool(span_index(doc, group).within(sentence.start, sentence.end))

    if not present("conditions") or present("therapies") or present("effects"):
        return False
    return not any(word in {"our", "we", "us"} for word in tokens_of(doc).lower[sentence.start : sentence.end])


def _titles_a_topic(info: SentenceInfo) -> bool:
    """A title such as "MSCs: What the trials have shown" announces a section; it asserts nothing."""
    start, end = info.span.start, info.span.end
    table = tokens_of(info.span.doc)
    short_line = end - start <= _TITLE_TOKENS and end > start and table.text[end - 1] not in {".", "!", "?"}
    if info.segment_kind not in _TITLE_KINDS and not short_line:
        return False
    return any(
        table.lower[index] in _WH_WORDS and (index == start or table.text[index - 1] in {":", "-", "–", "—"})
        for index in range(start, end)
    )


_TITLE_TOKENS = 8  # "SLIDE 3 - What is established": a slide or section line with no full stop


def _rank(appeal: Appeal) -> tuple[int, int]:
    return (
        1 if context.not_asserted(appeal.flags) or context.HEDGED in appeal.flags else 0,
        0 if appeal.kind == "establishment" else 1,
    )


@Language.factory("claimcheck_evidence", default_config={"citation_window": 0})
def make_evidence_detector(nlp: Language, name: str, citation_window: int) -> EvidenceDetector:
    return EvidenceDetector(citation_window)
