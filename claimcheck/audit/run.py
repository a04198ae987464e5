"""Running an audit on Dask: plan, check the partitions not yet done, roll up the sites.

The client (this process) scans and plans, submits one task per partition, and records
each finished partition in `DIR/manifest.json`, rewritten atomically (temporary file,
fsync, rename) after every partition.  A run started again with the same inputs and
options reads the manifest and submits only the partitions it does not list; part
files of a partition that was running when the run stopped are simply written again.
Dask recomputes the tasks of a worker that dies; a task's part files have fixed names,
so a task run twice leaves one copy.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from claimcheck.audit.inputs import Plan, expand_inputs, plan_audit, scan_warc
from claimcheck.audit.report import write_report
from claimcheck.audit.sites import site_of
from claimcheck.audit.tables import TABLES, build_sites, to_table, write_atomic
from claimcheck.audit.worker import PLUGIN_PREFIX, LinterPlugin, audit_partition, crashed_partition
from claimcheck.config import Settings
from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.linter import Linter
from claimcheck.version import __version__

MANIFEST = "manifest.json"
DEFAULT_PAGES_PER_PARTITION = 200


@dataclass
class AuditResult:
    out: Path
    partitions: int
    resumed: int  # partitions already done by an earlier run
    pages: int  # page rows (one per URL of a checked payload)
    findings: int
    errors: int
    sites: int
    skips: dict[str, int] = field(default_factory=dict)


def url_for_file(folder: str, file: str) -> str:
    """A saved page's URL: `http://HOST/PATH` when the folder holds a mirror (its first
    level is a host name, as `wget --mirror` writes), else the path itself."""
    relative = Path(file).relative_to(folder) if Path(file) != Path(folder) else Path(Path(file).name)
    if len(relative.parts) > 1 and "." in relative.parts[0] and site_of(f"http://{relative.parts[0]}/"):
        return "http://" + relative.as_posix()
    return file


def _plan_key(inputs: Sequence[str], warcs: Sequence[str], folders, pages_per_partition: int, settings: Settings) -> str:  # type: ignore[no-untyped-def]
    files = [*warcs, *(file for _, group in folders for file in group)]
    stats = []
    for file in files:
        info = os.stat(file)
        stats.append([os.path.abspath(file), info.st_size, info.st_mtime_ns])
    described = {
        "inputs": [os.path.abspath(given) for given in inputs],
        "files": stats,
        "pages_per_partition": pages_per_partition,
        "settings": repr(replace(settings, provenance={})),
        "version": __version__,
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


def write_json_atomic(path: Path, data: object) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _prepare_out(out: Path) -> dict[str, object] | None:
    """Make the output folder; the manifest of an earlier run in it, if any."""
    if out.exists() and not out.is_dir():
        raise ClaimcheckError(f"{out}: --out must be a folder, and this is a file")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise ClaimcheckError(f"{out}: cannot create the output folder ({problem.strerror or problem})") from None
    manifest = out / MANIFEST
    if manifest.exists():
        try:
            return json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError) as problem:
            raise ClaimcheckError(f"{manifest}: cannot read the audit manifest ({problem})") from None
    if any(not entry.name.startswith(".") for entry in out.iterdir()):
        raise ClaimcheckError(f"{out}: the folder is not empty and holds no claimcheck audit; choose a new or empty folder")
    return None


def _start_client(scheduler: str | None, workers: int | None):  # type: ignore[no-untyped-def]
    from distributed import Client, LocalCluster

    from claimcheck.parallel import default_jobs

    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as problem:
            raise ClaimcheckError(f"cannot reach the Dask scheduler at {scheduler} ({problem})") from None
    cluster = LocalCluster(
        n_workers=workers or default_jobs(),
        threads_per_worker=1,
        processes=True,
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


def run_audit(
    inputs: Sequence[str],
    out: str | Path,
    *,
    recipe: Callable[[], Linter],
    settings: Settings,
    pages_per_partition: int = DEFAULT_PAGES_PER_PARTITION,
    scheduler: str | None = None,
    workers: int | None = None,
    client=None,  # type: ignore[no-untyped-def]
    progress: Callable[[int, int], None] | None = None,
) -> AuditResult:
    """Audit WARC files and folders of saved pages into Parquet tables under `out`.

    `client`: an existing `distributed.Client` (else one for `scheduler`, else a local
    cluster of `workers` processes, default one per core).  `recipe` builds the Linter
    (once per worker).  `progress(done, total)` is called after each partition.
    """
    out = Path(out)
    warcs, folders = expand_inputs(inputs)
    if not warcs and not folders:
        raise InputError("no WARC files or pages found in the inputs")
    key = _plan_key(inputs, warcs, folders, pages_per_partition, settings)
    previous = _prepare_out(out)
    if previous is not None and previous.get("plan") != key:
        raise ClaimcheckError(
            f"{out}: holds an audit of other inputs or options; choose another --out folder (or delete this one)"
        )
    done: dict[str, dict[str, object]] = dict(previous.get("done", {})) if previous else {}  # type: ignore[arg-type]
    own_client = client is None
    cluster = None
    if own_client:
        client, cluster = _start_client(scheduler, workers)
    try:
        scans = client.gather(client.map(scan_warc, warcs, pure=False)) if warcs else []
        plan = plan_audit(warcs, scans, folders, pages_per_partition, url_for_file)
        names = [partition.name for partition in plan.partitions]
        done = {name: counts for name, counts in done.items() if name in set(names)}
        resumed = len(done)
        manifest = {"version": __version__, "plan": key, "partitions": len(names), "done": done, "complete": False}
        _write_manifest(out, manifest)
        todo = [partition for partition in plan.partitions if partition.name not in done]
        if todo:
            digest = hashlib.sha256(repr(replace(settings, provenance={})).encode()).hexdigest()[:16]
            plugin = LinterPlugin(recipe, f"{PLUGIN_PREFIX}-{digest}")
            client.register_plugin(plugin)
            _run_partitions(client, todo, out, settings.max_file_size, plugin.name, manifest, progress, len(names))
        result = _finish(out, plan, manifest, names, resumed)
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
    return result


def _write_manifest(out: Path, manifest: dict[str, object]) -> None:
    try:
        write_json_atomic(out / MANIFEST, manifest)
    except OSError as problem:
        raise ClaimcheckError(f"{out}: cannot write the audit manifest ({problem.strerror or problem})") from None


def _run_partitions(client, todo, out: Path, max_bytes, plugin_name: str, manifest, progress, total: int) -> None:  # type: ignore[no-untyped-def]
    from distributed import KilledWorker, as_completed

    done: dict[str, dict[str, object]] = manifest["done"]
    futures = {
        client.submit(
            audit_partition,
            partition,
            str(out),
            max_bytes,
            plugin_name,
            key=f"claimcheck-audit-{manifest['plan'][:16]}-{partition.name}",
        ): partition
        for partition in todo
    }
    try:
        for future in as_completed(futures):
            partition = futures[future]
            try:
                try:
                    counts = future.result()
                except KilledWorker as problem:  # Dask gave up after the task killed several workers
                    tries = problem.allowed_failures + 1
                    reason = f"the check killed its worker process {tries} times (a crash outside Python, or out of memory)"
                    counts = crashed_partition(partition, str(out), reason)
            except ClaimcheckError:
                raise
            except OSError as problem:
                raise ClaimcheckError(f"{out}: cannot write the audit tables ({problem.strerror or problem})") from None
            done[partition.name] = counts
            _write_manifest(out, manifest)
            if progress:
                progress(len(done), total)
    finally:
        client.cancel(list(futures))


def _finish(out: Path, plan: Plan, manifest: dict[str, object], names: list[str], resumed: int) -> AuditResult:
    done: dict[str, dict[str, object]] = manifest["done"]  # type: ignore[assignment]
    skips: Counter[str] = Counter(plan.skips)
    for name in names:
        skips.update(done[name].get("skips", {}))  # type: ignore[arg-type]
    try:
        write_atomic(to_table("errors", plan.errors), out / "errors" / "part-scan.parquet")
        sites = build_sites(out, names)
        write_atomic(sites, out / "sites" / "part-000000.parquet")
        for table in TABLES:
            (out / table).mkdir(exist_ok=True)
    except OSError as problem:
        raise ClaimcheckError(f"{out}: cannot write the audit tables ({problem.strerror or problem})") from None
    result = AuditResult(
        out=out,
        partitions=len(names),
        resumed=resumed,
        pages=sum(int(done[name]["pages"]) for name in names),  # type: ignore[call-overload]
        findings=sum(int(done[name]["findings"]) for name in names),  # type: ignore[call-overload]
        errors=sum(int(done[name]["errors"]) for name in names) + len(plan.errors),  # type: ignore[call-overload]
        sites=sites.num_rows,
        skips=dict(sorted(skips.items())),
    )
    try:
        write_report(out, result.skips, result.errors)
    except OSError as problem:
        raise ClaimcheckError(f"{out}: cannot write report.html ({problem.strerror or problem})") from None
    manifest.update(
        complete=True,
        totals={"pages": result.pages, "findings": result.findings, "errors": result.errors, "sites": result.sites},
        skips=result.skips,
    )
    _write_manifest(out, manifest)
    return result
