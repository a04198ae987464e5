"""`citation_fit`: a cited claim whose source cannot carry it.

A citation counts as support today whatever it cites.  This kind reads what each
resolved reference entry is (`nlp.study_designs`: design, condition, population) and
reports, at the claim's sentence:

* `weak_support`: a claim of effect in people whose only cited sources are in vitro,
  animal, or case reports / series (a sentence that itself says "in mice" is a claim
  about mice and is left alone);
* `off_target`: every cited source is about another condition (none of the diseases it
  names is one the claim names, under another name, as a broader or narrower form, or
  as a class holding it: nlp/conditions.py) or another population (children vs adults);
* `registration`: a trial registration (an NCT or ISRCTN id with no paper, or a
  ClinicalTrials.gov page) offered as proof of effect; sentences that recruit or say
  the trial is under way are not proof and are left alone.

Messages name the design found and the words it was read from.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.base import Hit, Kind, render
from claimcheck.checks.model import Rule
from claimcheck.detector.component import register_of, scores_of
from claimcheck.detector.model import CLAIM, UNIT_LABELS
from claimcheck.nlp.bibliography import Entry
from claimcheck.nlp.citations import WEB_KIND, is_registration
from claimcheck.nlp.claims import NON_DISEASE_CATEGORIES, claims_of
from claimcheck.nlp.conditions import Condition, any_fits, condition_names
from claimcheck.nlp.evidence import appeals_of
from claimcheck.nlp.named_sources import JOURNAL_YEAR, SAME_SOURCE
from claimcheck.nlp.references import attached, is_reference_entry, references_of
from claimcheck.nlp.structure import sentences_of, span_index, text_of
from claimcheck.nlp.study_designs import (
    DESCRIBED,
    HEALTHY,
    OLDER,
    SPECIES,
    WEAK,
    StudyDesign,
    age_words,
    describe,
    designs_of,
    one_sex,
    patterns,
    phase_of,
    sites_in,
)

PROBLEMS = ("weak_support", "off_target", "registration")
_CLAIM_COLUMN = UNIT_LABELS.index(CLAIM)
# The age from which a claim is about older adults (a band that ends below it is not).
_OLDER_FROM = 60
# Whom a claim is about -> the populations of a source that cannot stand for them.
_OTHER_POPULATIONS = {
    "children": ("adults", "young adults", "adults under 60", OLDER, "women", "men"),
    "older adults": ("young adults", "children", "adults under 60"),
    # one sex on a trial of the other only (ANNOTATION B40)
    "women": ("men",),
    "men": ("women",),
    # a claim about one species resting on a study of another, or of people (ANNOTATION B38)
    **{
        species: tuple(other for other in (*SPECIES, "adults", "young adults", "children") if other != species)
        for species in SPECIES
    },
}
OPTIONS = {
    "type": "object",
    "properties": {"problem": {"enum": list(PROBLEMS)}},
    "required": ["problem"],
    "additionalProperties": False,
}
_RECRUITING = re.compile(
    r"\b(?:enrol+(?:ing|s|ment)?|recruit\w*|eligib\w*|participat\w*|join|volunteer\w*|sign\s+up|apply|ongoing|under\s*way|"
    r"currently\s+(?:testing|studying|running|enrolling)|(?:is|are)\s+(?:testing|studying|investigating|evaluating|comparing)|"
    r"results\s+(?:are|will\s+be)\s+(?:expected|published)|not\s+yet|will\s+(?:test|study|compare|evaluate|measure)|"
    r"(?:only\s+)?within\s+a\s+(?:registered\s+)?(?:study|trial)|as\s+part\s+of\s+a\s+(?:registered\s+)?(?:study|trial)|"
    r"(?:is|are)\s+being\s+(?:done|conducted|run|carried\s+out)|investigational\s+new\s+drug|"
    # "Study places are free of charge; see NCT... for the criteria"
    r"study\s+places?|for\s+the\s+(?:entry\s+|inclusion\s+)?criteria)\b",
    re.IGNORECASE,
)


# Copy that teaches what a registration is ("a trial number such as NCT... shows only that
# a plan was written down, not that anything worked") offers no registration as proof.
_EXPLAINS_REGISTRATION = re.compile(
    r"\b(?:not\s+that|(?:does|do|did)\s*n[o'’]t\s+(?:show|prove|mean|tell)|is\s*n[o'’]t\s+(?:proof|evidence|a\s+result)|"
    r"only\s+(?:means|shows|tells\s+you)\s+that|(?:a|an|the)\s+(?:trial|registration|registry)\s+(?:number|id|record)\s+such\s+as)\b"
    # "the NCT number is only a registration", "is just a registry entry"
    r"|\b(?:only|just|merely|simply)\s+(?:a\s+)?(?:trial\s+)?(?:registration|registry\s+(?:entry|listing|record))\b"
    # a third party's use reported: "Several requests cited trial registrations ... as evidence"
    r"|\b(?:cite[sd]|citing|offer(?:ed|s)|quot(?:ed|es)|present(?:ed|s)|submit(?:ted|s)|point(?:ed|s)\s+to|rel(?:y|ied|ies)\s+on)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:registrations?|registry\s+(?:entries|entry|listings?|numbers?|records?)|trial\s+(?:ids?|numbers?)|"
    r"NCT\s+numbers?)\b",
    re.IGNORECASE,
)
_PROOF = re.compile(
    r"\b(?:prov(?:en|es?|ing)|backed|validated|tested|shown|shows?|demonstrat\w+|confirm\w*|works?|effective|efficacy|"
    r"results?|evidence|success\w*|reviewed|endorsed|clinically)\b",
    re.IGNORECASE,
)


_BASED_ON = re.compile(
    r"\b(?:our|the|this|their|my)\s+(?:[\w'’-]+\s+)?(?:program(?:me)?|protocol|approach|method|technique|regimen|service)s?\s+"
    r"(?:(?:is|are|was|were)\s+)?(?:(?:modell?ed|based|built|founded|grounded|patterned)\s+(?:on|upon|after)|follows|mirrors|"
    r"copies|replicates)\s+(?:a|an|the|one|this|that)\s+(?:[\w'’-]+\s+){0,3}?(?:paper|study|trial|protocol|report|review)\b",
    re.IGNORECASE,
)
# A heading with a note on it ("Results you can look up³") names a topic with a noun; only a word
# that says something is proven makes it offer the registration as proof ("Clinically proven³").
_PROOF_IN_HEADING = re.compile(
    r"\b(?:prov(?:en|es?|ing)|backed|validated|shown|demonstrat\w+|confirm\w*|works?|effective|clinically)\b", re.IGNORECASE
)


# A sentence that bounds its own claim to the weak evidence's scope: "in one patient",
# "in a few people", "in our laboratory", "in a lab dish" (the design lexicon reads titles,
# where "laboratory" alone would mislabel "laboratory-expanded cells: a randomised trial").
_OWN_SCOPE = re.compile(
    r"\bin\s+(?:one|a\s+single|two|three|a\s+few|several|a\s+handful\s+of)\s+(?:patients?|m[ae]n|wom[ae]n|persons?|people|child(?:ren)?)\b"
    r"|\bin\s+(?:a|the|our|their)\s+(?:[\w-]+\s+)?(?:lab|laboratory|dish)\b"
    # "a small number of people with severe lupus went into remission", "in our registry, 4 in 10 ..."
    r"|\ba\s+(?:small|handful|few)\s+(?:number\s+of\s+)?(?:people|patients|participants|children)\b"
    r"|\bin\s+(?:our|the|this|their)\s+(?:own\s+)?(?:registry|audit|case\s+series|series)\b"
    # "a published report on one man with Parkinson's", "a report on nine professional pitchers"
    r"|\b(?:report|reports|study|series|account)\s+(?:on|of|about|describing|describes|described)\s+(?:one|a\s+single|two|three|four|five|six|seven|"
    r"eight|nine|ten|\d{1,2})\s+(?:[\w-]+\s+){0,2}?(?:patients?|m[ae]n|wom[ae]n|people|persons?|child(?:ren)?|athletes?|"
    # "describes a single seven-year-old boy"
    r"players?|pitchers?|runners?|volunteers?|cases?|boys?|girls?|bab(?:y|ies)|infants?|toddlers?|teen(?:ager)?s?|adults?)\b",
    re.IGNORECASE,
)


def _own_scope(sentence: str) -> bool:
    """The sentence bounds its claim to the weak evidence's scope (`_OWN_SCOPE`), not in words
    that deny it ("works in people, not only in a dish")."""
    return any(
        not _NOT_ONLY.search(sentence, max(0, match.start() - 24), match.start()) for match in _OWN_SCOPE.finditer(sentence)
    )


# "In the single-arm study that supported approval, ...": the trial behind an approval,
# described as such, is not offered as proof by the page.
_APPROVAL_BASIS = re.compile(
    r"\b(?:supported|led\s+to|(?:the\s+)?basis\s+(?:of|for))\s+(?:its\s+|the\s+|their\s+)?(?:FDA\s+|regulatory\s+)?approval\b",
    re.IGNORECASE,
)


# A claim carried over from the evidence to the reader: "your own discs will plump back up
# in just the same way [4]", "people heal faster, as our horse patients have shown [3]",
# "the same relief their dogs get [1]", "as fast as a 25-year-old's".  The clause the cue
# opens (to the next comma, semicolon or colon) is the comparison: whom or what the claim is
# likened to, not whom it is about.
_LIKENED = re.compile(
    r"\b(?:in\s+)?(?:(?:just|exactly|much)\s+)?the\s+same\s+(?:way|results?|relief|benefits?|effects?|improvements?|gains?|"
    r"recovery|protection|response|outcomes?|as|like)\b"
    # "get the same density back as the women in our key study"
    r"|\bthe\s+same\s+(?:[\w-]+\s+){1,3}?as\b"
    # "If it works in a rat brain, ...": the condition clause is what the claim is likened to
    r"|\bif\s+(?:it|they|this|the\s+cells?)\s+(?:works?|worked|helps?|helped|heals?|healed)\s+(?:for|in|on)\b"
    # (not "work just as well for cats": what follows names whom the claim is about)
    r"|\bjust\s+(?:as|like)\b(?!\s+well\s+(?:for|in|on|with)\b)"
    # "will heal the way our racehorses' tendons do"
    r"|\bthe\s+way\s+(?:[\w'’-]+\s+){1,4}?(?:do|did|does|have|has|had)\b"
    # "as fast as", "as reliably as", "as thoroughly as" (not the time of "as early as week two")
    r"|\bas\s+(?:fast|strong|good|young|(?!early\b|nearly\b|only\b)[a-z]+ly)\s+as\b"
    # "Arthritic ankles do even better than knees [1]": what the claim is set against
    r"|\b(?:better|faster|quicker|sooner|further|more)\s+than\b"
    # "responds as well as the racehorses' tendons did", "as well as the patients in the trial":
    # not the "and also" of "knees as well as hips"
    r"|\bas\s+(?:well|much)\s+as\s+(?:[\w'’-]+\s+){1,8}?(?:did|do|does|have|has|had|were|was|in\s+(?:the|that|this|our)\s+"
    r"(?:trial|study|studies|research|report))\b"
    r"|,\s*as\s+(?:\w+\s+){1,4}(?:ha(?:ve|s)\s+shown|showed|did|do|does)\b"
    # "Stargardt eyes keep their sight, as seen in AMD patients [2]": whom the effect was seen in
    r"|\bas\s+(?:seen|shown|demonstrated|observed|documented|reported|proven)\s+(?:in|among|with|when)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;:]\s")
# The effect of the sentence before, said to happen in the reader or the page's patients: "The
# same shrinking of scar happens in our patients' hearts", "That is the same regrowth we see in
# our patients' shoulders" (a claim carried over, as "in the same way" carries one).
_SAME_SEEN = re.compile(
    r"\b(?:the|that)\s+same\s+(?:[\w-]+\s+){1,3}?(?:happens|happened|occurs|occurred|takes\s+place|is\s+seen|"
    r"(?:we|you|they)\s+(?:see|get|saw|will\s+see|have\s+seen))\s+(?:\w+\s+){0,2}?(?:in|for|with)\s+(?:our|your|my|the|their)\b"
    # "You can expect the same thickening in your own heart"
    r"|\b(?:expect|get|see|enjoy|experience)\s+(?:exactly\s+)?the\s+same\s+(?:[\w-]+\s+){1,3}?(?:in|for|with)\s+(?:your|our|their)\b",
    re.IGNORECASE,
)
# "The same benefit extends to / applies to / holds for ...": the benefit of the sentence
# before, carried to whom or what follows (the claim), not a comparison.
_EXTENDS_TO = re.compile(
    r"\s+(?:also\s+)?(?:extends?|appl(?:y|ies)|holds?|goes|is\s+true|carr(?:y|ies)\s+over)\s+(?:to|for|of)\b", re.IGNORECASE
)
# A likened clause that says in whom or what the cited effect was seen: "as shown in mice".
_SEEN_IN = re.compile(
    r",?\s*as\s+(?:seen|shown|demonstrated|observed|documented|reported|proven)\s+(?:in|among|with|when|by)\b", re.IGNORECASE
)

# What a page concludes for the reader from the study it has just reported, in one sentence:
# "..., and we expect the same in people", "..., which is why our long COVID clients breathe
# easier", "..., which means your child's banked cells could one day do the same", "..., and
# that is what we aim to do for your spine", "..., and our clients see the same renewal".
_CONCLUDED = re.compile(
    r"(?:(?:[,;]|\s[-\u2013\u2014])\s*(?:and\s+|so\s+)?|\s+(?:and|so)\s+)(?:"
    r"which\s+(?:is\s+(?:why|what|(?:great|good|welcome)\s+news\s+for)|means|shows\s+(?:why|that))|(?:that|this)\s+(?:is\s+(?:why|what|exactly\s+what|how)|means)|"
    r"(?:we|I)\s+(?:see|expect|aim|get|have\s+seen)\b|"
    r"(?:our|your|my)\s+(?:[\w-]+\s+){0,2}?(?:clients?|patients?|members?|customers?)\s+(?:see|get|can\s+expect|experience|enjoy|feel)\b|"
    r"(?:you|patients|people|clients|members)\s+can\s+expect\b|"
    r"I\s+see\s+no\s+reason\b)",
    re.IGNORECASE,
)
# "Because the infusion rebuilt strength in those older adults, members in their forties can
# expect ...": the opening clause reports the source, the rest is the claim.
_BECAUSE_REPORTED = re.compile(r"\s*(?:Because|Since|As)\s+([^,;:.!?]{8,200}),\s", re.IGNORECASE)
# Words that make a clause a report of a study: where it was done, in whom, or the study itself.
_REPORT_WORDS = re.compile(
    r"\b(?:stud(?:y|ies)|trials?|papers?|reports?|research|experiments?|reviews?|data|results?|findings?|"
    r"model|in\s+(?:those|these|the)\s+(?:[\w-]+\s+){0,2}?(?:patients|adults|people|men|women|children|volunteers)|"
    r"in\s+(?:mice|rats|rabbits|sheep|pigs|piglets|dogs|horses|animals|hamsters|monkeys|a\s+dish|the\s+lab(?:oratory)?))\b",
    re.IGNORECASE,
)


def _weak_designs_told(sentence: str, designs: Iterable[str] = WEAK, product_anywhere: bool = False) -> Iterator[tuple[str, str]]:
    """(design, words) for each place the sentence says its evidence is in animals, in a dish
    or in one case ("in mice, the cells homed to the injury"). Words that in copy describe
    where the product comes from (designs.yml `product_not_design`: "derived from cultured
    umbilical cord cells") do not say so after "from" or "of", nor anywhere with
    `product_anywhere`."""
    words, _ = patterns()
    product = words["product_not_design"]
    for design in designs:
        for match in words[design].finditer(sentence):
            if product.fullmatch(match.group()) and (product_anywhere or _PRODUCT_FROM.search(sentence, 0, match.start())):
                continue
            if _NOT_ONLY.search(sentence, max(0, match.start() - 24), match.start()):
                continue  # "works in real people, not just in the lab": the design is denied, not told
            yield design, match.group()


def _tells_weak_design(sentence: str, designs: Iterable[str] = WEAK) -> bool:
    """Does the sentence say its evidence is in animals, a dish or one case (`_weak_designs_told`)?"""
    return next(_weak_designs_told(sentence, designs), None) is not None


_PRODUCT_FROM = re.compile(r"\b(?:from|of)\s+$", re.IGNORECASE)
_NOT_ONLY = re.compile(r"\b(?:not\s+(?:just|only|merely|simply)|rather\s+than|instead\s+of|beyond)\s+(?:in\s+)?$", re.IGNORECASE)


def reported_part(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The part of the sentence text[start:end] that reports a study when the rest concludes
    from it for the reader, as a range of `text`, or None."""
    because = _BECAUSE_REPORTED.match(text, start, end)
    if because and _REPORT_WORDS.search(because.group(1)):
        return start, because.end()
    for cue in _CONCLUDED.finditer(text, start, end):
        if cue.start() - start < 12:
            continue
        before = text[start : cue.start()]
        if _SOURCE_WORDS.search(text, cue.end(), end):
            break  # "..., which is why the team moved to a trial in people": the research's next step
        if _REPORT_WORDS.search(before) or _tells_weak_design(before):
            return start, cue.start()
        break
    return None


def compared_clause(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The words of text[start:end] that say what a claim is likened to, or None."""
    cue = _LIKENED.search(text, start, end)
    if cue is None:
        return None
    stop = _CLAUSE_END.search(text, cue.end(), end)
    return cue.start(), stop.start() if stop else end


def compared_clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Every clause of text[start:end] that says what a claim is likened to: "An enlarged
    heart responds just as well, as shown in heart attack patients (...)" likens it twice,
    and the second names whom the effect was seen in."""
    clauses = []
    position = start
    while position < end and (cue := _LIKENED.search(text, position, end)) is not None:
        if _EXTENDS_TO.match(text, cue.end(), end):
            # "The same benefit extends to enlarged hearts ...": what follows is the claim
            position = cue.end()
            continue
        stop = _CLAUSE_END.search(text, cue.end(), end)
        clauses.append((cue.start(), stop.start() if stop else end))
        position = max(clauses[-1][1], cue.end())
    return tuple(clauses)


# A registration named in words: "registered with the ISRCTN registry", "listed on
# ClinicalTrials.gov", "a registered clinical trial", "registration with the U.S. government".
_REGISTRY_NAMED = re.compile(
    r"\b(?:registered|listed|registration|listing)\s+(?:\w+\s+){0,3}?(?:on|with|in|at)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w.-]+\s+){0,3}?(?:ClinicalTrials\.gov|ISRCTN|registry|government|register)\b"
    r"|\bregistered\s+(?:clinical\s+)?(?:trials?|stud(?:y|ies)|protocols?)\b"
    r"|\b(?:a|the|this|our)\s+registration\b",
    re.IGNORECASE,
)
# A word every _REGISTRY_NAMED match holds.
_REGISTRY_CUE = re.compile(r"regist|listed|listing", re.IGNORECASE)
# What makes a named registration proof of effect ("..., which proves that the treatments
# work", "so you can be confident it rests on real science"); a registration offered only as
# a credential ("reviewed by the federal government") is the fda rules' business (ANNOTATION B38).
_EFFECT_PROOF = re.compile(
    r"\b(?:prov(?:en|es?|ing)|proof|works?|working|effective|efficacy|real\s+science|clinically\s+effective|"
    r"evidence\s+that|results?\s+(?:show|prove)|independent\s+(?:international\s+)?standard)\b",
    re.IGNORECASE,
)
# Harms are not an effect claimed: "side effects reported included infections ... [3]".
_ABOUT_HARM = re.compile(
    r"\b(?:side[\s-]+effects?|adverse|risks?|complications?|harms?|went\s+blind|blindness|detached\s+retinas?|deaths?|died)\b",
    re.IGNORECASE,
)
_DENIED = re.compile(r"\b(?:not|never|no|cannot)\b|n[’']t\b", re.IGNORECASE)


def _read_as_claim(doc: Doc, info) -> bool:  # type: ignore[no-untyped-def]
    """The learned detector (when on) reads the sentence as a claim more likely than not:
    "Stroke survivors speak clearly again (Obi 2022)" holds no effect word of the lexicon."""
    scores = scores_of(doc)
    if scores is None or not len(scores.scores):
        return False
    unit = scores.unit_at(info.span.start_char, info.span.end_char)
    return unit is not None and float(scores.scores[unit, _CLAIM_COLUMN]) >= 0.5


def _carried_from(doc: Doc, found, index: int, items) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """A claim carried over from the sentence before, which cites the same source ("In pigs
    with a heart attack, the scar shrank [4]. Your own scar will shrink in the same way [4]"):
    the conditions that sentence names are what the claim is about."""
    if index == 0:
        return []
    entries = {entry for item in items for entry in item.entries}
    before = {entry for item in found.by_sentence.get(index - 1, ()) for entry in item.entries}
    if not entries & before:
        return []
    info = sentences_of(doc)[index - 1]
    return [
        (span.text, span.label_)
        for span in span_index(doc, "conditions").within(info.span.start, info.span.end)
        if span.label_ not in NON_DISEASE_CATEGORIES
    ]


def named_conditions(doc: Doc, info, text: str | None = None) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The diseases a sentence names, read as the copy names them (nlp/conditions.py
    `read_named`: "neck pain from worn neck joints" is about the joints' arthritis, "fatigue
    that lingers after a virus" is a post-viral syndrome); `text`, when given, is the
    sentence with words blanked that are not the claim's (a described source), offsets kept."""
    start = info.span.start_char
    sentence = text if text is not None else text_of(doc)[start : info.span.end_char]
    spans = [
        (span.start_char - start, span.end_char - start, span.text, span.label_)
        for span in span_index(doc, "conditions").within(info.span.start, info.span.end)
        if not sentence[span.start_char - start : span.end_char - start].isspace()
    ]
    # "children aged 4 to 11": an age, not ageing
    spans = [span for span in spans if not (span[2].lower() == "aged" and _AGE_FOLLOWS.match(sentence, span[1]))]
    return [
        (words, category)
        for _, _, words, category in condition_names().read_named(sentence, spans)
        if category not in NON_DISEASE_CATEGORIES
    ]


_AGE_FOLLOWS = re.compile(
    r"\s+(?:\d|between\b|from\b|over\b|under\b|up\s+to\b|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)",
    re.IGNORECASE,
)


_OPENING_QUOTES = "\"“«„'‘"
_CLOSING_QUOTES = "\"”»'’"


def _quoted_whole(text: str, info) -> bool:  # type: ignore[no-untyped-def]
    """The sentence is a quotation from end to end ("“Our protocol is clinically proven (NCT...).”")."""
    sentence = text[info.span.start_char : info.span.end_char].strip()
    return len(sentence) > 2 and sentence[0] in _OPENING_QUOTES and sentence[-1] in _CLOSING_QUOTES


# A lead-in that sets out someone else's words line by line: "The flyer's front panel carries three
# lines:", "The advert says:", "Here is what the brochure claims:".
_QUOTE_LEAD = re.compile(
    r"\b(?:says?|said|reads?|carr(?:y|ies|ied)|claims?|claimed|promises?|promised|states?|stated|lines?|wording|"
    r"slogans?|headlines?|copy|text|quotes?|quoted|panel|flyer|leaflet|brochure|advert|ad|post|email|website)\b[^:]*:\s*$",
    re.IGNORECASE,
)
_QUOTE_REACH = 6  # lines set out under one lead-in


def _set_out_quote(doc: Doc, index: int) -> bool:
    """On a careful page, a line set out under a lead-in that introduces another's words ("The
    flyer's front panel carries three lines:" then the lines, each a line of its own): quoted, so
    the page does not rest on what it cites (as `_quoted_whole` for lines in quotation marks)."""
    sentences = sentences_of(doc)
    text = text_of(doc)
    info = sentences[index]
    for position in range(index - 1, max(-1, index - 1 - _QUOTE_REACH), -1):
        other = sentences[position]
        if other.segment != info.segment:
            return False
        if not text[other.span.end_char : sentences[position + 1].span.start_char].count("\n"):
            return False  # not a line of its own: running prose
        if _QUOTE_LEAD.search(text, other.span.start_char, other.span.end_char):
            return True
    return False


def _names_disease(doc: Doc, info) -> bool:  # type: ignore[no-untyped-def]
    """The sentence names a disease or complaint, not only a tissue or an outcome measure."""
    return any(
        span.label_ not in NON_DISEASE_CATEGORIES for span in span_index(doc, "conditions").within(info.span.start, info.span.end)
    )


def _has(doc: Doc, group: str, info) -> bool:  # type: ignore[no-untyped-def]
    return any(span.label_ != "not_effect" for span in span_index(doc, group).within(info.span.start, info.span.end))


# How copy says where a claim comes from: "as a 2019 study of 40 dogs showed (link)",
# "according to a randomised trial in knee osteoarthritis [3]".  A clause before a marker
# that holds one of these words describes the source, not the claim.
_SOURCE_WORDS = re.compile(
    r"\b(?:according\s+to|stud(?:y|ies)|trials?|papers?|reports?|research|experiments?|reviews?|analys[ie]s|"
    r"published|journal|articles?)\b",
    re.IGNORECASE,
)
_ATTRIBUTION_START = re.compile(r"\s*(?:as|according\s+to)\b", re.IGNORECASE)
_CLAUSE_OPEN = re.compile(r"[,;:(\u2014]|\s[-\u2013]\s")
_REPORTING_VERB = re.compile(
    r"\b(?:showed|shows|found|finds|reported|reports|demonstrated|demonstrates|proved|proves|confirmed|confirms|"
    r"suggested|suggests|concluded|concludes)\b|[,;.)\]]",
    re.IGNORECASE,
)
# What follows a marker when a finding is carried over to the reader: ", and people with
# worn hips improve in just the same way", "; your knees will too".
_CARRIED_OVER = re.compile(
    r"\s*(?:[,;]\s*(?:and|so)?\s*|\s+and\s+)(?:\w+\s+){0,6}?(?:people|patients|humans|you|your|owners|adults|children|men|women)\b"
)
# A sentence whose subject is a study and whose verb says what it found: "A review of 31
# studies, most of them in animals, found that ...", "The 2019 trial showed ...".
_REPORTS_STUDY = re.compile(
    r"\s*(?:a|an|the|one|this|that|their|its)\s+(?:[\w'’-]+\s+){0,4}?(?:review|trial|study|analysis|meta-analysis|paper|report|"
    r"experiment)\b[^.;:!?]{0,80}?\b(?:found|finds|showed|shows|reported|reports|demonstrated|concluded|suggested)\b",
    re.IGNORECASE,
)
_DISCOURSE_OPENER = re.compile(
    r"\s*(?:that\s+said|however|still|also|in\s+fact|indeed|moreover|what'?s\s+more|but|and|meanwhile|importantly|"
    r"better\s+still|even\s+better|likewise|similarly|in\s+addition|for\s+example|for\s+instance|"
    r"even\s+so|nonetheless|nevertheless|all\s+the\s+same|after\s+all|in\s+any\s+case|anyway)\s*,\s*",
    re.IGNORECASE,
)
_URL_LIKE = re.compile(r"^(?:https?://|www\.|doi\b|10\.\d|PMID|PMC|(?:[\w-]+\.)+[a-z]{2,}/)", re.IGNORECASE)


def described_source(text: str, start: int, mark_start: int, mark_end: int, end: int | None = None) -> tuple[int, int] | None:
    """Where the copy describes the source a marker points to, as a range of `text`, or None.

    The clause that runs into the marker (from the last comma, colon or parenthesis before
    it), with the marker's own words when they are words (a link's text, not a URL) and what
    follows it up to a reporting verb ("a 2020 study in [Journal] of 36 horses found"); only
    when that clause names a source ("according to", "study", "trial", "journal"...) and is
    not the sentence's own subject.  "In mice, the cells homed to the injury [2]" and "A
    trial in dogs showed that the cells heal joints [2]" have no such clause: the sentence
    says what it is about, unless (with the sentence's `end`) a clause after the marker
    carries the finding over ("A study of 60 dogs found ... (ref. 7), and people with worn
    hips improve in just the same way."): then all before the marker describes the source.
    """
    before = mark_start
    while before > start and text[before - 1] in " \t([:\u2014-":
        before -= 1
    opening = start
    for match in _CLAUSE_OPEN.finditer(text, start, before):
        opening = match.end()
    after = before
    own = text[mark_start:mark_end]
    if own[:1].isalpha() and not _URL_LIKE.match(own):
        # A link whose text is words: they, and what follows up to a reporting verb, describe it.
        after = mark_end
        stop = _REPORTING_VERB.search(text, mark_end)
        if stop is not None and stop.start() - mark_end <= 80:
            after = stop.end() if stop.group()[:1].isalpha() else stop.start()
    if not _SOURCE_WORDS.search(text, opening, after):
        return None
    if opening != start and _DISCOURSE_OPENER.fullmatch(text, start, opening):
        # "That said, a randomised study showed cord cells improve ... (Rivera 2019)": the
        # study is still the sentence's subject after a word that links it to the last one.
        opening = start
    if opening == start and not _ATTRIBUTION_START.match(text, start):
        # "A trial in dogs showed that the cells heal joints [2]": the study is the sentence's
        # own subject, so the sentence is about it (only "As a study... showed, ..." is not).
        if end is not None and _CARRIED_OVER.match(text, mark_end, end):
            return (start, mark_end)
        return None
    return (opening, after)


_ROW_HEADER_WORDS = 12


def _row_header(doc: Doc, index: int) -> list[tuple[str, str]]:
    """The diseases a table cell is about when it names none itself: those of the cell
    before it, when that is a short cell of its own (the row's header: "| Type 2 diabetes
    | Many patients come off insulin (2) |")."""
    sentences = sentences_of(doc)
    info = sentences[index]
    if info.segment_kind != "table_cell" or index == 0:
        return []
    previous = sentences[index - 1]
    if previous.segment_kind != "table_cell" or previous.segment != info.segment - 1:
        return []
    if index >= 2 and sentences[index - 2].segment == previous.segment:
        return []  # the cell before holds more than one sentence: not a header
    text = text_of(doc)
    if len(text[previous.span.start_char : previous.span.end_char].split()) > _ROW_HEADER_WORDS:
        return []
    return condition_names().most_specific(named_conditions(doc, previous))


def context_conditions(doc: Doc, index: int) -> list[tuple[str, str]]:
    """The diseases a sentence that names none is about, from its context: the sentence
    before it when it points back to it ("most of them", "those bright spots" under a
    figure caption), the lead-in of the list it is an item of ("If you have alopecia
    areata, two sessions bring:"), else the heading it sits under ("## Type 2 diabetes"
    ... "Most stop needing insulin [1].", read whole when it has two sentences: "I have
    brittle bones. Will it help?"), else the page's title or first heading."""
    sentences = sentences_of(doc)
    info = sentences[index]
    text = text_of(doc)

    def diseases(other) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
        return condition_names().most_specific(named_conditions(doc, other))

    if index > 0:
        previous = sentences[index - 1]
        opening = " ".join(text[info.span.start_char : info.span.end_char].split()[:8])
        pointed = _POINTS_BACK.search(text, info.span.start_char, info.span.end_char)
        # ("since that trial found ..." points back to a source, not to what the claim is about)
        refers = next((word for word in _REFERS_BACK.finditer(opening) if not _SOURCE_NOUN.match(opening, word.end())), None)
        if refers and (own := _OWN_SUBJECT.match(opening)) and own.end() <= refers.start():
            refers = None  # "Women who leak when they cough": "they" are the sentence's own subject
        if (
            ((previous.segment == info.segment or previous.segment_kind == "caption") and (pointed or refers))
            # a line of its own right after the line it points back to (plain-text email)
            or (pointed and previous.segment == info.segment - 1 and not _is_heading(text, previous))
        ) and not is_reference_entry(doc, previous):
            found = diseases(previous)
            if found:
                return found
        lead = _lead_in(text, sentences, index)
        if lead is not None:
            found = diseases(sentences[lead])
            if found:
                return found
        found = _said_of_relative(doc, index)
        if found:
            return found
    # The heading the sentence sits under, then the page's own topic (its title and first
    # heading); a heading further up belongs to another section ("## Meniscus tears" says
    # nothing about the "## Patient stories" below it).
    headings = _headings_of(doc)
    above = bisect.bisect_left(headings, index)
    if not above:
        return []
    topic = [position for position in headings[:above] if sentences[position].segment_kind == "title"]
    topic += [position for position in headings[:above] if sentences[position].segment_kind != "title"][:1]
    for position in [headings[above - 1], *topic]:
        segment = sentences[position].segment
        whole = [other for other in headings[:above] if sentences[other].segment == segment]
        found = [disease for other in whole for disease in diseases(sentences[other])]
        if found:
            return found
    return []


# A person the copy names by their tie to the reader or the writer ("for your husband", "my
# daughter"): what was said of that person before ("My husband has Parkinson's disease") is
# what a claim made for them is about.
_RELATIVE = re.compile(
    r"\b(?:your|my|his|her|our|their)\s+(husband|wife|partner|son|daughter|child|kid|mother|mom|mum|father|dad|sister|"
    r"brother|grandmother|grandfather|grandma|grandpa|grandson|granddaughter|aunt|uncle|niece|nephew|baby|toddler)s?\b",
    re.IGNORECASE,
)
# Where what is said of the person ends: a clause break, or another person taking over ("and my
# own knees ...").
_PERSON_CLAUSE_END = re.compile(r"[,;:.!?()]|\s(?:and|but)\s+(?:my|I|our|your|her|his|their|we|she|he)\b", re.IGNORECASE)
_RELATIVE_REACH = 12  # sentences looked back


def _said_of_relative(doc: Doc, index: int) -> list[tuple[str, str]]:
    """The diseases said of the person a sentence names by their tie ("For your husband, the
    drip brings back smooth movement"), from the nearest sentence before it that names the same
    person with a disease in the same clause ("My husband has Parkinson's disease and my own
    knees are worn out": Parkinson's disease, not the knees)."""
    sentences = sentences_of(doc)
    text = text_of(doc)
    info = sentences[index]
    named = _RELATIVE.search(text, info.span.start_char, info.span.end_char)
    if named is None:
        return []
    person = named.group(1).lower()
    conditions = span_index(doc, "conditions")
    for other in reversed(sentences[max(0, index - _RELATIVE_REACH) : index]):
        start, end = other.span.start_char, other.span.end_char
        for mention in _RELATIVE.finditer(text, start, end):
            if mention.group(1).lower() != person:
                continue
            stop = _PERSON_CLAUSE_END.search(text, mention.end(), end)
            limit = stop.start() if stop else end
            found = [
                (span.text, span.label_)
                for span in conditions.within(other.span.start, other.span.end)
                if mention.end() <= span.start_char and span.end_char <= limit and span.label_ not in NON_DISEASE_CATEGORIES
            ]
            if found:
                return condition_names().most_specific(found)
    return []


_LIST_ITEM = re.compile(r"\s*(?:[-*\u2022\u2023\u25e6\u2013]|\d{1,2}[.)])\s")


def _is_list_item(text: str, info) -> bool:  # type: ignore[no-untyped-def]
    return info.segment_kind == "list_item" or bool(_LIST_ITEM.match(text, info.span.start_char))


def _lead_in(text: str, sentences, index: int, reach: int = 15) -> int | None:  # type: ignore[no-untyped-def]
    """The sentence that introduces the list `index` is an item of: the first sentence
    before the run of items that ends with a colon, or None."""
    if not _is_list_item(text, sentences[index]):
        return None
    position = index - 1
    while position >= 0 and index - position <= reach and _is_list_item(text, sentences[position]):
        position -= 1
    if position < 0 or index - position > reach:
        return None
    lead = sentences[position]
    return position if text[lead.span.start_char : lead.span.end_char].rstrip().endswith(":") else None


_HEADINGS_KEY = "claimcheck.fit.headings"


def _headings_of(doc: Doc) -> list[int]:
    """Indexes of the sentences that are headings or titles, computed once per Doc."""
    cached = doc.user_data.get(_HEADINGS_KEY)
    if cached is None:
        text = text_of(doc)
        cached = doc.user_data[_HEADINGS_KEY] = [info.index for info in sentences_of(doc) if _is_heading(text, info)]
    return cached


_TITLE_KINDS = frozenset({"heading", "title"})
_HEADING_LINE = re.compile(r"[^\n.!?]{1,80}[^\n.!?:;,\s]")


def _is_heading(text: str, info) -> bool:  # type: ignore[no-untyped-def]
    """A heading, a page title, or in plain text a short line of its own without a full stop."""
    if info.segment_kind in _TITLE_KINDS:
        return True
    if info.segment_kind != "paragraph":
        return False
    start, end = info.span.start_char, info.span.end_char
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].strip()
    if info.segment == 0 and line_start <= start and "\n" in text[start:end].strip():
        # A plain-text page's title block, a letterhead line and a title read as one sentence
        # ("SWEETWATER METABOLIC INSTITUTE - Tijuana, B.C.\nCell Therapy for Adult-Onset Diabetes"):
        # short lines, the last without a full stop.
        lines = [part.strip() for part in text[start:end].strip().split("\n")]
        return (
            len(lines) <= _TITLE_LINES
            and all(len(part.split()) <= 10 for part in lines)
            and bool(_HEADING_LINE.fullmatch(lines[-1]))
        )
    return line == text[start:end].strip() and bool(_HEADING_LINE.fullmatch(line)) and len(line.split()) <= 10


_TITLE_LINES = 4


# A sentence that takes its subject from the one before ("Most of them stop needing insulin",
# "The same cells...", "That inflammation..."): a word among its first few that points back.
_REFERS_BACK = re.compile(r"\b(?:it|its|they|them|their|these|those|this|that|such|the\s+same)\b", re.IGNORECASE)
_SOURCE_NOUN = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:trials?|stud(?:y|ies)|papers?|reports?|research|reviews?|authors?|team)\b",
    re.IGNORECASE,
)
# "Women who leak when they ...", "People whose joints ... their": a plural subject with a
# relative clause, which the plural pronouns after it point to.
_OWN_SUBJECT = re.compile(
    r"\s*(?:[\w'’-]+\s+){1,3}?(?:who|whose)\s+(?:[\w'’-]+\s+){0,4}?(?=(?:they|them|their)\b)", re.IGNORECASE
)


