"""Inline suppressions: comments in the checked file that drop findings of named rules.

    <!-- claimcheck-disable rule-id, other/* -- reason -->   ... up to
    <!-- claimcheck-enable [rule-id] -->                      (or the end of the file)
    <!-- claimcheck-disable-next-line rule-id -->             the next line with text
    <!-- claimcheck-disable-line rule-id -->                  the line(s) of the comment
    <!-- claimcheck-disable-file rule-id -->                  the whole file
No rule id means every rule.  Plain text writes the same in square brackets,
`[claimcheck-disable-next-line rule-id]`, or as a line `# claimcheck-...`; the text
reader keeps those out of the prose.  Findings about the whole document (at 1:1) are
only dropped by `disable-file`.  A suppression that drops nothing, or names a rule id
that does not exist, is itself reported, so stale ones are found.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from claimcheck.checks.base import DOCUMENT
from claimcheck.checks.model import Rule
from claimcheck.findings import Finding, finding_at
from claimcheck.schema import rule_suggestion
from claimcheck.severity import Severity
from claimcheck.sources.base import Comment, LineIndex, Source

UNUSED = "claimcheck/unused-suppression"
UNKNOWN = "claimcheck/unknown-rule"

_AUTHORITY = "claimcheck: inline suppressions (README, 'Configuration and suppressions')"
META_RULES: tuple[Rule, ...] = (
    Rule(
        id=UNUSED,
        kind="suppression",
        severity=Severity.INFO,
        message="Suppression matches no finding.",
        category="suppression",
        flags="An inline suppression comment that matches no finding (stale, or too broad).",
        rationale="A suppression comment that no longer matches a finding hides nothing today, but would silently hide "
        "a new problem written later in its range. Stale suppressions should be removed.",
        authority=_AUTHORITY,
        suggestion="Remove the comment, or narrow it to the rule and line it was written for.",
        pack="claimcheck",
        origin="claimcheck/filters/suppressions.py",
    ),
    Rule(
        id=UNKNOWN,
        kind="suppression",
        severity=Severity.WARNING,
        message="Suppression names a rule that does not exist.",
        category="suppression",
        flags="An inline suppression or enable comment naming a rule id that matches no rule.",
        rationale="A misspelt rule id in a suppression comment suppresses nothing, so the finding it was meant for is "
        "still reported, or the comment is left over from a rule that was renamed.",
        authority=_AUTHORITY,
        suggestion="Use an id listed by 'claimcheck rules'.",
        pack="claimcheck",
        origin="claimcheck/filters/suppressions.py",
    ),
)
META_IDS = frozenset(rule.id for rule in META_RULES)

ACTIONS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_DIRECTIVE = re.compile(r"claimcheck-(" + "|".join(ACTIONS) + r")(?![\w-])(.*)", re.DOTALL)
_WRAPPER = re.compile(r"^\s*(?:<!--|\[|#)?\s*(.*?)\s*(?:-->|\])?\s*$", re.DOTALL)


@dataclass(frozen=True)
class Directive:
    """One suppression comment: what it does, to which rules (empty: all), and where."""

    action: str
    patterns: tuple[str, ...]
    reason: str | None
    start: int
    end: int


def parse_directive(comment: Comment) -> Directive | None:
    """`<!-- claimcheck-disable a, b -- why -->` (or `[...]`, `# ...`); None if not ours."""
    wrapper = _WRAPPER.match(comment.text)
    match = _DIRECTIVE.fullmatch(wrapper.group(1) if wrapper else "")
    if match is None:
        return None
    names, _, reason = match.group(2).partition("--")
    patterns = tuple(name for name in re.split(r"[\s,]+", names) if name)
    return Directive(match.group(1), patterns, reason.strip() or None, comment.source_start, comment.source_end)


@dataclass
class _Scope:
    """What one (directive, rule pattern) pair suppresses, and whether it did."""

    directive: Directive
    pattern: str  # "*" for all rules
    covers: Callable[[Finding], bool]
    excluded: frozenset[str] = frozenset()
    used: bool = False

    def suppresses(self, finding: Finding) -> bool:
        return fnmatch.fnmatchcase(finding.rule, self.pattern) and finding.rule not in self.excluded and self.covers(finding)


@dataclass
class _Open:
    directive: Directive
    pattern: str
    start: int
    excluded: frozenset[str] = field(default_factory=frozenset)


def apply_suppressions(
    source: Source, findings: Sequence[Finding], known: Iterable[str], meta: Mapping[str, Rule]
) -> list[Finding]:
    """Drop suppressed findings; add findings about unused or unknown suppressions.

    `known` is every rule id a suppression may name; `meta` the selected meta rules
    (their severity and whether they are enabled come from the config).
    """
    directives = [directive for comment in source.comments if (directive := parse_directive(comment))]
    if not directives:
        return list(findings)
    lines = source.line_index()
    scopes, unused_enables = _scopes(source, directives, lines)
    kept = []
    for finding in findings:
        matched = [scope for scope in scopes if scope.suppresses(finding)]
        for scope in matched:
            scope.used = True
        if not matched:
            kept.append(finding)
    known_ids = set(known)
    reports: list[tuple[str, Directive, str]] = []
    unknown_keys = set()
    for directive in directives:
        for pattern in directive.patterns:
            if not any(fnmatch.fnmatchcase(rule_id, pattern) for rule_id in known_ids):
                unknown_keys.add((directive, pattern))
                hint = rule_suggestion(pattern, known_ids)
                reports.append((UNKNOWN, directive, f"Suppression names {pattern!r}, which matches no rule id{hint}."))
    used = {(scope.directive, scope.pattern) for scope in scopes if scope.used}
    reported = set(unknown_keys)
    for scope in scopes:  # a range cut by an enable is several scopes with one key
        key = (scope.directive, scope.pattern)
        if key not in used and key not in reported:
            reported.add(key)
            what = "any rule" if scope.pattern == "*" else repr(scope.pattern)
            message = f"Unused suppression: 'claimcheck-{scope.directive.action}' for {what} matches no finding."
            reports.append((UNUSED, scope.directive, message))
    for directive, pattern in unused_enables:
        if (directive, pattern) not in unknown_keys:
            what = "" if pattern == "*" else f" {pattern}"
            reports.append(
                (UNUSED, directive, f"Unused suppression: 'claimcheck-enable{what}' follows no matching 'claimcheck-disable'.")
            )
    kept.extend(_report(source, lines, meta, reports))
    return sorted(kept, key=lambda finding: (finding.offset, finding.end_offset, finding.rule))


def _scopes(
    source: Source, directives: Sequence[Directive], lines: LineIndex
) -> tuple[list[_Scope], list[tuple[Directive, str]]]:
    scopes: list[_Scope] = []
    unused_enables: list[tuple[Directive, str]] = []
    open_ranges: list[_Open] = []

    def close(entry: _Open, end: int) -> None:
        start = entry.start
        scopes.append(
            _Scope(entry.directive, entry.pattern, lambda f: f.scope != DOCUMENT and start <= f.offset < end, entry.excluded)
        )

    for directive in directives:
        patterns = directive.patterns or ("*",)
        first, last = lines.position(directive.start)[0], lines.position(max(directive.start, directive.end - 1))[0]
        if directive.action == "disable":
            open_ranges.extend(_Open(directive, pattern, directive.end) for pattern in patterns)
        elif directive.action == "enable":
            unused_enables.extend(_enable(directive, open_ranges, close))
        elif directive.action == "disable-file":
            scopes.extend(_Scope(directive, pattern, lambda f: True) for pattern in patterns)
        else:
            if directive.action == "disable-next-line":
                first = last = _next_text_line(source.original, last, directives)
            scopes.extend(_Scope(directive, pattern, _on_lines(first, last)) for pattern in patterns)
    for entry in open_ranges:
        close(entry, len(source.original) + 1)
    return scopes, unused_enables


def _enable(directive: Directive, open_ranges: list[_Open], close: Callable[[_Open, int], None]) -> list[tuple[Directive, str]]:
    """Close the ranges an enable ends; a wider range (`efficacy/*`, all rules) that an
    enable of one id cuts goes on without that id.  Returns the patterns that ended nothing."""
    names = directive.patterns
    useful: set[str] = set()
    for entry in list(open_ranges):
        if not names or entry.pattern in names:
            close(entry, directive.start)
            open_ranges.remove(entry)
            useful.add(entry.pattern if names else "*")
            continue
        narrowed = {name for name in names if fnmatch.fnmatchcase(name, entry.pattern)}
        if narrowed:
            close(entry, directive.start)
            open_ranges.remove(entry)
            open_ranges.append(_Open(entry.directive, entry.pattern, directive.end, entry.excluded | narrowed))
            useful |= narrowed
    return [(directive, name) for name in (names or ("*",)) if name not in useful]


def _on_lines(first: int, last: int) -> Callable[[Finding], bool]:
    return lambda f: f.scope != DOCUMENT and f.line <= last and f.end_line >= first


def _next_text_line(text: str, after: int, directives: Sequence[Directive]) -> int:
    """The first line after `after` with text other than suppression comments."""
    starts = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]
    for index in range(after, len(starts)):  # index is the 0-based number of line `index + 1`
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        chars = list(text[start:end])
        for directive in directives:
            for offset in range(max(directive.start, start), min(directive.end, end)):
                chars[offset - start] = " "
        if "".join(chars).strip():
            return index + 1
    return len(starts) + 1  # nothing follows: covers no finding


def _report(
    source: Source, lines: LineIndex, meta: Mapping[str, Rule], reports: Sequence[tuple[str, Directive, str]]
) -> list[Finding]:
    found = []
    for rule_id, directive, message in reports:
        rule = meta.get(rule_id)
        if rule is None or not rule.enabled:
            continue
        found.append(finding_at(source, lines, rule, directive.start, directive.end, message))
    return found
