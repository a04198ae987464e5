"""Whom a claim is about, and how old: read from the claim's own words.

A species ("dogs"), children, older adults or one sex, and the ages a claim gives in
digits or words ("a seventy-year-old", "in her fifties", "dogs of 13 and over"), for
comparing with whom a cited source studied; with the table of which populations of a
source cannot stand for whom a claim is about, and the cues that decide whether a source
of healthy volunteers or a form of a disease with another cause than age still fits.
"""

from __future__ import annotations

import re

from claimcheck.nlp.study_designs import OLDER, SPECIES, one_sex, patterns

# The age from which a claim is about older adults (a band that ends below it is not).
OLDER_FROM = 60
# Whom a claim is about -> the populations of a source that cannot stand for them.
OTHER_POPULATIONS = {
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


# Words that put a claim in people, whatever animals the paragraph is about.
PEOPLE = re.compile(
    r"\b(?:people|persons?|patients?|humans?|you|your|owners?|adults?|children|kids|m[ae]n|wom[ae]n|athletes?)\b", re.IGNORECASE
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
ABOUT_SAFETY = re.compile(
    # (not the time of an effect: "breathe easier from the first dose", "after a single dose")
    r"\b(?:safe|safely|safety|tolerat\w*|side[- ]effects?|adverse|serious\s+reactions?|dosing|dose-finding)\b"
    r"|(?<!\bfirst\s)(?<!\bsecond\s)(?<!\bsingle\s)(?<!\bone\s)(?<!\bnext\s)\bdoses?\b",
    re.IGNORECASE,
)


# An animal claim about old animals: "senior dogs", "older horses", "dogs of 12 and older".
_OLD_ANIMAL = re.compile(
    r"\b(?:senior|old|older|elderly|aged|ageing|aging|geriatric)\s+(?:[\w-]+\s+)?(?:dogs?|cats?|horses?|pets?)\b"
    r"|\b(?:dogs?|cats?|horses?|pets?)\s+(?:of|aged|over)\s+(?:1\d|9)\b|\b(?:1\d|9)[- ]years?[- ]old\b",
    re.IGNORECASE,
)
# A complaint the copy puts down to age: "erections that have faded with age", "as men get older".
WITH_AGE = re.compile(
    r"\bwith\s+(?:age|the\s+years)\b|\bage[- ]related\b"
    r"|\bas\s+(?:we|you|men|women|they|he|she|people)\s+(?:age|get\s+older|grow\s+older)\b",
    re.IGNORECASE,
)


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


def claimed_band(sentence: str) -> tuple[int, int] | None:
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
        return (claimed_age(sentence), 120)
    group = _AGE_GROUP.search(sentence)
    if group:
        return next(band for word, band in _AGE_GROUPS.items() if re.fullmatch(word, group.group(), re.IGNORECASE))
    return None


# Ages a group of children is named by: "toddlers" on a trial of children aged 4 to 12 are
# children it left out (B120).
_AGE_GROUPS = {
    r"(?:babies|baby|infants?|newborns?)": (0, 1),
    r"toddlers?": (1, 3),
    r"preschoolers?": (3, 5),
    r"(?:teenagers?|teens?|adolescents?)": (13, 19),
}
_AGE_GROUP = re.compile(r"\b(?:" + "|".join(_AGE_GROUPS) + r")\b", re.IGNORECASE)


def claimed_age(sentence: str) -> int:
    """The youngest age (years) an older-adult claim says it is about, or 0."""
    match = _CLAIMED_AGE.search(numeric_ages(sentence))
    if match is None:
        return 0
    decade, tens, years = match.groups()
    return _DECADES[decade.lower()] if decade else int(tens or years)


def population_of(sentence: str) -> str:
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


def animal_ages_differ(sentence: str, ages: tuple[int, int]) -> bool:
    """Whether the animals a claim speaks of are of another age than a trial in the same
    species (`ages`, its youngest and oldest): old dogs on a trial of dogs aged 2 to 7, young
    Labradors on a study of dogs aged 8 to 12, or ages the claim gives outside the trial's
    ("dogs of thirteen and fourteen" on a trial of dogs aged 3 to 10; B40)."""
    if ages[1] <= _YOUNG_ANIMAL and _OLD_ANIMAL.search(sentence):
        return True
    if ages[0] >= _GROWN_ANIMAL and _YOUNG_ANIMAL_CLAIM.search(sentence):
        return True
    said = _animal_band(sentence)
    return said is not None and (said[0] > ages[1] or said[1] < ages[0])