# A complaint pointed back to anywhere in the sentence: "quiet that tingling down", "loosen
# those stiff mornings", "lifts that lingering fatigue", "ease the condition": what it is,
# and what it comes from, is said in the sentence before.
_POINTS_BACK = re.compile(
    r"\b(?:that|those|this|these|such)\s+(?:[\w'’-]+\s+){0,2}?(?:pains?|aches?|aching|tingling|numbness|burning|stiffness|"
    r"mornings?|fatigue|tiredness|exhaustion|fog|symptoms?|conditions?|problems?|diseases?|illness(?:es)?|complaints?|"
    r"injur(?:y|ies)|flare-?ups?|swelling|cough(?:ing)?|breathlessness|soreness|weakness|trouble|issues?|twinges?|spasms?)\b"
    r"|\bthe\s+(?:condition|problem|disease|illness|complaint|disorder)\b",
    re.IGNORECASE,
)


class FitCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._rule = rule
        self._problem = rule.options["problem"]

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        found = references_of(doc)
        if self._problem == "registration":
            yield from self._named_registrations(doc, found)
        if self._problem == "weak_support":
            yield from self._told_and_carried(doc, found)
        if not found.resolved:
            return
        sentences = sentences_of(doc)
        cited = set(found.by_sentence)
        # Only sentences a citation is attached to can be judged: asserted claims and
        # appeals to evidence among them first.
        units = {claim.sentence for claim in claims_of(doc) if claim.asserted and claim.sentence in cited}
        starts = [info.span.start_char for info in sentences]
        # A claim the page quotes to discuss it ("The first came from a brochure: '...'") is not
        # the page's own: whatever it cites, the page is not resting on that source.  Nor is one
        # it denies or asks about: "a single cord blood infusion did not improve speech [1]"
        # reports a negative trial.
        quoted = {claim.sentence for claim in claims_of(doc) if claim.status in {"reported", "negated", "question"}}
        for appeal in appeals_of(doc):
            if appeal.status in {"negated", "question", "reported"}:
                continue
            position = bisect.bisect_right(starts, appeal.start) - 1
            if position >= 0 and sentences[position].index in cited:
                units.add(sentences[position].index)
        # A cited sentence with a condition and an effect or a therapy is a claim even
        # when the claim detector found no therapy-effect pair in it ("Activated cells
        # restore lost myelin in MS [1]", "children with CP walk sooner after the same treatment [4]").
        designs = designs_of(doc)
        for index, items in found.by_sentence.items():
            if index in units or index in quoted:
                continue
            info = sentences[index]
            if self._problem == "registration":
                # "Backed by an FDA-listed trial (NCT...)": offered as proof without a claim verb,
                # or "Ulcerative colitis responds just as well (ISRCTN...)": an effect with a
                # registration beside it; a recruitment notice's "Registration: NCT..." offers nothing.
                registered = any(is_registration(item.mark) for item in items) or any(
                    designs[entry].design == "registry" for item in items for entry in item.entries if entry in designs
                )
                proof = _PROOF_IN_HEADING if _is_heading(text_of(doc), info) else _PROOF
                if registered and (
                    proof.search(text_of(doc), info.span.start_char, info.span.end_char)
                    or _has(doc, "effects", info)
                    or _read_as_claim(doc, info)
                ):
                    units.add(index)
            elif self._problem == "off_target" and (
                _population_of(sentence := _unlikened(text_of(doc), info.span.start_char, info.span.end_char))
                or _claimed_band(sentence)
                or (sites_in(sentence) and (_has(doc, "effects", info) or _read_as_claim(doc, info)))
            ):
                # "Golfers over 65 are back on the course [2]": whom the claim is about is
                # checked against whom the source studied, whatever the condition; "your
                # shoulder will feel the same relief [1]": where, against where it studied.
                units.add(index)
            elif (
                _has(doc, "conditions", info)
                or _row_header(doc, index)
                # "..., the same paper found": goes on with the claim of the sentence before
                or any(item.mark.kind == SAME_SOURCE for item in items)
                or context_conditions(doc, index)
            ) and (
                self._problem == "off_target"
                or _has(doc, "effects", info)
                or _has(doc, "therapies", info)
                or _read_as_claim(doc, info)
            ):
                # A citation on a sentence about a condition (named there, in the sentence before
                # or in the heading above) is offered as about that condition; not one that only
                # says what the page's programme is based on ("Our program is modelled on a 2022
                # paper titled ... (Rinaldi et al., 2022)"), with no effect and no disease of its own.
                if not (
                    _BASED_ON.search(text_of(doc), info.span.start_char, info.span.end_char)
                    and not _has(doc, "effects", info)
                    and not _names_disease(doc, info)
                ):
                    units.add(index)
            elif self._problem == "weak_support" and (
                ((_has(doc, "effects", info) or _has(doc, "therapies", info)) and _read_as_claim(doc, info))
                or (
                    (
                        _LIKENED.search(sentence := text_of(doc)[info.span.start_char : info.span.end_char])
                        or _SAME_SEEN.search(sentence)
                        or _names_disease(doc, info)
                        # "In sheep, the cells restored the discs, and we expect the same in people [3]"
                        or reported_part(text_of(doc), info.span.start_char, info.span.end_char)
                    )
                    and not _DENIED.search(sentence)
                    and not _ABOUT_HARM.search(sentence)
                )
            ):
                # "Most men stop needing their blue pill altogether (Kim 2020b)": an effect the
                # detector reads as a claim, about a complaint no lexicon names; a result
                # carried over to the reader ("your own knee will respond the same way (ref. 4)");
                # or what happens to people with a disease ("Men with receding hairlines keep
                # their hair for life [ref. 4]"): judged weak only when every source is.
                units.add(index)
        if not units:
            return
        careful = register_of(doc) == "careful"
        for index in sorted(units):
            if careful and (_quoted_whole(text_of(doc), sentences[index]) or _set_out_quote(doc, index)):
                # A careful page quoting an advert's claim whole ("We quote them so that you can
                # recognise the pattern: '... clinically proven (NCT...)'") is not resting on it.
                continue
            reading = _reading(doc, found, designs, index)
            if reading is None:
                continue
            hit = self._judge(
                reading.claim,
                reading.sentence,
                reading.conditions,
                reading.entries,
                reading.inline,
                reading.entry_designs,
                reading.descriptions,
                reading.shown_as,
                reading.animals,
            )
            if hit is not None:
                yield Hit(self._rule, reading.start, reading.claim_end, hit)

    def _told_and_carried(self, doc: Doc, found) -> Iterator[Hit]:  # type: ignore[no-untyped-def]
        """A sentence with no citation that says its evidence is in animals, a dish or one case
        and concludes for people in the same breath: "In sheep, injected fat cells restored the
        discs, and that is what we aim to do for your spine", "Because the cells halted the damage
        in animals, our patients can expect the same protection". Its own words are its source.
        Not on a page the register classifier reads as careful, nor where the conclusion is denied."""
        if register_of(doc) == "careful":
            return
        text = text_of(doc)
        for info in sentences_of(doc):
            if info.index in found.by_sentence or is_reference_entry(doc, info):
                continue
            start, end = info.span.start_char, info.span.end_char
            reported = reported_part(text, start, end)
            if reported is None or _DENIED.search(text, reported[1], end) or not _PEOPLE.search(text, reported[1], end):
                continue
            told = next(_weak_designs_told(text[reported[0] : reported[1]], product_anywhere=True), None)
            if told is None:
                continue
            design, said = told
            source = f"the sentence's own account reads as {DESCRIBED[design]} ('{said}')"
            yield Hit(self._rule, start, end, render(self._rule.message, sources=source))

    def _named_registrations(self, doc: Doc, found) -> Iterator[Hit]:  # type: ignore[no-untyped-def]
        """A registration offered as proof in words, with no number or link to resolve:
        "Our asthma program is registered with the ISRCTN registry, an independent
        standard", "these trials are registered with the U.S. government, which proves ...".
        Not on a page the register classifier reads as careful (explainers quote such
        lines), nor where the sentence recruits, explains registration or denies it."""
        if register_of(doc) == "careful":
            return
        text = text_of(doc)
        sentences = sentences_of(doc)
        starts = [info.span.start_char for info in sentences]
        judged: set[int] = set()
        # Only sentences holding a registry word are read (one scan for the words; most
        # pages name no registry), each once.
        for cue in _REGISTRY_CUE.finditer(text):
            position = bisect.bisect_right(starts, cue.start()) - 1
            if position < 0 or position in judged:
                continue
            judged.add(position)
            info = sentences[position]
            start, end = info.span.start_char, info.span.end_char
            named = _REGISTRY_NAMED.search(text, start, end)
            if named is None or info.index in found.by_sentence or is_reference_entry(doc, info):
                continue
            sentence = text[start:end]
            if not _EFFECT_PROOF.search(sentence):
                continue
            if _RECRUITING.search(sentence) or _EXPLAINS_REGISTRATION.search(sentence) or _DENIED.search(sentence):
                continue
            yield Hit(self._rule, start, end, render(self._rule.message, sources=f"'{named.group()}'"))

    def _judge(
        self,
        claim: str,
        sentence: str,
        conditions: list[tuple[str, str]],
        entries: list[Entry],
        inline: list,  # type: ignore[type-arg]
        designs: dict[int, StudyDesign],
        descriptions: dict,  # type: ignore[type-arg]
        shown_as: dict[int, str],
        animals: str = "",
    ) -> str | None:
        """`claim` is the sentence with the words that describe its sources blanked out;
        `descriptions` what the copy says each inline link or identifier is; `shown_as` how
        the page cites an entry when that is not its number ("(Lee 2021)"); `animals` the
        species the claim is about when only its paragraph or heading says so."""
        sources = [
            (shown_as.get(entry.index, entry.name), designs[entry.index])
            for entry in entries
            if not entry.external or entry.index in designs
        ]
        papers_inline = [mark for mark in inline if not is_registration(mark)]
        trials_inline = [mark for mark in inline if is_registration(mark)]
        if self._problem == "registration":
            registrations = [f"{name} ({design.words})" for name, design in sources if design.design == "registry"]
            registrations += [mark.labels[0] for mark in trials_inline if mark.labels]
            others = papers_inline or [
                entry
                for entry in entries
                if entry.index in designs and designs[entry.index].design != "registry" and entry.substantiates
            ]
            if (
                not registrations
                or others
                or _RECRUITING.search(sentence)
                or _EXPLAINS_REGISTRATION.search(sentence)
                or _DENIED.search(sentence)
            ):
                return None
            return render(self._rule.message, sources=", ".join(dict.fromkeys(registrations)))
        # A link or identifier in the prose is read from what the copy says it is; one the
        # copy does not describe is a source of unknown design and condition (never judged weak
        # or off-target).
        unknown = StudyDesign("unknown", "", (), "")
        # A link to an unknown site that the copy does not describe as a study is no source at
        # all (it may be a glossary or a blog), so it neither blocks nor makes a verdict.
        cited = sources + [
            (mark.labels[0] if mark.labels else mark.kind, descriptions.get(mark, unknown))
            for mark in papers_inline
            if mark.kind != WEB_KIND or not _says_nothing(descriptions.get(mark, unknown))
        ]
        if not cited:
            return None
        sentence = claim
        if self._problem == "weak_support":
            designs_found = [design for _, design in cited]
            if not all(design.design in WEAK for design in designs_found):
                return None
            # "Young Labradors ... [2]" on a study in dogs: a claim about animals on animals (B38);
            # on dog cells in a dish or one dog's case it is still weak ("Inside your dog's hip,
            # the cells turn into new cartilage (ref. 3)" on a culture study, B110), and the
            # species the claim names does not say what its evidence is.
            about_animals = bool(animals) or _population_of(sentence) in SPECIES
            if about_animals and any(design.design == "animal" for design in designs_found):
                return None
            if (
                _tells_weak_design(sentence, ("in_vitro", "case") if about_animals else WEAK)
                or _own_scope(sentence)
                or _ABOUT_HARM.search(sentence)
                or _APPROVAL_BASIS.search(sentence)
            ):
                # "In mice, the cells homed to the injury [2]", "in a case series of 12
                # knees, pain fell [3]": the sentence says what the evidence is; harms ("some
                # went blind [1]": case reports are how harms are known) and the trial behind
                # an approval are not claims of effect resting on weak evidence.
                return None
            described = "; ".join(
                dict.fromkeys(f"{name} reads as {design.described} ('{design.words}')" for name, design in cited)
            )
            return render(self._rule.message, sources=described)
        if _ABOUT_HARM.search(sentence):
            return None  # "headache was the most common side effect [1]": harms are not a claim of effect
        if _SAYS_MISMATCH.search(sentence):
            return None  # "... is citing a study of another disease [1]": the page points out the misfit itself
        claimed = [Condition(text, category) for text, category in conditions]
        population = _population_of(sentence) or animals
        claimed_sites = sites_in(sentence)
        what_sites = ""
        reasons = []
        names = condition_names()
        mismatched = False
        whom = ""
        for name, design in cited:
            if design.design in WEAK and population not in SPECIES:
                # An animal, lab or case source is weak support, not also off-target, whatever
                # it studied (ANNOTATION.md B34), unless the claim is itself about animals (B38).
                continue
            studied = design.diseases
            other = design.population if design.population in _OTHER_POPULATIONS.get(population, ()) else ""
            if not other and design.sex in _OTHER_POPULATIONS.get(population, ()):
                # "Men with a receding hairline ..." on a trial in women aged 30 to 60 (B40)
                other = design.sex
            if design.population == HEALTHY and not _ABOUT_SAFETY.search(sentence):
                # A dose or safety study in people without the disease holds no effect in patients (B40).
                other = HEALTHY
            if (
                not other
                and population in SPECIES
                and design.population == population
                and design.ages
                and design.ages[1] <= _YOUNG_ANIMAL
                and _OLD_ANIMAL.search(sentence)
            ):
                # Age bands hold inside a species: old dogs on a trial of dogs aged 2 to 7 (B40).
                other = f"{population} {age_words(design.ages)}"
            if (
                not other
                and population in SPECIES
                and design.population == population
                and design.ages
                and design.ages[0] >= _GROWN_ANIMAL
                and _YOUNG_ANIMAL_CLAIM.search(sentence)
            ):
                # and the other way: young Labradors on a study of dogs aged 8 to 12
                other = f"{population} {age_words(design.ages)}"
            if (
                not other
                and population in SPECIES
                and design.population == population
                and design.ages
                and (said := _animal_band(sentence)) is not None
                and (said[0] > design.ages[1] or said[1] < design.ages[0])
            ):
                # "Dogs of thirteen and fourteen" on a trial of dogs aged 3 to 10: the ages the claim gives
                other = f"{population} {age_words(design.ages)}"
            if not other and population == "older adults" and design.ages and design.ages[1] < _claimed_age(sentence):
                # "Grandparents in their eighties" on a trial of adults aged 40 to 65 (B42)
                other = f"adults {age_words(design.ages)}"
            if not other and design.population == OLDER and not design.ages and population not in SPECIES:
                # "Members in their forties" on a trial "in frail older adults" (no ages given)
                band = _claimed_band(sentence)
                if band and band[1] < _OLDER_FROM:
                    other = OLDER
                    whom = whom or f"people aged {band[0]} to {band[1]}"
            band = _claimed_band(sentence) if not other and design.ages and population not in SPECIES else None
            if band and (band[0] > design.ages[1] or band[1] < design.ages[0]):  # type: ignore[index]
                # "a woman in her fifties" on a trial of adults aged 65 to 85: ages the trial left out (B51)
                other = f"adults {age_words(design.ages)}"  # type: ignore[arg-type]
            mismatched = mismatched or bool(other)
            aged = (
                claimed
                and studied
                and _WITH_AGE.search(sentence)
                and all(names.has_other_cause(condition.text) for condition in studied)
                and not any(names.has_other_cause(condition.text) for condition in claimed)
            )
            if aged:
                # "Erections that have faded with age ..." on a trial after prostate surgery: a form
                # of the disease with another cause than age (B38, B41)
                named = dict.fromkeys(condition.text for condition in studied)
                reasons.append(f"{name} studies {', '.join(named)}, not the form that comes with age")
            elif claimed and studied and not any_fits(claimed, studied, names):
                # Every disease the source names is another than the claim's, under any
                # name, form or class (nlp/conditions.py, rules/lexicons/conditions.yml).
                named: dict[str, str] = {}
                for condition in studied:
                    named.setdefault(names.key(condition.text), condition.text)
                reasons.append(f"{name} studies {', '.join(named.values())}" + (f" in {other}" if other else ""))
            elif other:
                reasons.append(f"{name} studies {other}")
            elif design.phase and (said := phase_of(_STUDY_PHASE.sub(_spaces, sentence))) and said[0] != design.phase[0]:
                # "Years after a stroke, the arm grows stronger [3]" on a trial given within 48
                # hours of one: another phase of the injury, another form of it (B32).
                studied_phase, studied_words = design.phase
                reasons.append(f"{name} studies the {studied_phase} phase ('{studied_words}'), not the {said[0]} ('{said[1]}')")
            elif claimed_sites and design.sites and not claimed_sites & design.sites:
                # "Your shoulder will feel the same relief [1]" on a knee trial: another site (B40).
                reasons.append(f"{name} studies the {' and '.join(sorted(design.sites))}")
                what_sites = " and ".join(sorted(claimed_sites))
            else:
                return None
        if not reasons:
            return None
        # (where the only misfit is the site, the claim is about that site)
        what = (f"the {what_sites}" if what_sites else "") or ", ".join(dict.fromkeys(text for text, _ in conditions))
        if mismatched and (population or whom):
            what = f"{what} in {population or whom}" if what else population or whom
        return render(self._rule.message, sources="; ".join(reasons), claimed=what)


