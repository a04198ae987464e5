"""Does the document carry a list of sources a reader could check?"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimcheck.nlp.structure import segments_of

_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:scientific\s+|selected\s+|key\s+)?(?:references?|sources?|bibliography|citations?|works\s+cited|"
    r"literature(?:\s+cited)?|footnotes|notes\s+and\s+references|further\s+reading|evidence)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_IDENTIFIER_KINDS = {"doi", "pmid", "pmcid", "nct", "isrctn", "link"}


def has_references(doc: Doc) -> bool:
    text = doc.text
    for start, end, kind in segments_of(doc):
        if kind == "footnote":
            return True
        first_line = text[start:end].split("\n", 1)[0]
        if _HEADING.match(first_line):
            return True
    return any(span.label_ in _IDENTIFIER_KINDS for span in doc.spans.get("citations", ()))
