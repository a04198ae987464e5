"""What a cited sentence is about when it does not say so itself.

A claim's condition or species is often named around it, not in it: the sentence before
("Most of them stop needing insulin [1]"), the lead-in of its list, the header cell of its
table row, the heading it sits under or the page's title, a relative the page spoke of
earlier ("For your husband, ...").  Also the diseases a sentence names, read as copy
names them, and whether it holds effects or therapies.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from claimcheck.checks.fit.populations import PEOPLE
from claimcheck.nlp.claims import NON_DISEASE_CATEGORIES
from claimcheck.nlp.conditions import condition_names
from claimcheck.nlp.references import is_reference_entry
from claimcheck.nlp.structure import sentences_of, span_index, text_of
from claimcheck.nlp.study_designs import SPECIES, patterns


def carried_from(doc: Doc, found, index: int, items) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
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
    # "whatever their age", "at any age", "of all ages": no age is named, so no ageing either
    spans = [span for span in spans if not (span[2].lower() in {"age", "ages"} and _ANY_AGE.search(sentence, 0, span[0]))]
    return [
        (words, category)
        for _, _, words, category in condition_names().read_named(sentence, spans)
        if category not in NON_DISEASE_CATEGORIES
    ]


_ANY_AGE = re.compile(
    r"\b(?:whatever|any|every|all|regardless\s+of|no\s+matter\s+(?:what|your|their|his|her))\s+(?:(?:your|their|his|her|the)\s+)?$",
    re.IGNORECASE,
)
_AGE_FOLLOWS = re.compile(
    r"\s+(?:\d|between\b|from\b|over\b|under\b|up\s+to\b|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)",
    re.IGNORECASE,
)


def names_disease(doc: Doc, info) -> bool:  # type: ignore[no-untyped-def]
    """The sentence names a disease or complaint, not only a tissue or an outcome measure."""
    return any(
        span.label_ not in NON_DISEASE_CATEGORIES for span in span_index(doc, "conditions").within(info.span.start, info.span.end)
    )


def has(doc: Doc, group: str, info) -> bool:  # type: ignore[no-untyped-def]
    return any(span.label_ != "not_effect" for span in span_index(doc, group).within(info.span.start, info.span.end))


_ROW_HEADER_WORDS = 12


def row_header_of(doc: Doc, index: int):  # type: ignore[no-untyped-def]
    """The header cell of the table row cell `index` sits in: the cell before it, when that
    is a short cell of its own ("| Senior dogs, 10 and up | They bounce back ... | [1] |"),
    else None.  It says whom and what the row is about."""
    sentences = sentences_of(doc)
    info = sentences[index]
    if info.segment_kind != "table_cell" or index == 0:
        return None
    previous = sentences[index - 1]
    if previous.segment_kind != "table_cell" or previous.segment != info.segment - 1:
        return None
    if index >= 2 and sentences[index - 2].segment == previous.segment:
        return None  # the cell before holds more than one sentence: not a header
    text = text_of(doc)
    if len(text[previous.span.start_char : previous.span.end_char].split()) > _ROW_HEADER_WORDS:
        return None
    return previous


def with_row_header(doc: Doc, index: int, claim: str) -> str:
    """`claim` read with its table row's header before it ("Senior dogs, 10 and up: They
    bounce back"): a cell's claim is about whom and where its row's header says."""
    header = row_header_of(doc, index)
    return claim if header is None else f"{text_of(doc)[header.span.start_char : header.span.end_char]}: {claim}"


def row_header(doc: Doc, index: int) -> list[tuple[str, str]]:
    """The diseases a table cell is about when it names none itself: those of the cell
    before it, when that is a short cell of its own (the row's header: "| Type 2 diabetes
    | Many patients come off insulin (2) |")."""
    header = row_header_of(doc, index)
    return [] if header is None else condition_names().most_specific(named_conditions(doc, header))


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
            or (pointed and previous.segment == info.segment - 1 and not is_heading(text, previous))
        ) and not is_reference_entry(doc, previous):
            found = diseases(previous)
            if found:
                return found
        lead = lead_in(text, sentences, index)
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


def lead_in(text: str, sentences, index: int, reach: int = 15) -> int | None:  # type: ignore[no-untyped-def]
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
        cached = doc.user_data[_HEADINGS_KEY] = [info.index for info in sentences_of(doc) if is_heading(text, info)]
    return cached


_TITLE_KINDS = frozenset({"heading", "title"})
_HEADING_LINE = re.compile(r"[^\n.!?]{1,80}[^\n.!?:;,\s]")


def is_heading(text: str, info) -> bool:  # type: ignore[no-untyped-def]
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


def wounds_named(claim: str) -> list[tuple[str, str]]:
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


def context_species(doc: Doc, index: int) -> str:
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
        elif (header := row_header_of(doc, index)) is not None:
            candidates.append(header)  # "| Dogs with hip dysplasia | Stiff hips loosen |"
        elif (lead := lead_in(text, sentences, index)) is not None:
            candidates.append(sentences[lead])  # "What the trial in dogs showed [2]:" over its items
    headings = _headings_of(doc)
    above = bisect.bisect_left(headings, index)
    if above:
        section = sentences[headings[above - 1]]
        candidates.append(section)
        # the page's title only under a section that is not about people ("## For owners")
        if above > 1 and not PEOPLE.search(text, section.span.start_char, section.span.end_char):
            candidates.append(sentences[headings[0]])
    words, _ = patterns()
    for other in candidates:
        sentence = text[other.span.start_char : other.span.end_char]
        if PEOPLE.search(sentence):
            continue  # "Torn tendons in people heal, as our horse patients have shown"
        for species in SPECIES:
            if words[f"population_{species}"].search(sentence):
                return species
    return ""
