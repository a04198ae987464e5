"""Rewrites: a rule's `fix` (data in its YAML) turned into edits of the original text.

A fix is safe (applied by `--fix`) when its result is itself wording that can be
published: "clinically studied" for "clinically proven", "safe" for "100% safe".  A fix
marked `unsafe: true` may change what the copy says or read badly, so a writer must look
at it: only `--fix --unsafe-fixes` applies it (`--diff --unsafe-fixes` shows it).  No
fix may put placeholder text ("[citation needed]", "TODO", "XXX") into copy: the rule
loader rejects it, because copy is published as it stands.

A fix only ever edits inside the span of a finding of its rule (or inserts right at its
end), never inside markup (tags, link targets, code), and is idempotent: a replacement
never contains the words it replaces (checked when the rule loads), and an insertion
is skipped when the text is already there.  Nothing here writes files; see `cli.fixio`.

Fix forms (validated by the rule schema):
  fix: {replace: {"clinically proven": "clinically studied", proven: studied}}
  fix: {insert_after: " (see reference 3)", before_punctuation: true, unsafe: true}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from claimcheck.findings import Finding

FIX_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {
            "type": "object",
            "properties": {
                "replace": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"minLength": 1},
                    "additionalProperties": {"type": "string"},
                },
                "unsafe": {"type": "boolean"},
            },
            "required": ["replace"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {
                "insert_after": {"type": "string", "minLength": 1},
                "before_punctuation": {"type": "boolean"},
                "unsafe": {"type": "boolean"},
            },
            "required": ["insert_after"],
            "additionalProperties": False,
        },
    ]
}

# Markup a rewrite must not touch: tags and comments, Markdown link targets, code.
_PROTECTED = re.compile(
    r"<!--.*?-->|<[^<>]*>|\]\([^()\s]*(?:\s+\"[^\"]*\")?\)|`[^`\n]*`",
    re.DOTALL,
)
_TRAILING_PUNCTUATION = ".!?:;"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace original[start:end] with `replacement` (start == end: an insertion)."""

    start: int
    end: int
    replacement: str
    rule: str


# Text a writer would have to replace before publishing: never written by a fix.
PLACEHOLDER = re.compile(r"\[[^\]]*\]|\b(?:TODO|TBD|FIXME|XXX)\b|citation needed|\binsert\b.*\bhere\b", re.IGNORECASE)


def fix_problem(fix: Mapping[str, Any]) -> str | None:
    """Why a (schema-valid) fix is not idempotent or would write a placeholder, or None."""
    for written in (fix.get("insert_after", ""), *fix.get("replace", {}).values()):
        if PLACEHOLDER.search(written):
            return f"{written.strip()!r} is placeholder text; a fix must write wording that can be published as it stands"
    for old, new in fix.get("replace", {}).items():
        for other in fix["replace"]:
            if _pattern((other,)).search(new):
                return f"replacement {new!r} for {old!r} contains {other!r}, so fixing twice would change it again"
    return None


def describe_fix(fix: Mapping[str, Any]) -> str:
    if "replace" in fix:
        return "replace " + ", ".join(f"'{old}' with '{new}'" for old, new in fix["replace"].items())
    where = " (before the closing punctuation)" if fix.get("before_punctuation") else ""
    return f"insert '{fix['insert_after']}' after the flagged text{where}"


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _protected_ranges(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _PROTECTED.finditer(text)]


