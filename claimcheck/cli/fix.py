"""`check --fix` / `--diff`: plan the rewrites, then show them or write them.

A helper of the `check` command, not a command; uses only the API, `fixes` and
`cli.fixio`.  Fixing checks each fixed text again (until it is stable), so the report shows what is
left, not what was fixed.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import click

from claimcheck.cli.fixio import unified_diff, write_fixed
from claimcheck.errors import ClaimcheckError
from claimcheck.filters.grouping import expand
from claimcheck.findings import Finding
from claimcheck.fixes import Edit, fixes_of, plan_edits, plan_fixes
from claimcheck.linter import Linter


@dataclass(frozen=True)
class FixOutcome:
    findings: list[Finding]
    texts: dict[str, str]
    changed: int
    failed: int


def _describe(edits: Sequence[Edit]) -> str:
    counts = Counter(edit.rule for edit in edits)
    return ", ".join(f"{rule} x{count}" for rule, count in sorted(counts.items()))


def run_fixes(
    findings: Sequence[Finding],
    texts: Mapping[str, str],
    linter: Linter,
    fmt: str | None,
    stdin_name: str | None,
    *,
    write: bool,
    unsafe: bool = False,
) -> FixOutcome:
    from claimcheck import api

    def find(path: str, text: str) -> list[Finding]:
        return api.check_text(text, path=path, format=fmt, linter=linter)

    # Findings folded into another (one per claim) may carry fixes of their own.
    every = expand(findings)
    plans = plan_fixes(every, texts, linter.rules, find, unsafe=unsafe)
    if not unsafe:
        every_fix = fixes_of(linter.rules, unsafe=True)
        held = {rule: fix for rule, fix in every_fix.items() if fix.get("unsafe")}
        waiting = sum(
            len(plan_edits(text, [finding for finding in every if finding.path == path], held))
            for path, text in texts.items()
            if any(finding.path == path and finding.rule in held for finding in every)
        )
        if waiting:
            click.echo(
                f"claimcheck: {waiting} more change{'s' if waiting != 1 else ''} available with --unsafe-fixes"
                " (they may change what the copy says: review them with --diff --unsafe-fixes)",
                err=True,
            )
    new_texts = dict(texts)
    if not write:  # show the diff; the findings left are those the fixed texts would have
        for plan in plans:
            click.echo(unified_diff(plan.path, plan.original, plan.fixed), nl=False)
            new_texts[plan.path] = plan.fixed
        planned = {plan.path for plan in plans}
        left = [finding for finding in findings if finding.path not in planned]
        left.extend(finding for plan in plans for finding in plan.remaining)
        return FixOutcome(left, new_texts, len(plans), 0)
    fixed_paths: set[str] = set()
    failed = 0
    for plan in plans:
        if plan.path != stdin_name:
            try:
                write_fixed(plan.path, plan.original, plan.fixed)
            except (OSError, ClaimcheckError) as problem:
                failed += 1
                reason = getattr(problem, "strerror", None) or problem
                click.echo(f"claimcheck: error: {plan.path}: not fixed ({reason})", err=True)
                continue
        count = len(plan.edits)
        changes = f"{count} change{'s' if count != 1 else ''}"
        click.echo(f"claimcheck: fixed {plan.path}: {changes} ({_describe(plan.edits)})", err=True)
        new_texts[plan.path] = plan.fixed
        fixed_paths.add(plan.path)
    remaining = [finding for finding in findings if finding.path not in fixed_paths]
    remaining.extend(finding for plan in plans if plan.path in fixed_paths for finding in plan.remaining)
    if stdin_name is not None and stdin_name in new_texts:
        sys.stdout.write(new_texts[stdin_name])
        sys.stdout.flush()
    return FixOutcome(remaining, new_texts, len(plans), failed)
