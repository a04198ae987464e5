"""One finding per claim: findings on the same sentence, or on overlapping spans, are
folded into the most severe of them, which names the others (`Finding.related`).

Runs last in the filter stage, after suppressions and per-path overrides, so a
suppressed or re-graded finding is judged as the reader will see it.  Findings about
the whole document and claimcheck's own findings (unused suppressions, unknown rule
ids) are never folded.  `--all-findings` (config `all_findings: true`) skips this.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from claimcheck.filters.fingerprint import sentence_range
from claimcheck.findings import Finding

_OWN_PREFIX = "claimcheck/"


def _foldable(finding: Finding) -> bool:
    return finding.scope == "span" and finding.end_offset > finding.offset and not finding.rule.startswith(_OWN_PREFIX)


def _rank(finding: Finding) -> tuple[object, ...]:
    """Most severe first; then the surer detector reading, the earlier and the narrower span."""
    return (
        -int(finding.severity),
        -(finding.confidence or 0.0),
        finding.offset,
        finding.end_offset - finding.offset,
        finding.rule,
    )


def group_findings(findings: Sequence[Finding], original: str | None) -> list[Finding]:
    """Fold findings of one file that flag the same claim into its most severe finding.

    Two findings flag the same claim when their spans overlap or they sit in the same
    sentence of `original` (the file's text; without it, only overlapping spans fold).
    The result keeps the order of `findings` (by the kept finding's place).
    """
    foldable = [index for index, finding in enumerate(findings) if _foldable(finding)]
    if len(foldable) < 2:
        return list(findings)
    parent = {index: index for index in foldable}

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def join(first: int, second: int) -> None:
        parent[root(first)] = root(second)

    by_sentence: dict[tuple[int, int], int] = {}
    # Several rules often flag one span: its sentence is found once.
    sentences: dict[tuple[int, int], tuple[int, int]] = {}
    usable = original is not None
    for index in foldable:
        finding = findings[index]
        if usable and original[finding.offset : finding.end_offset] == finding.text:  # type: ignore[index]
            span = (finding.offset, finding.end_offset)
            key = sentences.get(span)
            if key is None:
                key = sentences[span] = sentence_range(original, finding.offset, finding.end_offset)  # type: ignore[arg-type]
            if key in by_sentence:
                join(index, by_sentence[key])
            else:
                by_sentence[key] = index
    ordered = sorted(foldable, key=lambda index: (findings[index].offset, findings[index].end_offset))
    reach, reach_index = -1, -1
    for index in ordered:  # overlapping spans: a sweep in offset order
        finding = findings[index]
        if finding.offset < reach:
            join(index, reach_index)
        if finding.end_offset > reach:
            reach, reach_index = finding.end_offset, index
    groups: dict[int, list[int]] = {}
    for index in foldable:
        groups.setdefault(root(index), []).append(index)
    replacement: dict[int, Finding | None] = {}
    for members in groups.values():
        if len(members) == 1:
            continue
        chosen = min(members, key=lambda index: _rank(findings[index]))
        others = sorted(
            (findings[index] for index in members if index != chosen),
            key=lambda finding: (finding.offset, finding.end_offset, finding.rule),
        )
        flat = tuple(other for finding in others for other in finding.expanded())
        replacement[chosen] = findings[chosen].with_related((*findings[chosen].related, *flat))
        replacement.update((index, None) for index in members if index != chosen)
    kept = [replacement.get(index, finding) for index, finding in enumerate(findings)]
    return [finding for finding in kept if finding is not None]


def expand(findings: Iterable[Finding]) -> list[Finding]:
    """Every finding on its own again (what `--all-findings` would have reported)."""
    return [single for finding in findings for single in finding.expanded()]
