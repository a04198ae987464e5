"""The evaluation corpus stays honest: heldout files frozen by checksum, every label
found in its document and using the documented categories (corpus/README.md)."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import pytest
import yaml

from claimcheck.evaluation import DOCUMENT_LABELS, LABEL_CATEGORIES, LABELS_SUFFIX, discover

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
LABEL_FILES = sorted(CORPUS.glob(f"*/*{LABELS_SUFFIX}"))


def read_checksums(path: Path) -> dict[str, str]:
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            entries[name.lstrip("*")] = digest
    return entries


def test_heldout_checksums_cover_and_match_every_heldout_file():
    listed = read_checksums(CORPUS / "heldout.sha256")
    present = {f"heldout/{path.name}" for path in (CORPUS / "heldout").iterdir() if path.is_file()}
    assert set(listed) == present, "files added to or removed from heldout/ without updating heldout.sha256"
    changed = [name for name, digest in listed.items() if hashlib.sha256((CORPUS / name).read_bytes()).hexdigest() != digest]
    assert changed == [], "heldout files changed without regenerating heldout.sha256 (see corpus/README.md)"


def test_every_document_has_labels_and_both_splits_exist():
    for split in ("train", "dev", "heldout", "heldout2", "heldout3", "heldout4"):
        documents = [p for p in (CORPUS / split).iterdir() if p.is_file() and not p.name.endswith(LABELS_SUFFIX)]
        assert documents, split
        for document in documents:
            label_file = document.with_name(document.name[: -len(document.suffix)] + LABELS_SUFFIX)
            assert label_file.is_file(), f"{document} has no {label_file.name}"


@pytest.mark.parametrize("label_file", LABEL_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_labels_are_found_with_valid_categories(label_file: Path):
    data = yaml.safe_load(label_file.read_text(encoding="utf-8"))
    assert set(data) <= {"document", "register", "register_class", "document_labels", "labels"}
    assert data.get("register_class", "marketing") in {"marketing", "careful"}, data.get("register_class")
    raw = (label_file.parent / data["document"]).read_text(encoding="utf-8")
    assert set(data.get("document_labels") or ()) <= set(DOCUMENT_LABELS)
    for label in data.get("labels") or ():
        assert set(label) <= {"text", "categories", "supported", "occurrence"}, label
        text = label["text"]
        assert text == text.strip() and "\n" not in text, text
        assert label["categories"] and set(label["categories"]) <= set(LABEL_CATEGORIES), label
        assert isinstance(label["supported"], bool), label
        count = raw.count(text)
        occurrence = label.get("occurrence")
        assert count >= 1, f"not in {data['document']}: {text!r}"
        if count > 1:
            assert occurrence is not None, f"{text!r} occurs {count} times: give 'occurrence'"
        assert 1 <= (occurrence or 1) <= count, f"{text!r}: occurrence {occurrence} but {count} found"


def test_label_spans_do_not_overlap_and_load_through_the_eval_reader():
    for document in discover(CORPUS, "all"):
        spans = sorted((label.start, label.end) for label in document.labels)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, f"{document.path}: overlapping labels"


def test_eval_offers_every_split_of_the_corpus():
    from claimcheck.cli.evaluate import evaluate as eval_command
    from claimcheck.evaluation.gold import SPLITS

    split_option = next(option for option in eval_command.params if option.name == "split")
    assert set(split_option.type.choices) == {"train", "all", *SPLITS}
