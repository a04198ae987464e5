"""Generate a large, varied benchmark corpus (Markdown, HTML and text) from the team's own material.

    python benchmarks/generate.py OUT_DIR [--files 520] [--min-bytes 5000000] [--seed 7]

Sentences come from the dev split of the evaluation corpus (read through claimcheck's own
readers, so no markup leaks in), the lexicons in rules/lexicons (therapies, conditions,
effects...) fill their slots, and about a fifth of the content words are swapped for words
drawn, Zipf-weighted, from the ~40,000 English word forms of the shipped lemma table.  The
result has a realistic, long-tailed vocabulary: spaCy's tokenizer caches repeated strings,
so a corpus of a few paragraphs repeated would measure the cache, not the linter
(perf-notes.md).  The same seed gives the same files.  The heldout split is never used.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import html
import itertools
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimcheck.sources import format_for_path, parse_source  # noqa: E402

STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "without",
        "from",
        "by",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "our",
        "your",
        "their",
        "we",
        "you",
        "they",
        "he",
        "she",
        "his",
        "her",
        "them",
        "us",
        "not",
        "no",
        "can",
        "may",
        "will",
        "would",
        "could",
        "should",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "so",
        "than",
        "then",
        "also",
        "more",
        "most",
        "very",
        "only",
        "just",
        "into",
        "over",
        "after",
        "before",
        "about",
        "all",
        "any",
        "each",
        "which",
        "who",
    ]
)
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jamal",
    "Kofi",
    "Lena",
    "Marta",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
]
CITIES = [
    "Austin",
    "Boise",
    "Denver",
    "Fresno",
    "Helena",
    "Laredo",
    "Mesa",
    "Omaha",
    "Reno",
    "Tampa",
    "Tulsa",
    "Yuma",
    "Dayton",
    "Eugene",
    "Macon",
]
SYLLABLES = [
    "ba",
    "co",
    "de",
    "fi",
    "ga",
    "hel",
    "io",
    "ka",
    "lu",
    "mer",
    "no",
    "pra",
    "qui",
    "ro",
    "sa",
    "tri",
    "ul",
    "ve",
    "wyn",
    "xa",
    "yo",
    "zen",
]
SECTION_WORDS = [
    "Overview",
    "Treatment",
    "Results",
    "Recovery",
    "Questions",
    "Science",
    "Pricing",
    "Safety",
    "Stories",
    "Research",
    "Contact",
    "About",
]


@dataclass(frozen=True)
class Material:
    sentences: tuple[str, ...]
    terms: dict[str, tuple[str, ...]]  # lexicon name -> all its terms
    words: tuple[str, ...]
    cumulative: tuple[float, ...]  # Zipf weights over words


def _sentences_from_dev() -> list[str]:
    sentences: list[str] = []
    for path in sorted((ROOT / "corpus" / "dev").iterdir()):
        if path.name.endswith(".labels.yml") or not path.is_file():
            continue
        source = parse_source(path.read_text(encoding="utf-8"), str(path), format_for_path(str(path)))
        for block in source.prose.split("\n"):
            for sentence in re.split(r"(?<=[.!?])\s+", block.strip()):
                if len(sentence.split()) >= 4:
                    sentences.append(sentence)
    return sentences


def load_material(seed: int) -> Material:
    terms: dict[str, tuple[str, ...]] = {}
    for path in sorted((ROOT / "rules" / "lexicons").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        terms[data["lexicon"]] = tuple(term for group in data["categories"].values() for term in group)
    with gzip.open(ROOT / "claimcheck" / "data" / "en_lemma_lookup.json.gz", "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    vocabulary = sorted(
        {word for pair in table.items() for word in pair if word.isalpha() and word.islower() and 3 <= len(word) <= 14}
    )
    random.Random(seed).shuffle(vocabulary)
    weights = [1.0 / (rank + 20) for rank in range(len(vocabulary))]
    return Material(tuple(_sentences_from_dev()), terms, tuple(vocabulary), tuple(itertools.accumulate(weights)))


class Writer:
    """Builds one document's sentences, paragraphs and markup."""

    def __init__(self, material: Material, rng: random.Random):
        self.m = material
        self.rng = rng

    def word(self) -> str:
        point = self.rng.random() * self.m.cumulative[-1]
        return self.m.words[bisect.bisect_left(self.m.cumulative, point)]

    def term(self, lexicon: str) -> str:
        return self.rng.choice(self.m.terms[lexicon])

    def sentence(self) -> str:
        rng = self.rng
        if rng.random() < 0.25:  # a sentence built from the lexicons
            pattern = rng.choice(
                [
                    "Our {therapies} can {effects} {conditions} in {n} weeks.",
                    "{Name} from {city} tried {therapies} for {conditions} and says the {word} {word2} is gone.",
                    "Researchers are still studying whether {therapies} helps {conditions}.",
                    "Ask your doctor about {therapies}, {word} and {word2} before you book.",
                    "The {word} clinic in {city} offers {therapies} for {conditions} and {conditions2}.",
                    "About {pct}% of {word} patients reported {word2} after {n} sessions.",
                ]
            )
            return pattern.format(
                therapies=self.term("therapies"), effects=self.term("effects"), conditions=self.term("conditions"),
                conditions2=self.term("conditions"), Name=rng.choice(FIRST_NAMES), city=rng.choice(CITIES),
                word=self.word(), word2=self.word(), n=rng.randint(2, 52), pct=rng.randint(5, 99),
            )  # fmt: skip
        words = rng.choice(self.m.sentences).split(" ")
        out = []
        for token in words:
            core = token.strip(".,;:!?()\"'")
            if len(core) >= 4 and core.isalpha() and core.islower() and core not in STOP and rng.random() < 0.22:
                token = token.replace(core, self.word(), 1)
            out.append(token)
        return " ".join(out)

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 6)))

    def title(self) -> str:
        name = "".join(self.rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        kind = self.rng.choice(["Clinic", "Institute", "Health", "Regenerative Center", "Wellness"])
        return f"{name} {kind}: {self.term('conditions')}"

    def heading(self) -> str:
        return f"{self.rng.choice(SECTION_WORDS)} {self.word()}"

    def references(self) -> list[str]:
        return [
            f"{self.rng.choice(FIRST_NAMES)} X, et al. {self.word().capitalize()} {self.word()} in {self.term('conditions')}. "
            f"doi:10.5555/{self.rng.randint(1000, 99999)}.{self.rng.randint(1, 999)}"
            for _ in range(self.rng.randint(1, 5))
        ]

    def blocks(self, target: int) -> list[tuple[str, object]]:
        """A document outline: ("h", text), ("p", text), ("ul", [items]) ... about `target` characters."""
        blocks: list[tuple[str, object]] = []
        size = 0
        while size < target:
            roll = self.rng.random()
            if roll < 0.15:
                block: tuple[str, object] = ("h", self.heading())
            elif roll < 0.3:
                block = ("ul", [self.sentence() for _ in range(self.rng.randint(2, 6))])
            else:
                block = ("p", self.paragraph())
            blocks.append(block)
            size += len(str(block[1]))
        if self.rng.random() < 0.3:
            blocks.append(("refs", self.references()))
        return blocks


def render_markdown(title: str, blocks: list[tuple[str, object]], rng: random.Random) -> str:
    out = [f'---\ntitle: "{title}"\n---\n', f"# {title}\n"]
    for kind, value in blocks:
        if kind == "h":
            out.append(f"## {value}\n")
        elif kind == "ul":
            out.append("\n".join(f"- {item}" for item in value) + "\n")  # type: ignore[union-attr]
        elif kind == "refs":
            out.append("## References\n\n" + "\n".join(f"{i}. {ref}" for i, ref in enumerate(value, 1)) + "\n")  # type: ignore[arg-type]
        else:
            text = str(value)
            if rng.random() < 0.2:
                words = text.split(" ")
                k = rng.randrange(len(words))
                words[k] = f"**{words[k]}**" if rng.random() < 0.5 else f"[{words[k]}](https://clinic.example/{words[k].lower()})"
                text = " ".join(words)
            out.append(text + "\n")
    return "\n".join(out)


def render_html(title: str, blocks: list[tuple[str, object]], rng: random.Random) -> str:
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        f'<html><head><title>{esc(title)}</title><meta name="description" content="{esc(title)}"></head><body>',
        '<nav><a href="/">Home</a> | <a href="/book">Book now</a></nav>',
        f"<main><h1>{esc(title)}</h1>",
    ]
    for kind, value in blocks:
        if kind == "h":
            out.append(f"<h2>{esc(str(value))}</h2>")
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{esc(item)}</li>" for item in value) + "</ul>")  # type: ignore[union-attr]
        elif kind == "refs":
            out.append("<h2>References</h2><ol>" + "".join(f"<li>{esc(ref)}</li>" for ref in value) + "</ol>")  # type: ignore[union-attr]
        else:
            text = esc(str(value)).replace(" and ", " &amp; ", 1) if rng.random() < 0.2 else esc(str(value))
            marker = f'<sup><a href="#ref{rng.randint(1, 5)}">{rng.randint(1, 5)}</a></sup>' if rng.random() < 0.1 else ""
            out.append(f"<p>{text}{marker}</p>")
    out.append("</main><script>var promo = 'cures everything';</script><footer>(c) clinic.example</footer></body></html>")
    return "\n".join(out) + "\n"


