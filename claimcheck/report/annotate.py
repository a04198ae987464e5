"""GitHub annotations from a SARIF report claimcheck wrote: `python -m claimcheck.report.annotate FILE`.

The GitHub Action runs this after `claimcheck check --format sarif`, so the findings
reach the job log and the pull request whether or not the report is uploaded to code
scanning, without checking the files twice.  Levels are the SARIF's (which follow the
fail level): error -> ::error, warning -> ::warning, note -> ::notice.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote

from claimcheck.report.github import escape_data, escape_property

COMMANDS = {"error": "error", "warning": "warning", "note": "notice", "none": "notice"}


def annotations(log: Mapping[str, Any]) -> Iterator[str]:
    """One workflow command per SARIF result."""
    for run in log.get("runs", []):
        for result in run.get("results", []):
            location = (result.get("locations") or [{}])[0].get("physicalLocation", {})
            region = location.get("region", {})
            properties = [("file", unquote(location.get("artifactLocation", {}).get("uri", "")))]
            for key, name in (("startLine", "line"), ("startColumn", "col"), ("endLine", "endLine"), ("endColumn", "endColumn")):
                if key in region:
                    properties.append((name, str(region[key])))
            properties.append(("title", str(result.get("ruleId", "claimcheck"))))
            rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
            command = COMMANDS.get(result.get("level", "warning"), "warning")
            yield f"::{command} {rendered}::{escape_data(result.get('message', {}).get('text', ''))}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m claimcheck.report.annotate SARIF_FILE", file=sys.stderr)
        return 2
    try:
        with open(argv[0], encoding="utf-8") as handle:
            log = json.load(handle)
    except (OSError, ValueError) as problem:
        print(f"claimcheck: error: {argv[0]}: cannot read the SARIF report ({problem})", file=sys.stderr)
        return 2
    for line in annotations(log):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
