"""Integrity of the annotated corpus: every gold label can be located, uses the documented
categories, and the frozen heldout split still matches its checksums.

An eval is only as good as its gold spans; a label whose text no longer occurs in its
document (or occurs twice without `occurrence`) silently turns into a miss or a false
positive.  These checks need no spaCy pipeline, so they stay fast.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from claimcheck.evaluation.gold import DOCUMENT_LABELS as GOLD_DOCUMENT_LABELS
from claimcheck.evaluation.gold import FROZEN_SPLITS, LABEL_CATEGORIES
from claimcheck.sources import format_for_path, parse_source
from claimcheck.sources.base import editorial_pieces

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CATEGORIES = set(LABEL_CATEGORIES)
DOCUMENT_LABELS = set(GOLD_DOCUMENT_LABELS)
LABEL_FILES = sorted(CORPUS.glob("*/*.labels.yml"))


def test_corpus_has_label_files():
    assert len(LABEL_FILES) >= 18


@pytest.mark.parametrize("labels_path", LABEL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_labels_locate_and_validate(labels_path: Path):
    data = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    doc_path = labels_path.parent / data["document"]
    assert doc_path.exists(), f"missing document {doc_path.name}"
    assert labels_path.name == f"{doc_path.stem}.labels.yml"
    assert set(data.get("document_labels") or []) <= DOCUMENT_LABELS
    raw = doc_path.read_text(encoding="utf-8")
    prose = parse_source(raw, str(doc_path), format_for_path(str(doc_path))).prose
    problems = []
    seen = set()
    for label in data.get("labels") or []:
        text = label["text"]
        occurrence = label.get("occurrence", 1)
        count = raw.count(text)
        if count < occurrence:
            problems.append(f"found {count}x, need occurrence {occurrence}: {text!r}")
        if count > 1 and "occurrence" not in label:
            problems.append(f"occurs {count}x without occurrence: {text!r}")
        if "\n" in text or re.search(r"&[#a-zA-Z0-9]+;|<[a-zA-Z/]", text):
            problems.append(f"markup, entity or line break inside span: {text!r}")
        if "".join(piece for piece, _, _ in editorial_pieces(text)) not in prose:  # "[w]e" reads "we"
            problems.append(f"not in the reader's visible text: {text!r}")
        categories = label.get("categories") or []
        if not categories or not set(categories) <= CATEGORIES or len(set(categories)) != len(categories):
            problems.append(f"bad categories {categories}: {text!r}")
        if not isinstance(label.get("supported"), bool):
            problems.append(f"supported must be true/false: {text!r}")
        if (text, occurrence) in seen:
            problems.append(f"duplicate label: {text!r}")
        seen.add((text, occurrence))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("split", FROZEN_SPLITS)
def test_heldout_checksums_match(split: str):
    """The heldout splits are frozen: any edit must regenerate SPLIT.sha256 in the same commit
    (`cd corpus && sha256sum SPLIT/* > SPLIT.sha256`)."""
    listed = {}
    for line in (CORPUS / f"{split}.sha256").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.lstrip("*")] = digest
    on_disk = {f"{split}/{p.name}": p for p in sorted((CORPUS / split).iterdir()) if p.is_file()}
    assert set(listed) == set(on_disk)
    for name, path in on_disk.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[name], f"{name} changed"