@dataclass(frozen=True)
class _Reading:
    """One cited sentence as the three problems judge it: the claim with the words that
    describe its sources (or what it is likened to) blanked, its conditions, its sources
    and how the page cites and describes them.  Read once per sentence and page, whichever
    of weak support, off-target and registration asks first."""

    start: int
    claim_end: int
    claim: str
    sentence: str
    conditions: list[tuple[str, str]]
    entries: list[Entry]
    inline: list  # type: ignore[type-arg]
    entry_designs: dict[int, StudyDesign]
    descriptions: dict  # type: ignore[type-arg]
    shown_as: dict[int, str]
    animals: str  # the species the claim is about, from its paragraph or heading ("" if none)


_READINGS_KEY = "claimcheck.fit"


def _reading(doc: Doc, found, designs: dict[int, StudyDesign], index: int) -> _Reading | None:  # type: ignore[no-untyped-def]
    cache = doc.user_data.setdefault(_READINGS_KEY, {})
    if index not in cache:
        if "told" not in cache:
            cache["told"] = _told_designs(doc, found, designs)

        def told_links() -> dict[str, StudyDesign]:
            # Read only when a sentence cites a link it does not describe (most pages have none).
            if "told_links" not in cache:
                cache["told_links"] = _told_links(doc, found)
            return cache["told_links"]

        cache[index] = _read_sentence(doc, found, designs, cache["told"], told_links, index)
    return cache[index]


