"""`claimcheck eval [CORPUS]`: score the linter against the annotated corpus."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

from claimcheck.cli.common import config_option, model_option, settings_from_options
from claimcheck.errors import ClaimcheckError

MODES = ("rules", "model", "combined")


@click.command(name="eval")
@click.argument("corpus_dir", required=False, default="corpus", type=click.Path(file_okay=False))
@click.option(
    "--split",
    # gold.SPLITS, not imported (the evaluation package is loaded only when eval runs)
    type=click.Choice(["train", "dev", "citations", "heldout", "heldout2", "heldout3", "heldout4", "all"]),
    default="heldout",
    show_default=True,
    help=(
        "'all' is dev, citations and every heldout split; train is what the detector learned from; "
        "citations is development copy for citation fit and product status (the detector does not "
        "learn from it); heldout3 and heldout4 measure them."
    ),
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--examples", default=10, show_default=True, type=click.IntRange(min=0), help="Errors listed per worst category.")
@click.option("--show-heldout-errors", is_flag=True, help="Also list heldout errors (never while tuning rules).")
@click.option(
    "--compare", is_flag=True, help="Score rules only, the detector only and both combined, side by side, per category."
)
@model_option
@config_option("Config file whose packs and overrides apply.")
def evaluate(
    corpus_dir: str,
    split: str,
    output_format: str,
    examples: int,
    show_heldout_errors: bool,
    compare: bool,
    no_model: bool,
    config: str | None,
) -> None:
    """Score the linter against the annotated corpus (precision, recall, F1)."""
    from claimcheck import api
    from claimcheck.evaluation import evaluate as run_evaluation
    from claimcheck.evaluation import format_evaluation_json, format_evaluation_text
    from claimcheck.evaluation.report import format_comparison_text

    if not Path(corpus_dir).is_dir():
        raise ClaimcheckError(f"corpus folder {corpus_dir!r} not found")
    settings = settings_from_options(config, None, None, (), (), no_model=no_model)
    if compare:
        if not settings.model.enabled:
            raise click.UsageError("--compare measures the detector too: drop --no-model (or 'model: false')")
        results = {
            mode: run_evaluation(
                Path(corpus_dir), api.build_linter(replace(settings, model=replace(settings.model, mode=mode))), split
            )
            for mode in MODES
        }
        if output_format == "json":
            data = {mode: json.loads(format_evaluation_json(result)) for mode, result in results.items()}
            click.echo(json.dumps(data, indent=2))
        else:
            click.echo(format_comparison_text(results), nl=False)
        return
    result = run_evaluation(Path(corpus_dir), api.build_linter(settings), split, all_findings=settings.all_findings)
    if output_format == "json":
        click.echo(format_evaluation_json(result, show_heldout_errors=show_heldout_errors), nl=False)
    else:
        click.echo(format_evaluation_text(result, examples=examples, show_heldout_errors=show_heldout_errors), nl=False)


command = evaluate
