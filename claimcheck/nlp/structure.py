"""Where sentences sit: which segment (paragraph, list item, heading) holds each one."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LEMMA, LOWER, ORTH, SENT_START
from spacy.tokens import Doc, Span, SpanGroup

SEGMENTS_KEY = "claimcheck.segments"
_INDEX_KEY = "claimcheck.index."


@dataclass(frozen=True)
class SentenceInfo:
    index: int
    span: Span
    segment: int
    segment_kind: str


TEXT_KEY = "claimcheck.text"


def text_of(doc: Doc) -> str:
    """The Doc's text, joined once: `Doc.text` rebuilds it from every token on each access."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


TOKENS_KEY = "claimcheck.tokens"


@dataclass(frozen=True)
class TokenTable:
    """Every token's text, lower case, lemma, flags and character offset as plain lists,
    indexed like the Doc.

    The analyzers ask about tokens by position millions of times per run; `doc[i].lower_`
    builds a Python `Token` object per question, which cost more than the analysis.  One
    `Doc.to_array` call and one string lookup per distinct word replace all of them.
    Built after the lemmas are set (`tokens_of` is first called by the analyzers)."""

    text: list[str]
    lower: list[str]
    lemma: list[str]
    is_space: list[bool]
    is_punct: list[bool]
    is_alpha: list[bool]
    idx: list[int]

    @classmethod
    def of(cls, doc: Doc) -> TokenTable:
        if not len(doc):
            return cls([], [], [], [], [], [], [])
        strings = doc.vocab.strings
        table = doc.to_array([ORTH, LOWER, LEMMA, IS_SPACE, IS_PUNCT, IS_ALPHA, IDX])

        def words(column: int) -> list[str]:
            # One string lookup per distinct word, then one vectorised gather.
            distinct, where = numpy.unique(table[:, column], return_inverse=True)
            names = numpy.array([strings[key] for key in distinct.tolist()], dtype=object)
            return names[where.reshape(-1)].tolist()

        def flags(column: int) -> list[bool]:
            return table[:, column].astype(bool).tolist()

        return cls(words(0), words(1), words(2), flags(3), flags(4), flags(5), table[:, 6].tolist())


def tokens_of(doc: Doc) -> TokenTable:
    """The Doc's token table, built on first use (after the lemmatizer has run)."""
    table = doc.user_data.get(TOKENS_KEY)
    if table is None:
        table = doc.user_data[TOKENS_KEY] = TokenTable.of(doc)
    return table


def words_text(doc: Doc, start: int, end: int) -> str:
    """`doc[start:end].text` (a range within the Doc) cut from the Doc's text by the tokens'
    offsets: `Span.text` joins the text of a `Token` made for each of its words."""
    if start >= end:
        return ""
    tokens = tokens_of(doc)
    return text_of(doc)[tokens.idx[start] : tokens.idx[end - 1] + len(tokens.text[end - 1])]


def span_text(span: Span) -> str:
    """`span.text` cut from the Doc's text instead of joined from its tokens."""
    return text_of(span.doc)[span.start_char : span.end_char]


def segments_of(doc: Doc) -> list[tuple[int, int, str]]:
    """Segments attached by the reader, or paragraphs split at blank lines."""
    stored = doc.user_data.get(SEGMENTS_KEY)
    if stored:
        return list(stored)
    segments = []
    start = 0
    text = text_of(doc)
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


STARTS_KEY = "claimcheck.sentence_starts"


def sentence_index_at(doc: Doc, token_index: int) -> SentenceInfo | None:
    infos = sentences_of(doc)
    starts = doc.user_data.get(STARTS_KEY)
    if starts is None:
        starts = doc.user_data[STARTS_KEY] = [info.span.start for info in infos]
    position = bisect.bisect_right(starts, token_index) - 1
    if position >= 0 and token_index < infos[position].span.end:
        return infos[position]
    return None


