"""Lexicon terms found in a Doc, one span group per lexicon (label = category).

All lexicons share two PhraseMatchers (lemma and exact case), so the cost is one pass
over the text however many terms the lexicons hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimcheck.nlp.lexicons import Lexicon, is_case_sensitive


def build_phrase_matchers(
    nlp: Language,
    keyed_terms: Mapping[str, list[str]],
    lemmatize: Callable[[Doc], Doc],
) -> tuple[PhraseMatcher, PhraseMatcher]:
    """One lemma matcher and one exact matcher for terms grouped under string keys."""
    lemma_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for key, terms in keyed_terms.items():
        lemma_docs = []
        exact_docs = []
        for term in _with_hyphenated(terms):
            doc = nlp.make_doc(term)
            if not len(doc):
                continue
            if is_case_sensitive(term):
                exact_docs.append(doc)
            else:
                lemma_docs.append(lemmatize(doc))
        if lemma_docs:
            lemma_matcher.add(key, lemma_docs)
        if exact_docs:
            exact_matcher.add(key, exact_docs)
    return lemma_matcher, exact_matcher


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

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list[Span]] = defaultdict(list)
        for matcher in (self._lemma_matcher, self._exact_matcher):
            for match_id, start, end in matcher(doc):
                lexicon, _, category = self._strings[match_id].partition(":")
                found[lexicon].append(Span(doc, start, end, label=category))
        for name in self.names:
            doc.spans[name] = sorted(filter_spans(found.get(name, [])))
        return doc
