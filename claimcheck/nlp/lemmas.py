"""Lower-case lookup lemmas from a table shipped with the package.

spaCy's own lookup lemmatizer is case-sensitive ("Cures" stays "Cures") and needs the
99 MB spacy-lookups-data package; rules only need lower-case base forms, so one dict
lookup per distinct word is enough.  The table is the English lemma_lookup table of
spacy-lookups-data (MIT; WordNet-derived, licence beside it).
"""

from __future__ import annotations

import gzip
import json
from importlib import resources

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc

_TABLE_FILE = "en_lemma_lookup.json.gz"


def load_lemma_table() -> dict[str, str]:
    data = resources.files("claimcheck.data").joinpath(_TABLE_FILE).read_bytes()
    return json.loads(gzip.decompress(data))


class LookupLemmatizer:
    """Sets token.lemma_ to the lower-case lookup lemma, caching per vocabulary entry."""

    def __init__(self, nlp: Language, table: dict[str, str]):
        self._table = table
        self._strings = nlp.vocab.strings
        self._cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        # Read and write the token attributes as arrays: creating a Python Token per
        # word cost more than the lookups themselves.
        cache = self._cache
        strings = self._strings
        lemmas = []
        for orth in doc.to_array(ORTH).tolist():
            lemma = cache.get(orth)
            if lemma is None:
                lower = strings[orth].lower()
                lemma = cache[orth] = strings.add(self._table.get(lower, lower))
            lemmas.append(lemma)
        if lemmas:
            doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory("claimcheck_lemmas")
def make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    return LookupLemmatizer(nlp, load_lemma_table())
