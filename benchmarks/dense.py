"""Generate a claim-dense benchmark corpus: the dev corpus's own claim paragraphs, shuffled.

    python benchmarks/dense.py OUT_DIR [--files 200] [--words 266000] [--seed 7]

`generate.py` writes varied text in which claims are a minority.  The copy claimcheck
exists for is the opposite: paragraph after paragraph of claims (issue 12 measured the
linter at 4.9x the spaCy floor on such copy, against 2.3x on the varied corpus).  This
writer keeps only the paragraphs of `corpus/dev` that hold at least one `supported:
false` label (read through claimcheck's own readers, so no markup leaks in), deals them
out in shuffled order (reshuffled each time the deck runs out) into Markdown pages of
about `--words / --files` words each, with a heading every few paragraphs.  The same seed
gives byte-identical files.  The heldout splits are never read.

Like a clinic's blog, the text repeats: spaCy's tokenizer cache helps here as it would
on a real site, and it helps the spaCy floor the same way.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimcheck.sources import format_for_path, parse_source  # noqa: E402

HEADINGS = ["How it works", "What patients say", "Why choose us", "Results", "The science", "Your visit", "Questions"]


def _normal(text: str) -> str:
    return " ".join(text.split())


def claim_paragraphs(dev: Path = ROOT / "corpus" / "dev") -> list[str]:
    """Paragraphs of the dev documents that contain an unsupported claim label, in file order."""
    paragraphs: list[str] = []
    for path in sorted(dev.iterdir()):
        if path.name.endswith(".labels.yml") or not path.is_file():
            continue
        labels_path = path.with_name(path.stem + ".labels.yml")
        if not labels_path.exists():
            continue
        labels = yaml.safe_load(labels_path.read_text(encoding="utf-8")).get("labels") or []
        claims = [_normal(label["text"]) for label in labels if label.get("supported") is False]
        source = parse_source(path.read_text(encoding="utf-8"), str(path), format_for_path(str(path)))
        for block in source.prose.split("\n"):
            paragraph = _normal(block)
            if paragraph and any(claim in paragraph for claim in claims):
                paragraphs.append(paragraph)
    return paragraphs


def generate(out: Path, files: int, words: int, seed: int) -> tuple[int, int, int]:
    """Write `files` Markdown pages of shuffled claim paragraphs; returns (files, bytes, words)."""
    rng = random.Random(seed)
    deck: list[str] = []
    pool = claim_paragraphs()
    if not pool:
        raise SystemExit("no claim paragraphs found in corpus/dev")
    out.mkdir(parents=True, exist_ok=True)
    per_file = max(50, words // files)
    total_bytes = total_words = 0
    for index in range(files):
        lines = ["---", f'title: "Clinic page {index + 1}"', "---", "", f"# Clinic page {index + 1}", ""]
        count = 0
        since_heading = 0
        while count < per_file:
            if not deck:
                deck = pool[:]
                rng.shuffle(deck)
            paragraph = deck.pop()
            if since_heading >= rng.randint(3, 7):
                lines += [f"## {rng.choice(HEADINGS)}", ""]
                since_heading = 0
            lines += [paragraph, ""]
            count += len(paragraph.split())
            since_heading += 1
        text = "\n".join(lines)
        (out / f"page{index:04d}.md").write_text(text, encoding="utf-8")
        total_bytes += len(text.encode("utf-8"))
        total_words += len(text.split())
    return files, total_bytes, total_words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="output folder (created; not committed)")
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--words", type=int, default=266_000, help="approximate total words")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    files, size, words = generate(args.out, args.files, args.words, args.seed)
    print(f"wrote {files} files, {size / 1e6:.2f} MB, {words:,} words, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
