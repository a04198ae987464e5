"""The built-in lexicon and phrase-rule terms as claimcheck's tokenizer splits them, shipped
with the package.

The phrase matchers' patterns are made from every term variant's words (terms.py
`_tokenized_terms`): about 4,300 variants, each run through the tokenizer, which makes a
vocabulary entry for every new word.  With an empty compile cache that took ~0.13 s of a
start, for terms that ship with the package and split the same way every time.  So their
splits are generated once (`python -m claimcheck.prebuild`) into `terms-prebuilt.json`
(plain JSON: a reviewer sees which terms changed), and the tokenizer runs only for terms
the file does not hold (a user's lexicons, `extra_terms`, edited terms).

The split depends on the tokenizer: spaCy's English rules (its version) and claimcheck's
adjustments (`nlp/tokenizer.py`).  The file is read only when its header names this
spaCy version and the bytes of `SOURCES`, and only for a pipeline whose tokenizer is
claimcheck's own (`OWN_TOKENIZER`, set by `build_pipeline` for the blank pipeline: a
trained pipeline's tokenizer may split otherwise), with the compile cache on (`--no-cache`
tokenizes every term).  A missing, unreadable or foreign file is ignored.
`tests/test_prebuilt.py` fails when the file is not what the command writes now.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path

import spacy
from spacy.language import Language

from claimcheck.cache import listing_text, modules_digest, shipped_listing

FORMAT = 1
DATA = Path(__file__).resolve().parent / "terms-prebuilt.json"
SOURCES = ("nlp/tokenizer.py", "nlp/shipped_terms.py")
# nlp.meta key: True when the pipeline's tokenizer is claimcheck's own (`TOKENIZER`) on English.
OWN_TOKENIZER = "claimcheck_own_tokenizer"

# A term -> its words and whether each is followed by a space.
Splits = Mapping[str, tuple[list[str], list[bool]]]


def header() -> dict[str, object]:
    """What the splits depend on; the file is read only when its header equals this."""
    return {"format": FORMAT, "code": modules_digest(SOURCES), "spacy": spacy.__version__}


@functools.lru_cache(maxsize=1)
def _read() -> Splits:
    terms = shipped_listing(DATA, header(), "terms")  # None: tokenize as before
    try:
        return {term: (words, spaces) for term, (words, spaces) in (terms or {}).items()}
    except (TypeError, ValueError):  # a damaged entry
        return {}


def splits_for(nlp: Language) -> Splits:
    """The shipped splits, when they hold for this pipeline (module docstring), else none."""
    if not nlp.meta.get(OWN_TOKENIZER, False) or not nlp.meta.get("claimcheck_cache", False) or nlp.lang != "en":
        return {}
    return _read()


def generate(nlp: Language, terms: Iterable[str]) -> str:
    """The file's text: each term's split by `nlp`'s tokenizer, one term a line."""
    rows = []
    for term in terms:
        doc = nlp.make_doc(term)
        rows.append((term, [[token.text for token in doc], [bool(token.whitespace_) for token in doc]]))
    return listing_text(header(), "terms", rows)


def write(text: str) -> str:
    """Write the file's text (`python -m claimcheck.prebuild`); what was written, in one line."""
    DATA.write_text(text, encoding="utf-8")
    return f"wrote {DATA} ({text.count(chr(10)) - 4:,} terms)"
