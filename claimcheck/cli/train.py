"""`claimcheck train [CORPUS]`: train the learned claim detector from the annotated corpus.

One command rebuilds the shipped weights from the repository (fixed seeds, so the same
corpus gives the same model): by default it reads `train` and `dev`, never a heldout
split, and writes into the package's own `data/detector/` folder.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from claimcheck.errors import ClaimcheckError

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from claimcheck.linter import Linter
    from claimcheck.sources.base import Source


def _hash_length_option(name: str, default: int, whose: str, why: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A `--...-length` option: the hash-table length of one of the detector's bags of
    n-grams, refused unless a power of two (`_power_of_two`)."""
    return click.option(
        name,
        type=click.IntRange(min=1024),
        default=default,
        show_default=True,
        callback=lambda _ctx, _param, value: _power_of_two(value),
        help=f"Hash-table length of {whose} bag of n-grams (a power of two, at least 1024); {why}",
    )


@click.command(name="train")
@click.argument("corpus_dir", required=False, default="corpus", type=click.Path(file_okay=False))
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), default=None, help="Folder for the weights [default: the package's]."
)
@click.option(
    "--splits",
    default="train,dev",
    show_default=True,
    help="Comma-separated splits to learn from (heldout splits are refused).",
)
@click.option("--arch", type=click.Choice(["bow", "ensemble"]), default="bow", show_default=True, help="Sentence model.")
@click.option("--epochs", type=click.IntRange(min=1), default=None, help="Passes over the data [default: 12].")
@click.option("--folds", type=click.IntRange(min=2), default=None, help="Cross-validation folds for thresholds [default: 5].")
@click.option(
    "--folds-by",
    type=click.Choice(["writer", "document"]),
    default="writer",
    show_default=True,
    help="Cross-validation folds by writer's batch (thresholds for unseen writers) or by document.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=2, show_default=True, help="Folds trained at once.")
@click.option(
    "--overrule-low",
    is_flag=True,
    help="Overrule rule findings under the cross-validated P(claim) floor (off: recorded, not applied).",
)
@click.option(
    "--analysis/--no-analysis",
    default=True,
    show_default=True,
    help="Give the model the rules' analyzers' reading of each sentence (negation, hedges, reported speech, claim framing).",
)
@click.option(
    "--affixes/--no-affixes",
    default=False,
    show_default=True,
    help="Give the model the first and last letters of long words too, so other forms of a claim word are read alike.",
)
@click.option(
    "--therapy-split/--no-therapy-split",
    default=False,
    show_default=True,
    help="Read the words of a sentence that names no therapy and makes no claim the rules read apart from "
    "the same words in sentences about a therapy (needs --analysis).",
)
@click.option(
    "--min-documents",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Read a word met in fewer training documents than this as one rare-word token (0: every word as itself); "
    "the vocabulary is chosen per fold and written beside the weights.",
)
@click.option(
    "--previous",
    type=click.Choice(["all", "lead-ins"]),  # "lead-ins": features.LEAD_INS (not imported: CLI start-up)
    default="all",
    show_default=True,
    help="How much of the sentence before a unit the model reads: all of it, or only a lead-in ending with a colon.",
)
@click.option(
    "--kinds/--no-kinds",
    default=False,
    show_default=True,
    help="Train each category's score on the kind of claim a sentence makes or names, supported or not "
    "(whether it is unsupported is the claim score's job).",
)
@click.option(
    "--categories-on",
    type=click.Choice(["all", "claims"]),
    default="all",
    show_default=True,
    help="Which units teach the category scores: every unit, or only units inside an unsupported claim "
    "(the detector reports a category only over its claim gate).",
)
@click.option(
    "--claim-kinds/--no-claim-kinds",
    default=False,
    show_default=True,
    help="Train a claim-kind model too: one score per category learnt from unsupported claims alone, to name "
    "every kind of claim a sentence the detector reports makes.",
)
@click.option(
    "--claim-kinds-only",
    is_flag=True,
    help="Train only the claim-kind model, beside the weights already in --out (the package's by default), "
    "leaving the unit and register models and their thresholds as they are.",
)
@_hash_length_option("--register-length", 2**15, "the register classifier's", "longer, fewer words and bigrams share a row.")
@click.option(
    "--register-tail",
    type=click.IntRange(min=0, max=599),  # features.REGISTER_WORDS - 1 (not imported: CLI start-up)
    default=0,
    show_default=True,
    help="How many of the register classifier's 600 words come from the end of a longer document "
    "instead of its beginning (0: the first 600 words).",
)
@_hash_length_option("--kinds-length", 2**17, "the claim-kind model's", "each halving saves 4 MB of weights at the default.")
@click.option(
    "--errors",
    "errors_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write out-of-fold misses and false flags (JSON lines).",
)
@click.option(
    "--scores",
    "scores_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write every unit's out-of-fold scores, gold labels and rule hits (NumPy .npz), to try reporting policies.",
)
def train(
    corpus_dir: str,
    out_dir: str | None,
    splits: str,
    arch: str,
    epochs: int | None,
    folds: int | None,
    folds_by: str,
    jobs: int,
    errors_file: str | None,
    scores_file: str | None,
    overrule_low: bool,
    analysis: bool,
    affixes: bool,
    therapy_split: bool,
    min_documents: int,
    previous: str,
    kinds: bool,
    categories_on: str,
    claim_kinds: bool,
    claim_kinds_only: bool,
    register_length: int,
    register_tail: int,
    kinds_length: int,
) -> None:
    """Train the claim detector; thresholds are chosen by cross-validation on the same splits."""
    from dataclasses import replace

    from claimcheck.api import build_linter
    from claimcheck.config import Settings
    from claimcheck.config.settings import ModelSettings
    from claimcheck.detector.model import DEFAULT_DIR
    from claimcheck.detector.training import TrainSettings, train_claim_kinds, train_detector

    chosen = tuple(name.strip() for name in splits.split(",") if name.strip())
    frozen = [name for name in chosen if name.startswith("heldout")]
    if frozen:
        raise click.UsageError(f"{', '.join(frozen)}: heldout splits measure the model and are never trained on")
    if not Path(corpus_dir).is_dir():
        raise ClaimcheckError(f"corpus folder {corpus_dir!r} not found")
    settings = TrainSettings(
        architecture=arch,
        jobs=jobs,
        folds_by=folds_by,
        overrule_low=overrule_low,
        analysis=analysis,
        affixes=affixes,
        therapy_split=therapy_split,
        min_documents=min_documents,
        previous=previous,
        kinds=kinds,
        categories_on=categories_on,
        claim_kinds=claim_kinds,
        register_length=register_length,
        register_tail=register_tail,
        kinds_length=kinds_length,
    )
    if epochs:
        settings = replace(settings, epochs=epochs)
    if folds:
        settings = replace(settings, folds=folds)
    started = time.monotonic()

    def progress(message: str) -> None:
        click.echo(f"[{time.monotonic() - started:6.0f}s] {message}", err=True)

    # The rules alone, with the built-in packs: training reads each document as `check`
    # does, and sees where the rules report claims (for the combined thresholds).
    rules_only = build_linter(Settings(model=ModelSettings(enabled=False)))

    def analyse(source: Source) -> Doc:
        return next(rules_only.analyse([source]))[1]

    if claim_kinds_only:
        target = Path(out_dir) if out_dir else DEFAULT_DIR
        thresholds = train_claim_kinds(Path(corpus_dir), target, analyse, chosen, settings, progress)
        click.echo(f"claim-kind model and thresholds added to {target}")
        click.echo("claim kind        P     R    F1   threshold   (cross-validated among unsupported claims)")
        for name, row in thresholds["cross_validation"]["per_claim_kind"].items():
            threshold = thresholds["claim_kinds"][name]
            click.echo(f"{name:<15} {row['precision']:>5.2f} {row['recall']:>5.2f} {row['f1']:>5.2f}   {threshold:.2f}")
        return
    report = train_detector(
        Path(corpus_dir),
        Path(out_dir) if out_dir else DEFAULT_DIR,
        analyse,
        chosen,
        settings,
        progress,
        rule_hits_for_training(rules_only),
    )
    cv = report.thresholds["cross_validation"]
    click.echo(
        f"trained on {report.documents} documents, {report.units} units ({report.claims} claims, {report.careful} careful)"
    )
    click.echo(f"weights and thresholds: {report.out_dir}")
    claim = cv["claim"]
    click.echo(
        f"cross-validated claim detection: P {claim['precision']:.2f} R {claim['recall']:.2f} F1 {claim['f1']:.2f}; "
        f"register accuracy {cv['register_accuracy']:.2f}"
    )
    click.echo("category          gold     P     R    F1   threshold")
    for name, row in cv["per_category"].items():
        threshold = report.thresholds["categories"][name]
        click.echo(
            f"{name:<16} {row['gold']:>5} {row['precision']:>5.2f} {row['recall']:>5.2f} {row['f1']:>5.2f}   {threshold:.2f}"
        )
    own_words = cv.get("own_words")
    if own_words:
        never, chosen_row = own_words["never"], own_words["chosen"]
        click.echo(
            f"own-words floor {report.thresholds['own_claim_from']:.2f}: combined P/R/F1 "
            f"{never['precision']:.3f}/{never['recall']:.3f}/{never['f1']:.3f} without it, "
            f"{chosen_row['precision']:.3f}/{chosen_row['recall']:.3f}/{chosen_row['f1']:.3f} with it "
            f"({chosen_row['withheld']} units withheld)"
        )
    if errors_file and report.cross_validation is not None:
        rows = report.cross_validation.disagreements(report.thresholds["claim_from"])
        with open(errors_file, "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        click.echo(f"{len(rows)} out-of-fold disagreements: {errors_file}")
    if scores_file and report.cross_validation is not None:
        report.cross_validation.save(Path(scores_file))
        click.echo(f"out-of-fold scores of {len(report.cross_validation.units)} units: {scores_file}")


def _power_of_two(value: int) -> int:
    """`--register-length`, `--kinds-length`: spaCy's bag of n-grams takes any length, but the settings
    measured and recorded are powers of two."""
    if value & (value - 1):
        raise click.BadParameter(f"{value} is not a power of two (e.g. {2**15} or {2**17})")
    return value


def rule_hits_for_training(linter: Linter) -> Callable[[Doc], list[tuple[int, int]]]:
    """Where the rules report a claim the detector may overrule (warning or error, on a
    span): what training simulates the combined system with."""
    from claimcheck.checks.arbiter import DetectorMap
    from claimcheck.checks.base import DOCUMENT
    from claimcheck.nlp.lexicons import builtin_rules_dir
    from claimcheck.severity import Severity

    overrulable = DetectorMap.load(builtin_rules_dir() / "data" / "detector.yml").overrulable

    def ranges(doc: Doc) -> list[tuple[int, int]]:
        return [
            (hit.start, hit.end)
            for hit in linter.hits(doc)
            if hit.scope != DOCUMENT and hit.rule.id in overrulable and (hit.severity or hit.rule.severity) >= Severity.WARNING
        ]

    return ranges


command = train