def _read_sentence(  # type: ignore[no-untyped-def]
    doc: Doc,
    found,
    designs: dict[int, StudyDesign],
    told: dict[int, StudyDesign],
    told_links: Callable[[], dict[str, StudyDesign]],
    index: int,
) -> _Reading | None:
    text = text_of(doc)
    info = sentences_of(doc)[index]
    items = attached(doc, info, 0)
    if not items:
        return None
    start, end = info.span.start_char, info.span.end_char
    entries = [found.entries[i] for item in items for i in item.entries]
    # An entry is named as the page cites it: "[3]", "[^note]", or "(Lee 2021)" in an
    # author-year page, whose list has no numbers.
    shown_as = {
        entry: f"({shown[0].capitalize()})"
        for item in items
        if item.mark.kind == "author_year"
        for entry in item.entries
        if (shown := [label for label in item.mark.labels if label in found.entries[entry].labels])
    }
    # (a link to an unknown site counts here: what the copy says it is can be judged)
    # An identifier that is also a list entry's ("(PMID 36211084)" with "- PMID 36211084. Lee A.
    # ...") is read from that entry, not as an undescribed paper of its own.
    marks = [
        item.mark
        for item in items
        if (item.mark.is_identifier and item.mark.valid and not (item.entries and not is_registration(item.mark)))
        or item.mark.kind == WEB_KIND
    ]
    # A DOI inside a link's URL is that link's source, not a second one.
    inline = [
        mark
        for mark in marks
        if not any(other is not mark and other.start <= mark.start and mark.end <= other.end for other in marks)
    ]
    # Where the copy says what a source is ("as a 2019 study of 40 dogs showed"): those
    # words describe the source, so they are not the claim's condition or population.
    described = {
        item.mark: where
        for item in items
        if (where := described_source(text, start, item.mark.start, item.mark.end, end)) is not None
    }
    # "... just as it did in pig skin", "as fast as a 25-year-old's": what the claim is
    # likened to is no more its condition, population or scope than a described source.
    compared = compared_clauses(text, start, end)
    ranges = tuple(described.values()) + compared
    # A link's own words ("journals.example/rabbit-disc-2020") are not the claim's either.
    ranges += tuple((item.mark.start, item.mark.end) for item in items if item.mark.kind in {"link", WEB_KIND})
    # Nor the journal a study is named by ("a 2019 paper in the Nordic Journal of Hip Therapy"):
    # where it appeared, not what the claim is about.
    ranges += tuple(
        (position, position + len(item.mark.labels[0]))
        for item in items
        if item.mark.kind == JOURNAL_YEAR and (position := text.find(item.mark.labels[0], start, end)) >= 0
    )
    # Nor are the words inside a citation's parentheses ("(Sung et al. 2018, in rabbits, doi:...)"):
    # they annotate the source, so they do not bound the claim to rabbits.
    ranges += tuple(group for item in items if (group := _citation_parentheses(text, start, end, item.mark)) is not None)
    # "In diabetic mice, the cells rebuilt beta cells, and we expect the same in people [4]",
    # "A trial in COVID-19 pneumonia found ..., which is why our long COVID clients breathe
    # easier": the report of the source is not the claim; what the page concludes from it is.
    reported = reported_part(text, start, end)
    if reported:
        ranges += (reported,)

    claim = _blanked(text, start, end, ranges)
    conditions = (
        named_conditions(doc, info, claim)
        or _wounds_named(claim)
        or _row_header(doc, index)
        # (and "..., the same paper found": the claim goes on from the sentence before)
        or (_carried_from(doc, found, index, items) if compared or any(item.mark.kind == SAME_SOURCE for item in items) else None)
        # "A review of 31 studies found that the vesicles sped up healing [4]": a sentence whose
        # subject is the study reports what that study found, so the page's topic is not its claim.
        or (context_conditions(doc, index) if not _REPORTS_STUDY.match(text, start, end) else [])
    )
    descriptions = {mark: describe(text[low:high]) for mark, (low, high) in described.items()}
    # A source the marker's own clause does not describe is described by the sentence's report
    # of it ("A 2019 study found amniotic cells rebuilt disc height in rabbits (doi...), and we
    # see the same in our patients") or by whom the effect was seen in ("Brain lesions shrink,
    # as shown in mice with the experimental form of MS (Haddad et al., 2017)").
    said = [reported] if reported else []
    said += [(low, high) for low, high in compared if _SEEN_IN.match(text, low, high)]
    told_here = next((design for low, high in said if not _says_nothing(design := describe(text[low:high]))), None)
    if told_here is not None:
        for item in items:
            if item.mark not in descriptions or _says_nothing(descriptions[item.mark]):
                descriptions[item.mark] = told_here
    for mark in inline:
        # "as that trial showed (PubMed)": a link the page described where it first cited it.
        said = descriptions.get(mark)
        # (or only an outcome: "since the same trial found oxygen levels recovered faster")
        if (said is None or _says_nothing(said) or _names_no_study(said)) and mark.labels and mark.labels[0] in told_links():
            descriptions[mark] = told_links()[mark.labels[0]]
    # A list entry that says nothing of its study ("2. doi:10.5555/...") is read, like a
    # link, from what the copy says of it ("as a trial in emphysema patients showed [2]").
    # What the copy says of it elsewhere on the page counts too ("Energy to work a full
    # day again [4]" in a table, after "as a trial in COVID-19 pneumonia showed [4]").
    entry_designs = {**designs, **told}
    for item in items:
        if item.mark in descriptions:
            for entry in item.entries:
                if entry in designs and designs[entry].design == "unknown" and not designs[entry].conditions:
                    entry_designs[entry] = descriptions[item.mark]
                elif entry in designs and designs[entry].design == "unknown" and descriptions[item.mark].design != "unknown":
                    # an entry that names its disease but not its design takes the design the copy gives it
                    entry_designs[entry] = replace(
                        designs[entry], design=descriptions[item.mark].design, words=descriptions[item.mark].words
                    )
    # The claim is the words the citation is attached to, not the marker.
    inside = [item.mark.start for item in items if start < item.mark.start < end and item.mark.kind != WEB_KIND]
    claim_end = min(inside) if inside else end
    while claim_end > start and text[claim_end - 1] in " \t([":
        claim_end -= 1
    return _Reading(
        start,
        claim_end if claim_end > start else end,
        claim,
        text[start:end],
        conditions,
        entries,
        inline,
        entry_designs,
        descriptions,
        shown_as,
        "" if _population_of(claim) or _PEOPLE.search(text, start, end) else _context_species(doc, index),
    )


