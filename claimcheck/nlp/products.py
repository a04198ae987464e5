"""Product names a page defines for its own therapy ("HeartBridge is our cardiac cell
protocol", "our signature ActivaCell drip"), so later sentences that use only the name
("HeartBridge is offered to adults with...") are read as naming the therapy.

No lexicon can list every brand; the defining sentence says what the name stands for.
Every occurrence of a defined name joins the `therapies` span group as label "product".
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from claimcheck.nlp.structure import text_of

PRODUCT = "product"
_NAME = r"((?:[A-Z][\w'’-]*[A-Za-z0-9]+ ?){1,4}?)"
_HEADS = (
    r"(?i:procedure|treatment|therapy|protocol|infusion|injection|product|serum|program|programme|drip|formula|"
    r"system|shot|regimen|membership|facial)s?"
)
# The defining phrase is found first (cheap: it needs " is our ", ", a " and the like), and
# only then the capitalised name just before it: a name pattern tried at every capital
# letter of a page cost more than the rest of the analysis.
_DEFINITION = re.compile(r"(?:,\s*|\s+(?:is|are)\s+)(?:our|a|an|the)\s+(?:[\w'-]+\s+){0,4}?" + _HEADS + r"\b")
_NAME_BEFORE = re.compile(r"(?<![\w'’-])" + _NAME + r"$")
# "our signature ActivaCell drip", "Our Vitality Infusion"
_OWN_NAMED = re.compile(r"\b[Oo]ur\s+(?:signature\s+|proprietary\s+|exclusive\s+|patented\s+)?" + _NAME + r"\s*" + _HEADS + r"\b")
_NAME_REACH = 80


_NOT_NAMES = {
    "This", "That", "These", "Those", "It", "The", "Our", "What", "Which", "Who", "Here", "There", "Each", "Every",
    "Your", "We", "A", "An", "Why", "How", "When", "Today", "Now", "FDA", "I", "My", "Stem", "Cell", "Regenerative",
}  # fmt: skip


def defined_names(text: str) -> set[str]:
    candidates = []
    for match in _DEFINITION.finditer(text):
        before = _NAME_BEFORE.search(text[max(0, match.start() - _NAME_REACH) : match.start()])
        if before:
            candidates.append(before.group(1))
    if "our" in text or "Our" in text:
        candidates.extend(match.group(1) for match in _OWN_NAMED.finditer(text))
    names = set()
    for candidate in candidates:
        name = candidate.strip()
        words = name.split()
        if words and words[0] not in _NOT_NAMES and len(name) >= 4:
            names.add(name)
    return names


@Language.component("claimcheck_products")
def product_component(doc: Doc) -> Doc:
    names = defined_names(text_of(doc))
    if not names:
        return doc
    found = list(doc.spans.get("therapies", ()))
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)) + r")\b")
    for match in pattern.finditer(text_of(doc)):
        span = doc.char_span(match.start(), match.end(), label=PRODUCT, alignment_mode="expand")
        if span is not None:
            found.append(span)
    doc.spans["therapies"] = sorted(filter_spans(found))
    return doc
