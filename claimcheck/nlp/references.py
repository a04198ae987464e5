"""Does the document carry a list of sources a reader could check?"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimcheck.nlp.structure import segments_of, text_of

_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:scientific\s+|selected\s+|key\s+)?(?:references?|sources?|bibliography|citations?|works\s+cited|"
    r"literature(?:\s+cited)?|footnotes|notes\s+and\s+references|further\s+reading|evidence)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_IDENTIFIER_KINDS = {"doi", "pmid", "pmcid", "nct", "isrctn", "link"}


def has_references(doc: Doc) -> bool:
    text = text_of(doc)
    for start, end, kind in segments_of(doc):
        if kind == "footnote":
            return True
        first_line = text[start:end].split("\n", 1)[0]
        if _HEADING.match(first_line):
            return True
    return any(span.label_ in _IDENTIFIER_KINDS for span in doc.spans.get("citations", ()))


def reference_sections(doc: Doc) -> tuple[tuple[int, int], ...]:
    """Prose character ranges under a references heading, up to the next other heading."""
    sections: list[tuple[int, int]] = []
    open_start: int | None = None
    text = text_of(doc)
    for start, end, kind in segments_of(doc):
        if kind != "heading":
            continue
        is_references = bool(_HEADING.match(text[start:end].split("\n", 1)[0]))
        if open_start is not None and not is_references:
            sections.append((open_start, start))
            open_start = None
        if is_references and open_start is None:
            open_start = end
    if open_start is not None:
        sections.append((open_start, len(text)))
    return tuple(sections)