def _citation_parentheses(text: str, start: int, end: int, mark) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """The parentheses of text[start:end] that hold an author-year citation `mark` with words of
    its own ("(Chen et al. 2021, in pig skin, doi:...)"), as a range of `text`, or None."""
    if mark.kind != "author_year":
        return None
    opening = text.rfind("(", start, mark.start + 1)
    if opening < 0 or ")" in text[opening : mark.start]:
        return None
    closing = text.find(")", mark.end - 1, end)
    if closing < 0 or closing - opening > _CITATION_PARENTHESES:
        return None
    return opening, closing + 1


_CITATION_PARENTHESES = 200


def _wounds_named(claim: str) -> list[tuple[str, str]]:
    """The kinds of ulcer or sore a cited claim names ("Venous leg ulcers close just as
    reliably [1]"), read as study titles are (conditions.yml `titles_only`): wounds are not
    read as uses in copy (ANNOTATION B38), but a cited claim about one is compared with its
    source. A wound named in general ("the wound closes") is not a kind."""
    _, titles = patterns()
    wounds = titles.get("wound")
    if wounds is None:
        return []
    return [(match.group(), "wound") for match in wounds.finditer(claim) if _WOUND_KIND.search(match.group())]


_WOUND_KIND = re.compile(r"ulcer|sore|pressure\s+injur", re.IGNORECASE)


