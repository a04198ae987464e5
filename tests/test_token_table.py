"""The token table (claimcheck/nlp/structure.tokens_of) says what the Token objects say."""

from __future__ import annotations

from spacy.tokens import Span

from claimcheck import api
from claimcheck.nlp.structure import TokenTable, sentence_bounds, span_table, span_text, tokens_of, words_text

TEXT = (
    "Our Stem-Cell therapy isn’t a cure… but 90% of patients improved!\n\n"
    "- Knees\n- Hips [1]\n\nDr. Smith's clinic:   “It repairs cartilage,” she said. Why wait?"
)


def _doc(text: str):
    linter = api.build_linter()
    return linter.nlp(linter.prepare(api.parse_source(text, "page.md", "markdown")))


def test_table_matches_token_attributes() -> None:
    doc = _doc(TEXT)
    table = tokens_of(doc)
    assert table.text == [token.text for token in doc]
    assert table.lower == [token.lower_ for token in doc]
    assert table.lemma == [token.lemma_ for token in doc]
    assert table.is_space == [token.is_space for token in doc]
    assert table.is_punct == [token.is_punct for token in doc]
    assert table.is_alpha == [token.is_alpha for token in doc]
    assert table.idx == [token.idx for token in doc]
    assert tokens_of(doc) is table  # built once per Doc
    assert [span_text(sentence) for sentence in doc.sents] == [sentence.text for sentence in doc.sents]


def test_empty_doc() -> None:
    doc = _doc("")
    assert TokenTable.of(doc).text == []


def test_sentence_bounds_are_those_of_doc_sents() -> None:
    for text in (TEXT, "One.", "Two words", "\n\nA heading\n\nThen. A list:\n- one\n- two\n"):
        doc = _doc(text)
        assert sentence_bounds(doc) == [(sentence.start, sentence.end) for sentence in doc.sents]
    assert sentence_bounds(_doc("")) == []


def test_words_text_is_span_text() -> None:
    doc = _doc(TEXT)
    for start in range(len(doc) + 1):
        for end in range(start, min(len(doc), start + 4) + 1):
            assert words_text(doc, start, end) == doc[start:end].text
    assert words_text(doc, 5, 3) == doc[5:3].text == ""


def test_span_table_says_what_the_spans_say() -> None:
    doc = _doc(TEXT)
    groups = [name for name, group in doc.spans.items() if len(group)]
    assert groups  # the page names a therapy, an effect, a condition...
    for name in groups:
        table = span_table(doc, name)
        spans = list(doc.spans[name])
        assert table.start == tuple(span.start for span in spans)
        assert table.end == tuple(span.end for span in spans)
        assert table.start_char == tuple(span.start_char for span in spans)
        assert table.end_char == tuple(span.end_char for span in spans)
        assert table.label == tuple(span.label_ for span in spans)
        assert len(table) == len(spans)
        assert span_table(doc, name) is table  # read once per Doc
    missing = span_table(doc, "no such group")
    assert not missing and missing.start == missing.label == ()


def test_span_table_follows_a_rewritten_group() -> None:
    """A component that assigns a group anew (as `nlp/products.py` does "therapies") is not
    served the table of the group it replaced."""
    doc = _doc(TEXT)
    before = span_table(doc, "therapies")
    assert before
    doc.spans["therapies"] = [Span(doc, 0, 1, label="rewritten")]
    after = span_table(doc, "therapies")
    assert after is not before
    assert (after.start, after.end, after.label) == ((0,), (1,), ("rewritten",))
    assert not span_table(doc, "later")
    doc.spans["later"] = [Span(doc, 1, 2, label="x")]
    assert span_table(doc, "later").label == ("x",)
