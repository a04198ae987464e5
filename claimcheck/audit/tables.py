"""The audit's tables: their Parquet schemas, risk scores, and the `sites` roll-up.

Under the output folder each table is a folder of Parquet files, one per partition
(`findings/part-000012.parquet`), readable as one table by pyarrow, pandas, DuckDB or
Spark (`pyarrow.parquet.read_table("DIR/findings")`).  Part files are written to a
hidden temporary name and renamed into place, so a reader (or a resumed run) never sees
half a file, and a partition computed twice replaces its own files: no duplicates.

Risk scores (documented in README "Audit a crawl"):

* a page's risk is 3 per `error` finding plus 1 per `warning` (`info` counts 0);
* a site's risk is the mean risk of its three riskiest pages (all of them if it has
  fewer): a clinic's few sales pages rank it, however many clean blog posts surround them.
"""

from __future__ import annotations

import heapq
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from claimcheck.severity import Severity

TABLES = ("findings", "pages", "sites", "errors")
SEVERITY_WEIGHT = {"error": 3, "warning": 1, "info": 0}
WORST_PAGES = 3  # a site's risk is the mean of this many riskiest pages
EXAMPLES = 5  # worst findings kept per site

_COUNTS = pa.map_(pa.string(), pa.int32())
_TIME = pa.timestamp("us", tz="UTC")

SCHEMAS = {
    "findings": pa.schema(
        [
            ("url", pa.string()),
            ("site", pa.string()),
            ("fetch_time", _TIME),
            ("rule", pa.string()),
            ("category", pa.string()),
            ("severity", pa.string()),
            ("message", pa.string()),
            ("text", pa.string()),
            ("line", pa.int32()),
            ("column", pa.int32()),
            ("end_line", pa.int32()),
            ("end_column", pa.int32()),
            ("scope", pa.string()),
            ("confidence", pa.float64()),
            ("digest", pa.string()),
        ]
    ),
    "pages": pa.schema(
        [
            ("url", pa.string()),
            ("site", pa.string()),
            ("fetch_time", _TIME),
            ("digest", pa.string()),
            ("source", pa.string()),
            ("register", pa.string()),
            ("findings", pa.int32()),
            ("by_category", _COUNTS),
            ("document_findings", pa.list_(pa.string())),
            ("risk", pa.int32()),
        ]
    ),
    "sites": pa.schema(
        [
            ("rank", pa.int32()),
            ("site", pa.string()),
            ("pages", pa.int32()),
            ("pages_with_findings", pa.int32()),
            ("findings", pa.int32()),
            ("by_category", _COUNTS),
            ("risk", pa.float64()),
            (
                "worst",
                pa.list_(
                    pa.struct(
                        [
                            ("url", pa.string()),
                            ("line", pa.int32()),
                            ("column", pa.int32()),
                            ("rule", pa.string()),
                            ("severity", pa.string()),
                            ("text", pa.string()),
                        ]
                    )
                ),
            ),
        ]
    ),
    "errors": pa.schema(
        [
            ("url", pa.string()),
            ("site", pa.string()),
            ("source", pa.string()),
            ("stage", pa.string()),
            ("reason", pa.string()),
        ]
    ),
}


def page_risk(severities: Iterable[str]) -> int:
    return sum(SEVERITY_WEIGHT.get(severity, 0) for severity in severities)


def site_risk(page_risks: Sequence[int]) -> float:
    worst = heapq.nlargest(WORST_PAGES, page_risks)
    return round(sum(worst) / len(worst), 3) if worst else 0.0


def to_table(name: str, rows: Sequence[dict[str, object]]) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=SCHEMAS[name])


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary hidden name, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def part_path(out: Path, table: str, part: str) -> Path:
    return out / table / f"{part}.parquet"


def read_table(out: Path, name: str, parts: Sequence[str] | None = None) -> pa.Table:
    """One table of an audit, its parts in partition order (all parts when `parts` is None)."""
    folder = out / name
    files = (
        [part_path(out, name, part) for part in parts]
        if parts is not None
        else sorted(p for p in folder.glob("*.parquet") if not p.name.startswith("."))
    )
    if not files:
        return SCHEMAS[name].empty_table()
    return pa.concat_tables(pq.read_table(file, schema=SCHEMAS[name]) for file in files)


def build_sites(out: Path, parts: Sequence[str]) -> pa.Table:
    """Roll pages and findings up to sites, ranked by risk (then name), streaming part by part."""
    risks: dict[str, list[int]] = defaultdict(list)
    with_findings: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    categories: dict[str, Counter[str]] = defaultdict(Counter)
    worst: dict[str, list[tuple[tuple[object, ...], dict[str, object]]]] = defaultdict(list)
    # The same payload served at several URLs of a site gives the same example once.
    shown: dict[str, set[tuple[object, ...]]] = defaultdict(set)
    for number, part in enumerate(parts):
        pages = pq.read_table(part_path(out, "pages", part), columns=["site", "findings", "risk"]).to_pylist()
        for page in pages:
            risks[page["site"]].append(page["risk"])
            with_findings[page["site"]] += page["findings"] > 0
        findings = pq.read_table(
            part_path(out, "findings", part),
            columns=["url", "site", "line", "column", "rule", "category", "severity", "text", "confidence", "digest"],
        ).to_pylist()
        for position, finding in enumerate(findings):
            site = finding["site"]
            totals[site] += 1
            categories[site][finding["category"] or "other"] += 1
            # Worst first: severity, then the detector's confidence, then input order.
            key = (Severity.parse(finding["severity"]).value, finding["confidence"] or 0.0, -number, -position)
            same = (finding["digest"], finding["rule"], finding["line"], finding["column"])
            if same in shown[site]:
                continue
            shown[site].add(same)
            example = {name: finding[name] for name in ("url", "line", "column", "rule", "severity", "text")}
            heap = worst[site]
            if len(heap) < EXAMPLES:
                heapq.heappush(heap, (key, example))
            elif key > heap[0][0]:
                heapq.heapreplace(heap, (key, example))
    rows = [
        {
            "site": site,
            "pages": len(page_risks),
            "pages_with_findings": with_findings[site],
            "findings": totals[site],
            "by_category": sorted(categories[site].items()),
            "risk": site_risk(page_risks),
            "worst": [example for _, example in sorted(worst[site], key=lambda item: item[0], reverse=True)],
        }
        for site, page_risks in risks.items()
    ]
    rows.sort(key=lambda row: (-float(row["risk"]), -int(row["findings"]), str(row["site"])))  # type: ignore[call-overload]
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return to_table("sites", rows)
