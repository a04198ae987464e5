"""`claimcheck init [FOLDER]`: write a commented starter config."""

from __future__ import annotations

from pathlib import Path

import click

from claimcheck.errors import ClaimcheckError

STARTER_NAME = ".claimcheck.yaml"

STARTER = """\
# claimcheck configuration (README: "Configuration and suppressions").
# Found by claimcheck in the checked path's folder or the nearest parent. Every key is
# optional; the values below are the defaults. `claimcheck config` shows what is in effect.

# Rule packs: built-in names or folders of YAML rules (relative to this file).
packs: [stemcell]

# Another config file whose values this one extends (mappings merge, this file wins).
# extends: ../shared/claimcheck.yaml

# Rules to turn off or on, by id or glob ('claimcheck rules' lists them).
disable: []
enable: []
# disable: ["marketing/*"]

# Re-grade rules: error | warning | info.
severity: {}
# severity: {"evidence/*": error}

# Exit code 1 when a finding is at or above this level: error | warning | info | never.
fail_on: warning

# Lowest severity reported (default: warning in text output, info in the others;
# findings that fail the run are always shown).
# min_severity: info

# One finding per claim: the most severe, naming the other rules that flagged it.
# true reports every finding on its own (like --all-findings).
all_findings: false

# Output format of 'claimcheck check' when --format is not given.
format: text

# Options merged into a rule's own YAML options (checked against the rule kind's schema).
rule_options: {}
# rule_options:
#   marketing/hype: {terms: [miracle, breakthrough]}

# Later sentences of a paragraph whose citation also covers a claim (0 = same sentence).
citation_window: 0

# Extra lexicon terms: {lexicon: {category: [terms]}}.
extra_terms: {}
# extra_terms: {therapies: {exosome: ["vesicle serum"]}}

# Files to check inside folders (globs; empty = every supported file) and to skip.
include: []
exclude: []
# exclude: ["drafts/*", "*.old.md"]

# Per-path changes, applied to findings after the checks (globs relative to this file).
overrides: []
# overrides:
#   - paths: ["blog/**"]
#     disable: ["document/no-disclaimer"]
#     severity: {"marketing/*": info}
#     fail_on: error

# spaCy pipeline: blank (no model needed) or an installed trained pipeline.
pipeline: blank

# Library of reviewed claims (a file, relative to this one).
# claims_library: claims.yml
"""


@click.command(name="init")
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing config file.")
def init_command(folder: str, force: bool) -> None:
    """Write a commented starter .claimcheck.yaml in FOLDER (default: here)."""
    target = Path(folder) / STARTER_NAME
    existing = [path for path in (target, Path(folder) / ".claimcheck.yml") if path.exists()]
    if existing and not force:
        raise ClaimcheckError(f"{existing[0]} already exists (use --force to overwrite)")
    try:
        target.write_text(STARTER, encoding="utf-8")
    except OSError as problem:
        raise ClaimcheckError(f"cannot write {target}: {problem.strerror or problem}") from None
    click.echo(f"wrote {target}")


command = init_command
