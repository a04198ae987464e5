#!/usr/bin/env python3
"""Print the label-count tables of corpus/README.md ("Label counts") from the label files.

    python corpus/tools/label_counts.py [CORPUS_DIR]

Counting by hand drifts as writers add documents; this reads every `*.labels.yml` of
each split and prints the two Markdown tables to paste over the old ones.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from claimcheck.evaluation.gold import LABEL_CATEGORIES, SPLITS


def split_counts(folder: Path) -> tuple[int, Counter[str], Counter[tuple[str, bool]], Counter[str]]:
    """Documents, supported/unsupported labels, per-category labels and register classes of one split."""
    documents, labels, categories, registers = 0, Counter(), Counter(), Counter()
    for label_file in sorted(folder.glob("*.labels.yml")):
        data = yaml.safe_load(label_file.read_text(encoding="utf-8")) or {}
        documents += 1
        registers[data.get("register_class") or "-"] += 1
        for label in data.get("labels") or ():
            supported = bool(label.get("supported"))
            labels["true" if supported else "false"] += 1
            for category in set(label.get("categories") or ()):
                categories[category, supported] += 1
    return documents, labels, categories, registers


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent
    splits = [split for split in ("train", *SPLITS) if (corpus / split).is_dir()]
    counts = {split: split_counts(corpus / split) for split in splits}
    print("| split | documents | unsupported labels | supported labels | register_class |")
    print("|---|---:|---:|---:|---|")
    for split in splits:
        documents, labels, _, registers = counts[split]
        classes = ", ".join(f"{name} {count}" for name, count in sorted(registers.items()))
        print(f"| `{split}` | {documents} | {labels['false']} | {labels['true']} | {classes} |")
    print()
    print("| category | " + " | ".join(f"{split} false / true" for split in splits) + " |")
    print("|---|" + "---:|" * len(splits))
    for category in LABEL_CATEGORIES:
        cells = [f"{counts[split][2][category, False]} / {counts[split][2][category, True]}" for split in splits]
        print(f"| `{category}` | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
