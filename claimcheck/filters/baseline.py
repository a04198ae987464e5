"""Baselines: record today's findings, then report only findings that are not in the record.

File format (JSON, `"version": 1`)::

    {"version": 1, "tool": "claimcheck", "generated_by": "claimcheck 0.1.0",
     "findings": [{"path": "site/page.md", "rule": "efficacy/cure-claim",
                   "fingerprint": "<32 hex>", "occurrence": 1,
                   "line": 12, "text": "cures MS"}]}

Paths are relative to the baseline file's folder (with '/'), so the same baseline works
from any working directory.  `line` and `text` are for people reading a diff of the
baseline; matching uses only path, rule, fingerprint and occurrence.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimcheck.errors import ConfigError
from claimcheck.filters.fingerprint import fingerprints
from claimcheck.findings import Finding
from claimcheck.version import __version__

FORMAT_VERSION = 1

SCHEMA = {
    "type": "object",
    "required": ["version", "findings"],
    "properties": {
        "version": {"const": FORMAT_VERSION},
        "tool": {"type": "string"},
        "generated_by": {"type": "string"},
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "rule", "fingerprint", "occurrence"],
                "properties": {
                    "path": {"type": "string"},
                    "rule": {"type": "string"},
                    "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                    "occurrence": {"type": "integer", "minimum": 1},
                    "line": {"type": "integer"},
                    "text": {"type": "string"},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Baseline:
    """The recorded identities: (relative path, rule, fingerprint, occurrence)."""

    folder: Path
    entries: frozenset[tuple[str, str, str, int]]


def _relative(path: str, folder: Path) -> str:
    if path.startswith("<"):  # '<stdin>' and friends are names, not paths
        return path
    return Path(os.path.relpath(os.path.abspath(path), folder)).as_posix()


def baseline_entries(findings: Sequence[Finding], sources: Mapping[str, str] | None, folder: Path) -> list[dict[str, object]]:
    """The JSON records for findings, paths relative to `folder`, in a stable order."""
    records = [
        {
            "path": _relative(finding.path, folder),
            "rule": finding.rule,
            "fingerprint": print_,
            "occurrence": occurrence,
            "line": finding.line,
            "text": finding.text,
        }
        for finding, (print_, occurrence) in zip(findings, fingerprints(findings, sources), strict=True)
    ]
    return sorted(records, key=lambda record: (record["path"], record["line"], record["rule"], record["occurrence"]))


def render_baseline(findings: Sequence[Finding], sources: Mapping[str, str] | None, folder: Path) -> str:
    document = {
        "version": FORMAT_VERSION,
        "tool": "claimcheck",
        "generated_by": f"claimcheck {__version__}",
        "findings": baseline_entries(findings, sources, folder),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: str, findings: Sequence[Finding], sources: Mapping[str, str] | None) -> None:
    target = Path(path)
    folder = target.absolute().parent
    try:
        target.write_text(render_baseline(findings, sources, folder), encoding="utf-8")
    except OSError as problem:
        raise ConfigError(f"cannot write baseline {path}: {problem.strerror or problem}") from None


def load_baseline(path: str) -> Baseline:
    """Read and validate a baseline file; any problem is a one-line ConfigError."""
    target = Path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"baseline file {path!r} not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise ConfigError(f"cannot read baseline {path}: {getattr(problem, 'strerror', None) or problem}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as problem:
        raise ConfigError(f"baseline {path}: not valid JSON (line {problem.lineno}: {problem.msg})") from None
    import jsonschema  # here: a run without a baseline does not pay for it

    try:
        jsonschema.validate(data, SCHEMA)
    except jsonschema.ValidationError as problem:
        where = "/".join(str(part) for part in problem.absolute_path) or "top level"
        raise ConfigError(f"baseline {path}: {where}: {problem.message.splitlines()[0]}") from None
    entries = frozenset(
        (record["path"], record["rule"], record["fingerprint"], record["occurrence"]) for record in data["findings"]
    )
    return Baseline(target.absolute().parent, entries)


def stale_paths(findings: Sequence[Finding], sources: Mapping[str, str]) -> list[str]:
    """Files whose text is missing from `sources` or no longer holds a finding's text
    where it was found: their fingerprints cannot include the finding's sentence."""
    stale: set[str] = set()
    for finding in findings:
        original = sources.get(finding.path)
        if original is None or original[finding.offset : finding.end_offset] != finding.text:
            stale.add(finding.path)
    return sorted(stale)


def new_findings(findings: Sequence[Finding], sources: Mapping[str, str] | None, baseline: Baseline) -> list[Finding]:
    """The findings not recorded in the baseline, in their original order.

    A finding matches a record with the same path, rule, fingerprint and occurrence
    number, so with two recorded copies of a sentence, a third copy is new.
    """
    kept: list[Finding] = []
    for finding, (print_, occurrence) in zip(findings, fingerprints(findings, sources), strict=True):
        key = (_relative(finding.path, baseline.folder), finding.rule, print_, occurrence)
        if key not in baseline.entries:
            kept.append(finding)
    return kept
