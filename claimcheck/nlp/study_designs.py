"""What a cited source is: its study design and the condition and population it studies.

A citation next to a claim is support only if the source *can* support that claim:
a mouse study, a dish of cells or one patient's case does not show an effect in
people, a trial in knee arthritis says nothing about autism, and a ClinicalTrials.gov
listing is a plan, not a result.  Each reference entry (from the page's list or a
bibliography file) is read from its own words (title, journal, identifiers) against
the `designs` lexicon (rules/lexicons/designs.yml) and the `conditions` lexicon:

* design: in_vitro, animal, case (report or series), single_arm (uncontrolled,
  open-label, pilot, phase 1), rct, systematic_review (and meta-analysis),
  guideline, narrative_review, registry (a trial id with no paper: no results),
  press_web (press release, testimonial page, clinic blog, a web page), or unknown;
* the words the design was read from, so a message can quote them;
* the conditions the source names (category and words) and its population
  (children or adults, when it says).

The preclinical designs are checked first: "a randomised study in rats" is an
animal study.  Nothing here decides whether a claim is supported; the `citation_fit`
rules do (checks/fit/).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from claimcheck.nlp.bibliography import Entry
from claimcheck.nlp.citations import REGISTRY_HOSTS, REGISTRY_KINDS
from claimcheck.nlp.conditions import Condition, any_fits, condition_names
from claimcheck.nlp.journals import journal_span as _journal
from claimcheck.nlp.lexicons import Lexicon, builtin_lexicon, is_case_sensitive
from claimcheck.nlp.references import references_of

ORDER = ("in_vitro", "animal", "systematic_review", "guideline", "case", "rct", "single_arm", "narrative_review")
WEAK = frozenset({"in_vitro", "animal", "case"})
# Animal populations a claim or a source may be about (designs.yml population_<species>).
SPECIES = ("dogs", "horses", "cats")
# People without the disease: a dose or safety study in them supports no effect in patients.
HEALTHY = "healthy volunteers"
# Older people, when a source says so in words and gives no ages ("frail older adults").
OLDER = "older adults"
_YOUNGER_THAN = 60  # an age range that stops at or below this leaves out older adults
DESCRIBED = {
    "in_vitro": "a laboratory (in vitro) study",
    "animal": "an animal study",
    "case": "a case report or case series",
    "single_arm": "an uncontrolled (single-arm) study",
    "rct": "a randomised controlled trial",
    "systematic_review": "a systematic review or meta-analysis",
    "guideline": "a guideline",
    "narrative_review": "a narrative review",
    "registry": "a trial registration (no results)",
    "press_web": "a press release or web page",
    "unknown": "a source of unknown design",
}
NON_DISEASE = frozenset({"symptom", "outcome_measure", "tissue"})
_CACHE = "claimcheck.designs"


@dataclass(frozen=True)
class StudyDesign:
    design: str
    words: str  # what the design was read from ("in a mouse model", "NCT01234567")
    conditions: tuple[tuple[str, str], ...]  # (words, category) the source is about
    population: str  # a species, HEALTHY, "children", "young adults", "adults under 60", OLDER, "women", "men", "adults" or ""
    sites: frozenset[str] = frozenset()  # body sites it studies ("knee"), designs.yml site_<name>
    ages: tuple[int, int] | None = None  # the age range it studied, in years ("aged 2 to 7")
    # The phase of an injury it studied ("acute" or "chronic", with the words), where it names
    # a disease of `phase_conditions` and only one phase (`phase_of`).
    phase: tuple[str, str] | None = None
    # "women" or "men" when it studied one sex only, whatever `population` says first
    # ("women aged 30 to 60" is "adults under 60" there).
    sex: str = ""
    # The stage of a lasting disease it studied ("early" or "late", with the words): newly
    # diagnosed, Hoehn and Yahr 1 to 2, symptoms of 3 to 12 months; or advanced, long-standing
    # (`stage_of`).
    stage: tuple[str, str] | None = None

    @property
    def described(self) -> str:
        return DESCRIBED.get(self.design, self.design)

    @property
    def condition_categories(self) -> frozenset[str]:
        return frozenset(category for _, category in self.conditions if category not in NON_DISEASE)

    @property
    def diseases(self) -> tuple[Condition, ...]:
        """The diseases the source names (not symptoms, outcome measures or tissues)."""
        return tuple(Condition(words, category) for words, category in self.conditions if category not in NON_DISEASE)


def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    exact = [re.escape(term) for term in terms if is_case_sensitive(term)]
    loose = [re.escape(term) for term in sorted(terms, key=len, reverse=True) if not is_case_sensitive(term)]
    parts = []
    if loose:
        parts.append(r"(?i:\b(?:" + "|".join(loose) + r")(?:s|es)?\b)")
    if exact:
        parts.append(r"\b(?:" + "|".join(exact) + r")\b")
    return re.compile("|".join(parts) if parts else r"(?!)")


@functools.cache
def patterns() -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]]:
    designs = builtin_lexicon("designs").categories
    lexicon = builtin_lexicon("conditions")
    return (
        {category: _pattern(terms) for category, terms in designs.items()},
        {category: _pattern(terms) for category, terms in title_terms(lexicon).items()},
    )


def title_terms(lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """The condition terms read in a reference entry: every category's terms, the names
    the `in_titles` table gives them there ("PD", "T2DM", "autistic", "immune-mediated
    diseases"), each under its term's category, and the `titles_only` areas' terms
    (wounds and burns: what a study was about, never read as a use in the copy)."""
    terms = {category: list(names) for category, names in lexicon.categories.items()}
    category_of = {term.casefold(): category for category, names in lexicon.categories.items() for term in names}
    for term, names in lexicon.relations.get("in_titles", {}).items():
        category = category_of.get(term.casefold())
        if category is not None:
            terms[category].extend(names)
    for category, names in lexicon.relations.get("titles_only", {}).items():
        terms.setdefault(category, []).extend(names)
    return {category: tuple(dict.fromkeys(names)) for category, names in terms.items()}


# "aged 14 to 18", "aged 18-30": the age range a source studied.
_AGE_RANGE = re.compile(r"\baged\s+(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\b", re.IGNORECASE)
# Ranges open at the top ("adults aged 80 and over", "patients over 75", "aged 65+", "75 years
# and older") or at the bottom ("children under 12", "aged 5 or younger").
_AGE_FROM = re.compile(
    r"\b(?:aged|over|above|older\s+than)\s+(\d{1,2})(?!\d)(?:\s*\+|\s+(?:years?\s+)?(?:and|or)\s+(?:over|older|above)\b)?"
    r"(?!\s*(?:-|–|to)\s*\d|\s*%|\s*(?:percent|per\s*cent|months?|weeks?|days?|hours?|minutes?|sessions?|patients|people|adults|children|"
    r"participants|subjects|volunteers|women|men|dogs|horses|cats|cases|knees|joints|studies|trials|centres|centers)\b)"
    r"|\b(\d{1,2})(?!\d)\s*(?:\+|(?:years?\s+)?(?:and|or)\s+(?:over|older|above)\b)",
    re.IGNORECASE,
)
_AGE_UNTIL = re.compile(
    r"\b(?:under|below|younger\s+than)\s+(\d{1,2})(?!\d)(?!\s*%|\s*(?:percent|per\s*cent|months?|weeks?|days?|hours?|minutes?)\b)"
    r"|\baged\s+(\d{1,2})(?!\d)\s+(?:years?\s+)?(?:or|and)\s+(?:under|younger|below)\b",
    re.IGNORECASE,
)
# The ends of an open range: older than anyone studied, and birth.
OLDEST = 120


def age_range(text: str) -> tuple[int, int] | None:
    """The age range a source says it studied ("60 dogs aged 2 to 7 years"), or None.  An
    open range runs to `OLDEST` ("adults aged 80 and over": 80 to 120) or from 0 ("children
    under 12": 0 to 12); "aged 80" alone is no range."""
    ages = _AGE_RANGE.search(text)
    if ages:
        return int(ages.group(1)), int(ages.group(2))
    until = _AGE_UNTIL.search(text)
    if until:
        return 0, int(until.group(1) or until.group(2))
    for found in _AGE_FROM.finditer(text):
        words = found.group(0)
        if found.group(1) and words.lower().startswith("aged") and not re.search(r"\+|\b(?:and|or)\b", words):
            continue  # "aged 80": one age, not a range
        return int(found.group(1) or found.group(2)), OLDEST
    return None


def age_words(ages: tuple[int, int]) -> str:
    """An age range as a message says it: "aged 2 to 7", "aged 80 and over", "under 12"."""
    low, high = ages
    if high >= OLDEST:
        return f"aged {low} and over"
    if low <= 0:
        return f"under {high}"
    return f"aged {low} to {high}"


def _population(text: str, designs: dict) -> str:  # type: ignore[type-arg]
    """Whom a source studies: dogs, horses or cats (a veterinary or animal study), healthy
    volunteers, children, young adults (athletes, students, recruits), adults under 60 (an
    age range that stops there), women or men only, or adults."""
    for species in SPECIES:
        if designs[f"population_{species}"].search(text):
            return species
    if designs["population_healthy"].search(text):
        return HEALTHY
    if designs["population_children"].search(text):
        return "children"
    ages = _AGE_RANGE.search(text)
    if ages and int(ages.group(2)) <= 18:
        return "children"
    if designs["population_young"].search(text) or (ages and int(ages.group(1)) >= 16 and int(ages.group(2)) <= 35):
        return "young adults"
    if ages and int(ages.group(2)) <= _YOUNGER_THAN:
        return "adults under 60"
    if not ages and designs["population_older"].search(text):
        # "in frail older adults", "in elderly patients" with no ages given: older adults
        return OLDER
    sex = one_sex(text)
    if sex:
        return sex
    if designs["population_adults"].search(text):
        return "adults"
    return ""


def sites_in(text: str) -> frozenset[str]:
    """The body sites a text names ("knee", "lower back"), from designs.yml `site_<name>`."""
    return frozenset(name for name, pattern in _site_patterns() if pattern.search(text))


@functools.cache
def _site_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The `site_<name>` patterns of the designs lexicon as (name, pattern)."""
    designs, _ = patterns()
    sites = ((name, pattern) for name, pattern in designs.items() if name.startswith("site_"))
    return tuple((name[len("site_") :].replace("_", " "), pattern) for name, pattern in sites)


# A review that says it pools studies in people as well as in animals or the lab.
_ALSO_IN_PEOPLE = re.compile(
    r"\b(?<!pre-)(?<!pre)clinical\s+(?:studies|trials)\b|\bhuman\s+studies\b|\bstudies\s+in\s+(?:humans|people|patients)\b",
    re.IGNORECASE,
)


# "Autologous cultured chondrocytes versus microfracture: a randomised trial": "cultured"
# names how a product is made (MACI is grown from the patient's cells), not a dish of cells
# studied in the lab, when the entry says the product was tried in people.
_PRODUCT_CULTURE = frozenset({"cultured", "cultured cells"})
_IN_PEOPLE_DESIGNS = ("rct", "single_arm", "systematic_review")


def _cultured_product_in_people(words: str, text: str, designs: dict[str, re.Pattern[str]]) -> bool:
    """The in-vitro reading came only from a word for a cultured product, and the entry
    names a trial or review in people, or a study in a species ("Cultured adipose cells in
    equine tendon injury: a controlled study in racehorses"; not "Canine chondrocytes
    cultured with stromal cells: an in vitro study", which has a word of its own for the dish)."""
    if words.lower() not in _PRODUCT_CULTURE:
        return False
    if any(designs[name].search(text) for name in _IN_PEOPLE_DESIGNS):
        return True
    only_product = all(match.group().lower() in _PRODUCT_CULTURE for match in designs["in_vitro"].finditer(text))
    return only_product and any(designs[f"population_{species}"].search(text) for species in SPECIES)


def classify(entry: Entry) -> StudyDesign:
    """The design, conditions, population and injury phase of one reference entry."""
    return _with_phase(_classify(entry), entry.text)


def _classify(entry: Entry) -> StudyDesign:
    designs, conditions = patterns()
    text = entry.text
    found_conditions = _conditions_in(text, conditions)
    population = _population(text, designs)
    sites = sites_in(text)
    ages = age_range(text)
    kinds = {mark.kind for mark in entry.identifiers if mark.valid}
    review = designs["systematic_review"].search(text)
    if review and _ALSO_IN_PEOPLE.search(text):
        # "a systematic review of preclinical and clinical studies" pools studies in people too
        return StudyDesign("systematic_review", review.group(), found_conditions, population, sites, ages)
    for design in ORDER[:2]:
        match = designs[design].search(text)
        if match and not (design == "in_vitro" and _cultured_product_in_people(match.group(), text, designs)):
            return StudyDesign(design, match.group(), found_conditions, population, sites, ages)
    if kinds & REGISTRY_KINDS and not kinds & {"doi", "pmid", "pmcid"} and not _results_url(entry):
        trial = next(mark for mark in entry.identifiers if mark.valid and mark.kind in REGISTRY_KINDS)
        label = trial.labels[0] if trial.labels else trial.kind.upper()
        return StudyDesign("registry", label, found_conditions, population, sites, ages)
    if not kinds and any(host in url.lower() for url in entry.urls for host in REGISTRY_HOSTS):
        return StudyDesign("registry", "clinicaltrials.gov", found_conditions, population, sites, ages)
    for design in ORDER[2:]:
        match = designs[design].search(text)
        if match:
            return StudyDesign(design, match.group(), found_conditions, population, sites, ages)
    if entry.quality in {"non_evidence", "self"} or entry.strength == "web":
        return StudyDesign("press_web", entry.reason or "a web page", found_conditions, population, sites, ages)
    return StudyDesign("unknown", "", found_conditions, population, sites, ages)


PHASES = ("acute", "chronic")


def phase_of(text: str) -> tuple[str, str] | None:
    """("acute", words) or ("chronic", words) when `text` names a disease whose phase
    matters (designs.yml `phase_conditions`: strokes and injuries) and one phase of it only
    ("within 48 hours of acute ischaemic stroke", "years after a spinal cord injury")."""
    designs, _ = patterns()
    if not designs["phase_conditions"].search(text):
        return None
    found = [(phase, match.group()) for phase in PHASES if (match := designs[f"phase_{phase}"].search(text))]
    return found[0] if len(found) == 1 else None


def one_sex(text: str) -> str:
    """ "women" or "men" when `text` names one sex only (designs.yml `population_women`,
    `population_men`), else ""."""
    designs, _ = patterns()
    women, men = designs["population_women"].search(text), designs["population_men"].search(text)
    return ("women" if women else "men") if bool(women) != bool(men) else ""


def _with_phase(design: StudyDesign, text: str) -> StudyDesign:
    """The design with the injury phase, the disease stage and the one sex it studied, where it says."""
    phase, sex = phase_of(text), one_sex(text)
    stage = stage_of(text) if not phase else None
    return replace(design, phase=phase, sex=sex, stage=stage) if phase or sex or stage else design


_NUMBER_WORDS = r"(?:[2-9]|[1-9]\d|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty)"
# A disease found early (B120): "newly diagnosed", "new-onset", "early Parkinson's disease",
# "Hoehn and Yahr stage 1 to 2", "symptoms of 3 to 12 months", "within six months of diagnosis".
_EARLY_STAGE = re.compile(
    r"\b(?:new(?:ly)?[- ](?:onset|diagnosed)|recent(?:ly)?[- ](?:onset|diagnosed)|early[- ]stage|early[- ]onset"
    r"|early\s+(?:[\w'’-]+\s+){0,2}?(?:disease|diabetes|arthritis|osteoarthritis|sclerosis|dementia|degeneration|glaucoma)"
    r"|early\s+(?:Parkinson|Alzheimer|MS\b|RA\b|OA\b|AMD\b)"
    r"|(?:Hoehn\s+(?:and|&)\s+Yahr\s+)?stages?\s+(?:1|I|one)(?:\s*(?:to|-|–|or|and)\s*(?:2|II|two))?(?![\w/-])"
    r"|(?:symptoms?|pain|(?:disease\s+)?duration)\s+(?:of|for|lasting)\s+(?:less\s+than\s+|under\s+|up\s+to\s+)?"
    r"(?:\d{1,2}\s*(?:to|-|–)\s*)?\d{1,2}\s+(?:weeks?|months?)"
    r"|within\s+(?:\d{1,2}|one|two|three|six|twelve)\s+(?:weeks?|months?)\s+of\s+(?:diagnosis|onset|symptom\s+onset))\b",
    re.IGNORECASE,
)
# A disease far along: "late-stage", "advanced", "end-stage", "long-standing", "stage 3 to 4".
_LATE_STAGE = re.compile(
    # ("advanced" only of a disease: "our advanced protocol" says nothing of a stage)
    r"\b(?:late[- ]stage|advanced\s+(?:[\w'’-]+\s+){0,2}?(?:disease|cases?|stages?|diabetes|arthritis|osteoarthritis|"
    r"sclerosis|dementia|degeneration|failure|glaucoma|Parkinson\S*|Alzheimer\S*|MS|COPD|emphysema)"
    r"|end[- ]stage|long[- ]?standing|(?:Hoehn\s+(?:and|&)\s+Yahr\s+)?stages?\s+(?:3|4|5|III|IV|V)"
    r"(?:\s*(?:to|-|–|or|and)\s*(?:4|5|IV|V))?)(?![\w/-])",
    re.IGNORECASE,
)
# How long a claim says its reader has had the disease: "after 20 years of type 1 diabetes",
# "tendons that have been sore for a decade", "living with MS for 15 years" (a source's "after
# 2 years" is its follow-up, so this is read in claims only).
_HAD_FOR_YEARS = re.compile(
    r"\b(?:after|with)\s+(?:over\s+|more\s+than\s+|nearly\s+|almost\s+)?(?:a\s+decade|decades|"
    + _NUMBER_WORDS
    + r"\s+years)\s+of\b(?!\s+(?:[\w-]+\s+)?(?:treatment|therapy|follow|use|using|injections?|sessions?|care|practice|"
    r"research|experience|stud(?:y|ies)|trials?|results?|data))"
    r"|\b(?:sore|painful|stiff|ill|sick|diagnosed|suffered|suffering|struggled|struggling|living|lived)\b"
    r"[^.;:!?]{0,40}?\bfor\s+(?:over\s+|more\s+than\s+|nearly\s+|almost\s+)?(?:a\s+decade|decades|"
    + _NUMBER_WORDS
    + r"\s+years)\b",
    re.IGNORECASE,
)


def stage_of(text: str, claimed: bool = False) -> tuple[str, str] | None:
    """("early", words) or ("late", words) when `text` names one stage of a lasting disease
    only; with `claimed`, a claim's years with the disease ("after 20 years of ...") say late."""
    early = _EARLY_STAGE.search(text)
    late = _LATE_STAGE.search(text) or (_HAD_FOR_YEARS.search(text) if claimed else None)
    if bool(early) == bool(late):
        return None
    found = early or late
    return ("early" if early else "late", found.group())  # type: ignore[union-attr]


def describe(text: str) -> StudyDesign:
    """The same reading as `classify` of a source described in the copy's words (`_describe`)."""
    return _with_phase(_describe(text), text)


def _describe(text: str) -> StudyDesign:
    """The design, conditions and population of a source described in the copy's own words
    ("as a 2019 study of 40 dogs showed", "according to a randomised trial in knee
    osteoarthritis"): what a reader of an inline link or identifier is told the source is.
    Such a description has no journal, no identifiers and no registry reading (trial ids are
    judged as registrations by the rules)."""
    designs, conditions = patterns()
    found_conditions = _conditions_in(text, conditions)
    population = _population(text, designs)
    sites = sites_in(text)
    ages = age_range(text)
    for design in ORDER:
        match = designs[design].search(text)
        if match:
            return StudyDesign(design, match.group(), found_conditions, population, sites, ages)
    return StudyDesign("unknown", "", found_conditions, population, sites, ages)


_GLOSS = re.compile(r"(?<=[a-z]) \([a-z]{2,12}\)(?= [a-z])")


def _conditions_in(text: str, conditions: dict[str, re.Pattern[str]]) -> tuple[tuple[str, str], ...]:
    """(words, category) of each condition the text names, in order, leaving out the journal's
    name and a name written after "non-"; a name inside a longer one is that one ("rheumatoid arthritis" is not also
    "arthritis", "type 1 diabetes" not "diabetes"); a disease said to follow what an `origins`
    term follows is that term (nlp/conditions.py `read_named`)."""
    # "neovascular (wet) age-related macular degeneration": a one-word gloss inside a name is
    # read past, so the name is read whole.
    text = _GLOSS.sub("", text)
    journal_start, journal_end = _journal(text)
    found = [
        (match.start(), match.end(), match.group(), category)
        for category, pattern in conditions.items()
        for match in pattern.finditer(text)
        if not journal_start <= match.start() < journal_end
        # "non-cystic fibrosis bronchiectasis", "non-diabetic adults": the study excludes it
        and not text[max(0, match.start() - 4) : match.start()].lower().endswith(("non-", "non "))
    ]
    kept = [
        item
        for item in found
        if not any(other[0] <= item[0] and item[1] <= other[1] and other[1] - other[0] > item[1] - item[0] for other in found)
    ]
    # read as copy is: "erectile dysfunction after radical prostatectomy" is that form of it
    named = condition_names().read_named(text, sorted(kept)) if kept else []
    return tuple((words, category) for _, _, words, category in named)


def _results_url(entry: Entry) -> bool:
    """A registry page's results tab is results, not only a registration."""
    return any("results" in url.lower() for url in entry.urls)


def designs_of(doc: Doc) -> dict[int, StudyDesign]:
    """Each reference entry's design (by entry index), classified once per Doc."""
    cached = doc.user_data.get(_CACHE)
    if cached is None:
        cached = doc.user_data[_CACHE] = {entry.index: classify(entry) for entry in references_of(doc).entries}
    return cached


def condition_match(claimed: Iterable[tuple[str, str]], designs: list[StudyDesign]) -> str:
    """ "yes" when a cited source studies a disease the claim names (or a broader or narrower
    form of it, or a class holding it: nlp/conditions.py), "no" when every cited source names
    diseases and none fits, "" when it cannot be told.  `claimed` is (words, category) pairs."""
    wanted = [Condition(text, category) for text, category in claimed if category not in NON_DISEASE]
    judged = [design.diseases for design in designs if design.diseases]
    if not wanted or not judged:
        return ""
    return "yes" if any(any_fits(wanted, diseases) for diseases in judged) else "no"
