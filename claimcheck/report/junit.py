"""JUnit XML for CI test dashboards: one testsuite, one testcase per checked file.

A file with findings is a failed testcase whose failure lists them; a file with none
passes; a file that could not be read is a testcase in error.  ElementTree escapes
markup; characters XML 1.0 cannot hold at all are written as visible \\xNN escapes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from claimcheck.findings import Finding

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _line(finding: Finding) -> str:
    return f"{finding.line}:{finding.column}: {finding.severity.label} {finding.rule} {finding.message}"


def format_junit(
    findings: Sequence[Finding],
    *,
    files: Sequence[str] = (),
    notices: Sequence[Mapping[str, object]] = (),
    **_: object,
) -> str:
    by_file: dict[str, list[Finding]] = {path: [] for path in files}
    for finding in findings:
        by_file.setdefault(finding.path, []).append(finding)
    broken = {str(notice["path"]): str(notice["message"]) for notice in notices if notice.get("error")}
    names = list(by_file) + [path for path in broken if path not in by_file]
    failures = sum(1 for path in names if by_file.get(path) and path not in broken)
    errors = sum(1 for path in names if path in broken)
    counts = {"tests": str(len(names)), "failures": str(failures), "errors": str(errors), "skipped": "0"}
    root = ET.Element("testsuites", {"name": "claimcheck", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "claimcheck", **counts})
    for path in names:
        case = ET.SubElement(suite, "testcase", {"classname": "claimcheck", "name": _clean(path), "file": _clean(path)})
        if path in broken:
            ET.SubElement(case, "error", {"message": _clean(broken[path]), "type": "input"}).text = _clean(broken[path])
        elif by_file.get(path):
            found = by_file[path]
            worst = max(finding.severity for finding in found).label
            summary = f"{len(found)} finding{'s' if len(found) != 1 else ''}"
            failure = ET.SubElement(case, "failure", {"message": summary, "type": worst})
            failure.text = _clean("\n".join(_line(finding) for finding in found))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
