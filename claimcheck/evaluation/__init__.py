"""Scoring the linter against the annotated corpus (`claimcheck eval`).

- `gold`: the gold labels (corpus/*/*.labels.yml), read and located (training reads them too);
- `scoring`: matching findings to the gold labels, the counts;
- `report`: the scores as a text table or JSON.
"""

from claimcheck.evaluation.gold import DOCUMENT_LABELS, LABEL_CATEGORIES, LABELS_SUFFIX, SPLITS, CorpusError, discover, locate
from claimcheck.evaluation.report import format_evaluation_json, format_evaluation_text
from claimcheck.evaluation.scoring import CategoryMap, Counts, Evaluation, default_category_map, evaluate

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
