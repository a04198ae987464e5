"""CSV for spreadsheets and review trackers: a header, then one row per finding.

Written with the csv module (RFC 4180 quoting) and '\\n' line ends like the other formats.

The copy under review is untrusted (in an audit it is other people's pages), and a
spreadsheet runs a cell that starts with "=", "+", "-", "@", a tab or a carriage return
as a formula (CSV injection).  So, as OWASP recommends, such a text cell is written
with a single quote in front ("'=HYPERLINK(...)"), which a spreadsheet shows as text.
`raw_csv=True` (`--raw-csv`) writes cells as they are, for programs that read the CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

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


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with "'"; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(header: Sequence[str], rows: Iterable[Sequence[object]], raw: bool = False) -> str:
    """Header and rows as CSV text; text cells neutralised unless `raw`."""
    # The csv module quotes a field only for the characters of its line terminator, so
    # rows are written with "\r\n" (a lone "\r" in a cell is then quoted too) and each
    # row's own terminator is turned into "\n" afterwards.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines: list[str] = []
    for row in (header, *rows):
        writer.writerow(row if raw or row is header else [neutralise(value) for value in row])
        lines.append(buffer.getvalue()[:-2] + "\n")
        buffer.seek(0)
        buffer.truncate()
    return "".join(lines)


def format_csv(findings: Sequence[Finding], raw_csv: bool = False, **_: object) -> str:
    rows = (["" if (value := finding.to_dict()[column]) is None else value for column in COLUMNS] for finding in findings)
    return csv_rows(COLUMNS, rows, raw=raw_csv)
