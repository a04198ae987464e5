"""Rules and the learned detector, reconciled: which hits become findings.

The rules explain (a pattern, a rule id, an authority, a suggestion); the detector
reads sentences the patterns have never seen.  Per sentence ("unit"):

- a rule hit where the detector also reads a claim is kept as is;
- a category the detector is confident about, with no hit of that category's rule on
  the unit, becomes a hit of that rule spanning the unit, saying what the sentence
  reads as and how confident the detector is;
- a hit of an overrulable rule on a unit the detector reads as no unsupported claim
  (P(claim) under the cross-validated gate, or careful prose: P(careful) over its
  threshold while P(claim) stays under the claim gate) is dropped, or kept at `info`.

Which rule reports each category, and which rules may be overruled, is data
(`rules/data/detector.yml`).  The arbiter never sees files or findings: it maps hits
to hits, so everything after it (locations, filters, formatters) is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from claimcheck.checks.base import DOCUMENT, Hit
from claimcheck.checks.model import Rule
from claimcheck.detector.component import UnitScores, scores_of
from claimcheck.detector.features import CAREFUL_FROM
from claimcheck.detector.model import UNIT_LABELS, Thresholds
from claimcheck.errors import ConfigError
from claimcheck.findings import Severity
from claimcheck.nlp.structure import text_of
from claimcheck.yamlio import load_yaml, strip_lines

THERAPIES = "therapies"  # the lexicon whose spans name a therapy
FRAGMENT_WORDS = 10
_REFERS_BACK = re.compile(r"\b(?:it|its|they|their|them|these|this|those)\b", re.IGNORECASE)

COMBINED = "combined"
RULES_ONLY = "rules"
MODEL_ONLY = "model"
MODES = (COMBINED, RULES_ONLY, MODEL_ONLY)
OVERRULED_ACTIONS = ("drop", "info", "keep")


@dataclass(frozen=True)
class CategoryRule:
    rule: str
    reads_as: str


@dataclass(frozen=True)
class DetectorMap:
    """`rules/data/detector.yml`: category -> reporting rule, and the overrulable rules."""

    categories: Mapping[str, CategoryRule]
    overrulable: frozenset[str]
    # Categories the detector reports only on a unit anchored to a therapy (see `anchors`).
    needs_therapy: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path) -> DetectorMap:
        data = strip_lines(load_yaml(path, ConfigError)) or {}
        try:
            categories = {
                str(name): CategoryRule(str(entry["rule"]), str(entry["reads_as"]))
                for name, entry in (data.get("categories") or {}).items()
            }
            overrulable = frozenset(str(rule) for rule in data.get("overrulable") or ())
            needs_therapy = frozenset(str(category) for category in data.get("needs_therapy") or ())
        except (KeyError, TypeError, AttributeError) as problem:
            raise ConfigError(f"{path}: malformed detector map ({problem})") from None
        unknown = needs_therapy - set(categories)
        if unknown:
            raise ConfigError(f"{path}: needs_therapy names unknown categories {sorted(unknown)}")
        return cls(categories, overrulable, needs_therapy)


@dataclass(frozen=True)
class Verdicts:
    """The detector's decisions for one Doc's units (computed once, read per hit)."""

    units: UnitScores
    claim: np.ndarray  # P(unsupported claim) per unit
    categories: tuple[tuple[tuple[str, float], ...], ...]  # per unit: (category, score) over threshold
    no_claim: np.ndarray  # per unit: read as no unsupported claim (a rule hit there is overruled)


class Arbiter:
    """Built once per Linter from its enabled rules, the detector map and thresholds."""

    def __init__(
        self,
        rules: Sequence[Rule],
        detector_map: DetectorMap,
        thresholds: Thresholds,
        labels: Sequence[str] = UNIT_LABELS,
        mode: str = COMBINED,
        overruled: str = "drop",
    ):
        if mode not in MODES:
            raise ConfigError(f"detector mode {mode!r}: choose from {', '.join(MODES)}")
        if overruled not in OVERRULED_ACTIONS:
            raise ConfigError(f"detector 'overruled' {overruled!r}: choose from {', '.join(OVERRULED_ACTIONS)}")
        self.mode = mode
        self.overruled = overruled
        self.thresholds = thresholds
        by_id = {rule.id: rule for rule in rules}
        # Only categories whose reporting rule is enabled: disabling a rule silences
        # the detector's findings of that category too.
        self.reporting: dict[str, tuple[Rule, str]] = {
            category: (by_id[entry.rule], entry.reads_as)
            for category, entry in detector_map.categories.items()
            if entry.rule in by_id and category in thresholds.categories
        }
        self.overrulable = detector_map.overrulable & set(by_id)
        self.needs_therapy = detector_map.needs_therapy
        self._columns = [(labels.index(category), category, thresholds.categories[category]) for category in self.reporting]
        self._claim_column = labels.index("claim")
        self._careful_column = labels.index("careful")

    def verdicts(self, units: UnitScores, anchored: np.ndarray | None = None) -> Verdicts:
        """The detector's categories per unit; `anchored` (bool per unit, default all)
        says which units are about a therapy, for the categories that need one."""
        scores = units.scores
        claim = scores[:, self._claim_column] if len(scores) else np.zeros(0, dtype="float32")
        confident = claim >= self.thresholds.claim_from
        if anchored is None:
            anchored = np.ones(len(scores), dtype=bool)
        per_unit: list[list[tuple[str, float]]] = [[] for _ in range(len(scores))]
        for column, category, threshold in self._columns:
            allowed = confident & anchored if category in self.needs_therapy else confident
            for row in np.flatnonzero((scores[:, column] >= threshold) & allowed):
                per_unit[row].append((category, float(scores[row, column])))
        thresholds = self.thresholds
        careful = scores[:, self._careful_column] if len(scores) else np.zeros(0, dtype="float32")
        no_claim = (claim < thresholds.no_claim_below) | ((careful >= thresholds.careful_from) & (claim < thresholds.claim_from))
        return Verdicts(units, claim, tuple(tuple(found) for found in per_unit), no_claim)

    def arbitrate(self, text: str, hits: Iterable[Hit], verdicts: Verdicts) -> list[Hit]:
        kept: list[Hit] = []
        explained: set[tuple[int, str]] = set()  # (unit, rule id) pairs a rule already reported
        for hit in hits:
            arbitrated = hit.scope != DOCUMENT and hit.rule.id in self.overrulable
            unit = verdicts.units.unit_at(hit.start, hit.end) if arbitrated else None
            if unit is None:
                kept.append(hit)
                continue
            if self.mode == MODEL_ONLY:
                continue
            explained.add((unit, hit.rule.id))
            if not verdicts.no_claim[unit] or self.overruled == "keep":
                kept.append(replace(hit, confidence=float(verdicts.claim[unit])))
            elif self.overruled == "info":
                kept.append(replace(hit, severity=Severity.INFO, confidence=float(verdicts.claim[unit])))
        for unit, found in enumerate(verdicts.categories):
            for category, score in found:
                rule, reads_as = self.reporting[category]
                if (unit, rule.id) in explained:
                    continue
                explained.add((unit, rule.id))
                start, end = int(verdicts.units.starts[unit]), int(verdicts.units.ends[unit])
                if not text[start:end].strip():
                    continue
                message = (
                    f"This sentence reads as {reads_as} (learned detector, confidence {score:.2f}); "
                    "no citation, hedge or approved wording was found for it."
                )
                kept.append(Hit(rule, start, end, message, confidence=score))
        return kept


def anchors(doc: Doc, units: UnitScores, text: str) -> np.ndarray:
    """Which units are about a therapy: they name one (the therapies lexicon, "our
    protocol" and "we" included), refer back to one named in the unit before ("they",
    "it"), or are a short headline-like fragment of copy that is not careful prose.
    A sentence about disease biology or a conventional drug names none of these."""
    spans = doc.spans.get(THERAPIES, ())
    therapy_starts = np.fromiter(sorted(span.start_char for span in spans), dtype=np.int64)
    named = np.searchsorted(therapy_starts, units.starts) < np.searchsorted(therapy_starts, units.ends)
    before = np.concatenate(([False], named[:-1]))
    refers = np.fromiter(
        (bool(_REFERS_BACK.search(text[start:end])) for start, end in zip(units.starts, units.ends, strict=True)),
        dtype=bool,
        count=len(units.starts),
    )
    fragment = np.fromiter(
        (len(text[start:end].split()) <= FRAGMENT_WORDS for start, end in zip(units.starts, units.ends, strict=True)),
        dtype=bool,
        count=len(units.starts),
    ) & (units.careful_register < CAREFUL_FROM)
    return named | (before & refers) | fragment


def arbitrate_doc(arbiter: Arbiter, doc: Doc, hits: list[Hit]) -> list[Hit]:
    """Apply the arbiter to one Doc's hits when the detector scored it."""
    scores = scores_of(doc)
    if scores is None:
        return hits
    text = text_of(doc)
    anchored = anchors(doc, scores, text) if arbiter.needs_therapy else None
    return arbiter.arbitrate(text, hits, arbiter.verdicts(scores, anchored))
