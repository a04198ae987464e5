"""The blank pipeline builds claimcheck's tokenizer in one go (issue 12): it must split
text exactly as spaCy's default tokenizer adjusted by `adjust_tokenizer` (the path a
trained pipeline still takes) does."""

from __future__ import annotations

from pathlib import Path

import spacy

from claimcheck.nlp.pipeline import PipelineSettings, build_pipeline
from claimcheck.nlp.tokenizer import TOKENIZER, adjust_tokenizer

ROOT = Path(__file__).resolve().parent.parent
TRICKY = [
    "Smith et al. (2020) found it; approx. 3 in vol. 2, Fig. 1, pp. 3-4 (eds.), No. 5.",
    "It works.[3] It works[3]. Sclerosis¹. Pain²,³ and therapy.1,2 and knees.12-14",
    "Call 555-0100 or visit https://clinic.example/stem-cells?x=1 — isn’t it great?!",
]


def tokens(nlp: spacy.language.Language, text: str) -> list[tuple[str, str]]:
    return [(token.text, token.whitespace_) for token in nlp.make_doc(text)]


def test_blank_pipeline_uses_the_one_go_tokenizer() -> None:
    nlp = build_pipeline(PipelineSettings(detector=False, cache=False))
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == TOKENIZER


def test_one_go_tokenizer_splits_like_the_adjusted_default() -> None:
    adjusted = spacy.blank("en")
    adjust_tokenizer(adjusted)
    built = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    texts = list(TRICKY)
    texts += [
        path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "corpus" / "dev").glob("*.*"))
        if path.suffix in {".md", ".txt", ".html"}
    ]
    assert len(texts) > 30
    for text in texts:
        assert tokens(built, text) == tokens(adjusted, text)
    assert ("al.", " ") in tokens(built, TRICKY[0])
    assert ("[", "") in tokens(built, TRICKY[1])