# Words that put a claim in people, whatever animals the paragraph is about.
_PEOPLE = re.compile(
    r"\b(?:people|persons?|patients?|humans?|you|your|owners?|adults?|children|kids|m[ae]n|wom[ae]n|athletes?)\b", re.IGNORECASE
)


def _context_species(doc: Doc, index: int) -> str:
    """The species a sentence that names none is about, from the sentence before it in its
    paragraph (or a caption just before: "Cooper, a four-year-old Labrador with hip
    dysplasia") or else the heading it sits under ("## For horses"), or else the page's first
    heading ("Stem Cell Therapy for Dogs with Elbow and Hip Arthritis" over a "What the studies
    show" section), when that names no people."""
    sentences = sentences_of(doc)
    text = text_of(doc)
    info = sentences[index]
    candidates = []
    if index > 0:
        previous = sentences[index - 1]
        if previous.segment == info.segment or previous.segment_kind == "caption":
            candidates.append(previous)
    headings = _headings_of(doc)
    above = bisect.bisect_left(headings, index)
    if above:
        section = sentences[headings[above - 1]]
        candidates.append(section)
        # the page's title only under a section that is not about people ("## For owners")
        if above > 1 and not _PEOPLE.search(text, section.span.start_char, section.span.end_char):
            candidates.append(sentences[headings[0]])
    words, _ = patterns()
    for other in candidates:
        sentence = text[other.span.start_char : other.span.end_char]
        if _PEOPLE.search(sentence):
            continue  # "Torn tendons in people heal, as our horse patients have shown"
        for species in SPECIES:
            if words[f"population_{species}"].search(sentence):
                return species
    return ""


