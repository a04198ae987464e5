"""Where a sentence ends in copy that is not written in sentences (claimcheck/nlp/sentences.py)."""

from __future__ import annotations

import pytest

from claimcheck import api


@pytest.fixture(scope="module")
def sentences_of_text(linter):
    def split(text: str, path: str = "post.txt", fmt: str = "text") -> list[str]:
        doc = linter.nlp(linter.prepare(api.parse_source(text, path, fmt)))
        return [sentence.text.strip() for sentence in doc.sents if sentence.text.strip()]

    return split


def test_a_line_ending_in_an_emoji_ends_its_unit_before_a_capitalised_line(sentences_of_text):
    text = "Thank you Maria, so glad your knees feel young again 😊\nOur stem cells cure arthritis for good\n"
    assert sentences_of_text(text) == [
        "Thank you Maria, so glad your knees feel young again 😊",
        "Our stem cells cure arthritis for good",
    ]


def test_a_line_ending_in_a_figure_or_a_trademark_ends_its_unit(sentences_of_text):
    assert sentences_of_text("Results in 90%\nBook a call today\n") == ["Results in 90%", "Book a call today"]
    assert sentences_of_text("Try ReGenix™\nOur cells do the rest\n") == ["Try ReGenix™", "Our cells do the rest"]


def test_a_line_ending_in_a_comma_or_an_ampersand_runs_on(sentences_of_text):
    assert sentences_of_text("Knees, hips,\nShoulders and backs heal\n") == ["Knees, hips,\nShoulders and backs heal"]
    assert sentences_of_text("Pain &\nStiffness gone\n") == ["Pain &\nStiffness gone"]
