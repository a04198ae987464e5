"""`claimcheck claims PATH...`: the claims inventory as a table, CSV or JSON."""

from __future__ import annotations

import sys

import click

from claimcheck.cli.common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_INTERNAL,
    cache_option,
    config_option,
    echo_notices,
    emit,
    evidence_options,
    input_format_option,
    model_option,
    output_option,
    raw_csv_option,
    require_files,
    settings_from_options,
)


@click.command(name="claims")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@config_option("Config file (default: nearest .claimcheck.yaml).")
@click.option("--pipeline", default=None, help="spaCy pipeline: 'blank' (default) or an installed trained pipeline.")
@evidence_options
@input_format_option
@model_option
@cache_option
@output_option("Write to a file.")
@raw_csv_option
def claims(
    paths: tuple[str, ...],
    output_format: str,
    config: str | None,
    pipeline: str | None,
    claims_library: str | None,
    publisher_domain: tuple[str, ...],
    bibliography: str | None,
    input_format: str | None,
    no_model: bool,
    no_cache: bool,
    output: str | None,
    raw_csv: bool,
) -> None:
    """List every claim with its location, status, citations and library match."""
    from claimcheck import api
    from claimcheck.inventory import FORMATS, to_csv

    require_files(claims_library, bibliography)
    settings = settings_from_options(config, pipeline, None, (), (), no_model=no_model, no_cache=no_cache)
    linter = api.build_linter(
        settings, claims_library=claims_library, publisher_domains=publisher_domain, bibliography=bibliography
    )
    records, notices = api.claims_inventory(list(paths), linter=linter, settings=settings, format=input_format)
    echo_notices(notices)
    emit(to_csv(records, raw=raw_csv) if output_format == "csv" else FORMATS[output_format](records), output)
    if any(notice.internal for notice in notices):
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_ERROR if any(notice.error for notice in notices) else EXIT_CLEAN)


command = claims
