"""GitHub Actions workflow commands: one annotation per finding on the pull request.

Escaping follows the runner's command parser (actions/toolkit `command.ts`): in the
message, % CR LF become %25 %0D %0A; in properties, also : and , become %3A and %2C.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimcheck.findings import Finding, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = [("file", finding.path.replace("\\", "/")), ("line", str(finding.line))]
    if finding.scope == "span":
        properties += [
            ("col", str(finding.column)),
            ("endLine", str(finding.end_line)),
            ("endColumn", str(finding.end_column)),
        ]
    properties.append(("title", finding.rule))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = finding.message + (f"\n\nSuggestion: {finding.suggestion}" if finding.suggestion else "")
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


def format_github(findings: Sequence[Finding], **_: object) -> str:
    return "".join(annotation(finding) + "\n" for finding in findings)
