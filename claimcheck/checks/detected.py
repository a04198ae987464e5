"""`detector`: a rule that only the learned detector reports (rules/data/detector.yml).

Its check finds nothing on its own: the rule exists so that what the detector reports
without a category rule to speak for it (a sentence read as a claim whose kind no
category is sure of) still has a stable rule id, a severity, a rationale, an authority
and a suggestion that a config can disable or re-grade like any other rule's.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.base import Hit, Kind
from claimcheck.checks.model import Rule

OPTIONS = {"type": "object", "properties": {}, "additionalProperties": False}


class DetectorOnly:
    def __init__(self, rule: Rule, nlp: Language):
        self._rule = rule

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        return iter(())


KIND = Kind(
    "detector",
    OPTIONS,
    DetectorOnly,
    "Reported by the learned detector alone (rules/data/detector.yml); finds nothing with --no-model.",
)
