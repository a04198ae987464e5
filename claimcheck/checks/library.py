"""`library`: claims that resemble an approved-claims library entry but overstate it,
or match an entry whose approval has expired.  Silent when no library is in use."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.base import Hit, Kind, render
from claimcheck.checks.model import Rule
from claimcheck.library import matches_of

OPTIONS = {
    "type": "object",
    "properties": {"outcome": {"enum": ["overstated", "expired"]}},
    "required": ["outcome"],
    "additionalProperties": False,
}


class LibraryCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._rule = rule
        self._outcome = rule.options["outcome"]

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        matches = matches_of(doc)
        text = doc.text if matches else ""
        for match in matches.values():
            if match.outcome != self._outcome:
                continue
            entry = match.entry
            message = render(
                self._rule.message,
                entry=entry.id,
                wording=entry.claim,
                reasons="; ".join(match.reasons) or "it differs from the approved wording",
                expires=entry.expires.isoformat() if entry.expires else "",
                references=", ".join(entry.references),
                text=text[match.claim_start : match.claim_end],
            )
            yield Hit(self._rule, match.claim_start, match.claim_end, message)


KIND = Kind(
    "library",
    OPTIONS,
    LibraryCheck,
    "Flags claims that overstate an approved-claims library entry or rely on an expired one.",
)
