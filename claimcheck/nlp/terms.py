"""Lexicon terms found in a Doc, one span group per lexicon (label = category).

All lexicons share two PhraseMatchers (lemma and exact case), so the cost is one pass
over the text however many terms the lexicons hold.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Mapping

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from claimcheck.nlp.lexicons import Lexicon, is_case_sensitive


def build_phrase_matchers(
    nlp: Language,
    keyed_terms: Mapping[str, list[str]],
    lemmatize: Callable[[Doc], Doc],
) -> tuple[PhraseMatcher, PhraseMatcher]:
    """One lemma matcher and one exact matcher for terms grouped under string keys.

    Tokenizing the ~2,000 terms is most of the cost; their tokens come from the compile
    cache when the pipeline allows it (nlp.meta["claimcheck_cache"]), and a Doc built from
    the same words and spaces is the Doc the tokenizer would make.
    """
    lemma_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for key, tokenized in _tokenized_terms(nlp, keyed_terms).items():
        lemma_docs = []
        exact_docs = []
        for words, spaces, exact in tokenized:
            doc = Doc(nlp.vocab, words=words, spaces=spaces)
            if exact:
                exact_docs.append(doc)
            else:
                lemma_docs.append(lemmatize(doc))
        if lemma_docs:
            lemma_matcher.add(key, lemma_docs)
        if exact_docs:
            exact_matcher.add(key, exact_docs)
    return lemma_matcher, exact_matcher


_Tokenized = dict[str, list[tuple[list[str], list[bool], bool]]]


def _tokenized_terms(nlp: Language, keyed_terms: Mapping[str, list[str]]) -> _Tokenized:
    """Per key, each term variant's (words, spaces, exact-case?) as the tokenizer splits it."""

    def build() -> _Tokenized:
        result: _Tokenized = {}
        for key, terms in keyed_terms.items():
            result[key] = []
            for term in _with_hyphenated(terms):
                doc = nlp.make_doc(term)
                if len(doc):
                    result[key].append(
                        ([token.text for token in doc], [bool(token.whitespace_) for token in doc], is_case_sensitive(term))
                    )
        return result

    if not nlp.meta.get("claimcheck_cache", False):
        return build()
    from claimcheck.cache import cached

    # The tokenizer's code and spaCy's version are in every key; a trained pipeline's
    # tokenizer may split differently, so its name and version are in this one.
    pipeline = f"{nlp.lang}:{nlp.meta.get('name')}:{nlp.meta.get('version')}"
    terms = json.dumps({key: list(terms) for key, terms in keyed_terms.items()}, ensure_ascii=False)
    return cached("terms", f"{pipeline}:{hashlib.sha256(terms.encode()).hexdigest()}", build)


def _with_hyphenated(terms: list[str]) -> list[str]:
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
        self._positives = _comparative_positives(nlp, keyed, lemmatize)

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
                if positives and end - start == 1 and doc[start].lower_ in positives:
                    continue  # "low muscle tone" is no "lower": a comparative term matches comparatives
                found[lexicon].append((start, end, category))
        for name in self.names:
            doc.spans[name] = [Span(doc, start, end, label=label) for start, end, label in _longest(found.get(name, []))]
        return doc


def _comparative_positives(
    nlp: Language, keyed: Mapping[str, list[str]], lemmatize: Callable[[Doc], Doc]
) -> dict[str, frozenset[str]]:
    """Per key, the plain forms of its one-word comparative terms ("low" of "lower", "strong"
    of "stronger", "steady" of "steadier") that the key does not list itself: lemma
    matching would read "low muscle tone", "a strong opinion" as the effects "lower",
    "stronger"."""
    positives: dict[str, frozenset[str]] = {}
    for key, terms in keyed.items():
        words = {term.lower() for term in terms if " " not in term}
        found = set()
        for word in words:
            lemma = lemmatize(nlp.make_doc(word))[0].lemma_.lower()
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
