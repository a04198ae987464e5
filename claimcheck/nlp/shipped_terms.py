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
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import spacy
from spacy.language import Language

from claimcheck.cache import modules_digest

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
    try:
        data = json.loads(DATA.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("header") != header() or not isinstance(data.get("terms"), dict):
            return {}
        return {term: (words, spaces) for term, (words, spaces) in data["terms"].items()}
    except Exception:  # missing, truncated, from another version: tokenize as before
        return {}


def splits_for(nlp: Language) -> Splits:
    """The shipped splits, when they hold for this pipeline (module docstring), else none."""
    if not nlp.meta.get(OWN_TOKENIZER, False) or not nlp.meta.get("claimcheck_cache", False) or nlp.lang != "en":
        return {}
    return _read()


def builtin_terms() -> list[str]:
    """Every term variant the built-in lexicons and phrase rules give the phrase matchers
    (terms.py `_tokenized_terms`)."""
    from claimcheck.checks.loader import builtin_packs, load_rules
    from claimcheck.nlp.lexicons import builtin_rules_dir, load_lexicons
    from claimcheck.nlp.terms import with_hyphenated

    terms: list[str] = []
    for lexicon in load_lexicons([builtin_rules_dir() / "lexicons"]).values():
        terms.extend(term for _, term in lexicon.terms())
    for rule in load_rules(sorted(builtin_packs())):
        if rule.kind == "phrase":
            terms.extend(rule.options.get("terms", ()))
    # The lower-case form of each one-word term too: terms.py `_comparative_positives` reads its lemma.
    one_word = [term.lower() for term in terms if " " not in term]
    return sorted(set(with_hyphenated(list(dict.fromkeys(terms)))) | set(one_word))


def generate(nlp: Language, terms: Iterable[str]) -> str:
    """The file's text: each term's split by `nlp`'s tokenizer, one term a line."""
    lines = []
    for term in terms:
        doc = nlp.make_doc(term)
        split = [[token.text for token in doc], [bool(token.whitespace_) for token in doc]]
        lines.append(f"  {json.dumps(term, ensure_ascii=False)}: {json.dumps(split, ensure_ascii=False)}")
    head = json.dumps(header(), sort_keys=True)
    return '{"header": ' + head + ',\n "terms": {\n' + ",\n".join(lines) + "\n }\n}\n"


def write() -> str:
    """Write the file with the blank pipeline's tokenizer; what was written, in one line."""
    from claimcheck.nlp.pipeline import BLANK, _load_base

    terms = builtin_terms()
    DATA.write_text(generate(_load_base(BLANK), terms), encoding="utf-8")
    return f"wrote {DATA} ({len(terms):,} terms)"
