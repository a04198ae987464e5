"""Filters shared by the match-based kinds (phrase, regex, pattern): which sentence a
match sits in, what must or must not be near it, and how it is framed."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.tokens import Doc, Span

from claimcheck.checks.base import Hit, render
from claimcheck.checks.model import Rule
from claimcheck.nlp import context
from claimcheck.nlp.structure import sentences_of
from claimcheck.nlp.text import doc_text

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
        if self.near_any and not any(doc.spans.get(reference[0]) for reference in self.near_any):
            return False
        return not (self.unless_document is not None and self.unless_document.search(doc_text(doc)))

    def hits(self, doc: Doc, candidates: Iterable[Span]) -> Iterator[Hit]:
        text = doc_text(doc)
        if self.unless_document is not None and self.unless_document.search(text):
            return
        reported: set[int] = set()
        citations = list(doc.spans.get("citations", ()))
        cues = context.CueIndex.of(doc)
        # Per-Doc lookups built once, not per candidate: on long pages the per-candidate
        # scans of every sentence and every lexicon span were quadratic.
        infos = sentences_of(doc)
        starts = [info.span.start for info in infos]
        groups = _SpanIndex(doc)
        for span in candidates:
            position = bisect.bisect_right(starts, span.start) - 1
            if position < 0 or span.start >= infos[position].span.end:
                continue
            info = infos[position]
            sentence = info.span
            if not self._near_ok(groups, text, sentence):
                continue
            if self.unless:
                cited = any(sentence.start <= cite.start and cite.end <= sentence.end for cite in citations)
                flags = context.flags_for(doc, sentence, span.start, cues, cited)
                if flags & self.unless:
                    continue
            target = sentence if self.whole_sentence else span
            if self.whole_sentence:
                if info.index in reported:
                    continue
                reported.add(info.index)
            yield Hit(self.rule, target.start_char, target.end_char, render(self.rule.message, text=span.text))

    def _near_ok(self, groups: _SpanIndex, text: str, sentence: Span) -> bool:
        if not all(groups.present(reference, sentence) for reference in self.near):
            return False
        if self.near_any and not any(groups.present(reference, sentence) for reference in self.near_any):
            return False
        if self.near_terms is None and self.unless_near_terms is None:
            return True
        sentence_text = text[sentence.start_char : sentence.end_char]  # == sentence.text, without rebuilding it
        if self.near_terms is not None and not self.near_terms.search(sentence_text):
            return False
        return not (self.unless_near_terms is not None and self.unless_near_terms.search(sentence_text))


class _SpanIndex:
    """Span groups sorted by start, so "is there a span of this group inside the sentence"
    is a bisect plus a short scan instead of a pass over the whole group."""

    def __init__(self, doc: Doc):
        self._doc = doc
        self._groups: dict[str, tuple[list[int], list[tuple[int, int, str]]]] = {}

    def _group(self, name: str) -> tuple[list[int], list[tuple[int, int, str]]]:
        if name not in self._groups:
            items = sorted((item.start, item.end, item.label_) for item in self._doc.spans.get(name, ()))
            self._groups[name] = ([item[0] for item in items], items)
        return self._groups[name]

    def present(self, reference: list[str], sentence: Span) -> bool:
        starts, items = self._group(reference[0])
        category = reference[1] if len(reference) > 1 else None
        for index in range(bisect.bisect_left(starts, sentence.start), len(items)):
            start, end, label = items[index]
            if start > sentence.end:  # (an empty span at the very end still counts, as before)
                break
            if end <= sentence.end and (category is None or label == category):
                return True
        return False


def all_sentences(doc: Doc) -> list[Span]:
    return [info.span for info in sentences_of(doc)]
