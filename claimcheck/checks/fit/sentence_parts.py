"""The parts of a sentence that are not its claim, read from its words alone.

Copy says where a claim comes from in the same sentence that makes it ("as a 2019 study
of 40 dogs showed", "just as it did in pig skin", "In sheep, the cells restored the
discs, and we expect the same in people"): those words describe the source, or what the
claim is likened to, so they are not the claim's condition, population or scope.  Also the
words that tell a sentence's own evidence is in animals, a dish or one case, and that
bound a claim to that scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from claimcheck.nlp.study_designs import WEAK, patterns

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


def own_scope(sentence: str) -> bool:
    """The sentence bounds its claim to the weak evidence's scope (`_OWN_SCOPE`), not in words
    that deny it ("works in people, not only in a dish")."""
    return any(
        not _NOT_ONLY.search(sentence, max(0, match.start() - 24), match.start()) for match in _OWN_SCOPE.finditer(sentence)
    )


# A claim carried over from the evidence to the reader: "your own discs will plump back up
# in just the same way [4]", "people heal faster, as our horse patients have shown [3]",
# "the same relief their dogs get [1]", "as fast as a 25-year-old's".  The clause the cue
# opens (to the next comma, semicolon or colon) is the comparison: whom or what the claim is
# likened to, not whom it is about.
LIKENED = re.compile(
    r"\b(?:in\s+)?(?:(?:just|exactly|much)\s+)?the\s+same\s+(?:way|results?|relief|benefits?|effects?|improvements?|gains?|"
    r"recovery|protection|response|outcomes?|as|like)\b"
    # "get the same density back as the women in our key study"
    r"|\b(?:the\s+)?same\s+(?:[\w-]+\s+){1,3}?as\b"
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
SAME_SEEN = re.compile(
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
SEEN_IN = re.compile(
    r",?\s*as\s+(?:seen|shown|demonstrated|observed|documented|reported|proven)\s+(?:in|among|with|when|by)\b", re.IGNORECASE
)

# What a page concludes for the reader from the study it has just reported, in one sentence:
# "..., and we expect the same in people", "..., which is why our long COVID clients breathe
# easier", "..., and he expects the same in every patient", "..., which means your child's
# banked cells could one day do the same", "..., and that is what we aim to do for your
# spine", "..., and our clients see the same renewal".
_CONCLUDED = re.compile(
    r"(?:(?:[,;]|\s[-\u2013\u2014])\s*(?:and\s+|so\s+)?|\s+(?:and|so)\s+)(?:"
    r"which\s+(?:is\s+(?:why|what|(?:great|good|welcome)\s+news\s+for)|means|shows\s+(?:why|that))|(?:that|this)\s+(?:is\s+(?:why|what|exactly\s+what|how)|means)|"
    r"(?:we|I)\s+(?:see|expect|aim|get|have\s+seen)\b|"
    # "..., and he expects the same in every patient": the page's expert concludes for people
    r"(?:he|she|they)\s+(?:sees|expects?|aims|gets|has\s+seen|have\s+seen)\b|"
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


def weak_designs_told(sentence: str, designs: Iterable[str] = WEAK, product_anywhere: bool = False) -> Iterator[tuple[str, str]]:
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


def tells_weak_design(sentence: str, designs: Iterable[str] = WEAK) -> bool:
    """Does the sentence say its evidence is in animals, a dish or one case (`weak_designs_told`)?"""
    return next(weak_designs_told(sentence, designs), None) is not None


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
        if _REPORT_WORDS.search(before) or tells_weak_design(before):
            return start, cue.start()
        break
    return None


def compared_clause(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The words of text[start:end] that say what a claim is likened to, or None."""
    cue = LIKENED.search(text, start, end)
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
    while position < end and (cue := LIKENED.search(text, position, end)) is not None:
        if _EXTENDS_TO.match(text, cue.end(), end):
            # "The same benefit extends to enlarged hearts ...": what follows is the claim
            position = cue.end()
            continue
        stop = _CLAUSE_END.search(text, cue.end(), end)
        clauses.append((cue.start(), stop.start() if stop else end))
        position = max(clauses[-1][1], cue.end())
    return tuple(clauses)


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
REPORTS_STUDY = re.compile(
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


def citation_parentheses(text: str, start: int, end: int, mark) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
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


# A sentence that opens by saying in whom or in what it happened, up to the first comma:
# "In sheep with smoke-damaged airways,", "In a dish of human cartilage cells,".
# A sentence that introduces a study by what its researchers did: "Researchers in Tampere
# followed 60 office workers with tennis elbow for a year."
INTRODUCES = re.compile(
    r"\s*(?:[\w'’-]+\s+){0,4}?(?:researchers|scientists|investigators|doctors|surgeons|a\s+team|the\s+team|a\s+group)\b"
    r"[^.;:!?]{0,80}?\b(?:followed|studied|treated|enrolled|recruited|tested|gave|injected|randomi[sz]ed|tracked|compared)\b",
    re.IGNORECASE,
)
SCENE_OPENING = re.compile(r"\s*(?:In|Among)\s+[^,;:.!?]{3,80},")


# "In a pilot trial of 40 women with long COVID, ...": a sentence that opens by saying
# which study it reports (up to the first comma).
STUDY_OPENING = re.compile(
    r"\s*(?:In|From)\s+(?:a|an|one|the|this)\s+(?:[\w'’-]+\s+){0,4}?(?:trial|study|series|review|analysis)\b[^,;:.]*"
    # "In a dose-finding study, 24 healthy volunteers received ...": the counted subject after
    # the comma is whom the study enrolled
    r"(?:,\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:people|persons|patients|volunteers|participants|adults|children|men|women|subjects)\b(?:\s+with\s+[^,;:.]*)?)?"
)


def unlikened(text: str, start: int, end: int) -> str:
    """The sentence text[start:end] without what it likens its claim to ("Women feel the gains
    just as much as the men in that trial did" is about women only)."""
    compared = compared_clauses(text, start, end)
    return blanked(text, start, end, compared) if compared else text[start:end]


def blanked(text: str, start: int, end: int, ranges: tuple[tuple[int, int], ...]) -> str:
    """`text[start:end]` with every character inside one of `ranges` replaced by a space
    (offsets kept), by slicing rather than character by character."""
    claim = text[start:end]
    for low, high in ranges:
        low, high = max(low, start), min(high, end)
        if low < high:
            claim = claim[: low - start] + " " * (high - low) + claim[high - start :]
    return claim
