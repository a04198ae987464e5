"""Whether two condition names mean the same disease, or one is a form of the other.

`evidence/off-target-citation` asks whether a cited study is about the disease a claim
names.  Comparing disease areas lets "our cells reverse multiple sclerosis [2]" rest on a
Parkinson's trial (both neurological); comparing the words as written would call "MS"
and "multiple sclerosis" two diseases.  The `conditions` lexicon's relation tables
(rules/lexicons/conditions.yml, data a reviewer extends) say which names are the same
disease (`synonyms`), which disease is a form of which (`broader`, and any term whose
words contain all of another term's words: "knee osteoarthritis" of "osteoarthritis"),
which word-containment is misleading (`distinct`), and which names are a class of
diseases or a complaint many share rather than one disease (`classes`: a review of
"autoimmune diseases" fits a lupus claim, "knee pain" fits a knee osteoarthritis trial), and
which names stand for a term only in study titles (`in_titles`: "PD", "T2DM", "autistic"), and
which term a complaint or disease is when the copy says what it follows (`origins`:
"breathlessness that lingers after COVID-19" is long COVID, and so is "COVID-related
breathlessness").

How copy names a condition is read here too (`read_named`): a complaint said to come from
something ("neck pain from worn neck joints", "pins and needles ... come from a pinched
nerve") is about its cause, and a complaint or a form of a disease said to follow something
("fatigue that lingers after a virus", "heart failure after a heart attack") is the term the
`origins` table gives it.

Two conditions fit when they are the same disease, when one is in the other's line of
broader forms, or when one is a class that covers the other.  Siblings do not fit:
"type 1 diabetes" and "type 2 diabetes" are both forms of "diabetes" but not of each other.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from claimcheck.nlp.lexicons import Lexicon, builtin_lexicon


@dataclass(frozen=True)
class Condition:
    """A condition as named in a sentence or a reference entry, with its disease area."""

    text: str
    category: str


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_POSSESSIVE = re.compile(r"'s\b|(?<=s)'(?!\w)")
_NON_WORD = re.compile(r"[^\w']+|'")


def _singular(word: str) -> str:
    """A crude plural fold, the same on both sides of every comparison ("diseases" = "disease")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def normalize(text: str) -> str:
    """The comparable form of a condition name: lower case, accents, possessives, hyphens and plurals folded."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = _POSSESSIVE.sub("", text)
    return " ".join(_singular(word) for word in _NON_WORD.split(text) if word)


def _stems(name: str) -> str:
    """A name's words without -ing / -ed endings ("hair thinned", "hair thinning" -> "hair thin")."""
    stems = []
    for word in name.split():
        if len(word) > 5 and word.endswith("ing"):
            word = word[:-3]
        elif len(word) > 4 and word.endswith("ed"):
            word = word[:-2]
        else:
            stems.append(word)
            continue
        if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "aeioulsz":
            word = word[:-1]  # "thinn" -> "thin", "scarr" -> "scar"
        stems.append(word)
    return " ".join(stems)


# "<complaint> from / caused by / due to <cause>": the words between a complaint and its cause.
_CAUSED_BY = re.compile(
    r"\s*(?:[\w,'’-]+\s+){0,8}?(?:(?:comes?|came|stems?|stemming|coming|results?|resulting)\s+from|from|caused\s+by|"
    r"due\s+to|because\s+of|brought\s+on\s+by|(?:is|are)\s+(?:the\s+)?(?:result|sign)s?\s+of)\s+(?:[\w,'’-]+\s+){0,5}?$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.;:!?()]")
_GENERIC = frozenset({"disease", "syndrome", "disorder", "condition", "failure"})
# The word just before "damaged by <cause>": "kidneys damaged by diabetes" (an organ the term names).
_ORGAN_BEFORE = re.compile(r"\b([A-Za-z]+)\s+(?:that\s+(?:were|was|are|is|have\s+been|has\s+been)\s+)?$")
_ORIGIN_REACH = 90  # characters between a complaint and the words of what it follows
_QUALIFIER_REACH = 60  # characters of "<cause>-related " read before a complaint
_LINGERS = re.compile(
    r"\b(?:linger\w*|persist\w*|last(?:s|ed|ing)?|hang(?:s|ing)?\s+on|stay(?:s|ed)?|won'?t\s+go\s+away|"
    # "Still exhausted months after COVID?"
    r"can'?t\s+shake|still)\b",
    re.IGNORECASE,
)


