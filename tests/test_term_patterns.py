"""The phrase matchers' patterns built from the lemmatizer's `lemma_hashes` (no Doc per
term variant) are the token hashes a lemmatized Doc of each variant gives."""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc

from claimcheck.nlp import terms
from claimcheck.nlp.lemmas import LookupLemmatizer, load_lemma_table
from claimcheck.nlp.lexicons import builtin_rules_dir, load_lexicons
from claimcheck.nlp.pipeline import _load_base


def test_patterns_without_docs_equal_patterns_from_docs() -> None:
    nlp = _load_base("blank")
    keyed: dict[str, list[str]] = defaultdict(list)
    for lexicon in load_lexicons((builtin_rules_dir() / "lexicons",), {}, cache=False).values():
        for category, term in lexicon.terms():
            keyed[f"{lexicon.name}:{category}"].append(term)
    # Words the table lacks, typographic apostrophes, exact-case terms, spaCy's reserved
    # symbol names ("number" has an id that is not a string hash).
    keyed["extra:x"] = ["Exosomes", "isn’t healing", "FDA approved", "number", "NUMBER of cells", "stem-cell", "U.S."]
    table = load_lemma_table()
    fast = terms._pattern_hashes(nlp, keyed, LookupLemmatizer(nlp, table))
    lemmatizer = LookupLemmatizer(nlp, table)

    def through_docs(doc: Doc) -> Doc:  # no `lemma_hashes`: the Doc path
        return lemmatizer(doc)

    slow = terms._pattern_hashes(nlp, keyed, through_docs)
    assert sum(len(lemma) + len(exact) for lemma, exact in fast.values()) > 4000
    assert fast == slow
