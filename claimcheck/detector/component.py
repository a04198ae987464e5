"""The detector as a pipeline component: score every sentence of a Doc, in batches.

Scores are stored on the Doc (`scores_of(doc)`) as arrays indexed like the pipeline's
sentences, with their prose offsets, so the arbiter can find a hit's unit by bisection.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.detector.analysis import analysis_markers
from claimcheck.detector.features import UnitContext, WordMemo, register_name, register_token, register_words, unit_words
from claimcheck.detector.model import DEFAULT_DIR, Detector
from claimcheck.nlp.structure import sentences_of, text_of

SCORES_KEY = "claimcheck.detector"


@dataclass(frozen=True)
class Unit:
    """One sentence the detector scores: prose offsets, its text and its context."""

    start: int
    end: int
    text: str
    context: UnitContext


@dataclass(frozen=True)
class UnitScores:
    """Detector output for one Doc: row i scores the unit at prose [starts[i], ends[i])."""

    starts: np.ndarray
    ends: np.ndarray
    scores: np.ndarray
    careful_register: float
    # Per unit: P(claim) of the unit read on its own words (`Thresholds.own_claim_from`),
    # asked only of units over the claim gate (1.0 elsewhere); None when not asked at all.
    own_claim: np.ndarray | None = None

    @cached_property
    def _offsets(self) -> tuple[list[int], list[int]]:
        """`starts` and `ends` as lists of ints: bisecting a NumPy array and comparing its
        elements makes a NumPy scalar per step, and the arbiter asks once per hit."""
        return np.asarray(self.starts).tolist(), np.asarray(self.ends).tolist()

    def unit_at(self, start: int, end: int) -> int | None:
        """The unit holding most of prose range [start, end), or None."""
        starts, ends = self._offsets
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        best, best_overlap = None, 0
        for row in range(first, len(starts)):
            if starts[row] >= end:
                break
            overlap = min(end, ends[row]) - max(start, starts[row])
            if overlap > best_overlap:
                best, best_overlap = row, overlap
        return best


def document_units(doc: Doc, analysis: bool = False) -> list[Unit]:
    """The Doc's sentences with the context the detector reads (same at training and run
    time); with `analysis`, the analyzers' reading of each sentence too."""
    text = text_of(doc)
    infos = sentences_of(doc)
    units: list[Unit] = []
    heading = previous = ""
    alone = len(infos) == 1
    markers: list[tuple[str, ...]] = [()] * len(infos)
    if analysis:
        markers = analysis_markers(doc, [info.span.start_char for info in infos], [info.span.end_char for info in infos])
    for info, marked in zip(infos, markers, strict=True):
        start, end = info.span.start_char, info.span.end_char
        sentence = text[start:end]
        units.append(Unit(start, end, sentence, UnitContext(info.segment_kind, heading, previous, alone, marked)))
        if info.segment_kind == "heading":
            heading = sentence
        previous = sentence
    return units


def score_docs(detector: Detector, docs: list[Doc]) -> list[UnitScores]:
    """Score a batch of Docs with one register call and one unit call."""
    per_doc = [document_units(doc, detector.reads_analysis) for doc in docs]
    tokenize = WordMemo()
    careful = detector.careful_register(
        [register_words([unit.text for unit in units], tokenize, detector.register_tail) for units in per_doc]
    )
    scores = _unit_scores(detector, per_doc, careful, tokenize)
    own_claim = _own_claims(detector, per_doc, careful, scores, tokenize)
    results, row = [], 0
    for units, register in zip(per_doc, careful, strict=True):
        block = scores[row : row + len(units)]
        own = None if own_claim is None else own_claim[row : row + len(units)]
        row += len(units)
        starts = np.fromiter((unit.start for unit in units), dtype=np.int64, count=len(units))
        ends = np.fromiter((unit.end for unit in units), dtype=np.int64, count=len(units))
        results.append(UnitScores(starts, ends, block, float(register), own))
    return results


