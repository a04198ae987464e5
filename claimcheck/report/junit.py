"""JUnit XML for CI test dashboards: one testsuite, one testcase per checked file.

A file with findings that fail the run (`failing`, from the fail level; without it,
any finding) is a failed testcase whose failure lists them; a file whose findings are
all below the fail level passes and lists them in its `system-out`; a file with none
passes; a file that could not be read is a testcase in error.  ElementTree escapes
markup; characters XML 1.0 cannot hold at all are written as visible \\xNN escapes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence

from claimcheck.findings import Finding

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _line(finding: Finding) -> str:
    also = f" (also flagged by: {', '.join(finding.related_rules)})" if finding.related else ""
    return f"{finding.line}:{finding.column}: {finding.severity.label} {finding.rule} {finding.message}{also}"


def format_junit(
    findings: Sequence[Finding],
    *,
    files: Sequence[str] = (),
    notices: Sequence[Mapping[str, object]] = (),
    failing: Callable[[Finding], bool] | None = None,
    **_: object,
) -> str:
    fails = failing or (lambda finding: True)
    by_file: dict[str, list[Finding]] = {path: [] for path in files}
    for finding in findings:
        by_file.setdefault(finding.path, []).append(finding)
    broken = {str(notice["path"]): str(notice["message"]) for notice in notices if notice.get("error")}
    names = list(by_file) + [path for path in broken if path not in by_file]
    failures = sum(1 for path in names if any(map(fails, by_file.get(path, ()))) and path not in broken)
    errors = sum(1 for path in names if path in broken)
    counts = {"tests": str(len(names)), "failures": str(failures), "errors": str(errors), "skipped": "0"}
    root = ET.Element("testsuites", {"name": "claimcheck", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "claimcheck", **counts})
    for path in names:
        case = ET.SubElement(suite, "testcase", {"classname": "claimcheck", "name": _clean(path), "file": _clean(path)})
        if path in broken:
            ET.SubElement(case, "error", {"message": _clean(broken[path]), "type": "input"}).text = _clean(broken[path])
        elif any(map(fails, by_file.get(path, ()))):
            found = by_file[path]
            worst = max(finding.severity for finding in found).label
            failed = sum(map(fails, found))
            summary = f"{failed} finding{'s' if failed != 1 else ''} at or above the fail level"
            if failed < len(found):
                summary += f", {len(found) - failed} below it"
            failure = ET.SubElement(case, "failure", {"message": summary, "type": worst})
            failure.text = _clean("\n".join(_line(finding) for finding in found))
        elif by_file.get(path):  # findings below the fail level: the case passes, they are listed
            ET.SubElement(case, "system-out").text = _clean("\n".join(_line(finding) for finding in by_file[path]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
