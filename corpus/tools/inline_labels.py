#!/usr/bin/env python3
"""Turn an inline-annotated draft into a corpus document and its standoff label file.

Writing standoff labels by hand means typing every sentence twice and getting each
copy exactly right.  Writers of `corpus/train/` draft a document with its labels
inline instead, and this script writes the two files the corpus uses:

    @@ register: clinic-landing (orthopedic knee)
    @@ register_class: marketing
    @@ document_labels: [no-references, no-disclaimer]
    # Knee pain? Meet your cells.
    ⟦-efficacy,unapproved|Our cell injections rebuild worn knee cartilage.⟧ Book a visit.
    ⟦+efficacy,evidence|A 2021 trial of 40 patients found less pain at six months [1].⟧

`⟦-CATS|TEXT⟧` is a `supported: false` label, `⟦+CATS|TEXT⟧` a `supported: true` one;
CATS are the ANNOTATION.md §3 categories, comma-separated.  Lines starting with `@@ `
at the top are the label file's header (YAML).  The draft `NAME.EXT.draft` becomes
`NAME.EXT` (the markers removed, nothing else changed) and `NAME.labels.yml`.

    python corpus/tools/inline_labels.py DRAFT... --out corpus/train
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from claimcheck.evaluation.gold import DOCUMENT_LABELS as GOLD_DOCUMENT_LABELS
from claimcheck.evaluation.gold import LABEL_CATEGORIES

CATEGORIES = set(LABEL_CATEGORIES)
DOCUMENT_LABELS = set(GOLD_DOCUMENT_LABELS)
REGISTER_CLASSES = {"marketing", "careful"}
MARKER = re.compile(r"⟦([+-])([^|⟦⟧]*)\|([^⟦⟧]*)⟧")


class DraftError(ValueError):
    pass


def convert(draft: str, name: str) -> tuple[str, dict]:
    """(document text, label-file data) for one draft."""
    lines = draft.splitlines(keepends=True)
    header_lines = []
    while lines and lines[0].startswith("@@ "):
        header_lines.append(lines.pop(0)[3:])
    header = yaml.safe_load("".join(header_lines)) or {}
    body = "".join(lines)
    stray = re.sub(MARKER, "", body)
    if "⟦" in stray or "⟧" in stray:
        at = min(i for i in (stray.find("⟦"), stray.find("⟧")) if i >= 0)
        raise DraftError(f"unbalanced or malformed marker near: {stray[max(0, at - 60) : at + 60]!r}")
    pieces: list[str] = []
    labels: list[dict] = []
    offsets: list[int] = []  # each label's start in the document
    last = 0
    for match in MARKER.finditer(body):
        pieces.append(body[last : match.start()])
        sign, cats, text = match.groups()
        categories = [c.strip() for c in cats.split(",") if c.strip()]
        problems = set(categories) - CATEGORIES
        if not categories or problems or len(set(categories)) != len(categories):
            raise DraftError(f"bad categories {categories} in {text!r}")
        if not text.strip() or text != text.strip() or "\n" in text:
            raise DraftError(f"a label must be one trimmed line of text: {text!r}")
        offsets.append(sum(map(len, pieces)))
        pieces.append(text)
        labels.append({"text": text, "categories": categories, "supported": sign == "+"})
        last = match.end()
    pieces.append(body[last:])
    document = "".join(pieces)
    # `occurrence` counts the text's places in the whole file, labelled or not.
    for label, at in zip(labels, offsets, strict=True):
        text = label["text"]
        if document.count(text) > 1:
            label["occurrence"] = _places_before(document, text, at) + 1
    register_class = header.get("register_class")
    if register_class not in REGISTER_CLASSES:
        raise DraftError(f"register_class must be one of {sorted(REGISTER_CLASSES)}, not {register_class!r}")
    document_labels = header.get("document_labels") or []
    if not set(document_labels) <= DOCUMENT_LABELS:
        raise DraftError(f"bad document_labels {document_labels}")
    data = {
        "document": name,
        "register": str(header.get("register", "")),
        "register_class": register_class,
        "document_labels": list(document_labels),
        "labels": labels,
    }
    return document, data


def _places_before(document: str, text: str, at: int) -> int:
    """How many (possibly overlapping) places of `text` start before offset `at`."""
    count, position = 0, document.find(text)
    while 0 <= position < at:
        count += 1
        position = document.find(text, position + 1)
    return count


def write(draft_path: Path, out_dir: Path) -> tuple[int, int]:
    if not draft_path.name.endswith(".draft"):
        raise DraftError("a draft's name ends in .draft (NAME.md.draft, NAME.html.draft, NAME.txt.draft)")
    name = draft_path.name[: -len(".draft")]
    document, data = convert(draft_path.read_text(encoding="utf-8"), name)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / name).write_text(document, encoding="utf-8")
    stem = name.rsplit(".", 1)[0]
    with (out_dir / f"{stem}.labels.yml").open("w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, sort_keys=False, allow_unicode=True, width=10_000)
    unsupported = sum(not label["supported"] for label in data["labels"])
    return len(data["labels"]), unsupported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("drafts", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    failed = 0
    for draft in args.drafts:
        try:
            labels, unsupported = write(draft, args.out)
        except (DraftError, yaml.YAMLError, OSError) as problem:
            print(f"{draft}: {problem}", file=sys.stderr)
            failed += 1
            continue
        print(f"{draft}: {labels} labels ({unsupported} unsupported)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
