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
from collections.abc import Callable, Sequence
from json import encoder as _json_encoder
from operator import attrgetter

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
    """The report exactly as `json.dumps(document, indent=2, ensure_ascii=False)` writes
    it, the findings written by `_finding_texts` (faster) whenever it can."""
    texts = _finding_texts(findings) if findings else None
    if texts is None:
        document = {
            "findings": [finding_dict(finding) for finding in findings],
            "summary": summary or {},
            "notices": list(notices),
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    # The rest of the report is small: the standard encoder writes it around a
    # placeholder for the list of findings ("findings" is the first key, so the first
    # placeholder in the text is that one, whatever the summary and notices hold).
    outer = json.dumps({"findings": [_HOLE], "summary": summary or {}, "notices": list(notices)}, indent=2, ensure_ascii=False)
    before, _, after = outer.partition(json.dumps(_HOLE))
    texts[0] = before + texts[0]  # one join of the whole report: it is tens of MB
    texts[-1] = texts[-1] + after + "\n"
    return ",\n    ".join(texts)


# With `indent`, `json.dumps` cannot use its C encoder: the pure-Python one took about as
# long as the rules on a large report (~17,000 findings, 35 MB, on the claim-dense
# benchmark corpus). A finding is a flat dict of plain values plus three lists (related
# rules, related findings and supporting places, themselves flat dicts), so the C encoder
# writes each flat part with the indented item separator ",\n" + indentation (a flat
# dict's indented text differs from that only after "{" and before "}"), and the lists
# are assembled here. Only values of exactly these types are written this way; the C
# and Python encoders write them alike (strings with the same C function, numbers with
# `int.__repr__` / `float.__repr__`); anything else falls back to `json.dumps`.
_HOLE = "\x00claimcheck-findings\x00"
_PLAIN = frozenset({str, int, float, bool, type(None)})
_FLAT = attrgetter(*("severity.label" if key == "severity" else key for key in FIELDS))
_PLACE = attrgetter("line", "column", "end_line", "end_column", "text")
_PLACE_KEYS = ("line", "column", "end_line", "end_column", "text")


def _flat_encoder(depth: int) -> Callable[[object], str] | None:
    """Writes a flat dict or list whose items sit `depth` spaces in, as the indented
    standard encoder does but for the line break after the opening bracket and before
    the closing one; None where the C encoder is missing (another Python)."""
    make = getattr(_json_encoder, "c_make_encoder", None)
    if make is None:
        return None
    write = make(
        None,  # no circular-reference check: flat dicts of plain values
        json.JSONEncoder().default,
        _json_encoder.encode_basestring,  # ensure_ascii=False, as the report
        None,
        ": ",
        ",\n" + " " * depth,
        False,
        False,
        True,
    )
    return lambda value: "".join(write(value, 0))


_AT_6 = _flat_encoder(6)  # a finding's own fields
_AT_8 = _flat_encoder(8)  # the related rules
_AT_10 = _flat_encoder(10)  # the fields of a related finding or a supporting place


def _nested_dicts(dicts: list[dict[str, object]], write: Callable[[object], str]) -> str:
    """A list (at depth 6) of flat dicts (at depth 8, their fields at 10)."""
    if not dicts:
        return "[]"
    items = ",\n        ".join("{\n          " + write(item)[1:-1] + "\n        }" for item in dicts)
    return "[\n        " + items + "\n      ]"


def _finding_texts(findings: Sequence[Finding]) -> list[str] | None:
    """Each finding as the indented standard encoder writes it in the findings list (at
    depth 4); None when a value is not of a plain type or the C encoder is missing."""
    if _AT_6 is None or _AT_8 is None or _AT_10 is None:
        return None
    texts: list[str] = []
    for finding in findings:
        own = _FLAT(finding)
        related = [_FLAT(other) for other in finding.related]
        places = [_PLACE(place) for place in finding.supporting]
        rules = list(finding.related_rules)
        kinds = set(map(type, own)).union(map(type, rules))
        for values in (*related, *places):
            kinds.update(map(type, values))
        if not kinds <= _PLAIN:
            return None
        texts.append(
            "{\n      "
            + _AT_6(dict(zip(FIELDS, own, strict=True)))[1:-1]
            + ',\n      "related_rules": '
            + ("[\n        " + _AT_8(rules)[1:-1] + "\n      ]" if rules else "[]")
            + ',\n      "related": '
            + _nested_dicts([dict(zip(FIELDS, values, strict=True)) for values in related], _AT_10)
            + ',\n      "supporting": '
            + _nested_dicts([dict(zip(_PLACE_KEYS, values, strict=True)) for values in places], _AT_10)
            + "\n    }"
        )
    return texts
