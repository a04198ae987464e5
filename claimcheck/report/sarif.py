"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Columns count Unicode code points (declared with `columnKind`), end exclusive, exactly
as in every claimcheck finding.  Paths become URIs relative to `base_dir` under the
`%SRCROOT%` base id.  `partialFingerprints` carry the baseline fingerprint, so viewers
track a finding across edits the same way `--baseline` does.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata
from pathlib import Path, PurePath
from typing import TYPE_CHECKING
from urllib.parse import quote

from claimcheck.filters.fingerprint import VERSION, fingerprints
from claimcheck.findings import Finding
from claimcheck.severity import Severity
from claimcheck.version import DISTRIBUTION, __version__

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
BASE_ID = "%SRCROOT%"
if TYPE_CHECKING:  # importing claimcheck.checks at run time would pull in spaCy
    from claimcheck.checks.model import Rule

_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)")
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def project_uri() -> str | None:
    """The project's home page from the installed package metadata, if it declares one."""
    try:
        meta = metadata.metadata(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None
    for value in meta.get_all("Project-URL") or []:
        return value.split(",", 1)[-1].strip()
    home = meta.get("Home-page")
    return home if home and home != "UNKNOWN" else None


def _flat(text: str) -> str:
    """YAML block text re-flowed to one paragraph: viewers wrap it themselves."""
    return " ".join(text.split())


def _first_sentence(text: str) -> str:
    match = _SENTENCE.match(text)
    return match.group(1) if match else text


def rule_help(rule: Rule) -> str:
    """Plain-text help: why, what to do instead, and the authority it rests on."""
    parts = [_flat(rule.rationale)]
    if rule.suggestion:
        parts.append(f"Suggestion: {rule.suggestion}")
    parts.append(f"Authority: {rule.authority}" + (f" ({rule.authority_url})" if rule.authority_url else ""))
    return "\n\n".join(parts)


def rule_descriptor(rule: Rule) -> dict[str, object]:
    descriptor: dict[str, object] = {
        "id": rule.id,
        "shortDescription": {"text": _first_sentence(_flat(rule.rationale))},
        "fullDescription": {"text": _flat(rule.rationale)},
        "help": {"text": rule_help(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category, rule.pack]},
    }
    if rule.authority_url:
        descriptor["helpUri"] = rule.authority_url
    return descriptor


def _fallback_descriptor(finding: Finding) -> dict[str, object]:
    """For a finding whose rule was not passed in (e.g. a filter's own report)."""
    return {
        "id": finding.rule,
        "shortDescription": {"text": finding.rule},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
    }


def artifact_location(path: str, base_dir: str | None) -> dict[str, str]:
    """A relative URI under %SRCROOT% when the file is inside base_dir, else an absolute file URI."""
    if base_dir is not None and not path.startswith("<"):
        relative = os.path.relpath(os.path.abspath(path), base_dir)
        if not relative.startswith(os.pardir):
            return {"uri": quote(PurePath(relative).as_posix()), "uriBaseId": BASE_ID}
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote(PurePath(path).as_posix())}


def region(finding: Finding) -> dict[str, int]:
    if finding.scope != "span":
        return {"startLine": 1}
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }


def result_level(finding: Finding, failing: Callable[[Finding], bool] | None = None) -> str:
    """SARIF level: `error` for a finding that fails the run (`failing`, from the fail
    level), else `warning` or `note` by severity; without `failing`, by severity alone."""
    if failing is None:
        return LEVELS[finding.severity]
    if failing(finding):
        return "error"
    return "warning" if finding.severity >= Severity.WARNING else "note"


def _related_locations(finding: Finding, base_dir: str | None) -> list[dict[str, object]]:
    return [
        {
            "id": number,
            "physicalLocation": {"artifactLocation": artifact_location(other.path, base_dir), "region": region(other)},
            "message": {"text": f"{other.rule} ({other.severity.label}): {other.message}"},
        }
        for number, other in enumerate(finding.related, start=1)
    ] + [
        {
            "id": len(finding.related) + number,
            "physicalLocation": {
                "artifactLocation": artifact_location(finding.path, base_dir),
                "region": {
                    "startLine": place.line,
                    "startColumn": place.column,
                    "endLine": place.end_line,
                    "endColumn": place.end_column,
                },
            },
            "message": {"text": f"supports {finding.rule}: '{place.text}'"},
        }
        for number, place in enumerate(finding.supporting, start=1)
    ]


def format_sarif(
    findings: Sequence[Finding],
    *,
    failing: Callable[[Finding], bool] | None = None,
    rules: Sequence[Rule] = (),
    sources: Mapping[str, str] | None = None,
    base_dir: str | None = None,
    information_uri: str | None = None,
    notices: Sequence[Mapping[str, object]] = (),
    **_: object,
) -> str:
    descriptors = [rule_descriptor(rule) for rule in sorted(rules, key=lambda rule: rule.id)]
    index = {descriptor["id"]: number for number, descriptor in enumerate(descriptors)}
    for finding in findings:
        if finding.rule not in index:
            index[finding.rule] = len(descriptors)
            descriptors.append(_fallback_descriptor(finding))
    results = []
    for finding, (print_, occurrence) in zip(findings, fingerprints(findings, sources), strict=True):
        message = finding.message + (f"\nSuggestion: {finding.suggestion}" if finding.suggestion else "")
        result: dict[str, object] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": result_level(finding, failing),
            "message": {"text": message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(finding.path, base_dir),
                        "region": region(finding),
                    }
                }
            ],
            "partialFingerprints": {VERSION: f"{print_}:{occurrence}"},
        }
        properties: dict[str, object] = {"severity": finding.severity.label}
        if finding.confidence is not None:
            # SARIF's own field for how sure the tool is: the learned detector's score.
            result["rank"] = round(100 * finding.confidence, 1)
            properties["confidence"] = finding.confidence
        if finding.related or finding.supporting:
            result["relatedLocations"] = _related_locations(finding, base_dir)
            properties["relatedRules"] = list(finding.related_rules)
        result["properties"] = properties
        results.append(result)
    driver: dict[str, object] = {"name": "claimcheck", "version": __version__, "semanticVersion": __version__}
    if information_uri:
        driver["informationUri"] = information_uri
    driver["rules"] = descriptors
    run: dict[str, object] = {"tool": {"driver": driver}}
    if base_dir is not None:
        root = Path(base_dir).absolute().as_uri()
        run["originalUriBaseIds"] = {BASE_ID: {"uri": root if root.endswith("/") else root + "/"}}
    run["invocations"] = [
        {
            "executionSuccessful": not any(notice.get("error") for notice in notices),
            "toolExecutionNotifications": [
                {"level": "error" if notice.get("error") else "note", "message": {"text": str(notice.get("message", ""))}}
                for notice in notices
            ],
        }
    ]
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = results
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
