"""The gold data: standoff label files of the annotated corpus, read and located.

Kept apart from scoring so that training the detector (which needs the labels, not
the linter) reads the corpus exactly as `claimcheck eval` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimcheck.errors import ConfigError
from claimcheck.yamlio import load_yaml, strip_lines

LABEL_CATEGORIES = (
    "efficacy", "evidence", "establishment", "safety", "cure", "guarantee", "unapproved", "fda",
    "comparison", "disparagement", "testimonial", "statistic", "anti_aging", "urgency",
    "self_citation", "many_diseases",
    # claim-citation fit: a cited claim whose reference does not substantiate it (rules only)
    "weak_support", "off_target_citation", "registration_not_results",
)  # fmt: skip
DOCUMENT_LABELS = ("no-references", "no-disclaimer", "many-diseases", "hctp-status")
# Splits that `all` scores.  `train` is what the detector learns from: scoring it
# measures memory, not skill, so it is scored only when asked for by name.  `citations`
# is development copy for the citation-fit and product-status rules (ANNOTATION B38):
# tuned on like dev, but the detector does not learn from it, so a retrain does not
# follow every document added to measure a rule.
SPLITS = ("dev", "citations", "heldout", "heldout2", "heldout3", "heldout4")
FROZEN_SPLITS = ("heldout", "heldout2", "heldout3", "heldout4")  # never tuned on; their errors are hidden by default
LABELS_SUFFIX = ".labels.yml"
REGISTER_CLASSES = ("marketing", "careful")


class CorpusError(ConfigError):
    """A label file is malformed or a label cannot be found in its document."""


@dataclass(frozen=True)
class GoldLabel:
    text: str
    categories: frozenset[str]
    supported: bool
    start: int
    end: int


@dataclass(frozen=True)
class GoldDocument:
    path: Path
    split: str
    document_labels: frozenset[str]
    labels: tuple[GoldLabel, ...]
    # "marketing" or "careful" (the label file's register_class); "" when not given.
    register_class: str = ""
    register: str = ""  # the free-text description of the kind of copy


def locate(text: str, needle: str, occurrence: int = 1) -> int | None:
    """Offset of the `occurrence`-th (1-based, overlapping allowed) match of needle, or None."""
    position = -1
    for _ in range(occurrence):
        position = text.find(needle, position + 1)
        if position < 0:
            return None
    return position


def _names(value: object, where: str, key: str) -> frozenset[str]:
    """A label file's list of names (`document_labels`, `categories`): a YAML list of
    strings, or nothing; anything else (a mapping, a nested list) is the file's mistake,
    reported as such rather than failing inside the evaluation."""
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise CorpusError(f"{where}: '{key}' must be a list of names, not {value!r:.60}")
    return frozenset(value)


def load_document(label_file: Path, split: str) -> GoldDocument:
    """Read a label file and locate every label in its document's raw text."""
    data = strip_lines(load_yaml(label_file, CorpusError))
    if not isinstance(data, dict) or not isinstance(data.get("document"), str):
        raise CorpusError(f"{label_file}: expected a mapping with a 'document' file name")
    path = label_file.parent / data["document"]
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as problem:
        raise CorpusError(f"{label_file}: cannot read {path.name} ({problem.strerror or problem})") from None
    document_labels = _names(data.get("document_labels"), str(label_file), "document_labels")
    unknown = document_labels - set(DOCUMENT_LABELS)
    if unknown:
        raise CorpusError(f"{label_file}: unknown document label(s) {sorted(unknown)} (allowed: {', '.join(DOCUMENT_LABELS)})")
    labels = []
    for index, item in enumerate(data.get("labels") or (), start=1):
        where = f"{label_file}: label {index}"
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"]:
            raise CorpusError(f"{where}: needs a non-empty 'text'")
        categories = _names(item.get("categories"), where, "categories")
        if not categories or categories - set(LABEL_CATEGORIES):
            allowed = ", ".join(LABEL_CATEGORIES)
            raise CorpusError(f"{where}: categories {sorted(categories)} must be a non-empty subset of {allowed}")
        if not isinstance(item.get("supported"), bool):
            raise CorpusError(f"{where}: 'supported' must be true or false")
        occurrence = item.get("occurrence", 1)
        start = locate(raw, item["text"], occurrence) if isinstance(occurrence, int) and occurrence >= 1 else None
        if start is None:
            raise CorpusError(f"{where}: text (occurrence {occurrence}) not found in {path.name}: {item['text'][:60]!r}")
        labels.append(GoldLabel(item["text"], categories, item["supported"], start, start + len(item["text"])))
    register_class = data.get("register_class") or ""
    if register_class not in ("", *REGISTER_CLASSES):
        raise CorpusError(f"{label_file}: register_class {register_class!r} must be one of {', '.join(REGISTER_CLASSES)}")
    register = str(data.get("register") or "")
    return GoldDocument(path, split, document_labels, tuple(labels), register_class, register)


def discover(corpus_dir: Path, split: str = "heldout") -> list[GoldDocument]:
    """Gold documents of a split ('train', one of SPLITS or 'all'), in a stable order."""
    splits = SPLITS if split == "all" else (split,)
    documents = []
    for name in splits:
        folder = corpus_dir / name
        if not folder.is_dir():
            raise CorpusError(f"{corpus_dir}: no {name}/ folder")
        documents.extend(load_document(label_file, name) for label_file in sorted(folder.glob(f"*{LABELS_SUFFIX}")))
    if not documents:
        raise CorpusError(f"{corpus_dir}: no *{LABELS_SUFFIX} files in {', '.join(splits)}")
    return documents