def _own_claims(
    detector: Detector, per_doc: list[list[Unit]], careful: np.ndarray, scores: np.ndarray, tokenize: WordMemo
) -> np.ndarray | None:
    """P(claim) of each unit over the claim gate read on its own words, as training read
    it out of fold (`training.own_words_inputs`): no heading, no sentence before, the
    page's register; 1.0 for the units under the gate, which the detector never reports.
    None when the thresholds ask for no such reading (`own_claim_from` 0)."""
    thresholds = detector.thresholds
    if thresholds.own_claim_from <= 0.0:
        return None
    own = np.ones(len(scores), dtype="float32")
    if not len(scores):
        return own
    claim = scores[:, detector.labels.index("claim")]
    over = claim >= min(thresholds.claim_from, thresholds.best_category_from)
    rows: list[int] = []
    alone: list[list[Unit]] = []
    row = 0
    for units in per_doc:
        picked = []
        for unit in units:
            if over[row]:
                rows.append(row)
                picked.append(Unit(unit.start, unit.end, unit.text, UnitContext(alone=True, analysis=unit.context.analysis)))
            row += 1
        alone.append(picked)
    if rows:
        own[rows] = _unit_scores(detector, alone, careful, tokenize)[:, detector.labels.index("claim")]
    return own


# Units whose scores are remembered per detector (about 1 KB each: the key's strings and
# a row); the memo is cleared when it would hold more.
_MEMO_LIMIT = 20_000


def _unit_scores(detector: Detector, per_doc: list[list[Unit]], careful: np.ndarray, tokenize: WordMemo) -> np.ndarray:
    """The unit scores of a batch of documents, row by row as `per_doc` lists them.

    A unit's scores depend on nothing but its input (its text, context and the page's
    register), never on the other inputs of its batch; so a unit seen before, on
    another page of the site or earlier on the same one (the same call to action under
    the same heading, a paragraph repeated), takes its remembered row instead of being
    read and scored again.  Nearly a third of the units of the claim-dense benchmark
    corpus are such repeats."""
    memo = detector.unit_memo
    rows: list[np.ndarray | None] = []
    keys: list[tuple[object, ...]] = []
    missing: dict[tuple[object, ...], list[str]] = {}
    for units, register in zip(per_doc, careful, strict=True):
        token = register_token(float(register))
        for unit in units:
            context = unit.context
            key = (unit.text, context.kind, context.heading, context.previous, context.alone, context.analysis, token)
            found = memo.get(key)
            rows.append(found)
            keys.append(key)
            if found is None and key not in missing:
                missing[key] = unit_words(unit.text, context, token, tokenize, detector.reading)
    if not rows:
        return np.zeros((0, len(detector.labels)), dtype="float32")
    if missing:
        fresh = dict(zip(missing, detector.score_units(list(missing.values())), strict=True))
        if len(memo) + len(fresh) > _MEMO_LIMIT:
            memo.clear()
        memo.update(fresh)
        rows = [fresh[key] if row is None else row for row, key in zip(rows, keys, strict=True)]
    return np.stack(rows)  # type: ignore[arg-type]


def scores_of(doc: Doc) -> UnitScores | None:
    """The detector's scores for a Doc, or None when the detector is off."""
    return doc.user_data.get(SCORES_KEY)


def register_of(doc: Doc) -> str | None:
    """The page's register as the learned classifier reads it: "marketing", "mixed" or
    "careful" (None when the detector is off)."""
    scores = scores_of(doc)
    return None if scores is None else register_name(scores.careful_register)


class DetectorComponent:
    def __init__(self, detector: Detector):
        self.detector = detector

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[SCORES_KEY] = score_docs(self.detector, [doc])[0]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        stream = iter(docs)
        while batch := list(islice(stream, batch_size)):
            for doc, scores in zip(batch, score_docs(self.detector, batch), strict=True):
                doc.user_data[SCORES_KEY] = scores
                yield doc


@Language.factory("claimcheck_detector", default_config={"model_dir": "", "thresholds": {}})
def make_detector(nlp: Language, name: str, model_dir: str, thresholds: dict[str, float]) -> DetectorComponent:
    detector = Detector.load(model_dir or DEFAULT_DIR, nlp)
    if thresholds:
        detector.thresholds = detector.thresholds.with_overrides(thresholds)
    return DetectorComponent(detector)