KIND = Kind(
    "citation_fit",
    OPTIONS,
    FitCheck,
    "Flags a cited claim whose source cannot support it: weak design, another condition, or a trial registration.",
)


def _told_designs(doc: Doc, found, designs: dict[int, StudyDesign]) -> dict[int, StudyDesign]:  # type: ignore[no-untyped-def]
    """For each list entry that says nothing of its study (a bare DOI), what the copy says
    of it where it is cited ("as a trial in emphysema patients showed [2]"): the first
    description that names a design or a condition."""
    text = text_of(doc)
    sentences = sentences_of(doc)
    # (a tissue or outcome word, such as "hair" in a DOI, says nothing of what was studied)
    blank = {entry for entry, design in designs.items() if design.design == "unknown" and not design.diseases}
    # An entry whose title names a design but no disease ("Platelet injections versus saline: a
    # randomised trial in 60 office workers") is about what the sentence introducing it says
    # ("Researchers in Tampere followed 60 office workers with tennis elbow", ANNOTATION B110).
    silent = {entry for entry, design in designs.items() if design.design != "unknown" and not design.diseases}
    told: dict[int, StudyDesign] = {}
    if not blank and not silent:
        return told
    for index, items in sorted(found.by_sentence.items()):
        start, end = sentences[index].span.start_char, sentences[index].span.end_char
        for item in items:
            waiting = [entry for entry in item.entries if entry in blank and entry not in told]
            quiet = [entry for entry in item.entries if entry in silent and entry not in told]
            if quiet:
                intro = _INTRODUCES.match(text, start, end) or _SCENE_OPENING.match(text, start, end)
                where = described_source(text, start, item.mark.start, item.mark.end) if intro is None else (start, end)
                said = describe(text[where[0] : where[1]]) if where else None
                if said is not None and said.diseases:
                    for entry in quiet:
                        design = designs[entry]
                        told[entry] = replace(
                            design,
                            conditions=design.conditions + said.conditions,
                            sites=design.sites or said.sites,
                            population=design.population or said.population,
                            ages=design.ages or said.ages,
                        )
            if not waiting:
                continue
            where = described_source(text, start, item.mark.start, item.mark.end)
            if where is None:
                # "In sheep with smoke-damaged airways, the cells thinned the mucus [3]": the
                # sentence reports the study it cites, and its opening says in whom.
                scene = _SCENE_OPENING.match(text, start, item.mark.start)
                # or the page quotes the study's abstract beside it (B117): 'From the abstract: "We
                # enrolled 60 adults with ..."'
                where = scene.span() if scene is not None else _quoted_abstract(doc, index)
                if where is None:
                    continue
            design = describe(text[where[0] : where[1]])
            if not design.diseases and (abstract := _quoted_abstract(doc, index)) is not None:
                design = describe(text[abstract[0] : abstract[1]])
            if design.design != "unknown" or design.conditions:
                for entry in waiting:
                    told[entry] = design
    return told


def _quoted_abstract(doc: Doc, index: int) -> tuple[int, int] | None:
    """Where the page quotes the abstract of the study sentence `index` cites, in the sentences
    just before or after it (a quotation that says it is from the abstract), or None."""
    sentences = sentences_of(doc)
    text = text_of(doc)
    for other in (index + 1, index - 1):
        if not 0 <= other < len(sentences):
            continue
        info = sentences[other]
        start, end = info.span.start_char, info.span.end_char
        if _ABSTRACT_QUOTED.search(text, start, end) and any(mark in text[start:end] for mark in _OPENING_QUOTES[:2]):
            # the whole quotation: the sentences of its segment
            same = [candidate for candidate in sentences if candidate.segment == info.segment]
            return same[0].span.start_char, same[-1].span.end_char
    return None


_ABSTRACT_QUOTED = re.compile(r"\babstract\b", re.IGNORECASE)


# A sentence that opens by saying in whom or in what it happened, up to the first comma:
# "In sheep with smoke-damaged airways,", "In a dish of human cartilage cells,".
# A sentence that introduces a study by what its researchers did: "Researchers in Tampere
# followed 60 office workers with tennis elbow for a year."
_INTRODUCES = re.compile(
    r"\s*(?:[\w'’-]+\s+){0,4}?(?:researchers|scientists|investigators|doctors|surgeons|a\s+team|the\s+team|a\s+group)\b"
    r"[^.;:!?]{0,80}?\b(?:followed|studied|treated|enrolled|recruited|tested|gave|injected|randomi[sz]ed|tracked|compared)\b",
    re.IGNORECASE,
)
_SCENE_OPENING = re.compile(r"\s*(?:In|Among)\s+[^,;:.!?]{3,80},")


def _says_nothing(design: StudyDesign) -> bool:
    return design.design == "unknown" and not design.conditions and not design.population


def _names_no_study(design: StudyDesign) -> bool:
    """A description with no design, disease or population: at most an outcome or a tissue."""
    return design.design == "unknown" and not design.diseases and not design.population


def _told_links(doc: Doc, found) -> dict[str, StudyDesign]:  # type: ignore[no-untyped-def]
    """For each inline link or identifier (by what it points at), what the copy says of
    its study where the page first describes it ("In a pilot trial of 40 women with long
    COVID ... (PubMed)"): read again where a later sentence cites the same link as "that
    trial"."""
    text = text_of(doc)
    sentences = sentences_of(doc)
    told: dict[str, StudyDesign] = {}
    for index, items in sorted(found.by_sentence.items()):
        start, end = sentences[index].span.start_char, sentences[index].span.end_char
        for item in items:
            mark = item.mark
            if item.entries or not (mark.is_identifier or mark.kind == WEB_KIND) or not mark.labels or mark.labels[0] in told:
                continue
            where = described_source(text, start, mark.start, mark.end, end)
            opening = _STUDY_OPENING.match(text, start, end) if where is None else None
            if where is None and opening is None:
                continue
            design = describe(text[where[0] : where[1]] if where is not None else opening.group())  # type: ignore[union-attr]
            if not _says_nothing(design):
                told[mark.labels[0]] = design
    return told


# "In a pilot trial of 40 women with long COVID, ...": a sentence that opens by saying
# which study it reports (up to the first comma).
_STUDY_OPENING = re.compile(
    r"\s*(?:In|From)\s+(?:a|an|one|the|this)\s+(?:[\w'’-]+\s+){0,4}?(?:trial|study|series|review|analysis)\b[^,;:.]*"
    # "In a dose-finding study, 24 healthy volunteers received ...": the counted subject after
    # the comma is whom the study enrolled
    r"(?:,\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:people|persons|patients|volunteers|participants|adults|children|men|women|subjects)\b(?:\s+with\s+[^,;:.]*)?)?"
)


# "your 70-year-old tendons", "a 15-year-old pitcher", "even at 85", "abuelos de 75 y 80
# años": an age in years says whom.
# "at 12 months", "at twelve weeks": a time, not an age.
_TIME_UNITS = (
    r"\s+(?:months?|weeks?|days?|hours?|minutes?|years?\s+(?:after|later|on|of\s+follow)|sessions?|visits?|points?"
    r"|percent|per\s*cent)\b"
)
_AGE_IN_YEARS = re.compile(
    r"\b(\d{1,2})[- ]years?[- ]olds?\b|\b(?:at|aged?)\s+(\d{2})(?!\d|\s*%|[.,]\d|" + _TIME_UNITS + r")"
    r"|\b(\d{2})\s+(?:y\s+\d{2}\s+)?años\b"
    # "a relaxed weekend player of 75", "a grandmother of 82": a person "of" an age (not "a group
    # of 60 patients", "a dose of 50 million")
    r"|\b(?:m[ae]n|wom[ae]n|person|people|players?|golfers?|runners?|swimmers?|walkers?|hikers?|dancers?|patients?|"
    r"retirees?|grand(?:mother|father|ma|pa|parent)s?|lady|ladies|gentlem[ae]n|husband|wife|mother|father|mum|mom|dad)"
    r"\s+of\s+(\d{2})(?![\d%]|[.,]\d|\s*(?:%|percent|per\s*cent)|\s+(?:patients|people|persons|adults|men|women|children|"
    r"clinics|centres|centers|countries|studies|trials|million|thousand|hundred|kg|kilos?|pounds|lbs?)\b)",
    re.IGNORECASE,
)


