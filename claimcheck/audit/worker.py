"""What runs on a Dask worker: the Linter, built once per worker by a worker plugin, and
the task that checks one partition and writes its part of each table.

The task is the same check code path as `claimcheck check` (`api.read_source` /
`sources.parse_source`, then `api.check_documents`), one partition in, three Parquet
part files out.  A record the linter fails on becomes a row in `errors`; the rest of the
partition is still checked.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from distributed import WorkerPlugin, get_worker

from claimcheck import api
from claimcheck.audit.inputs import OVERSIZED, Partition, Work, is_warc, iter_warc_range
from claimcheck.audit.sites import site_of
from claimcheck.audit.tables import page_risk, part_path, to_table, write_atomic
from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.findings import Finding
from claimcheck.linter import Linter
from claimcheck.sources import format_for_path, parse_source
from claimcheck.sources.base import Source
from claimcheck.sources.reader import SkippedInput

PLUGIN_PREFIX = "claimcheck-audit-linter"
BATCH = 16  # pages per pipeline batch, as `claimcheck check` uses

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class LinterPlugin(WorkerPlugin):
    """Builds the Linter once on each worker (and on a worker that joins or restarts).

    A spaCy pipeline is not shared between threads: a worker started with several
    threads builds one more Linter for each further thread that runs an audit task.
    Its name carries a digest of the settings, so registering it again for an audit with
    the same settings on a long-lived cluster keeps the Linters the workers already have
    (`idempotent`), and an audit with other settings gets its own.
    """

    idempotent = True

    def __init__(self, recipe: Callable[[], Linter], name: str):
        self.recipe = recipe
        self.name = name

    def setup(self, worker) -> None:  # type: ignore[no-untyped-def]
        self._lock = threading.Lock()
        self._local = threading.local()
        try:
            self._spare: Linter | ClaimcheckError | None = self.recipe()
        except ClaimcheckError as error:  # raised by the first task, so the client prints one line
            self._spare = error

    def linter(self) -> Linter:
        """This thread's Linter: the one built at set-up, or a new one for a further thread."""
        found = getattr(self._local, "linter", None)
        if found is None:
            with self._lock:
                found, self._spare = self._spare, None
            if isinstance(found, ClaimcheckError):
                self._spare = found
                raise found
            found = found if found is not None else self.recipe()
            self._local.linter = found
        return found


def worker_linter(plugin_name: str) -> Linter:
    plugin = get_worker().plugins.get(plugin_name)
    if plugin is None:
        raise RuntimeError("the claimcheck audit plugin is not registered on this worker")
    return plugin.linter()


@dataclass(frozen=True)
class _Failed:
    stage: str
    reason: str


def charset_of(data: bytes, header: str | None) -> str:
    """The page's charset: the HTTP header's, else the page's own meta tag, else UTF-8."""
    if header:
        return header
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else "utf-8"


