"""The token table (claimcheck/nlp/structure.tokens_of) says what the Token objects say."""

from __future__ import annotations

from claimcheck import api
from claimcheck.nlp.structure import TokenTable, sentence_bounds, span_text, tokens_of, words_text

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
