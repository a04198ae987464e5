"""`claimcheck rules`: list the rules with their severity and what each flags."""

from __future__ import annotations

import click

from claimcheck.cli.common import config_option, settings_from_options


@click.command(name="rules")
@config_option("Config file whose packs and overrides apply.")
def list_rules(config: str | None) -> None:
    """List the rules with their severity and what each flags."""
    from claimcheck.api import all_rules

    settings = settings_from_options(config, None, None, (), ())
    for rule in all_rules(settings):
        state = "" if rule.enabled else " (disabled)"
        click.echo(f"{rule.id:<40} {rule.severity.label:<8} {rule.summary}{state}")


command = list_rules
