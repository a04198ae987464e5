"""`--statistics`: how many findings each rule produced, most frequent first.

The CLI prints this on standard error after the report, whatever the format, so
machine-readable output on standard output stays parseable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from claimcheck.findings import Finding


def format_statistics(findings: Sequence[Finding]) -> str:
    counts = Counter(finding.rule for finding in findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    lines = [f"{count:>6}  {rule}" for rule, count in rows]
    lines.append(f"{len(findings):>6}  total")
    return "\n".join(lines) + "\n"
