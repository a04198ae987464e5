"""GitHub Actions workflow commands: one annotation per finding on the pull request.

Escaping follows the runner's command parser (actions/toolkit `command.ts`): in the
message, % CR LF become %25 %0D %0A; in properties, also : and , become %3A and %2C.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import PurePath

from claimcheck.findings import Finding
from claimcheck.severity import Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workspace_path(path: str, base_dir: str | None) -> str:
    """GitHub attaches annotations by path relative to the workspace (the working directory)."""
    if base_dir is not None and not path.startswith("<"):
        relative = os.path.relpath(os.path.abspath(path), base_dir)
        if not relative.startswith(os.pardir):
            return PurePath(relative).as_posix()
    return path.replace("\\", "/")


def command_for(finding: Finding, failing: Callable[[Finding], bool] | None = None) -> str:
    """`error` for a finding that fails the run (`failing`, from the fail level), else
    `warning` or `notice` by severity; without `failing`, by severity alone."""
    if failing is None:
        return COMMANDS[finding.severity]
    if failing(finding):
        return "error"
    return "warning" if finding.severity >= Severity.WARNING else "notice"


def annotation(finding: Finding, base_dir: str | None = None, failing: Callable[[Finding], bool] | None = None) -> str:
    properties = [("file", workspace_path(finding.path, base_dir)), ("line", str(finding.line))]
    if finding.scope == "span":
        properties += [
            ("col", str(finding.column)),
            ("endLine", str(finding.end_line)),
            ("endColumn", str(finding.end_column)),
        ]
    properties.append(("title", finding.rule))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    command = command_for(finding, failing)
    message = finding.message
    if command != COMMANDS[finding.severity]:  # graded by the fail level: say the rule's own severity
        message += f" ({finding.severity.label})"
    if finding.related:
        message += "\nAlso flagged by: " + ", ".join(finding.related_rules)
    if finding.suggestion:
        message += f"\n\nSuggestion: {finding.suggestion}"
    return f"::{command} {rendered}::{escape_data(message)}"


def format_github(
    findings: Sequence[Finding],
    *,
    base_dir: str | None = None,
    failing: Callable[[Finding], bool] | None = None,
    **_: object,
) -> str:
    return "".join(annotation(finding, base_dir, failing) + "\n" for finding in findings)
