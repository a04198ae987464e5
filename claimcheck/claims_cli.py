"""`claimcheck claims PATH...`: the claims inventory as a table, CSV or JSON.

Kept out of cli.py so the main command module stays a thin shell; it reuses the
same settings loading and error handling (it is registered on the same group).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from claimcheck.errors import ClaimcheckError


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
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Config file (default: nearest .claimcheck.yaml).")
@click.option("--pipeline", default=None, help="spaCy pipeline: 'blank' (default) or an installed trained pipeline.")
@click.option("--claims-library", type=click.Path(dir_okay=False), default=None, help="Approved-claims library (YAML).")
@click.option("--publisher-domain", multiple=True, help="The publisher's domain; links there are self-references (repeatable).")
@click.option("--bibliography", type=click.Path(dir_okay=False), default=None, help="BibTeX (.bib) or CSL-JSON references file.")
@click.option(
    "--input-format",
    type=click.Choice(["text", "markdown", "html", "docx"]),
    default=None,
    help="Read every input as this format instead of choosing by extension.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None, help="Write to a file.")
def claims(
    paths: tuple[str, ...],
    output_format: str,
    config: str | None,
    pipeline: str | None,
    claims_library: str | None,
    publisher_domain: tuple[str, ...],
    bibliography: str | None,
    input_format: str | None,
    output: str | None,
) -> None:
    """List every claim with its location, status, citations and library match."""
    from claimcheck import api
    from claimcheck.cli import EXIT_CLEAN, EXIT_ERROR, _settings, echo_notices, emit
    from claimcheck.inventory import FORMATS

    for given in (claims_library, bibliography):
        if given and not Path(given).is_file():
            raise ClaimcheckError(f"{given}: file not found")
    settings = _settings(config, pipeline, None, (), ())
    linter = api.build_linter(
        settings, claims_library=claims_library, publisher_domains=publisher_domain, bibliography=bibliography
    )
    records, notices = api.claims_inventory(list(paths), linter=linter, settings=settings, format=input_format)
    echo_notices(notices)
    emit(FORMATS[output_format](records), output)
    sys.exit(EXIT_ERROR if any(notice.error for notice in notices) else EXIT_CLEAN)
