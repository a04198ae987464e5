"""Filters shared by the match-based kinds (phrase, regex, pattern): which sentence a
match sits in, what must or must not be near it, and how it is framed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.tokens import Doc, Span

from claimcheck.checks.base import Hit, render
from claimcheck.checks.model import Rule
from claimcheck.detector.component import register_of
from claimcheck.nlp import context
from claimcheck.nlp.claims import shows_commerce
from claimcheck.nlp.references import cited_in_window
from claimcheck.nlp.structure import sentence_index_at, sentences_of, span_index, text_of

FILTER_OPTIONS: dict[str, Any] = {
    "near": {
        "type": "array",
        "items": {"type": "string", "pattern": r"^[a-z_]+(:[a-z_]+)?$"},
        "description": "lexicons (or lexicon:category) that must all appear in the same sentence",
    },
    "near_any": {
        "type": "array",
        "items": {"type": "string", "pattern": r"^[a-z_]+(:[a-z_]+)?$"},
        "description": "at least one of these lexicons must appear in the same sentence",
    },
    "near_any_off_selling_pages": {
        "type": "boolean",
        "description": (
            "near_any applies only off selling pages: on a page the register classifier reads as"
            " marketing, what the sentence sets against surgery or drugs is the page's own product"
        ),
    },
    "selling_pages_only": {
        "type": "boolean",
        "description": (
            "match only on a page that sells: read as marketing by the register classifier or, with"
            " the model off, showing two kinds of commerce (booking, prices, the business's own voice)"
        ),
    },
    "near_terms": {"type": "array", "items": {"type": "string"}, "description": "at least one of these words in the sentence"},
    "unless_near_terms": {"type": "array", "items": {"type": "string"}, "description": "none of these words in the sentence"},
    "unless": {
        "type": "array",
        "items": {"enum": list(context.FLAGS)},
        "description": "skip matches framed this way",
    },
    "unless_document": {
        "type": "array",
        "items": {"type": "string"},
        "description": "skip the whole document if it contains any of these",
    },
    "report": {"enum": ["match", "sentence"], "description": "flag the matched words (default) or the whole sentence"},
}


def _words(terms: Iterable[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
    )


class MatchFilter:
    """Applies a rule's filter options to candidate spans and renders hits."""

    def __init__(self, rule: Rule):
        options = rule.options
        self.rule = rule
        self.near = [ref.split(":", 1) for ref in options.get("near", [])]
        self.near_any = [ref.split(":", 1) for ref in options.get("near_any", [])]
        self.near_any_off_selling_pages = bool(options.get("near_any_off_selling_pages", False))
        self.selling_pages_only = bool(options.get("selling_pages_only", False))
        self.near_terms = _words(options["near_terms"]) if options.get("near_terms") else None
        self.unless_near_terms = _words(options["unless_near_terms"]) if options.get("unless_near_terms") else None
        self.unless = set(options.get("unless", []))
        self.unless_document = _words(options["unless_document"]) if options.get("unless_document") else None
        self.whole_sentence = options.get("report", "match") == "sentence"

    def may_hit(self, doc: Doc) -> bool:
        """False when no candidate in this Doc could pass (a required lexicon is absent,
        or the document-level exception applies), so the caller can skip its search."""
        if any(not doc.spans.get(reference[0]) for reference in self.near):
            return False
        if self.selling_pages_only and not sells(doc):
            return False
        if self.near_any and not any(doc.spans.get(reference[0]) for reference in self.near_any) and not self._selling(doc):
            return False
        return not (self.unless_document is not None and self.unless_document.search(text_of(doc)))

    def hits(self, doc: Doc, candidates: Iterable[Span]) -> Iterator[Hit]:
        text = text_of(doc)
        if self.unless_document is not None and self.unless_document.search(text):
            return
        if self.selling_pages_only and not sells(doc):
            return
        reported: set[int] = set()
        cues = context.CueIndex.of(doc)
        near: dict[int, bool] = {}  # per sentence: a page of "I"s and "my"s asks once per sentence
        selling = self._selling(doc)
        for span in candidates:
            info = sentence_index_at(doc, span.start)
            if info is None:
                continue
            sentence = info.span
            if info.index not in near:
                near[info.index] = self._near_ok(doc, text, sentence, selling)
            if not near[info.index]:
                continue
            if self.unless:
                cited = cited_in_window(doc, info, 0)
                flags = context.flags_for(doc, sentence, span.start, cues, cited)
                if flags & self.unless:
                    continue
            target = sentence if self.whole_sentence else span
            if self.whole_sentence:
                if info.index in reported:
                    continue
                reported.add(info.index)
            yield Hit(self.rule, target.start_char, target.end_char, render(self.rule.message, text=span.text))

    def _selling(self, doc: Doc) -> bool:
        return self.near_any_off_selling_pages and register_of(doc) == "marketing"

    def _near_ok(self, doc: Doc, text: str, sentence: Span, selling: bool = False) -> bool:
        def present(reference: list[str]) -> bool:
            category = reference[1] if len(reference) > 1 else None
            inside = span_index(doc, reference[0]).within(sentence.start, sentence.end)
            return any(category is None or item.label_ == category for item in inside)

        if not all(present(reference) for reference in self.near):
            return False
        if self.near_any and not selling and not any(present(reference) for reference in self.near_any):
            return False
        if self.near_terms is None and self.unless_near_terms is None:
            return True
        sentence_text = text[sentence.start_char : sentence.end_char]  # == sentence.text, without rebuilding it
        if self.near_terms is not None and not self.near_terms.search(sentence_text):
            return False
        return not (self.unless_near_terms is not None and self.unless_near_terms.search(sentence_text))


def sells(doc: Doc) -> bool:
    """The page sells: the register classifier reads it as marketing or, with the model
    off, it shows two kinds of commerce (booking, prices, the business's own voice).  What
    "standard care only slows the disease" means depends on it: a careful page's plain fact,
    a selling page's put-down of the alternative to what it sells."""
    register = register_of(doc)
    if register is not None:
        return register == "marketing"
    return shows_commerce(doc)


def all_sentences(doc: Doc) -> list[Span]:
    return [info.span for info in sentences_of(doc)]
