"""What a page says about the cell or tissue product it sells, read from every sentence.

21 CFR 1271.10(a) turns on the *product*, and a page describes it piecemeal: the
source tissue in one paragraph ("cells from donated umbilical cords"), the processing
in another ("expanded in our lab"), the route in the FAQ ("a one-hour IV drip") and
the uses wherever claims are made.  This module gathers those pieces into products,
one per source tissue named, each fact keeping its sentence and prose span so a
finding can point at the words it rests on.

The words come from the `hctp` lexicon (rules/lexicons/hctp.yml); what they mean for
the four criteria is data in the `regulatory/hctp-status` rule's options.  Nothing
here decides whether a product passes; `checks/hctp.py` does.

A fact that names no tissue (a route, a processing step, a donor) belongs to the
tissue named in its sentence, else to the one named most recently before it, else to
the page's first: marketing pages describe one product at a time.  "MSCs" with no
source joins the page's named source tissue when there is one.  In a sentence that
combines things ("cells mixed with PRP", "SVF boosted with exosomes"), the second
article is a combination partner, not a product of its own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc

from claimcheck.nlp.claims import NON_DISEASE_CATEGORIES, NOT_EFFECT, claims_of
from claimcheck.nlp.references import is_reference_entry
from claimcheck.nlp.structure import sentences_of, span_table, text_of

FACTS_KEY = "claimcheck.product_facts"
LEXICON = "hctp"
UNSPECIFIED_SOURCE = "msc"  # "MSCs" with no source tissue named
UNSTATED_SOURCE = "cells"  # a page that describes its cells but never names their source
_CELL_THERAPIES = frozenset({"stem_cell", "msc", "regenerative"})
ACELLULAR = "acellular"
# Enzymatic digestion ("digested with collagenase", "enzyme-released"): more than minimal
# manipulation of a structural tissue (the rule's `tissues` table says which are).
ENZYMATIC = "enzymatic"
# Fact kinds, from the lexicon category prefixes.
KINDS = ("tissue", "donor", "processing", "route", "combine", "partner", "status", "same", "use", "approved")
# A page that warns about such products (regulator alerts, news) describes them; it does not sell them.
_WARNING_PAGE_CUES = 3
_OWN_VOICE = frozenset({"our", "we", "us"})
# Span groups that make a sentence something other than the page's outcome claim.
_NOT_OUTCOME_SPANS = ("negations", "hedges", "reporting", "treatments")


@dataclass(frozen=True)
class Fact:
    """One thing the page says about a product: `kind` (tissue, donor, processing, route,
    combination, status, same_surgery, use) and `value` (the lexicon category's tail:
    "cord", "allogeneic", "more", "systemic"...), the words and where they are."""

    kind: str
    value: str
    words: str
    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class Use:
    """A condition the page promotes the product for (an asserted claim's disease)."""

    condition: str
    category: str
    sentence: int
    start: int
    end: int
    approved: bool
    # The `use_*` categories named in the same sentence ("wound", "volume"): uses that
    # may be the tissue's basic function.
    use_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Product:
    tissue: str
    mentions: tuple[Fact, ...]
    facts: tuple[Fact, ...]
    uses: tuple[Use, ...]

    def of_kind(self, kind: str, value: str | None = None) -> tuple[Fact, ...]:
        return tuple(fact for fact in self.facts if fact.kind == kind and (value is None or fact.value == value))


@dataclass(frozen=True)
class ProductFacts:
    products: tuple[Product, ...]
    status: tuple[Fact, ...]  # "361", "exempt", "FDA-compliant", "not a drug": page-wide
    promotional: bool  # not a page of warnings about such products


class _Term(NamedTuple):
    """One term of a span group, read from its `SpanTable` (no `Span` built for it)."""

    start_char: int
    end_char: int
    label: str


def _fact(label: str, words: str, sentence: int, start_char: int, end_char: int) -> Fact:
    kind, _, value = label.partition("_")
    if kind == "same":
        kind, value = "same_surgery", "same_surgery"
    elif kind == "combine":
        kind, value = "combine", "cue"
    elif kind == "partner":
        kind, value = "partner", "partner"
    return Fact(kind, value, words, sentence, start_char, end_char)


def product_facts(doc: Doc) -> ProductFacts:
    """The page's products and their facts; computed once per Doc."""
    cached = doc.user_data.get(FACTS_KEY)
    if cached is None:
        cached = doc.user_data[FACTS_KEY] = _compute(doc)
    return cached


def _compute(doc: Doc) -> ProductFacts:
    sentences = sentences_of(doc)
    starts = [info.span.start_char for info in sentences]
    facts: list[Fact] = []
    # A reference entry's title ("Culture-expanded MSCs for knee osteoarthritis") describes
    # the cited study's product, not the page's: its words are no fact about what is sold.
    in_entry: dict[int, bool] = {}
    text = text_of(doc)
    terms = span_table(doc, LEXICON)
    for start_char, end_char, label in zip(terms.start_char, terms.end_char, terms.label, strict=True):
        position = bisect.bisect_right(starts, start_char) - 1
        index = sentences[position].index if position >= 0 else 0
        if position >= 0 and index not in in_entry:
            in_entry[index] = is_reference_entry(doc, sentences[position])
        if in_entry.get(index):
            continue
        facts.append(_fact(label, text[start_char:end_char], index, start_char, end_char))
    by_sentence: dict[int, list[Fact]] = {}
    for fact in facts:
        by_sentence.setdefault(fact.sentence, []).append(fact)
    # Partners: in a sentence that combines, a second article (PRP, HA, exosomes) is
    # what the product is combined with.
    mentions: list[Fact] = []
    partners: list[Fact] = []
    for _, found in sorted(by_sentence.items()):
        tissues = [fact for fact in found if fact.kind == "tissue"]
        combines = any(fact.kind == "combine" for fact in found)
        cellular = [fact for fact in tissues if fact.value != ACELLULAR]
        for fact in tissues:
            if combines and fact.value == ACELLULAR and cellular:
                partners.append(Fact("partner", "partner", fact.words, fact.sentence, fact.start, fact.end))
            else:
                mentions.append(fact)
    specific = [fact for fact in mentions if fact.value not in {UNSPECIFIED_SOURCE, ACELLULAR}]
    mentions = [_resolve_source(fact, specific) for fact in mentions]
    if not mentions:
        mentions = _unspecified(doc, facts, starts, sentences)
    if not mentions:
        status = tuple(fact for fact in facts if fact.kind == "status")
        return ProductFacts((), status, False)
    tissues_in: dict[int, list[str]] = {}
    for fact in mentions:
        tissues_in.setdefault(fact.sentence, [])
        if fact.value not in tissues_in[fact.sentence]:
            tissues_in[fact.sentence].append(fact.value)
    # Sentences that name an approved product and no tissue: until the next mention, what
    # is said belongs to that product ("MACI is FDA-approved ... a laboratory grows the cells").
    approved_named = {fact.sentence for fact in facts if fact.kind == "approved"} - set(tissues_in)
    owned_by = {**tissues_in, **{sentence: [] for sentence in approved_named}}
    mention_sentences = sorted(owned_by)
    first = mentions[0].value

    def owners(sentence: int) -> list[str]:
        if sentence in tissues_in:
            return tissues_in[sentence]
        position = bisect.bisect_left(mention_sentences, sentence) - 1
        return owned_by[mention_sentences[position]] if position >= 0 else [first]

    # Weak processing words ("expanded", "activated") count only where the sentence is
    # about a product ("our cord cells are expanded"), not about the body ("Th17 cells
    # become activated"); strong ones ("culture-expanded", "collagenase") anywhere.
    # a sentence naming a laboratory (`lab_site`) is about the product too
    about_product = set(tissues_in) | {fact.sentence for fact in facts if fact.kind == "lab"}
    for start_char in span_table(doc, "therapies").start_char:
        position = bisect.bisect_right(starts, start_char) - 1
        if position >= 0:
            about_product.add(sentences[position].index)
    attributed: dict[str, list[Fact]] = {}
    items = frozenset(fact.start for fact in facts if fact.kind == "processing")
    for fact in [*facts, *partners]:
        if fact.kind in {"tissue", "status", "use", "combine", "lab", "approved"}:
            continue
        if fact.kind == "processing" and fact.value != "minimal" and _denied(text, sentences[fact.sentence], fact, items):
            continue  # "never cultured or expanded", "we do not digest the fat with enzymes"
        if fact.kind == "processing" and fact.value in {"weak", ENZYMATIC}:
            # and enzymatic words ("with enzymes", "enzyme-released") only where the sentence is
            # about the product, as the weak words: "the gut breaks food down with enzymes" is not
            if fact.sentence not in about_product:
                continue
            if fact.value == "weak":
                fact = Fact(fact.kind, "more", fact.words, fact.sentence, fact.start, fact.end)
        if fact.kind == "partner" and not any(other.kind == "combine" for other in by_sentence.get(fact.sentence, ())):
            continue
        for tissue in owners(fact.sentence):
            attributed.setdefault(tissue, []).append(fact)
    uses: dict[str, list[Use]] = {}
    for claim in claims_of(doc):
        if not claim.asserted:
            continue
        words = tuple(dict.fromkeys(fact.value for fact in by_sentence.get(claim.sentence, ()) if fact.kind == "use"))
        for tissue in owners(claim.sentence):
            for text, category in claim.conditions:
                if category in NON_DISEASE_CATEGORIES:
                    continue
                start = _find(doc, text, claim.start, claim.end)
                use = Use(text, category, claim.sentence, start, start + len(text), claim.approved_indication, words)
                uses.setdefault(tissue, []).append(use)
    for sentence, conditions in _outcome_sentences(doc, starts, sentences, {claim.sentence for claim in claims_of(doc)}):
        words = tuple(dict.fromkeys(fact.value for fact in by_sentence.get(sentence, ()) if fact.kind == "use"))
        for tissue in owners(sentence):
            for term in conditions:
                words_of = text_of(doc)[term.start_char : term.end_char]
                use = Use(words_of, term.label, sentence, term.start_char, term.end_char, False, words)
                uses.setdefault(tissue, []).append(use)
    products = []
    for tissue in dict.fromkeys(fact.value for fact in mentions):
        products.append(
            Product(
                tissue,
                tuple(fact for fact in mentions if fact.value == tissue),
                tuple(sorted(attributed.get(tissue, ()), key=lambda fact: fact.start)),
                tuple(uses.get(tissue, ())),
            )
        )
    status = tuple(fact for fact in facts if fact.kind == "status")
    return ProductFacts(tuple(products), status, _promotional(doc, {fact.sentence for fact in mentions}))


# A negation cue before a processing word, in the same clause: "never cultured or expanded".
_NEGATION = re.compile(r"\b(?:not(?!\s+only)|never|no|without|neither|nor|none|nothing)\b|n['’]t\b(?!\s+only)", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014]|\s[-\u2013]\s|\b(?:but|while|whereas|instead|then)\b", re.IGNORECASE)


# What may stand between a list's comma and its next item: ", or grown in the lab".
_LIST_JOIN = re.compile(r"\s*(?:(?:or|and|nor)\s+)?", re.IGNORECASE)


def _denied(text: str, info, fact: Fact, items: frozenset[int]) -> bool:  # type: ignore[no-untyped-def]
    """The sentence denies the processing ("Our fat is never digested with enzymes or
    cultured", "we do not expand cells", "nothing is frozen, grown in the lab or expanded"):
    a negation cue before the words in their clause, or before the list they are an item
    of.  `items` are where processing words start: a comma followed by one joins a list
    ("frozen, grown in the lab"), not two clauses."""
    start = info.span.start_char
    breaks = list(_CLAUSE_BREAK.finditer(text, start, fact.start))
    while breaks:
        last = breaks.pop()
        following = _LIST_JOIN.match(text, last.end())
        if last.group() != "," or following is None or following.end() not in items:
            return bool(_NEGATION.search(text, last.end(), fact.start))
    return bool(_NEGATION.search(text, start, fact.start))


def _outcome_sentences(doc: Doc, starts: list[int], sentences: list, claimed: set[int]) -> list[tuple[int, list[_Term]]]:  # type: ignore[type-arg]
    """Sentences that state an outcome for a disease without naming the therapy: "The
    granulomas of sarcoidosis shrink", "Eczema calms within a week [3]" under a page
    that sells one product.  On such a page the product is what the outcome is credited
    to, so the disease is a use even though no claim of the claims analyzer holds it.
    Left out: sentences the claims analyzer already read, and those that negate, hedge,
    report, ask, list a reference, or speak of conventional treatment (the disease's own care, not the
    product's)."""

    def by_sentence(key: str) -> dict[int, list[_Term]]:
        found: dict[int, list[_Term]] = {}
        table = span_table(doc, key)
        for start_char, end_char, label in zip(table.start_char, table.end_char, table.label, strict=True):
            position = bisect.bisect_right(starts, start_char) - 1
            if position >= 0:
                found.setdefault(sentences[position].index, []).append(_Term(start_char, end_char, label))
        return found

    conditions = by_sentence("conditions")
    if not conditions:
        return []
    effects = {index for index, terms in by_sentence("effects").items() if any(term.label != NOT_EFFECT for term in terms)}
    blocked = {index for key in _NOT_OUTCOME_SPANS for index in by_sentence(key)}
    evidence = by_sentence("evidence")
    by_index = {info.index: info for info in sentences}
    found = []
    for index, terms in sorted(conditions.items()):
        if index in claimed or index not in effects or index in blocked:
            continue
        info = by_index[index]  # asked only of the few sentences left: reading every one cost more
        if info.span.text.rstrip().endswith("?") or is_reference_entry(doc, info):
            continue
        # "..., as a trial in adults with psoriasis found": the study's disease, not a use.
        studied_from = min((term.start_char for term in evidence.get(index, ())), default=None)
        diseases = [
            term
            for term in terms
            if term.label not in NON_DISEASE_CATEGORIES and (studied_from is None or term.start_char < studied_from)
        ]
        if diseases:
            found.append((index, diseases))
    return found


def _unspecified(doc: Doc, facts: list[Fact], starts: list[int], sentences: list) -> list[Fact]:  # type: ignore[type-arg]
    """A page that names no source tissue but says whose cells they are ("cells from
    screened donors", "our allogeneic protocol") sells one product of unstated source:
    its stem-cell therapy mentions stand for it.  Without a donor, "stem cell
    activation" drips and supplements describe no cell product at all, nor does a page
    that sells capsules or powders (`form_ingested`) whose "your own stem cells" are the
    body's."""
    if not any(fact.kind == "donor" for fact in facts) or any(fact.kind == "form" for fact in facts):
        return []
    found = []
    text = text_of(doc)
    therapies = span_table(doc, "therapies")
    for start_char, end_char, label in zip(therapies.start_char, therapies.end_char, therapies.label, strict=True):
        if label in _CELL_THERAPIES:
            position = bisect.bisect_right(starts, start_char) - 1
            sentence = sentences[position].index if position >= 0 else 0
            found.append(Fact("tissue", UNSTATED_SOURCE, text[start_char:end_char], sentence, start_char, end_char))
    return found


def _resolve_source(fact: Fact, specific: list[Fact]) -> Fact:
    """ "MSCs" stand for the page's named source tissue: the one named most recently
    before them, else the page's first."""
    if fact.value != UNSPECIFIED_SOURCE or not specific:
        return fact
    earlier = [other for other in specific if other.start <= fact.start]
    source = earlier[-1] if earlier else specific[0]
    return Fact("tissue", source.value, fact.words, fact.sentence, fact.start, fact.end)


def _find(doc: Doc, text: str, start: int, end: int) -> int:
    found = text_of(doc).find(text, start, end)
    return start if found < 0 else found


def _promotional(doc: Doc, product_sentences: set[int]) -> bool:
    """Sells something: booking, prices or the business's own voice (the `commerce`
    lexicon, or "our"/"we" where the product is named), and is not a page of warnings.
    An evidence review that names cord cells and lupus describes a product; it does
    not promote one."""
    warnings = span_table(doc, "reporting").label.count("warning")
    if warnings >= _WARNING_PAGE_CUES:
        return False
    if span_table(doc, "commerce"):
        return True
    sentences = sentences_of(doc)
    if any(
        token.lower_ in _OWN_VOICE for index in product_sentences if index < len(sentences) for token in sentences[index].span
    ):
        return True
    return _names_itself(doc, sentences, product_sentences)


# "Northgate grows donated placental cells ... and injects them": the business named in the
# page's title is the subject of what is done to the product, and the page gives a phone number.
_PHONE = re.compile(r"(?<![\d-])(?:\(\d{3}\)\s*|\d{3}[-.\s])\d{3}[-.]\d{4}(?![\d-])")
_DOES = re.compile(r"[a-z]+(?:s|es)")
_NOT_A_NAME = frozenset(
    {"the", "our", "your", "a", "an", "how", "what", "why", "when", "stem", "cell", "cells", "new", "now", "fda"}
)


def _names_itself(doc: Doc, sentences: list, product_sentences: set[int]) -> bool:  # type: ignore[type-arg]
    text = text_of(doc)
    if not sentences or not _PHONE.search(text):
        return False
    title = next((info for info in sentences if info.segment_kind in {"title", "heading"}), None)
    if title is None:
        return False
    first = next((token for token in title.span if not token.is_punct and not token.is_space), None)
    if first is None or not first.text[:1].isupper() or first.text.isupper() or first.lower_ in _NOT_A_NAME:
        return False
    for index in product_sentences:
        if index >= len(sentences) or index == title.index:
            continue
        words = [token for token in sentences[index].span if not token.is_punct and not token.is_space]
        if len(words) > 1 and words[0].text == first.text and _DOES.fullmatch(words[1].text):
            return True
    return False
