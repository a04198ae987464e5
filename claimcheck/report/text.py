"""Readable terminal output: location, severity, rule and message, the source line
with the span underlined, and the suggestion."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from claimcheck.findings import Finding
from claimcheck.severity import Severity

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_WIDTH = 100
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the same breaks LineIndex counts


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _excerpt(line_text: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line to a window around [start, end) (0-based columns)."""
    if len(line_text) <= _WIDTH:
        return line_text, start, end
    left = max(0, min(start - 20, len(line_text) - _WIDTH))
    right = min(len(line_text), max(left + _WIDTH, start + 1))
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line_text) else ""
    shift = left - len(prefix)
    return prefix + line_text[left:right] + suffix, start - shift, min(end, right) - shift


def _snippet(finding: Finding, original_lines: Sequence[str]) -> list[str]:
    if finding.scope != "span" or not 0 < finding.line <= len(original_lines):
        return []
    line_text = original_lines[finding.line - 1].expandtabs(1)
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line_text)
    shown, start, end = _excerpt(line_text, finding.column - 1, max(end, finding.column))
    return ["    " + shown, "    " + " " * start + "^" * max(1, end - start)]


def _location(finding: Finding) -> str:
    """path:line:column; a Word file has no lines, so say what they stand for there."""
    where = f"{finding.path}:{finding.line}:{finding.column}"
    if finding.path.lower().endswith(".docx"):
        where += f" (paragraph {finding.line}, character {finding.column})"
    return where


def format_text(
    findings: Sequence[Finding],
    *,
    sources: Mapping[str, str] | None = None,
    colour: bool = False,
    summary: Mapping[str, object] | None = None,
    show_source: bool = True,
    **_: object,
) -> str:
    lines: list[str] = []
    split_cache: dict[str, list[str]] = {}
    for finding in findings:
        label = _paint(finding.severity.label, _COLOURS[finding.severity], colour)
        rule = _paint(finding.rule, "1", colour)
        lines.append(f"{_location(finding)}: {label} {rule} {finding.message}")
        if show_source and sources and finding.path in sources:
            original = split_cache.setdefault(finding.path, _LINE_BREAK.split(sources[finding.path]))
            lines.extend(_snippet(finding, original))
        if finding.suggestion and show_source:
            lines.append("    " + _paint("suggestion: ", "2", colour) + finding.suggestion)
    if summary is not None:
        count = summary.get("findings", len(findings))
        lines.append(
            f"{count} finding{'s' if count != 1 else ''} "
            f"({summary.get('errors', 0)} errors, {summary.get('warnings', 0)} warnings, {summary.get('info', 0)} info) "
            f"in {summary.get('files', 0)} file{'s' if summary.get('files', 0) != 1 else ''}"
        )
    return "\n".join(lines) + ("\n" if lines else "")