def _compute_sentences(doc: Doc) -> list[SentenceInfo]:
    segments = segments_of(doc)
    starts = [segment[0] for segment in segments]
    result = []
    is_space = tokens_of(doc).is_space
    for start, end in sentence_bounds(doc):
        # Trimmed of white-space tokens at either end: a Span is made only for a sentence
        # that is kept, not one for `doc.sents` and another for the trimmed slice.
        while start < end and is_space[start]:
            start += 1
        while end > start and is_space[end - 1]:
            end -= 1
        if start == end:
            continue
        trimmed = Span(doc, start, end)
        position = bisect.bisect_right(starts, trimmed.start_char) - 1
        kind = segments[position][2] if position >= 0 else "paragraph"
        result.append(SentenceInfo(len(result), trimmed, max(position, 0), kind))
    return result


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """The token ranges of `doc.sents`, read from one `SENT_START` array: iterating
    `doc.sents` builds a `Span` (and the `Token`s its constructor reads) per sentence,
    only for its two ends to be read.  A Doc with a sentence hook, or without sentence
    starts, goes through `doc.sents` itself (which raises for the latter, as before)."""
    length = len(doc)
    if "sents" in doc.user_hooks or not length or not doc.has_annotation("SENT_START"):
        return [(sentence.start, sentence.end) for sentence in doc.sents]
    flags = doc.to_array(SENT_START).astype(numpy.int64)
    # `doc.sents` splits before every token after the first whose sentence start is 1.
    edges = [0, *(numpy.flatnonzero(flags[1:] == 1) + 1).tolist(), length]
    return list(itertools.pairwise(edges))


_TABLE_KEY = "claimcheck.span_table."


@dataclass(frozen=True)
class SpanTable:
    """One span group's spans as parallel tuples, in the group's own order: token
    starts and ends, character starts and ends, and labels.

    Iterating a `SpanGroup` builds a new `Span` object (and reads its label's string)
    for every span on every pass, and the analyzers and the arbiter's readings pass over
    the same groups many times per Doc, mostly to read one or two numbers per span (on the
    claim-dense benchmark about 330,000 `Span` objects per run).  Read once into plain
    tuples, each later pass is a `zip` over ints and strings.

    `source` is the group the table was read from (`None` when the Doc has no such
    group): `span_table` compares it by identity with the Doc's current group, so a
    component that replaces a group (`doc.spans[name] = ...`) makes the next read a fresh
    table rather than a stale one.  Holding the reference keeps the old group alive, so
    its identity cannot be taken by the new one."""

    source: SpanGroup | None
    start: tuple[int, ...]
    end: tuple[int, ...]
    start_char: tuple[int, ...]
    end_char: tuple[int, ...]
    label: tuple[str, ...]

    @classmethod
    def of(cls, group: SpanGroup | None) -> SpanTable:
        """The table of `group`, built by one pass over it (one `Span` per span, once)."""
        if not group:
            return cls(group, (), (), (), (), ())
        rows = [(span.start, span.end, span.start_char, span.end_char, span.label_) for span in group]
        start, end, start_char, end_char, label = zip(*rows, strict=True)
        return cls(group, start, end, start_char, end_char, label)

    def __len__(self) -> int:
        return len(self.start)


def span_table(doc: Doc, group: str) -> SpanTable:
    """The Doc's span group `group` as a `SpanTable`, read once and kept in `doc.user_data`.

    Safe before a group is final: the cached table is used only while the Doc still holds
    the very group object it was read from, with as many spans.  The pipeline's components
    write a group only by assigning a new one (`nlp/terms.py` every lexicon group,
    `nlp/products.py` and `nlp/native_cells.py` "therapies", `nlp/citations.py`
    "citations", `nlp/claims.py` "claims", `nlp/evidence.py` "appeals"); an assignment
    replaces the object, so a table read before it (native_cells reads "therapies" before
    rewriting it) is not served after it.  Checking costs one dictionary lookup, no `Span`.
    """
    key = _TABLE_KEY + group
    current = doc.spans.get(group)
    table = doc.user_data.get(key)
    if table is None or table.source is not current or (current is not None and len(current) != len(table)):
        table = doc.user_data[key] = SpanTable.of(current)
    return table


class SpanIndex:
    """Spans sorted by start, so a sentence's spans are found by bisection rather than by
    scanning the whole document once per sentence (which made long files quadratic)."""

    def __init__(self, spans: Iterable[Span]):
        self.spans = sorted(spans, key=lambda span: (span.start, span.end))
        self._starts = [span.start for span in self.spans]

    def within(self, start: int, end: int) -> list[Span]:
        """Spans lying wholly inside the token range [start, end)."""
        low = bisect.bisect_left(self._starts, start)
        high = bisect.bisect_left(self._starts, end)
        return [span for span in self.spans[low:high] if span.end <= end]

    def starting_at(self, start: int) -> list[Span]:
        low = bisect.bisect_left(self._starts, start)
        high = bisect.bisect_right(self._starts, start)
        return self.spans[low:high]

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)


def span_index(doc: Doc, group: str) -> SpanIndex:
    """The index of a span group, built on first use; groups must be final by then."""
    key = _INDEX_KEY + group
    index = doc.user_data.get(key)
    if index is None:
        index = doc.user_data[key] = SpanIndex(doc.spans.get(group, ()))
    return index
