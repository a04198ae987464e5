"""Tokenizer adjustments for marketing copy: citation markers and superscripts."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# "sclerosis¹." and "pain²,³": the superscript marker and the full stop after it are
# suffixes, so the word before them stays a word the term matchers can see.
_EXTRA_SUFFIXES = [
    rf"[{SUPERSCRIPT_DIGITS}]+(?:[,\-–][{SUPERSCRIPT_DIGITS}]+)*",
    rf"(?<=[{SUPERSCRIPT_DIGITS}])\.",
    # "therapy.1,2": superscripts flattened to plain digits after the full stop.
    r"(?<=[a-z]\.)\d{1,3}(?:[,\-–]\d{1,3}){0,6}",
]
# "works.[3]" and "works[3]": split the bracketed marker from the word.
_EXTRA_INFIXES = [r"(?<=[\w.)])\[(?=\^?\w)", r"\.(?=\[)"]
# Abbreviations whose full stop does not end a sentence.
_SPECIAL_CASES = ("al.", "approx.", "Fig.", "fig.", "No.", "vol.", "Vol.", "pp.", "ed.", "eds.")
TOKENIZER = "claimcheck.Tokenizer.v1"


def adjust_tokenizer(nlp: Language) -> None:
    """Give a loaded (trained) pipeline's tokenizer claimcheck's suffixes, infixes and
    special cases.  Each setter re-applies every special case (~0.1 s each), which is why
    the blank pipeline builds its tokenizer once with `TOKENIZER` instead."""
    tokenizer = nlp.tokenizer
    tokenizer.suffix_search = compile_suffix_regex(_suffixes(nlp)).search
    tokenizer.infix_finditer = compile_infix_regex(_infixes(nlp)).finditer
    for special in _SPECIAL_CASES:
        tokenizer.add_special_case(special, [{"ORTH": special}])


def _suffixes(nlp: Language) -> list[str]:
    return list(nlp.Defaults.suffixes or ()) + _EXTRA_SUFFIXES


def _infixes(nlp: Language) -> list[str]:
    return list(nlp.Defaults.infixes or ()) + _EXTRA_INFIXES


@registry.tokenizers(TOKENIZER)
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's default English tokenizer with claimcheck's adjustments, built in one go:
    the same rules `adjust_tokenizer` gives, without building spaCy's default first and
    then re-applying its 4,000 special cases once per changed setting."""

    def make(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        rules = dict(defaults.tokenizer_exceptions)
        rules.update({special: [{"ORTH": special}] for special in _SPECIAL_CASES})
        return Tokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
            suffix_search=compile_suffix_regex(_suffixes(nlp)).search,
            infix_finditer=compile_infix_regex(_infixes(nlp)).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return make
