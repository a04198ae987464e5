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


_MAX_LINES = 8  # a span over more lines shows its first lines and says how many more


def _snippet(finding: Finding, original_lines: Sequence[str]) -> list[str]:
    """The span's lines, each with the part of the span on it underlined."""
    if finding.scope != "span" or not 0 < finding.line <= len(original_lines):
        return []
    out: list[str] = []
    last = min(finding.end_line, len(original_lines))
    if last > finding.line and finding.end_column == 1:
        last -= 1  # the span ends at a line break: nothing of it on the next line
    for number in range(finding.line, last + 1):
        if number - finding.line == _MAX_LINES:
            out.append(f"    … ({last - number + 1} more lines)")
            break
        line_text = original_lines[number - 1].expandtabs(1)
        start = finding.column - 1 if number == finding.line else len(line_text) - len(line_text.lstrip())
        end = finding.end_column - 1 if number == finding.end_line else len(line_text.rstrip())
        if number > finding.line and end <= start:
            continue
        shown, start, end = _excerpt(line_text, start, max(end, start + 1))
        out.extend(["    " + shown, "    " + " " * start + "^" * max(1, end - start)])
    return out


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
            original = split_cache.get(finding.path)
            if original is None:  # not setdefault: its argument would split the file for every finding
                original = split_cache[finding.path] = _LINE_BREAK.split(sources[finding.path])
            lines.extend(_snippet(finding, original))
        if finding.related:
            also = ", ".join(f"{other.rule} ({other.severity.label})" for other in finding.related)
            lines.append("    " + _paint("also flagged by: ", "2", colour) + also)
        if finding.suggestion and show_source:
            lines.append("    " + _paint("suggestion: ", "2", colour) + finding.suggestion)
    if summary is not None:
        lines.append(_summary_line(summary, len(findings)))
    return "\n".join(lines) + ("\n" if lines else "")


def _plural(count: object, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _summary_line(summary: Mapping[str, object], shown: int) -> str:
    """'3 claims flagged (2 errors, 1 warning, 0 info), 5 findings in all, in 1 file'."""
    claims = summary.get("claims", shown)
    every = summary.get("findings", claims)
    files = summary.get("files", 0)
    line = (
        f"{_plural(claims, 'claim')} flagged ({_plural(summary.get('errors', 0), 'error')}, "
        f"{_plural(summary.get('warnings', 0), 'warning')}, {summary.get('info', 0)} info), "
        f"{_plural(every, 'finding')} in all, in {_plural(files, 'file')}"
    )
    hidden = summary.get("hidden", 0)
    if hidden:
        line += f"; {hidden} below the minimum severity not shown (--min-severity info shows them)"
    return line