# A sentence about safety, tolerability or dose: what a study in healthy volunteers can hold.
_ABOUT_SAFETY = re.compile(
    r"\b(?:safe|safely|safety|tolerat\w*|side[- ]effects?|adverse|serious\s+reactions?|dose|doses|dosing|dose-finding)\b",
    re.IGNORECASE,
)


# An animal claim about old animals: "senior dogs", "older horses", "dogs of 12 and older".
_OLD_ANIMAL = re.compile(
    r"\b(?:senior|old|older|elderly|aged|ageing|aging|geriatric)\s+(?:[\w-]+\s+)?(?:dogs?|cats?|horses?|pets?)\b"
    r"|\b(?:dogs?|cats?|horses?|pets?)\s+(?:of|aged|over)\s+(?:1\d|9)\b|\b(?:1\d|9)[- ]years?[- ]old\b",
    re.IGNORECASE,
)
# A complaint the copy puts down to age: "erections that have faded with age", "as men get older".
_WITH_AGE = re.compile(
    r"\bwith\s+(?:age|the\s+years)\b|\bage[- ]related\b"
    r"|\bas\s+(?:we|you|men|women|they|he|she|people)\s+(?:age|get\s+older|grow\s+older)\b",
    re.IGNORECASE,
)
# A sentence saying that a source does not fit ("a clinic that cites this trial for RA is citing
# a study of another disease", "a knee trial says nothing about hips"): the page's own caveat.
_SAYS_MISMATCH = re.compile(
    r"\b(?:stud(?:y|ies)|trials?|papers?|sources?)\s+(?:of|in|on|about)\s+(?:an?other|a\s+different|different)\s+"
    r"(?:diseases?|conditions?|illness(?:es)?|populations?|age\s+groups?|species)\b"
    r"|\b(?:says?|tells?\s+(?:us|you))\s+(?:nothing|little|very\s+little)\s+about\b"
    # "so its results do not apply to worn hips", "a different disease"
    r"|\b(?:does|do|did)\s*(?:not|n[o'’]t)\s+(?:match|fit|apply\s+to)\b|\ba\s+different\s+(?:disease|condition|illness)\b"
    # "That study cannot support '...', which describes another outcome in another population"
    r"|\b(?:can\s*not|can[’']t|could\s*not|does\s*n[o'’]t|do\s*n[o'’]t)\s+support\b|\banother\s+(?:population|age\s+group)\b"
    # a disclaimer, not a claim: "it is not meant to treat joint pain or any disease [1]"
    r"|\bnot\s+(?:meant|intended|designed)\s+to\s+(?:treat|cure|diagnose|prevent)\b",
    re.IGNORECASE,
)
# "the acute trial", "that chronic-injury study": a phase word on a study names the study's
# phase, not the claim's ("the acute trial is strong enough to show that ... older injuries").
_STUDY_PHASE = re.compile(
    r"\b(?:acute|hyperacute|subacute|chronic)(?:[\s-]+[\w-]+){0,2}?\s+(?:trials?|stud(?:y|ies)|data|cohorts?|research|papers?)\b",
    re.IGNORECASE,
)


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group())


_YOUNG_ANIMAL = 8  # a study of animals no older than this says nothing of old ones
_GROWN_ANIMAL = 7  # a study of animals no younger than this says nothing of young ones
_YOUNG_ANIMAL_CLAIM = re.compile(
    r"\b(?:young|younger|puppies|puppy|kittens?|foals?|yearlings?|colts?|fillies|filly)\b", re.IGNORECASE
)
# The youngest age an older-adult claim names: "in their eighties", "in their 70s", "over 75",
# "aged 65 and over", "at 85".
_DECADES = {"six": 60, "seven": 70, "eigh": 80, "nine": 90}
_CLAIMED_AGE = re.compile(
    r"\bin\s+(?:their|his|her|your|my|our)\s+(?:(six|seven|eigh|nine)ties|([6-9]0)s)\b"
    r"|\b(?:over|above|past|beyond|at|aged?)\s+(?:the\s+age\s+of\s+)?([6-9]\d|1[01]\d)\b(?!\s*%)",
    re.IGNORECASE,
)


def _animal_band(sentence: str) -> tuple[int, int] | None:
    """The ages (years) a claim about animals gives them: "dogs of 13 and over" (13, 40), "dogs
    of thirteen and fourteen" (13, 14), "cats aged 2 to 4" (2, 4); else None."""
    match = _ANIMAL_AGE.search(sentence)
    if match is None:
        return None
    low = _age_number(match.group(1))
    if low > _OLDEST_ANIMAL:
        return None
    if match.group(2) is None:
        return (low, low)
    if match.group(2).lower() in {"over", "older", "up", "above"}:
        return (low, _OLDEST_ANIMAL)
    return (low, max(low, _age_number(match.group(2))))


def _age_number(word: str) -> int:
    return int(word) if word.isdigit() else _UNITS.get(word.lower(), 0)


_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_OLDEST_ANIMAL = 40
_ANIMAL_NUMBER = r"(\d{1,2}|" + "|".join(_UNITS) + ")"
_ANIMAL_AGE = re.compile(
    r"\b(?:dogs?|cats?|horses?|ponies|pony|pets?)\s+(?:of|aged)\s+"
    + _ANIMAL_NUMBER
    + r"(?:\s*(?:and|or|to|-|\u2013)\s*"
    + _ANIMAL_NUMBER[:-1]
    + r"|over|older|up|above))?\b(?!\s*(?:%|(?:per\s*cent|months?|weeks?|days?)\b))",
    re.IGNORECASE,
)
_DECADE_WORDS = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_NUMBER = (
    r"(?:("
    + "|".join(_TENS)
    + r")(?:[- ]("
    + "|".join(list(_UNITS)[:9])
    + r"))?|("
    + "|".join(sorted(_UNITS, key=len, reverse=True))
    + r"))"
)
_TENS_NUMBER = r"(" + "|".join(_TENS) + r")(?:[- ](" + "|".join(list(_UNITS)[:9]) + r"))?()"
# "a seventy-year-old", "seventy-five years old", "aged eighty", "at ninety": an age in words.
_WORDED_AGE = re.compile(
    r"\b"
    + _NUMBER
    + r"(?=[- ]years?[- ]olds?\b|\s+years?\s+(?:old|of\s+age)\b)"
    # after "at", "over" or "past" only an age of twenty and up ("but not at twelve" is a time)
    + r"|(?:(?<=\baged\s)|(?<=\bage\s))"
    + _NUMBER
    + r"\b(?!"
    + _TIME_UNITS
    + r"|[- ](?:months?|weeks?|days?))"
    + r"|(?:(?<=\bat\s)|(?<=\bover\s)|(?<=\bpast\s))"
    + _TENS_NUMBER
    + r"\b(?!"
    + _TIME_UNITS
    + r"|[- ](?:months?|weeks?|days?))",
    re.IGNORECASE,
)
# "in her fifties", "in his early seventies": a decade in words.
_WORDED_DECADE = re.compile(
    r"(\bin\s+(?:their|his|her|your|my|our)\s+(?:early\s+|mid-?\s*|late\s+)?)(" + "|".join(_DECADE_WORDS) + r")\b", re.IGNORECASE
)
_DECADE = re.compile(r"\bin\s+(?:their|his|her|your|my|our)\s+(?:early\s+|mid-?\s*|late\s+)?([1-9]0)s\b", re.IGNORECASE)


def _worded_number(tens: str | None, unit: str | None, alone: str | None) -> int:
    if alone:
        return _UNITS[alone.lower()]
    return _TENS[(tens or "").lower()] + (_UNITS[unit.lower()] if unit else 0)


def numeric_ages(sentence: str) -> str:
    """`sentence` with ages written in words put in digits: "a seventy-year-old" -> "a
    70-year-old", "in her fifties" -> "in her 50s", "aged eighty" -> "aged 80"."""
    if not _WORDED_AGE.search(sentence) and not _WORDED_DECADE.search(sentence):
        return sentence

    def number(match: re.Match[str]) -> str:
        groups = match.groups()
        triples = [groups[position : position + 3] for position in range(0, len(groups), 3)]
        return str(_worded_number(*next(triple for triple in triples if any(triple))))

    sentence = _WORDED_AGE.sub(number, sentence)
    return _WORDED_DECADE.sub(lambda match: f"{match.group(1)}{_DECADE_WORDS[match.group(2).lower()]}s", sentence)


def _claimed_band(sentence: str) -> tuple[int, int] | None:
    """The ages (years) a claim says it is about, when it gives them: "a 70-year-old" (70,
    70), "in her fifties" (50, 59), "over 75" (75, 120); else None."""
    sentence = numeric_ages(sentence)
    decade = _DECADE.search(sentence)
    if decade:
        low = int(decade.group(1))
        return (low, low + 9)
    age = _AGE_IN_YEARS.search(sentence)
    if age:
        years = int(next(group for group in age.groups() if group))
        return (years, years)
    older = _CLAIMED_AGE.search(sentence)
    if older:
        return (_claimed_age(sentence), 120)
    return None


def _claimed_age(sentence: str) -> int:
    """The youngest age (years) an older-adult claim says it is about, or 0."""
    match = _CLAIMED_AGE.search(numeric_ages(sentence))
    if match is None:
        return 0
    decade, tens, years = match.groups()
    return _DECADES[decade.lower()] if decade else int(tens or years)


def _population_of(sentence: str) -> str:
    """Whom a claim is about when the copy says so: a species ("dogs"), "children",
    "older adults" or ""."""
    words, _ = patterns()
    sentence = numeric_ages(sentence)
    for species in SPECIES:
        if words[f"population_{species}"].search(sentence):
            return species
    if words["population_children"].search(sentence):
        return "children"
    if words["population_older"].search(sentence):
        return "older adults"
    age = _AGE_IN_YEARS.search(sentence)
    decade = _DECADE.search(sentence)
    if age or decade:
        years = int(next(group for group in age.groups() if group)) if age else int(decade.group(1))  # type: ignore[union-attr]
        if years < 18 or years >= 60:
            return "children" if years < 18 else "older adults"
    return one_sex(sentence)


def _unlikened(text: str, start: int, end: int) -> str:
    """The sentence text[start:end] without what it likens its claim to ("Women feel the gains
    just as much as the men in that trial did" is about women only)."""
    compared = compared_clauses(text, start, end)
    return _blanked(text, start, end, compared) if compared else text[start:end]


def _blanked(text: str, start: int, end: int, ranges: tuple[tuple[int, int], ...]) -> str:
    """`text[start:end]` with every character inside one of `ranges` replaced by a space
    (offsets kept), by slicing rather than character by character."""
    claim = text[start:end]
    for low, high in ranges:
        low, high = max(low, start), min(high, end)
        if low < high:
            claim = claim[: low - start] + " " * (high - low) + claim[high - start :]
    return claim
