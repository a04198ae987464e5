"""Scoring the linter against the annotated corpus (corpus/README.md, corpus/ANNOTATION.md).

Gold data are standoff labels: each label's `text` is found in the raw file (its
`occurrence`-th match) and a finding matches a label when their source ranges
overlap.  Units are the labelled spans plus the linter's own sentences that overlap
no label (neutral by convention), so noise on neutral text is counted too.

Two levels:
- sentence level: each unit counts once, predicted when any finding of the category
  overlaps it (precision over flagged units);
- span level: each finding counts on its own, correct when it overlaps a
  `supported: false` label of its category (precision over findings).  Recall is the
  same at both levels (a gold span is found when a finding of its category overlaps it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck.checks.base import DOCUMENT
from claimcheck.checks.model import Rule
from claimcheck.errors import InputError
from claimcheck.evaluation.gold import (
    DOCUMENT_LABELS,
    LABEL_CATEGORIES,
    CorpusError,
    GoldDocument,
    GoldLabel,
    discover,
)
from claimcheck.filters.grouping import group_findings
from claimcheck.findings import Finding
from claimcheck.linter import Linter
from claimcheck.sources import EXTENSIONS, format_for_path, parse_source
from claimcheck.sources.base import Source
from claimcheck.yamlio import load_yaml, strip_lines

# ---------------------------------------------------------------- category mapping


@dataclass(frozen=True)
class CategoryMap:
    """Which label categories each rule's findings count for (rules/data/eval_categories.yml)."""

    span: Mapping[str, frozenset[str]]
    document: Mapping[str, str]
    headlines: Mapping[str, frozenset[str]]
    # Rules whose findings each name their own category (the detector's unclassified
    # claims name the nearest kind): a finding counts for the category it names.
    by_finding: frozenset[str] = frozenset()

    def span_categories(self, finding: Finding) -> frozenset[str]:
        if finding.rule in self.span and finding.rule not in self.by_finding:
            return self.span[finding.rule]
        return frozenset({finding.category}) if finding.category in LABEL_CATEGORIES else frozenset()

    @classmethod
    def load(cls, path: Path) -> CategoryMap:
        data = strip_lines(load_yaml(path, CorpusError)) or {}
        span = {rule: frozenset(cats or ()) for rule, cats in (data.get("span") or {}).items()}
        headlines = {name: frozenset(cats) for name, cats in (data.get("headlines") or {}).items()}
        document = dict(data.get("document") or {})
        by_finding = frozenset(str(rule) for rule in data.get("by_finding") or ())
        for name, cats in (*span.items(), *headlines.items()):
            if cats - set(LABEL_CATEGORIES):
                raise CorpusError(f"{path}: {name}: unknown label categories {sorted(cats - set(LABEL_CATEGORIES))}")
        if set(document.values()) - set(DOCUMENT_LABELS):
            raise CorpusError(f"{path}: document labels must be among {', '.join(DOCUMENT_LABELS)}")
        return cls(span, document, headlines, by_finding)

    def definition(self, headline: str) -> str:
        """The headline figure in words, generated from the data so it cannot drift."""
        categories = self.headlines[headline]
        rules = sorted(rule for rule, cats in self.span.items() if cats & categories)
        return (
            f"gold = units labelled 'supported: false' with any of {', '.join(sorted(categories))}; "
            f"predicted = units overlapped by a finding of {', '.join(rules)}"
            + "".join(f", or by a finding of {rule} naming one of them" for rule in sorted(self.by_finding))
        )

    def unmapped(self, rules: Iterable[Rule]) -> list[str]:
        """Rules this map says nothing about and whose category is not a label category."""
        return [
            rule.id
            for rule in rules
            if rule.id not in self.span
            and rule.id not in self.document
            and rule.id not in self.by_finding
            and rule.category not in LABEL_CATEGORIES
        ]


def default_category_map() -> CategoryMap:
    from claimcheck.nlp.lexicons import builtin_rules_dir

    return CategoryMap.load(builtin_rules_dir() / "data" / "eval_categories.yml")


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Unit:
    """A scored stretch of a document: a gold label, or a neutral sentence (label None)."""

    document: str
    start: int
    end: int
    text: str
    line: int
    label: GoldLabel | None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        if not self.tp:
            return 0.0 if self.fp or self.fn else None
        p, r = self.tp / (self.tp + self.fp), self.tp / (self.tp + self.fn)
        return 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, object]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Error:
    """A false positive or a miss, for the report."""

    kind: str  # "false positive" or "miss"
    split: str
    document: str
    line: int
    text: str
    rules: tuple[str, ...] = ()


