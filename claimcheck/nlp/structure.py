"""Where sentences sit: which segment (paragraph, list item, heading) holds each one."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Span

SEGMENTS_KEY = "claimcheck.segments"


@dataclass(frozen=True)
class SentenceInfo:
    index: int
    span: Span
    segment: int
    segment_kind: str


def segments_of(doc: Doc) -> list[tuple[int, int, str]]:
    """Segments attached by the reader, or paragraphs split at blank lines."""
    stored = doc.user_data.get(SEGMENTS_KEY)
    if stored:
        return list(stored)
    segments = []
    start = 0
    text = doc.text
    while start < len(text):
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            segments.append((start, end, "paragraph"))
        start = end + 2
    return segments


SENTENCES_KEY = "claimcheck.sentences"


def sentences_of(doc: Doc) -> list[SentenceInfo]:
    """Non-blank sentences with their segment; computed once per Doc."""
    cached = doc.user_data.get(SENTENCES_KEY)
    if cached is None:
        cached = doc.user_data[SENTENCES_KEY] = _compute_sentences(doc)
    return cached


def sentence_index_at(doc: Doc, token_index: int) -> SentenceInfo | None:
    infos = sentences_of(doc)
    starts = [info.span.start for info in infos]
    position = bisect.bisect_right(starts, token_index) - 1
    if position >= 0 and token_index < infos[position].span.end:
        return infos[position]
    return None


def _compute_sentences(doc: Doc) -> list[SentenceInfo]:
    segments = segments_of(doc)
    starts = [segment[0] for segment in segments]
    result = []
    for _index, sentence in enumerate(doc.sents):
        trimmed = _trim(sentence)
        if trimmed is None:
            continue
        position = bisect.bisect_right(starts, trimmed.start_char) - 1
        kind = segments[position][2] if position >= 0 else "paragraph"
        result.append(SentenceInfo(len(result), trimmed, max(position, 0), kind))
    return result


def _trim(sentence: Span) -> Span | None:
    start, end = sentence.start, sentence.end
    while start < end and sentence.doc[start].is_space:
        start += 1
    while end > start and sentence.doc[end - 1].is_space:
        end -= 1
    if start == end:
        return None
    return sentence.doc[start:end]