def _inside(ranges: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(low < end and start < high for low, high in ranges)


def _match_case(found: str, replacement: str) -> str:
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    if found[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _replace_edits(text: str, finding: Finding, table: Mapping[str, str], protected: Sequence[tuple[int, int]]) -> list[Edit]:
    lowered = {key.lower(): value for key, value in table.items()}
    edits = []
    for match in _pattern(tuple(lowered)).finditer(text, finding.offset, finding.end_offset):
        if _inside(protected, *match.span()):
            continue
        replacement = _match_case(match.group(), lowered[match.group().lower()])
        edits.append(Edit(match.start(), match.end(), replacement, finding.rule))
    return edits


def _insert_edit(text: str, finding: Finding, insertion: str, before_punctuation: bool) -> list[Edit]:
    position = finding.end_offset
    if before_punctuation:
        while position > finding.offset and text[position - 1] in _TRAILING_PUNCTUATION:
            position -= 1
    core = insertion.strip()
    if text[:position].rstrip().endswith(core) or text[position:].lstrip().startswith(core):
        return []
    return [Edit(position, position, insertion, finding.rule)]


def plan_edits(text: str, findings: Iterable[Finding], fixes: Mapping[str, Mapping[str, Any]]) -> list[Edit]:
    """Non-overlapping edits for every finding whose rule has a fix, in text order."""
    protected = _protected_ranges(text)
    candidates: set[Edit] = set()
    for finding in findings:
        fix = fixes.get(finding.rule)
        if not fix or finding.scope != "span" or finding.end_offset <= finding.offset:
            continue
        if "replace" in fix:
            candidates.update(_replace_edits(text, finding, fix["replace"], protected))
        elif "insert_after" in fix:
            candidates.update(_insert_edit(text, finding, fix["insert_after"], fix.get("before_punctuation", False)))
    chosen: list[Edit] = []
    for edit in sorted(candidates):
        if chosen and (edit.start < chosen[-1].end or (edit.start == chosen[-1].start == chosen[-1].end == edit.end)):
            continue  # overlaps (or repeats an insertion at) the previous edit: keep the first
        chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    out: list[str] = []
    position = 0
    for edit in edits:
        out.append(text[position : edit.start])
        out.append(edit.replacement)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


MAX_PASSES = 4


@dataclass(frozen=True)
class FileFix:
    """What fixing one file did: the text before and after, every pass's edits, and the
    findings of the fixed text (so nobody has to check it again)."""

    path: str
    original: str
    fixed: str
    passes: tuple[tuple[Edit, ...], ...]
    remaining: tuple[Finding, ...]

    @property
    def edits(self) -> tuple[Edit, ...]:
        return tuple(edit for edits in self.passes for edit in edits)


def fix_until_stable(
    path: str,
    text: str,
    findings: Sequence[Finding],
    fixes: Mapping[str, Mapping[str, Any]],
    find: Callable[[str, str], Sequence[Finding]],
) -> FileFix:
    """Apply fixes, check again, repeat until nothing changes (a fix can reveal another
    finding: replacing 'proven' may leave a bare appeal to studies), so that fixing a
    fixed file changes nothing."""
    current, passes = text, []
    for _ in range(MAX_PASSES):
        # Findings folded into another (one per claim) carry their own fixes too.
        edits = plan_edits(current, [single for finding in findings for single in finding.expanded()], fixes)
        if not edits:
            break
        passes.append(tuple(edits))
        current = apply_edits(current, edits)
        findings = find(path, current)
    return FileFix(path, text, current, tuple(passes), tuple(findings))


def fixes_of(rules: Iterable[Any], unsafe: bool = False) -> dict[str, Mapping[str, Any]]:
    """Rule id -> fix, for the rules with a safe fix (and an unsafe one, if `unsafe`)."""
    return {rule.id: rule.fix for rule in rules if getattr(rule, "fix", None) and (unsafe or not rule.fix.get("unsafe"))}


def plan_fixes(
    findings: Iterable[Finding],
    texts: Mapping[str, str],
    rules: Iterable[Any],
    find: Callable[[str, str], Sequence[Finding]],
    unsafe: bool = False,
) -> list[FileFix]:
    """One FileFix per file that a fix changes, in path order; `find(path, text)` checks a
    text; unsafe fixes only when `unsafe`."""
    fixes = fixes_of(rules, unsafe)
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    planned = []
    for path in sorted(by_path):
        if path in texts and any(finding.rule in fixes for finding in by_path[path]):
            result = fix_until_stable(path, texts[path], by_path[path], fixes, find)
            if result.passes:
                planned.append(result)
    return planned