class ConditionNames:
    """The relation tables of a `conditions` lexicon, compiled for comparing names."""

    def __init__(self, lexicon: Lexicon):
        self.categories = frozenset(lexicon.categories)
        self._category = {normalize(term): category for category, terms in lexicon.categories.items() for term in terms}
        terms = {normalize(term) for terms in lexicon.categories.values() for term in terms}
        self._inflected: dict[str, str] = {}  # filled last: key() reads it
        relations = lexicon.relations
        self._canonical: dict[str, str] = {}
        for name, others in relations.get("synonyms", {}).items():
            head = normalize(name)
            for other in (name, *others):
                self._canonical[normalize(other)] = head
        # Names read only in study titles ("PD", "autistic") stand for their term.
        for name, others in relations.get("in_titles", {}).items():
            head = self.key(name)
            for other in others:
                self._canonical.setdefault(normalize(other), head)
        self._broader = self._table(relations.get("broader", {}))
        self._distinct = self._table(relations.get("distinct", {}))
        self._areas: dict[str, frozenset[str]] = {}
        self._members: dict[str, frozenset[str]] = {}
        for name, covered in relations.get("classes", {}).items():
            head = self.key(name)
            self._areas[head] = self._areas.get(head, frozenset()) | {item for item in covered if item in self.categories}
            self._members[head] = self._members.get(head, frozenset()) | {
                self.key(item) for item in covered if item not in self.categories
            }
        # Every known name with its words, for the narrower-by-words relation.
        titles_only = {normalize(other) for others in relations.get("in_titles", {}).values() for other in others}
        self._names = tuple(
            (frozenset(name.split()), name) for name in sorted({*terms, *self._canonical} - (titles_only - terms))
        )
        # The lexicon matches on lemmas, so copy's "hair thinned" or "scarring lungs" is a
        # span of a term written "hair thinning" or "scarred lungs": read it as that term.
        known = sorted({*terms, *self._canonical})
        self._known = frozenset(known)
        for name in known:
            self._inflected.setdefault(_stems(name), name)
        # "after / following / since / from / caused by <words>" for each term of the `origins` table
        self._origins: list[tuple[str, str, re.Pattern[str]]] = []
        self._qualified: list[tuple[str, str, re.Pattern[str]]] = []
        for name, words in relations.get("origins", {}).items():
            alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
            pattern = re.compile(
                r"\b(?:after|following|followed|since|from|caused\s+by|due\s+to|related\s+to|brought\s+on\s+by|"
                r"(?:damaged|harmed|injured|scarred|worn\s+down|weakened)\s+by)\s+"
                r"(?:(?:your|their|his|her|my|the)\s+)?(?:" + alternatives + r")\b",
                re.IGNORECASE,
            )
            self._origins.append((name, self._category.get(normalize(name), ""), pattern))
            # and "<cause>-related / -induced / -associated <complaint>" before it
            self._qualified.append(
                (
                    name,
                    self._category.get(normalize(name), ""),
                    re.compile(r"\b(?:" + alternatives + r")[- ](?:related|induced|associated|linked|caused)\s+$", re.IGNORECASE),
                )
            )

    def has_other_cause(self, text: str) -> bool:
        """A form of a disease named for what it follows (an `origins` term: erectile
        dysfunction after prostate surgery, heart failure after a heart attack), not for age."""
        key = self.key(text)
        return any(self.key(name) == key for name, _, _ in self._origins)

    def _table(self, table: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
        result: dict[str, frozenset[str]] = {}
        for name, related in table.items():
            head = self.key(name)
            result[head] = result.get(head, frozenset()) | {self.key(other) for other in related}
        return result

    def key(self, text: str) -> str:
        """The one name a condition goes by (its synonym group's head, else its normal form)."""
        name = normalize(text)
        if name not in self._canonical and self._inflected and name not in self._known:
            name = self._inflected.get(_stems(name), name)
        return self._canonical.get(name, name)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one instance per lexicon, kept for the process
    def lineage(self, text: str) -> frozenset[str]:
        """The condition's own key and the keys of every broader form of it.

        Broader by the table, or by words: a known name all of whose words are among this
        name's words ("osteoarthritis" for "knee osteoarthritis"), unless `distinct` says not.
        """
        start = normalize(text)
        found = {start, self.key(start)}
        queue = list(found)
        while queue:
            name = queue.pop()
            key = self.key(name)
            words = frozenset(name.split())
            broader = set(self._broader.get(key, ()))
            blocked = self._distinct.get(key, frozenset())
            broader |= {
                self.key(other) for other_words, other in self._names if other_words < words and self.key(other) not in blocked
            }
            for other in broader - found:
                found.add(other)
                queue.append(other)
        return frozenset(found)

    def _covers(self, group: Condition, member: Condition) -> bool:
        """`group` names a class (or a complaint) that `member` belongs to."""
        key = self.key(group.text)
        if key not in self._areas:
            return False
        if member.category in self._areas[key] or self._members[key] & self.lineage(member.text):
            return True
        other = self.key(member.text)
        # Two classes fit when they share an area or one lists the other.
        return other in self._areas and bool(self._areas[key] & self._areas[other] or key in self._members[other])

    def most_specific(self, conditions: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """`conditions` without those that are a broader form of another among them: a
        heading or a list's lead-in that names a disease and its class ("alopecia areata,
        the patchy kind of hair loss") is about the disease."""
        lineages = [self.lineage(text) for text, _ in conditions]
        keys = [self.key(text) for text, _ in conditions]
        return [
            condition
            for position, condition in enumerate(conditions)
            if not any(keys[position] in lineage and keys[position] != keys[other] for other, lineage in enumerate(lineages))
        ]

    def is_complaint(self, text: str, category: str) -> bool:
        """A name for what a patient feels (a symptom, or a complaint several diseases share:
        "neck pain", "pins and needles") rather than a diagnosis."""
        return category == "symptom" or self.key(text) in self._areas

    def read_named(self, text: str, spans: Sequence[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        """The conditions `text` names, from its lexicon matches `spans` (start, end, words,
        category; offsets into `text`), as the copy names them: a complaint said to come from
        another condition gives way to it ("neck pain from worn neck joints"); a complaint,
        or a disease the table's term is a form of, said to follow what an `origins` term
        follows is that term ("fatigue that lingers after a virus": post-viral syndrome)."""
        spans = sorted(spans)
        dropped: set[int] = set()
        added: list[tuple[int, int, str, str]] = []
        for name, category, pattern in self._origins:
            for match in pattern.finditer(text):
                before = [
                    position
                    for position, (start, end, words, kind) in enumerate(spans)
                    if end <= match.start()
                    and match.start() - end <= _ORIGIN_REACH
                    and not _CLAUSE_BREAK.search(text, end, match.start())
                ]
                lineage = self.lineage(name)
                window = text[max(0, match.start() - _ORIGIN_REACH) : match.start()]
                lingers = bool(_LINGERS.search(window))
                # A complaint is the term when it lingers after the illness ("fatigue that hangs on
                # after a virus") or names a class holding it ("pins and needles from diabetes": a
                # diabetic neuropathy); "fatigue from diabetes" is diabetes.
                complaint = [
                    position
                    for position in before
                    if self.is_complaint(spans[position][2], spans[position][3])
                    and (lingers or self._covers(Condition(spans[position][2], spans[position][3]), Condition(name, category)))
                ]
                forms = [position for position in before if self.key(spans[position][2]) in lineage]
                # "kidneys damaged by diabetes": the organ the term is named for, then its cause
                word = None if before else _ORGAN_BEFORE.search(text, 0, match.start())
                organ = word is not None and _singular(word.group(1).lower()) in set(normalize(name).split()) - _GENERIC
                if not (complaint or forms or organ or (lingers and not before)):
                    continue
                dropped.update(complaint + forms)
                dropped.update(
                    position for position, (start, end, _, _) in enumerate(spans) if start < match.end() and match.start() < end
                )
                added.append((match.start(), match.end(), name, category))
        # "diabetes-related erection problems": the form of the complaint that its cause names
        for position, (start, end, words, kind) in enumerate(spans):
            if position in dropped:
                continue
            for name, category, pattern in self._qualified:
                qualifier = pattern.search(text, max(0, start - _QUALIFIER_REACH), start)
                if qualifier is None or not (self.is_complaint(words, kind) or self.key(words) in self.lineage(name)):
                    continue
                dropped.add(position)
                dropped.update(
                    other
                    for other, (other_start, other_end, _, _) in enumerate(spans)
                    if other_start < qualifier.end() and qualifier.start() < other_end
                )
                added.append((qualifier.start(), end, name, category))
                break
        for position, (_, end, words, kind) in enumerate(spans):
            if position in dropped or not self.is_complaint(words, kind):
                continue
            # "pins and needles ... usually come from a pinched nerve": the cause is the condition
            if any(
                other_start >= end
                and not self.is_complaint(other_words, other_kind)
                and _CAUSED_BY.fullmatch(text, end, other_start)
                for other_start, _, other_words, other_kind in spans
            ):
                dropped.add(position)
        return sorted([span for position, span in enumerate(spans) if position not in dropped] + added)

    def fits(self, claimed: Condition, studied: Condition) -> bool:
        """The study's condition is the claim's, a broader or narrower form of it, or a class that holds it."""
        a, b = self.lineage(claimed.text), self.lineage(studied.text)
        if self.key(claimed.text) in b or self.key(studied.text) in a:
            return True
        return self._covers(claimed, studied) or self._covers(studied, claimed)


@functools.cache
def condition_names() -> ConditionNames:
    """The built-in `conditions` lexicon's relations (rules/lexicons/conditions.yml)."""
    return ConditionNames(builtin_lexicon("conditions"))


def any_fits(claimed: Iterable[Condition], studied: Iterable[Condition], names: ConditionNames | None = None) -> bool:
    """A study naming several conditions fits when any one of them fits any the claim names."""
    names = names or condition_names()
    studied = list(studied)
    return any(names.fits(claim, study) for claim in claimed for study in studied)
