"""`claimcheck eval [CORPUS]`: score the linter against the annotated corpus."""

from __future__ import annotations

from pathlib import Path

import click

from claimcheck.cli.common import config_option, settings_from_options
from claimcheck.errors import ClaimcheckError


@click.command(name="eval")
@click.argument("corpus_dir", required=False, default="corpus", type=click.Path(file_okay=False))
@click.option("--split", type=click.Choice(["dev", "heldout", "all"]), default="heldout", show_default=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--examples", default=10, show_default=True, type=click.IntRange(min=0), help="Errors listed per worst category.")
@click.option("--show-heldout-errors", is_flag=True, help="Also list heldout errors (never while tuning rules).")
@config_option("Config file whose packs and overrides apply.")
def evaluate(
    corpus_dir: str, split: str, output_format: str, examples: int, show_heldout_errors: bool, config: str | None
) -> None:
    """Score the linter against the annotated corpus (precision, recall, F1)."""
    from claimcheck import api
    from claimcheck.evaluation import evaluate as run_evaluation
    from claimcheck.evaluation import format_evaluation_json, format_evaluation_text

    if not Path(corpus_dir).is_dir():
        raise ClaimcheckError(f"corpus folder {corpus_dir!r} not found")
    settings = settings_from_options(config, None, None, (), ())
    result = run_evaluation(Path(corpus_dir), api.build_linter(settings), split)
    if output_format == "json":
        click.echo(format_evaluation_json(result, show_heldout_errors=show_heldout_errors), nl=False)
    else:
        click.echo(format_evaluation_text(result, examples=examples, show_heldout_errors=show_heldout_errors), nl=False)


command = evaluate
