"""Lexicon terms found in a Doc, one span group per lexicon (label = category).

All lexicons share two PhraseMatchers (lemma and exact case), so the cost is one pass
over the text however many terms the lexicons hold.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import TypeVar

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from claimcheck.nlp.lexicons import Lexicon, is_case_sensitive
from claimcheck.nlp.shipped_terms import splits_for

T = TypeVar("T")


def build_phrase_matchers(
    nlp: Language,
    keyed_terms: Mapping[str, list[str]],
    lemmatize: Callable[[Doc], Doc],
) -> tuple[PhraseMatcher, PhraseMatcher]:
    """One lemma matcher and one exact matcher for terms grouped under string keys.

    A PhraseMatcher keeps each pattern as the hashes of its tokens' LEMMA or ORTH, and
    takes them as such (spaCy's own pickling of a matcher adds them back so): making a
    Doc per term variant, lemmatizing it and adding it cost ~0.15 s of every start, so
    the hashes come from the compile cache when the pipeline allows it (`_pattern_hashes`).
    """
    lemma_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for key, (lemma_patterns, exact_patterns) in _pattern_hashes(nlp, keyed_terms, lemmatize).items():
        if lemma_patterns:
            lemma_matcher.add(key, lemma_patterns)
        if exact_patterns:
            exact_matcher.add(key, exact_patterns)
    return lemma_matcher, exact_matcher


# Per key: the lemma patterns and the exact-case patterns, each a tuple of token hashes.
_Patterns = dict[str, tuple[list[tuple[int, ...]], list[tuple[int, ...]]]]


def _pattern_hashes(nlp: Language, keyed_terms: Mapping[str, list[str]], lemmatize: Callable[[Doc], Doc]) -> _Patterns:
    """Per key, the token hashes of each term variant as the matchers compare them: the
    lemmas (from the lemma table) or, for exact-case terms, the words."""

    # claimcheck's lemmatizer gives a word's lemma hash without a Doc (`lemma_hashes`);
    # making a Doc per term variant and lemmatizing it took ~0.05 s of a start with an
    # empty compile cache.  A word's ORTH hash in a Doc of words is its string's hash.
    lemma_hashes = getattr(lemmatize, "lemma_hashes", None)
    strings = nlp.vocab.strings

    def build() -> _Patterns:
        result: _Patterns = {}
        for key, tokenized in _tokenized_terms(nlp, keyed_terms).items():
            lemma_patterns: list[tuple[int, ...]] = []
            exact_patterns: list[tuple[int, ...]] = []
            for words, spaces, exact in tokenized:
                if lemma_hashes is not None:
                    if exact:
                        exact_patterns.append(tuple(strings.add(word) for word in words))
                    else:
                        lemma_patterns.append(lemma_hashes(words))
                    continue
                doc = Doc(nlp.vocab, words=words, spaces=spaces)
                if exact:
                    exact_patterns.append(tuple(token.orth for token in doc))
                else:
                    lemma_patterns.append(tuple(token.lemma for token in lemmatize(doc)))
            result[key] = (lemma_patterns, exact_patterns)
        return result

    return _cached_for_terms(nlp, "phrases", keyed_terms, lemmatize, build)


def _cached_for_terms(
    nlp: Language, kind: str, keyed_terms: Mapping[str, list[str]], lemmatize: Callable[[Doc], Doc], build: Callable[[], T]
) -> T:
    """`build()` (computed from the terms, the tokenizer and the lemmas), from the compile
    cache when the pipeline allows it and the lemmatizer names its table (`table_key`):
    an edited lemma table or override must not find patterns made from the old lemmas."""
    table = getattr(lemmatize, "table_key", "")
    if not nlp.meta.get("claimcheck_cache", False) or not table:
        return build()
    from claimcheck.cache import cached

    terms = json.dumps({key: list(terms) for key, terms in keyed_terms.items()}, ensure_ascii=False)
    return cached(kind, f"{_pipeline_key(nlp)}:{table}:{hashlib.sha256(terms.encode()).hexdigest()}", build)


def _pipeline_key(nlp: Language) -> str:
    # The tokenizer's code and spaCy's version are in every key; a trained pipeline's
    # tokenizer may split differently, so its name and version are in the keys of what
    # is tokenized.
    return f"{nlp.lang}:{nlp.meta.get('name')}:{nlp.meta.get('version')}"


_Tokenized = dict[str, list[tuple[list[str], list[bool], bool]]]


def _tokenized_terms(nlp: Language, keyed_terms: Mapping[str, list[str]]) -> _Tokenized:
    """Per key, each term variant's (words, spaces, exact-case?) as the tokenizer splits it."""

    def build() -> _Tokenized:
        # The built-in terms' splits ship with the package (nlp/shipped_terms.py): the
        # tokenizer runs only for the others.
        shipped = splits_for(nlp)
        result: _Tokenized = {}
        for key, terms in keyed_terms.items():
            result[key] = []
            for term in with_hyphenated(terms):
                split = shipped.get(term)
                if split is None:
                    doc = nlp.make_doc(term)
                    split = ([token.text for token in doc], [bool(token.whitespace_) for token in doc])
                words, spaces = split
                if words:
                    result[key].append((list(words), list(spaces), is_case_sensitive(term)))
        return result

    if not nlp.meta.get("claimcheck_cache", False):
        return build()
    from claimcheck.cache import cached

    terms = json.dumps({key: list(terms) for key, terms in keyed_terms.items()}, ensure_ascii=False)
    return cached("terms", f"{_pipeline_key(nlp)}:{hashlib.sha256(terms.encode()).hexdigest()}", build)


def with_hyphenated(terms: list[str]) -> list[str]:
    """Copy writes "cord-blood cells" as often as "cord blood cells": match both."""
    variants = list(terms)
    for term in terms:
        words = term.split(" ")
        if len(words) > 1:
            variants.append("-".join(words[:2]) + "".join(" " + word for word in words[2:]))
    return list(dict.fromkeys(variants))


class TermMatcher:
    def __init__(self, nlp: Language, lexicons: Mapping[str, Lexicon], lemmatize: Callable[[Doc], Doc]):
        keyed: dict[str, list[str]] = defaultdict(list)
        for lexicon in lexicons.values():
            for category, term in lexicon.terms():
                keyed[f"{lexicon.name}:{category}"].append(term)
        self.names = sorted(lexicons)
        self._lemma_matcher, self._exact_matcher = build_phrase_matchers(nlp, keyed, lemmatize)
        self._strings = nlp.vocab.strings
        self._positives = _cached_for_terms(
            nlp, "positives", keyed, lemmatize, lambda: _comparative_positives(nlp, keyed, lemmatize)
        )

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        keys: dict[int, tuple[str, str, frozenset[str]]] = {}
        for matcher in (self._lemma_matcher, self._exact_matcher):
            for match_id, start, end in matcher(doc):
                if match_id not in keys:
                    key = self._strings[match_id]
                    lexicon, _, category = key.partition(":")
                    keys[match_id] = (lexicon, category, self._positives.get(key, frozenset()))
                lexicon, category, positives = keys[match_id]
                if positives and end - start == 1 and _plain_or_superlative(doc[start].lower_, positives):
                    continue  # "low muscle tone" is no "lower": a comparative term matches comparatives
                found[lexicon].append((start, end, category))
        for name in self.names:
            doc.spans[name] = [Span(doc, start, end, label=label) for start, end, label in _longest(found.get(name, []))]
        return doc


def _plain_or_superlative(word: str, positives: frozenset[str]) -> bool:
    """The plain form ("low") or the superlative ("lowest", "strongest", "easiest") of a
    comparative term: "the strongest evidence", "the lowest price" compare the options, they
    promise no effect as "stronger bones" does."""
    if word in positives:
        return True
    if not word.endswith("est") or len(word) < 6:
        return False
    stem = word[:-3]
    return any(form in positives for form in (stem, stem + "e", stem[:-1] + "y", stem[:-1]))


def _comparative_positives(
    nlp: Language, keyed: Mapping[str, list[str]], lemmatize: Callable[[Doc], Doc]
) -> dict[str, frozenset[str]]:
    """Per key, the plain forms of its one-word comparative terms ("low" of "lower", "strong"
    of "stronger", "steady" of "steadier") that the key does not list itself: lemma
    matching would read "low muscle tone", "a strong opinion" as the effects "lower",
    "stronger"."""
    # A shipped split (nlp/shipped_terms.py) gives the word's first token without the
    # tokenizer, and the lemmatizer its lemma without a Doc (~0.02 s of an empty-cache start).
    splits = splits_for(nlp)
    lemma_hashes = getattr(lemmatize, "lemma_hashes", None)
    strings = nlp.vocab.strings

    def lemma_of(word: str) -> str:
        split = splits.get(word)
        if split is not None and split[0] and lemma_hashes is not None:
            return strings[lemma_hashes(split[0][:1])[0]].lower()
        return lemmatize(nlp.make_doc(word))[0].lemma_.lower()

    positives: dict[str, frozenset[str]] = {}
    for key, terms in keyed.items():
        words = {term.lower() for term in terms if " " not in term}
        found = set()
        for word in words:
            lemma = lemma_of(word)
            comparative = word in {lemma + "er", lemma + "r", lemma[:-1] + "ier", lemma + lemma[-1:] + "er"}
            if lemma != word and comparative and lemma not in words:
                found.add(lemma)
        if found:
            positives[key] = frozenset(found)
    return positives


def _longest(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`sorted(spacy.util.filter_spans(spans))` on (start, end, label) tuples: the longest
    of overlapping matches (the earlier one on a tie, the first found on an exact tie),
    in text order.  A Span is made only for what is kept: a page of lexicon words made
    many that were thrown away."""
    ordered = sorted(matches, key=lambda match: (match[1] - match[0], -match[0]), reverse=True)
    kept: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    for start, end, label in ordered:
        if start not in seen and end - 1 not in seen:
            kept.append((start, end, label))
            seen.update(range(start, end))
    return sorted(kept, key=lambda match: match[0])
