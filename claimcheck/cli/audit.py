"""`claimcheck audit INPUT... --out DIR`: check web crawls and saved pages on Dask.

Exit codes: 0 the audit finished (findings and per-record errors are in the tables);
2 usage, input, configuration or output-folder error; 3 internal error.
"""

from __future__ import annotations

import sys
from functools import partial

import click

from claimcheck.cli.common import config_option, model_option, settings_from_options
from claimcheck.errors import ClaimcheckError

MISSING_EXTRA = 'claimcheck audit needs the audit extra: pip install "claimcheck[audit]" ({problem})'


@click.command(name="audit")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out", "out", required=True, metavar="DIR", help="Folder for the tables (new, empty, or an earlier run to resume)."
)
@click.option(
    "--scheduler", metavar="ADDRESS", default=None, help="Use this Dask scheduler (tcp://host:8786) instead of a local cluster."
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Worker processes of the local cluster [default: one per core]."
)
@click.option(
    "--pages-per-partition",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Pages per task (a task never spans two WARC files).",
)
@config_option("Config file (default: the nearest one above the current folder).")
@click.option("--disable", multiple=True, help="Disable a rule id or glob (repeatable).")
@click.option("--enable", multiple=True, help="Enable a rule id or glob (repeatable).")
@model_option
def audit(
    inputs: tuple[str, ...],
    out: str,
    scheduler: str | None,
    workers: int | None,
    pages_per_partition: int,
    config: str | None,
    disable: tuple[str, ...],
    enable: tuple[str, ...],
    no_model: bool,
) -> None:
    """Check WARC / WARC.gz crawls and folders of saved pages into Parquet tables under DIR."""
    try:
        from claimcheck.audit.run import run_audit
    except ImportError as problem:
        raise ClaimcheckError(MISSING_EXTRA.format(problem=problem)) from None
    from claimcheck import api
    from claimcheck.progress import terminal_progress

    if scheduler and workers:
        raise click.UsageError("--workers sizes the local cluster; with --scheduler the cluster has its own workers")

    settings = settings_from_options(config, None, None, disable, enable, (".",), no_model)
    api.all_rules(settings)  # rule and config errors surface here, before a cluster starts
    result = run_audit(
        inputs,
        out,
        recipe=partial(api.build_linter, settings),
        settings=settings,
        pages_per_partition=pages_per_partition,
        scheduler=scheduler,
        workers=workers,
        progress=terminal_progress(sys.stderr),
    )
    if result.resumed:
        click.echo(f"resumed: {result.resumed} of {result.partitions} partitions were already done")
    click.echo(
        f"audited {result.pages} pages on {result.sites} sites: {result.findings} findings, "
        f"{result.errors} record{'' if result.errors == 1 else 's'} not readable (see errors)"
    )
    if result.skips:
        click.echo("skipped: " + ", ".join(f"{reason} {count}" for reason, count in result.skips.items()))
    click.echo(f"tables: {result.out}/findings, pages, sites, errors (Parquet); sites ranked: {result.out}/report.html")


command = audit
