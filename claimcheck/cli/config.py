"""`claimcheck config [PATH]`: the settings a check of PATH would use, and where each
value came from."""

from __future__ import annotations

import json
from typing import Any

import click

from claimcheck.cli.common import FAIL_LEVELS, config_option, settings_from_options


def resolved(settings: Any) -> dict[str, dict[str, Any]]:
    """Every setting's value (JSON-ready) and where it came from."""
    from claimcheck.config import SETTING_KEYS

    result = {}
    for key in SETTING_KEYS:
        value = getattr(settings, key)
        if key == "overrides":
            value = [override.to_dict() for override in value]
        elif key == "model":
            value = value.to_config()
        elif isinstance(value, tuple):
            value = list(value)
        result[key] = {"value": value, "source": settings.source_of(key)}
    return result


@click.command(name="config")
@click.argument("path", default=".", type=click.Path())
@config_option("Config file (default: found from PATH upwards).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default=None)
@click.option("--pipeline", default=None)
@click.option("--disable", multiple=True)
@click.option("--enable", multiple=True)
def config_command(
    path: str,
    config: str | None,
    output_format: str,
    fail_on: str | None,
    pipeline: str | None,
    disable: tuple[str, ...],
    enable: tuple[str, ...],
) -> None:
    """Print the settings a check of PATH would use, and where each value came from."""
    from claimcheck.api import all_rules

    settings = settings_from_options(config, pipeline, fail_on, disable, enable, [path])
    all_rules(settings)  # the same validation a check does: every rule pattern must match a rule
    values = resolved(settings)
    if output_format == "json":
        click.echo(json.dumps({"files": list(settings.config_files), "settings": values}, indent=2))
        return
    files = ", ".join(settings.config_files) or "none (defaults)"
    click.echo(f"# config files: {files}")
    width = max(len(f"{key}: {json.dumps(item['value'])}") for key, item in values.items())
    for key, item in values.items():
        line = f"{key}: {json.dumps(item['value'])}" if item["value"] is not None else f"# {key}: (not set)"
        click.echo(f"{line:<{width}}  # {item['source']}")


command = config_command
