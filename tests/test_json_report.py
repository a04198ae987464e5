"""The JSON report is written without `json.dumps(indent=2)` (too slow on large reports):
its text must still be exactly what that call writes, for any findings."""

from __future__ import annotations

import json

import pytest

from claimcheck.findings import Finding, Location
from claimcheck.report.json import finding_dict, format_json
from claimcheck.severity import Severity
from tests.factories import make_finding

# Text that stresses the encoder: quotes, backslashes, control characters, "%" (the layouts
# are %-templates), the placeholder's own bytes, a raw line separator, non-ASCII and emoji.
AWKWARD = 'He said "100% cured" \\ tab\there\nnew line \x00claimcheck-json-value\x00 \u2028 Ünïcödé 😀 %s %(x)s'


def _finding(**changes: object) -> Finding:
    return make_finding(**{"path": "docs/a page.md", **changes})


def _standard(findings: list[Finding], summary: dict[str, object] | None, notices: list[dict[str, object]]) -> str:
    document = {"findings": [finding_dict(finding) for finding in findings], "summary": summary or {}, "notices": notices}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


PLACE = Location(1, 1, 1, 4, 0, 3, "IV\u2028")
FINDINGS = [
    _finding(),
    _finding(message=AWKWARD, text=AWKWARD, confidence=0.5, suggestion="Say 50%.", authority="21 CFR", category="c"),
    _finding(confidence=float("nan"), scope="document", supporting=(PLACE, PLACE)),
    _finding(related=(_finding(rule="y/other", confidence=0.125), _finding(rule="z/third", message=AWKWARD))),
    _finding(severity=Severity.ERROR, related=(_finding(rule="y/other"),), supporting=(PLACE,), confidence=1e-20),
]


@pytest.mark.parametrize(
    "findings",
    [[], FINDINGS[:1], FINDINGS, FINDINGS * 3],
    ids=["none", "one", "varied", "repeated-shapes"],
)
@pytest.mark.parametrize(
    ("summary", "notices"),
    [(None, []), ({"files": 2, "by_rule": {"x/rule": 1, "%s": 2}, "note": AWKWARD}, [{"path": "b.md", "message": AWKWARD}])],
    ids=["bare", "summary-and-notices"],
)
def test_json_report_is_byte_identical_to_the_standard_encoder(findings, summary, notices):
    assert format_json(findings, summary=summary, notices=notices) == _standard(findings, summary, notices)


def test_a_finding_with_an_unexpected_value_falls_back_to_the_standard_encoder():
    odd = _finding(text=("not", "a", "string"))  # a tuple: not a plain value the fast path handles
    assert format_json([FINDINGS[1], odd]) == _standard([FINDINGS[1], odd], None, [])
