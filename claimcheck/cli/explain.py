"""`claimcheck explain RULE`: a rule's rationale, authority, suggestion and examples."""

from __future__ import annotations

import click

from claimcheck.cli.common import config_option, settings_from_options
from claimcheck.errors import ClaimcheckError


@click.command(name="explain")
@click.argument("rule_id")
@config_option("Config file whose packs apply.")
def explain(rule_id: str, config: str | None) -> None:
    """Show a rule's rationale, authority, suggestion and examples."""
    from claimcheck.api import all_rules

    settings = settings_from_options(config, None, None, (), ())
    rules = {rule.id: rule for rule in all_rules(settings)}
    if rule_id not in rules:
        close = [known for known in rules if rule_id.split("/")[-1] in known]
        hint = f" (did you mean {', '.join(close)}?)" if close else " (see 'claimcheck rules')"
        raise ClaimcheckError(f"unknown rule {rule_id!r}{hint}")
    rule = rules[rule_id]
    click.echo(f"{rule.id}  [{rule.severity.label}, kind: {rule.kind}, category: {rule.category}]\n")
    click.echo("Why:\n  " + rule.rationale.replace("\n", "\n  ") + "\n")
    click.echo(f"Authority:\n  {rule.authority}" + (f"\n  {rule.authority_url}" if rule.authority_url else "") + "\n")
    if rule.suggestion:
        click.echo(f"Suggestion:\n  {rule.suggestion}\n")
    if rule.fix:
        from claimcheck.fixes import describe_fix

        if rule.fix.get("unsafe"):
            click.echo(f"Unsafe fix (review the wording; applied by 'check --fix --unsafe-fixes'):\n  {describe_fix(rule.fix)}\n")
        else:
            click.echo(f"Safe fix (applied by 'check --fix'):\n  {describe_fix(rule.fix)}\n")
    if rule.examples.flag:
        click.echo("Flagged:\n" + "\n".join(f"  - {text}" for text in rule.examples.flag) + "\n")
    if rule.examples.accept:
        click.echo("Not flagged:\n" + "\n".join(f"  - {text}" for text in rule.examples.accept))
    click.echo(f"\nDefined in {rule.origin}")


command = explain
