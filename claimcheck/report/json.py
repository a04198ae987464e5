"""The JSON contract: {"findings": [...], "summary": {...}, "notices": [...]}.

Finding fields: rule, severity, message, path, line, column, end_line, end_column
(1-based, Unicode code points, end exclusive), text (exact source text), scope
("span" or "document"), suggestion, authority, category, confidence (the learned
detector's 0-1 confidence in the sentence's reading, or null when it did not score it),
related_rules (the other rules that flagged the same claim, folded into this finding)
and related (those findings, with the same fields but no related ones of their own);
supporting: the places a document-scope finding rests on (line, column, end_line,
end_column, text), e.g. the product facts of `regulatory/hctp-status`; [] for most.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from claimcheck.findings import Finding

FIELDS = (
    "rule",
    "severity",
    "message",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "text",
    "scope",
    "suggestion",
    "authority",
    "category",
    "confidence",
)


def finding_dict(finding: Finding) -> dict[str, object]:
    data = finding.to_dict()
    result = {key: data[key] for key in FIELDS}
    result["related_rules"] = list(finding.related_rules)
    result["related"] = [{key: other[key] for key in FIELDS} for other in data["related"]]  # type: ignore[attr-defined]
    result["supporting"] = [
        {
            "line": place.line,
            "column": place.column,
            "end_line": place.end_line,
            "end_column": place.end_column,
            "text": place.text,
        }
        for place in finding.supporting
    ]
    return result


def format_json(
    findings: Sequence[Finding],
    *,
    summary: dict[str, object] | None = None,
    notices: Sequence[dict[str, object]] = (),
    **_: object,
) -> str:
    document = {
        "findings": [finding_dict(finding) for finding in findings],
        "summary": summary or {},
        "notices": list(notices),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
