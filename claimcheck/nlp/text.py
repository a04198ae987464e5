"""The text of a Doc, computed once.

`Doc.text` is not stored: spaCy rebuilds it from every token on each access, so
reading it per claim or per rule made the checks quadratic in the document's length
(most of a run's time on long pages).  A Doc's text never changes, so caching it in
`user_data` is safe.
"""

from __future__ import annotations

from spacy.tokens import Doc

TEXT_KEY = "claimcheck_text"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
