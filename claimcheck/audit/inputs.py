"""What an audit reads: WARC / WARC.gz files and folders of saved pages, scanned and cut
into partitions.

Planning happens before any page is checked.  Each WARC file is scanned once (headers
only: record type, status, content type, URL, date and payload digest; payloads are
read only when a record has no `WARC-Payload-Digest`).  Records that are not checked
get a skip reason; of the HTTP 200 HTML responses, the first record with each payload
digest (in input order) *owns* it and lists every URL that served it, later ones are
skipped as duplicates.  Owned records are then cut into partitions of a fixed number of
pages, each a byte range of one WARC file (or a run of saved files), so a partition can
be read on any worker without the others.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck.errors import InputError

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

# Skip reasons (the keys of the skip counts).
DUPLICATE = "duplicate payload"
OVERSIZED = "over the size limit"


def is_warc(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


@dataclass(frozen=True)
class Seen:
    """One URL that served a page: where and when it was fetched."""

    url: str
    fetch_time: str | None  # WARC-Date as written (ISO 8601), None for saved files


@dataclass(frozen=True)
class Work:
    """One payload to check: where to read it (a record's position in its partition's
    WARC range, or a file path), the Content-Type charset, and every URL that served it
    (the first is the record's own)."""

    locator: int | str
    seen: tuple[Seen, ...]
    charset: str | None = None
    digest: str | None = None
    offset: int | None = None  # WARC: the record's byte offset in its file


@dataclass(frozen=True)
class Partition:
    """A unit of work for one task: pages from one WARC byte range, or saved files."""

    index: int
    source: str  # the WARC file, or the folder of saved pages
    work: tuple[Work, ...]
    start: int = 0  # WARC: offset of the first record to read
    count: int = 0  # WARC: records to read from there (skipped ones included)

    @property
    def name(self) -> str:
        return f"part-{self.index:06d}"


@dataclass
class Plan:
    partitions: list[Partition] = field(default_factory=list)
    skips: Counter[str] = field(default_factory=Counter)  # reason -> records skipped while planning
    errors: list[dict[str, object]] = field(default_factory=list)  # files that could not be read at all
    urls: int = 0  # URLs of checked payloads, duplicates included


@dataclass(frozen=True)
class Scanned:
    """One WARC record as seen by the scan: a skip reason, or a candidate page."""

    offset: int
    url: str
    date: str | None
    skip: str | None
    digest: str | None
    charset: str | None


def expand_inputs(inputs: Sequence[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """WARC files and (folder, saved page files) groups, in a deterministic order.

    A folder is walked (sorted; hidden entries skipped) for WARC files and for pages
    claimcheck can read; a file named on the command line must exist.
    """
    from claimcheck.sources import EXTENSIONS

    warcs: list[str] = []
    folders: list[tuple[str, list[str]]] = []
    for given in inputs:
        path = Path(given)
        if path.is_file():
            if is_warc(path):
                warcs.append(str(path))
            elif path.suffix.lower() in EXTENSIONS:
                folders.append((str(path.parent), [str(path)]))
            else:
                raise InputError(f"{given}: not a WARC file (.warc, .warc.gz), a page or a folder")
            continue
        if not path.is_dir():
            raise InputError(f"{given}: no such file or folder")
        pages: list[str] = []
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                full = os.path.join(root, name)
                if is_warc(name):
                    warcs.append(full)
                elif Path(name).suffix.lower() in EXTENSIONS:
                    pages.append(full)
        if pages:
            folders.append((str(path), pages))
    return warcs, folders


def _charset_of(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def scan_warc(path: str) -> tuple[list[Scanned], str | None]:
    """Every record of one WARC file, classified (headers only where a digest is given),
    and why the rest of the file could not be read, if it could not."""
    from warcio.archiveiterator import ArchiveIterator

    scanned: list[Scanned] = []
    try:
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                date = record.rec_headers.get_header("WARC-Date")
                skip: str | None = None
                digest = charset = None
                if record.rec_type != "response":
                    skip = f"{record.rec_type} record"
                elif record.http_headers is None:
                    skip = "response without HTTP headers"
                else:
                    status = record.http_headers.get_statuscode() or "?"
                    content_type = record.http_headers.get_header("Content-Type") or ""
                    mime = content_type.split(";")[0].strip().lower()
                    if status != "200":
                        skip = f"status {status}"
                    elif mime not in HTML_TYPES:
                        skip = f"not HTML ({mime or 'no Content-Type'})"
                    else:
                        charset = _charset_of(content_type)
                        digest = record.rec_headers.get_header("WARC-Payload-Digest")
                        if not digest:
                            digest = "sha1-body:" + hashlib.sha1(record.content_stream().read()).hexdigest()
                # The offset is read last: asking for it consumes the rest of the record.
                scanned.append(Scanned(records.get_record_offset(), url, date, skip, digest, charset))
    except OSError as problem:
        return scanned, f"cannot read ({problem.strerror or problem})"
    except Exception as problem:  # warcio's parse errors have no common base class
        where = f"after record {len(scanned)}" if scanned else "from the start"
        return scanned, f"not a readable WARC file {where} ({problem.__class__.__name__}: {problem})"
    return scanned, None


def plan_audit(
    warcs: Sequence[str],
    scans: Sequence[tuple[list[Scanned], str | None]],
    folders: Sequence[tuple[str, list[str]]],
    pages_per_partition: int,
    url_for_file,  # type: ignore[no-untyped-def]
) -> Plan:
    """Partitions from the scans (a scan that failed is its error message), deduplicated by payload."""
    plan = Plan()
    owners: dict[str, list[Seen]] = {}  # digest -> URLs of the owning record (grown in place)

    def own(digest: str, seen: Seen) -> list[Seen] | None:
        if digest in owners:
            owners[digest].append(seen)
            plan.skips[DUPLICATE] += 1
            return None
        owners[digest] = [seen]
        return owners[digest]

    pending: list[tuple[str, int, int, list[tuple[int | str, list[Seen], str | None, str, int | None]]]] = []
    for path, (scan, problem) in zip(warcs, scans, strict=True):
        if problem is not None:
            plan.errors.append({"url": None, "site": None, "source": path, "stage": "read", "reason": problem})
        chunk: list[tuple[int | str, list[Seen], str | None, str, int | None]] = []
        first = 0  # position in the scan of the partition's first record
        for position, record in enumerate(scan):
            if record.skip is not None:
                plan.skips[record.skip] += 1
                continue
            digest = record.digest or f"{path}#{record.offset}"
            urls = own(digest, Seen(record.url, record.date))
            if urls is None:
                continue
            if not chunk:
                first = position
            chunk.append((position - first, urls, record.charset, digest, record.offset))
            if len(chunk) == pages_per_partition:
                pending.append((path, scan[first].offset, position + 1 - first, chunk))
                chunk = []
        if chunk:
            pending.append((path, scan[first].offset, int(chunk[-1][0]) + 1, chunk))
    for folder, files in folders:
        chunk = []
        for file in files:
            try:
                digest = "sha1-file:" + _file_sha1(file)
            except OSError as problem:
                plan.errors.append(
                    {
                        "url": None,
                        "site": None,
                        "source": file,
                        "stage": "read",
                        "reason": f"cannot read ({problem.strerror or problem})",
                    }
                )
                continue
            urls = own(digest, Seen(url_for_file(folder, file), None))
            if urls is None:
                continue
            chunk.append((file, urls, None, digest, None))
            if len(chunk) == pages_per_partition:
                pending.append((folder, 0, 0, chunk))
                chunk = []
        if chunk:
            pending.append((folder, 0, 0, chunk))
    for index, (source, start, count, chunk) in enumerate(pending):
        work = tuple(Work(locator, tuple(urls), *rest) for locator, urls, *rest in chunk)
        plan.urls += sum(len(item.seen) for item in work)
        plan.partitions.append(Partition(index, source, work, start, count))
    return plan


def _file_sha1(path: str) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def iter_warc_range(path: str, start: int, count: int) -> Iterator[tuple[int, object]]:
    """(position, record) for `count` records of a WARC file from offset `start`; the
    position counts records from there, in the order the scan saw them."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as stream:
        stream.seek(start)
        for position, record in enumerate(ArchiveIterator(stream)):
            if position >= count:
                return
            yield position, record
