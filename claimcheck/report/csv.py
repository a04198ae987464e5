"""CSV for spreadsheets and review trackers: a header, then one row per finding.

Written with the csv module (RFC 4180 quoting) and '\\n' line ends like the other formats.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from claimcheck.findings import Finding

COLUMNS = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "severity",
    "rule",
    "message",
    "text",
    "scope",
    "suggestion",
    "authority",
    "category",
    "confidence",
)


def format_csv(findings: Sequence[Finding], **_: object) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for finding in findings:
        data = finding.to_dict()
        writer.writerow(["" if data[column] is None else data[column] for column in COLUMNS])
    return buffer.getvalue()