@dataclass
class Evaluation:
    split: str
    documents: int = 0
    sentence: dict[str, Counts] = field(default_factory=dict)
    span: dict[str, Counts] = field(default_factory=dict)
    document_level: dict[str, Counts] = field(default_factory=dict)
    headlines: dict[str, Counts] = field(default_factory=dict)
    supported_total: int = 0
    supported_flagged: int = 0
    neutral_total: int = 0
    neutral_flagged: int = 0
    errors: dict[str, list[Error]] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    # Findings a reader sees per flagged unit (a unit any span finding overlaps): as
    # reported (one per claim, unless all_findings) and with every finding on its own.
    flagged_units: int = 0
    reported_on_flagged: int = 0
    all_on_flagged: int = 0
    # Document labels left unscored in a split whose label files never use them (the
    # split was annotated before the label existed): split -> labels.
    unscored_labels: dict[str, list[str]] = field(default_factory=dict)

    @property
    def findings_per_flagged(self) -> float | None:
        return self.reported_on_flagged / self.flagged_units if self.flagged_units else None

    @property
    def all_findings_per_flagged(self) -> float | None:
        return self.all_on_flagged / self.flagged_units if self.flagged_units else None

    def to_dict(self) -> dict[str, object]:
        def table(rows: Mapping[str, Counts]) -> dict[str, object]:
            return {name: counts.as_dict() for name, counts in rows.items()}

        return {
            "split": self.split,
            "documents": self.documents,
            "headlines": table(self.headlines),
            "headline_definitions": dict(self.definitions),
            "sentence": table(self.sentence),
            "span": table(self.span),
            "document": table(self.document_level),
            "supported_labels": {"total": self.supported_total, "flagged": self.supported_flagged},
            "neutral_sentences": {"total": self.neutral_total, "flagged": self.neutral_flagged},
            "findings_per_flagged_sentence": {
                "flagged": self.flagged_units,
                "reported": self.reported_on_flagged,
                "all": self.all_on_flagged,
                "per_sentence": self.findings_per_flagged,
                "per_sentence_all_findings": self.all_findings_per_flagged,
            },
            "unscored_document_labels": {split: list(names) for split, names in self.unscored_labels.items()},
            "errors": {
                name: [error.__dict__ | {"rules": list(error.rules)} for error in errors] for name, errors in self.errors.items()
            },
        }


def _overlaps(finding: Finding, start: int, end: int) -> bool:
    return finding.offset < end and start < finding.end_offset


def neutral_units(document: GoldDocument, source: Source, sentences: Sequence[tuple[int, int]]) -> list[Unit]:
    """The linter's sentences (prose offsets) mapped to the file, minus those touching a label."""
    lines = source.line_index()
    units = []
    for prose_start, prose_end in sentences:
        start, end = source.source_range(prose_start, prose_end)
        text = source.original[start:end].strip()
        if not any(char.isalnum() for char in text):
            continue
        if any(label.start < end and start < label.end for label in document.labels):
            continue
        units.append(Unit(document.path.name, start, end, text, lines.position(start)[0], None))
    return units


@dataclass(frozen=True)
class _Scored:
    """One document's units, each with the span findings that overlap it."""

    document: GoldDocument
    units: tuple[tuple[Unit, tuple[Finding, ...]], ...]
    strays: tuple[Finding, ...]  # span findings overlapping no unit: false positives everywhere
    span_findings: tuple[Finding, ...]


class _Scorer:
    def __init__(self, mapping: CategoryMap, errors: dict[str, list[Error]]):
        self.mapping = mapping
        self.errors = errors

    def in_group(self, finding: Finding, group: frozenset[str] | None) -> bool:
        return group is None or bool(self.mapping.span_categories(finding) & group)

    @staticmethod
    def gold_in(unit: Unit, group: frozenset[str] | None) -> bool:
        label = unit.label
        return label is not None and not label.supported and (group is None or bool(label.categories & group))

    def _note(self, name: str | None, error: Error) -> None:
        if name:
            self.errors[name].append(error)

    def sentences(self, scored: _Scored, counts: Counts, group: frozenset[str] | None, name: str | None) -> None:
        """Each unit once: predicted when a finding of the group overlaps it."""
        split = scored.document.split
        for unit, hits in scored.units:
            predicted = sorted({f.rule for f in hits if self.in_group(f, group)})
            gold = self.gold_in(unit, group)
            if gold and predicted:
                counts.tp += 1
            elif predicted:
                counts.fp += 1
                self._note(name, Error("false positive", split, unit.document, unit.line, unit.text, tuple(predicted)))
            elif gold:
                counts.fn += 1
                self._note(name, Error("miss", split, unit.document, unit.line, unit.text))
        for finding in scored.strays:
            if self.in_group(finding, group):
                counts.fp += 1
                name_ = scored.document.path.name
                self._note(name, Error("false positive", split, name_, finding.line, finding.text, (finding.rule,)))

    def spans(self, scored: _Scored, counts: Counts, group: frozenset[str] | None) -> None:
        """Each finding on its own: correct when it overlaps a gold unit of the group."""
        for finding in scored.span_findings:
            if self.in_group(finding, group):
                correct = any(self.gold_in(unit, group) for unit, hits in scored.units if finding in hits)
                counts.tp += correct
                counts.fp += not correct
        for unit, hits in scored.units:
            if self.gold_in(unit, group) and not any(self.in_group(f, group) for f in hits):
                counts.fn += 1