def render_text(title: str, blocks: list[tuple[str, object]], rng: random.Random) -> str:
    out = [title, ""]
    for kind, value in blocks:
        if kind == "ul":
            out.extend(f"* {item}" for item in value)  # type: ignore[union-attr]
        elif kind == "refs":
            out.append("References")
            out.extend(f"{i}. {ref}" for i, ref in enumerate(value, 1))  # type: ignore[arg-type]
        else:
            out.append(str(value))
        out.append("")
    return "\n".join(out)


RENDERERS = {".md": render_markdown, ".html": render_html, ".txt": render_text}


def generate(out: Path, files: int, min_bytes: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    material = load_material(seed)
    writer = Writer(material, rng)
    out.mkdir(parents=True, exist_ok=True)
    average = max(2000, min_bytes // files + 600)
    total = 0
    index = 0
    while index < files or total < min_bytes:  # at least `files` files and `min_bytes` bytes
        extension = rng.choices(list(RENDERERS), weights=[5, 3, 2])[0]
        # Sizes vary from a short post to a long article (log-uniform around the average).
        target = int(average * 2 ** rng.uniform(-2.5, 1.2))
        title = writer.title()
        text = RENDERERS[extension](title, writer.blocks(target), rng)
        folder = out / f"site{index % 7}"
        folder.mkdir(exist_ok=True)
        (folder / f"page{index:04d}{extension}").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
        index += 1
    return index, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="output folder (created; not committed)")
    parser.add_argument("--files", type=int, default=520)
    parser.add_argument("--min-bytes", type=int, default=5_200_000, help="approximate total size to reach")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    files, total = generate(args.out, args.files, args.min_bytes, args.seed)
    print(f"wrote {files} files, {total / 1e6:.2f} MB, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
