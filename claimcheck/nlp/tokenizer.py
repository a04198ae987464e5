"""Tokenizer adjustments for marketing copy: citation markers and superscripts."""

from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

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


def adjust_tokenizer(nlp: Language) -> None:
    tokenizer = nlp.tokenizer
    suffixes = list(nlp.Defaults.suffixes or ()) + _EXTRA_SUFFIXES
    infixes = list(nlp.Defaults.infixes or ()) + _EXTRA_INFIXES
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    for special in ("al.", "approx.", "Fig.", "fig.", "No.", "vol.", "Vol.", "pp.", "ed.", "eds."):
        tokenizer.add_special_case(special, [{"ORTH": special}])