def _prepare(
    document: GoldDocument, source: Source, sentences: Sequence[tuple[int, int]], findings: Sequence[Finding]
) -> _Scored:
    lines = source.line_index()
    span_findings = tuple(f for f in findings if f.scope != DOCUMENT and f.end_offset > f.offset)
    units = [
        Unit(document.path.name, label.start, label.end, label.text, lines.position(label.start)[0], label)
        for label in document.labels
    ] + neutral_units(document, source, sentences)
    covered = tuple((unit, tuple(f for f in span_findings if _overlaps(f, unit.start, unit.end))) for unit in units)
    touched = {f for _, hits in covered for f in hits}
    return _Scored(document, covered, tuple(f for f in span_findings if f not in touched), span_findings)


def score(
    documents: Sequence[tuple],  # (gold, source, sentences, findings[, findings as reported])
    mapping: CategoryMap,
    split: str,
) -> Evaluation:
    """Score findings against gold labels; `sentences` are the linter's sentences in prose
    offsets; the optional fifth item, the findings as reported (one per claim), counts
    the findings per flagged sentence (default: the findings themselves)."""
    result = Evaluation(split, documents=len(documents))
    rows = ("overall", *LABEL_CATEGORIES)
    result.sentence = {name: Counts() for name in rows}
    result.span = {name: Counts() for name in rows}
    result.document_level = {name: Counts() for name in ("overall", *DOCUMENT_LABELS)}
    result.headlines = {name: Counts() for name in mapping.headlines}
    result.definitions = {name: mapping.definition(name) for name in mapping.headlines}
    result.errors = {name: [] for name in rows}
    groups: dict[str, frozenset[str] | None] = {"overall": None, **{c: frozenset({c}) for c in LABEL_CATEGORIES}}
    scorer = _Scorer(mapping, result.errors)
    # A document label is scored only in splits whose label files use it at all:
    # heldout/ and heldout2/ were annotated before `hctp-status` existed, so their
    # pages carry no such label and a finding there is not a false positive.
    used: dict[str, set[str]] = {}
    for document, *_ in documents:
        used.setdefault(document.split, set()).update(document.document_labels)
    result.unscored_labels = {
        split: [name for name in DOCUMENT_LABELS if name not in labels] for split, labels in sorted(used.items())
    }
    result.unscored_labels = {split: names for split, names in result.unscored_labels.items() if names}

    for document, source, sentences, findings, *shown in documents:
        scored = _prepare(document, source, sentences, findings)
        reported = shown[0] if shown else findings
        for unit, hits in scored.units:
            if hits:
                result.flagged_units += 1
                result.all_on_flagged += len(hits)
                result.reported_on_flagged += sum(
                    1 for f in reported if f.scope != DOCUMENT and f.end_offset > f.offset and _overlaps(f, unit.start, unit.end)
                )
        for unit, hits in scored.units:
            if unit.label is None:
                result.neutral_total += 1
                result.neutral_flagged += bool(hits)
            elif unit.label.supported:
                result.supported_total += 1
                result.supported_flagged += bool(hits)
        for name, group in groups.items():
            scorer.sentences(scored, result.sentence[name], group, name)
            scorer.spans(scored, result.span[name], group)
        for name, group in mapping.headlines.items():
            scorer.sentences(scored, result.headlines[name], group, None)
        predicted_labels = {mapping.document[f.rule] for f in findings if f.scope == DOCUMENT and f.rule in mapping.document}
        for name in DOCUMENT_LABELS:
            if name not in used[document.split]:
                continue
            gold, predicted = name in document.document_labels, name in predicted_labels
            for counts in (result.document_level[name], result.document_level["overall"]):
                counts.tp += gold and predicted
                counts.fp += predicted and not gold
                counts.fn += gold and not predicted
    return result


# ---------------------------------------------------------------- running


def evaluate(
    corpus_dir: Path,
    linter: Linter,
    split: str = "heldout",
    mapping: CategoryMap | None = None,
    *,
    all_findings: bool = False,
) -> Evaluation:
    """Run the linter over a split of the corpus and score it.

    Precision and recall count every rule's finding; the findings a reader sees per
    flagged sentence count them as reported: one per claim unless `all_findings`."""
    mapping = mapping or default_category_map()
    documents = discover(corpus_dir, split)
    sources = []
    for document in documents:
        if document.path.suffix.lower() not in EXTENSIONS:
            raise CorpusError(f"{document.path}: not a format claimcheck reads")
        try:
            raw = document.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as problem:
            raise InputError(f"{document.path}: cannot read ({problem})") from None
        sources.append(parse_source(raw, str(document.path), format_for_path(str(document.path))))
    scored = []
    for document, (source, doc) in zip(documents, linter.analyse(sources), strict=True):
        sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
        found = linter.findings_for(source, doc)
        scored.append((document, source, sentences, found, found if all_findings else group_findings(found, source.original)))
    return score(scored, mapping, split)
