"""Lower-case lookup lemmas from a table shipped with the package.

spaCy's own lookup lemmatizer is case-sensitive ("Cures" stays "Cures") and needs the
99 MB spacy-lookups-data package; rules only need lower-case base forms, so one dict
lookup per distinct word is enough.  The table is the English lemma_lookup table of
spacy-lookups-data (MIT; WordNet-derived, licence beside it).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from importlib import resources

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc

_TABLE_FILE = "en_lemma_lookup.json.gz"

# The table maps "could" to "can" and "might" to "may": right for a dictionary, wrong
# for claims, where "can treat" asserts ability and "could treat" hedges it.  A few
# other entries are plain errors ("does" -> "doe", "as" -> "a").
_OVERRIDES = {"could": "could", "might": "might", "does": "do", "as": "as", "less": "less"}
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ous", "ics")


def load_lemma_table(cache: bool = False) -> dict[str, str]:
    """The table with claimcheck's overrides; with `cache`, unpickled from the compile
    cache (claimcheck/cache.py) instead of decompressed and decoded."""
    return _load_table(cache)[0]


def _load_table(cache: bool) -> tuple[dict[str, str], str]:
    """The table and its key: a hash of the shipped file and the overrides ("" when the
    file cannot be read; then nothing computed from the table is cached)."""
    resource = resources.files("claimcheck.data").joinpath(_TABLE_FILE)
    try:
        data = resource.read_bytes()
    except OSError:
        data = b""
    key = f"{hashlib.sha256(data).hexdigest()}:{sorted(_OVERRIDES.items())!r}" if data else ""
    if cache and key:
        from claimcheck.cache import cached

        return cached("lemmas", key, lambda: _decode(data)), key
    return _decode(data or resource.read_bytes()), key


def _decode(data: bytes) -> dict[str, str]:
    table = json.loads(gzip.decompress(data))
    table.update(_OVERRIDES)
    return table


def fallback_lemma(lower: str) -> str:
    """Words the table lacks are mostly domain plurals ("exosomes", "secretomes"):
    drop a plural "s" so they match their singular lexicon terms."""
    if len(lower) > 3 and lower.endswith("s") and lower[:-1].isalpha() and not lower.endswith(_NOT_PLURAL_ENDINGS):
        return lower[:-1]
    return lower


class LookupLemmatizer:
    """Sets token.lemma_ to the lower-case lookup lemma, caching per vocabulary entry."""

    def __init__(self, nlp: Language, table: dict[str, str], table_key: str = ""):
        self._table = table
        # What the lemmas are read from (lemmas.py `_load_table`), for the compile cache
        # entries computed from them (the phrase matchers' patterns); "" when unknown.
        self.table_key = table_key
        self._strings = nlp.vocab.strings
        self._cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        # Read and write the token attributes as arrays: creating a Python Token per
        # word cost more than the lookups themselves.
        cache = self._cache
        lemmas = []
        for orth in doc.to_array(ORTH).tolist():
            lemma = cache.get(orth)
            if lemma is None:
                lemma = self._new_lemma(orth)
            lemmas.append(lemma)
        if lemmas:
            doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64").reshape(-1, 1))
        return doc

    def _new_lemma(self, orth: int) -> int:
        """The lemma hash of a word not seen before (then remembered)."""
        # Typographic apostrophes ("isn’t") read as the typed ones ("isn't").
        lower = self._strings[orth].lower().replace("\u2019", "'")
        lemma = self._cache[orth] = self._strings.add(self._table.get(lower) or fallback_lemma(lower))
        return lemma

    def lemma_hashes(self, words: Iterable[str]) -> tuple[int, ...]:
        """The LEMMA hash of each word, as calling this on a Doc of those words sets it,
        without making the Doc: the phrase matchers' patterns for some 4,000 lexicon
        term variants are built from these (`terms._pattern_hashes`)."""
        cache = self._cache
        hashes = []
        for word in words:
            orth = self._strings.add(word)
            lemma = cache.get(orth)
            hashes.append(self._new_lemma(orth) if lemma is None else lemma)
        return tuple(hashes)


@Language.factory("claimcheck_lemmas")
def make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    table, key = _load_table(cache=bool(nlp.meta.get("claimcheck_cache", False)))
    return LookupLemmatizer(nlp, table, key)