def decode_page(data: bytes, header: str | None) -> str:
    """The page as text, or InputError naming the charset and the first bad byte."""
    charset = charset_of(data, header)
    if charset in ("utf-8", "utf8") and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode(charset)
    except LookupError:
        raise InputError(f"unknown charset {charset!r}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"not valid {charset} (byte 0x{data[error.start]:02x} at offset {error.start})") from None


def _payloads(partition: Partition, max_bytes: int | None) -> Iterator[tuple[Work, bytes | str | _Failed]]:
    """Each owned payload's bytes, a skip reason (str), or why it could not be read."""
    if not is_warc(partition.source):
        for work in partition.work:
            try:
                with open(str(work.locator), "rb") as handle:
                    yield work, handle.read() if max_bytes is None else handle.read(max_bytes + 1)
            except OSError as problem:
                yield work, _Failed("read", f"cannot read ({problem.strerror or problem})")
        return
    wanted = {int(work.locator): work for work in partition.work}
    done: set[int] = set()
    try:
        for position, record in iter_warc_range(partition.source, partition.start, partition.count):
            work = wanted.get(position)
            if work is None:
                continue
            stream = record.content_stream()  # type: ignore[attr-defined]
            data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
            done.add(position)
            yield work, data
    except Exception as problem:  # a damaged record: the rest of the range cannot be read
        reason = f"cannot read the WARC record ({problem.__class__.__name__}: {problem})"
        for position, work in wanted.items():
            if position not in done:
                yield work, _Failed("read", reason)
        return
    for position, work in wanted.items():
        if position not in done:
            yield work, _Failed("read", "record not found where the scan saw it (the file changed?)")


def _load(partition: Partition, work: Work, data: bytes, max_bytes: int | None) -> Source:
    url = work.seen[0].url
    if max_bytes is not None and len(data) > max_bytes:
        raise SkippedInput(OVERSIZED)
    if is_warc(partition.source):
        return parse_source(decode_page(data, work.charset), url, "html")
    path = str(work.locator)
    fmt = format_for_path(path)
    if fmt == "html":
        return parse_source(decode_page(data, None), path, "html")
    return api.read_source(path, data, fmt, max_bytes)


def fetch_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _site(url: str, partition: Partition) -> str:
    return site_of(url) or Path(partition.source).name


def audit_partition(partition: Partition, out: str, max_bytes: int | None, plugin_name: str) -> dict[str, object]:
    """Check one partition with this worker's Linter; write its findings, pages and errors parts.

    Returns the partition's counts (pages, findings, errors, skips by reason).
    """
    linter = worker_linter(plugin_name)
    rows: dict[str, list[dict[str, object]]] = {"findings": [], "pages": [], "errors": []}
    skips: Counter[str] = Counter()
    batch: list[tuple[Work, Source]] = []

    def error(work: Work, stage: str, reason: str) -> None:
        for seen in work.seen:
            rows["errors"].append(
                {
                    "url": seen.url,
                    "site": _site(seen.url, partition),
                    "source": _where(partition, work),
                    "stage": stage,
                    "reason": reason,
                }
            )

    def flush() -> None:
        for work, _source, outcome in _check_batch(linter, batch):
            if isinstance(outcome, _Failed):
                error(work, outcome.stage, outcome.reason)
            else:
                _rows(rows, partition, work, *outcome)
        batch.clear()

    for work, data in _payloads(partition, max_bytes):
        if isinstance(data, _Failed):
            error(work, data.stage, data.reason)
            continue
        try:
            source = _load(partition, work, data, max_bytes)  # type: ignore[arg-type]
        except SkippedInput as skipped:
            skips[OVERSIZED if str(skipped) == OVERSIZED else "not prose"] += len(work.seen)
            continue
        except InputError as problem:
            error(work, "decode", str(problem).removeprefix(f"{work.locator}: "))
            continue
        batch.append((work, source))
        if len(batch) == BATCH:
            flush()
    flush()
    base = Path(out)
    for table, table_rows in rows.items():
        write_atomic(to_table(table, table_rows), part_path(base, table, partition.name))
    return {
        "pages": len(rows["pages"]),
        "findings": len(rows["findings"]),
        "errors": len(rows["errors"]),
        "skips": dict(sorted(skips.items())),
    }


def crashed_partition(partition: Partition, out: str, reason: str) -> dict[str, object]:
    """The parts of a partition whose task kept killing its worker (a crash below Python,
    or memory exhausted): every URL of it becomes an `errors` row, with the reason."""
    rows = [
        {
            "url": seen.url,
            "site": _site(seen.url, partition),
            "source": _where(partition, work),
            "stage": "crash",
            "reason": reason,
        }
        for work in partition.work
        for seen in work.seen
    ]
    base = Path(out)
    for table, table_rows in (("findings", []), ("pages", []), ("errors", rows)):
        write_atomic(to_table(table, table_rows), part_path(base, table, partition.name))
    return {"pages": 0, "findings": 0, "errors": len(rows), "skips": {}}


def _where(partition: Partition, work: Work) -> str:
    """The record's place: `FILE@OFFSET` in a WARC file (`warcio extract FILE OFFSET` shows it), else the file."""
    return f"{partition.source}@{work.offset}" if is_warc(partition.source) else str(work.locator)


def _check_batch(
    linter: Linter, batch: list[tuple[Work, Source]]
) -> Iterator[tuple[Work, Source, tuple[list[Finding], str | None] | _Failed]]:
    """Check a batch in one pipeline run; if anything fails, page by page to find the culprit."""
    try:
        results = list(api.check_documents(linter, [source for _, source in batch]))
    except Exception:
        for work, source in batch:
            try:
                _, findings, register = next(api.check_documents(linter, [source]))
            except Exception as problem:
                yield work, source, _Failed("lint", f"{problem.__class__.__name__}: {problem}")
            else:
                yield work, source, (findings, register)
        return
    for (work, source), (_, findings, register) in zip(batch, results, strict=True):
        yield work, source, (findings, register)


def _rows(
    rows: dict[str, list[dict[str, object]]], partition: Partition, work: Work, findings: list[Finding], register: str | None
) -> None:
    digest = work.digest
    categories = Counter(finding.category or "other" for finding in findings)
    document = sorted({finding.rule for finding in findings if finding.scope == "document"})
    risk = page_risk(finding.severity.label for finding in findings)
    for seen in work.seen:
        site = _site(seen.url, partition)
        when = fetch_time(seen.fetch_time)
        rows["pages"].append(
            {
                "url": seen.url,
                "site": site,
                "fetch_time": when,
                "digest": digest,
                "source": _where(partition, work),
                "register": register,
                "findings": len(findings),
                "by_category": sorted(categories.items()),
                "document_findings": document,
                "risk": risk,
            }
        )
        for finding in findings:
            rows["findings"].append(
                {
                    "url": seen.url,
                    "site": site,
                    "fetch_time": when,
                    "rule": finding.rule,
                    "category": finding.category,
                    "severity": finding.severity.label,
                    "message": finding.message,
                    "text": finding.text,
                    "line": finding.line,
                    "column": finding.column,
                    "end_line": finding.end_line,
                    "end_column": finding.end_column,
                    "scope": finding.scope,
                    "confidence": finding.confidence,
                    "digest": digest,
                }
            )
