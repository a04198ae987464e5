"""Scoring the linter against the annotated corpus (`claimcheck eval`).

- `scoring`: the gold labels (corpus/*/*.labels.yml), matching findings to them, the counts;
- `report`: the scores as a text table or JSON.
"""

from claimcheck.evaluation.report import format_evaluation_json, format_evaluation_text
from claimcheck.evaluation.scoring import (
    DOCUMENT_LABELS,
    LABEL_CATEGORIES,
    LABELS_SUFFIX,
    SPLITS,
    CategoryMap,
    CorpusError,
    Counts,
    Evaluation,
    default_category_map,
    discover,
    evaluate,
    locate,
)

__all__ = [
    "DOCUMENT_LABELS",
    "LABELS_SUFFIX",
    "LABEL_CATEGORIES",
    "SPLITS",
    "CategoryMap",
    "CorpusError",
    "Counts",
    "Evaluation",
    "default_category_map",
    "discover",
    "evaluate",
    "format_evaluation_json",
    "format_evaluation_text",
    "locate",
]
