"""Pages per second and memory of `claimcheck audit` on a generated crawl, with 1 and 2 workers.

    python benchmarks/audit.py                      # 5,000 pages, 1 then 2 workers, the default pipeline
    python benchmarks/audit.py --pages 1000 --workers 1,2,4 --no-model

The crawl: WARC.gz files of 500 records each, written with warcio; pages are HTML built
by generate.py's writer (sentences of the dev split, lexicon terms, Zipf-drawn words:
a long-tailed vocabulary, so spaCy's string cache does not flatter the figures), 2-12 KB
of text each, 50 pages per site, plus 2% 404s and 2% duplicate payloads at other URLs.
Each run is a fresh local cluster of N worker processes (one thread each) and a fresh
output folder.  Printed per run: wall seconds (from submitting the partitions to the
last table written, cluster start and Linter builds excluded, and with them), pages
per second, the workers' CPU seconds during the audit and pages per CPU second (the
figure that steadies on a shared machine), each worker's peak resident memory
(ru_maxrss), the output size, and the speed-up of the largest N over N=1.  Nothing is asserted: the machine may be shared
(the load average is printed before and after).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import Writer, load_material, render_html  # noqa: E402

PAGES_PER_SITE = 50
RECORDS_PER_FILE = 500


def generate_crawl(folder: Path, pages: int, seed: int) -> tuple[int, int]:
    """WARC.gz files with `pages` distinct HTML pages (plus 404s and duplicates); (files, bytes)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    writer = Writer(load_material(seed), rng)
    folder.mkdir(parents=True, exist_ok=True)
    html = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    files = written = 0
    stream = warc = None
    last = b""
    for index in range(pages):
        if index % RECORDS_PER_FILE == 0:
            if stream is not None:
                stream.close()
            stream = open(folder / f"crawl-{files:05d}.warc.gz", "wb")  # noqa: SIM115
            warc = WARCWriter(stream, gzip=True)
            files += 1
        assert warc is not None
        site = f"https://www.clinic{index // PAGES_PER_SITE:04d}.example"
        body = render_html(writer.title(), writer.blocks(int(2000 * 2 ** rng.uniform(0, 2.6))), rng).encode("utf-8")
        written += len(body)
        record = warc.create_warc_record(f"{site}/page{index}.html", "response", payload=io.BytesIO(body), http_headers=html)
        warc.write_record(record)
        roll = rng.random()
        if roll < 0.02:
            missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            warc.write_record(
                warc.create_warc_record(
                    f"{site}/gone{index}", "response", payload=io.BytesIO(b"<p>gone</p>"), http_headers=missing
                )
            )
        elif roll < 0.04 and last:
            warc.write_record(
                warc.create_warc_record(f"{site}/copy{index}", "response", payload=io.BytesIO(last), http_headers=html)
            )
        last = body
    if stream is not None:
        stream.close()
    return files, written


def _peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(crawl: Path, workers: int, no_model: bool, pages_per_partition: int) -> dict[str, object]:
    from distributed import Client, LocalCluster

    from claimcheck import api
    from claimcheck.audit.run import run_audit
    from claimcheck.audit.worker import LinterPlugin
    from claimcheck.config import ModelSettings, Settings

    settings = Settings(model=ModelSettings(enabled=False)) if no_model else Settings()
    out = Path(tempfile.mkdtemp(prefix="audit-bench-out-"))
    shutil.rmtree(out)
    started = time.perf_counter()
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster,
        Client(cluster) as client,
    ):
        # Build the Linters first, so the timed part is the audit itself.
        import hashlib
        from dataclasses import replace

        from claimcheck.audit.worker import PLUGIN_PREFIX

        digest = hashlib.sha256(repr(replace(settings, provenance={})).encode()).hexdigest()[:16]
        client.register_plugin(LinterPlugin(partial(api.build_linter, settings), f"{PLUGIN_PREFIX}-{digest}"))
        ready = time.perf_counter()
        cpu_before = client.run(_cpu_s)
        result = run_audit(
            [str(crawl)],
            out,
            recipe=partial(api.build_linter, settings),
            settings=settings,
            client=client,
            pages_per_partition=pages_per_partition,
        )
        finished = time.perf_counter()
        cpu_after = client.run(_cpu_s)
        peaks = sorted(client.run(_peak_rss_kb).values())
    cpu = sum(cpu_after[worker] - cpu_before.get(worker, 0.0) for worker in cpu_after)
    size = sum(file.stat().st_size for file in out.rglob("*") if file.is_file())
    shutil.rmtree(out)
    return {
        "workers": workers,
        "pages": result.pages,
        "audit_s": finished - ready,
        "total_s": finished - started,
        "pages_per_s": result.pages / (finished - ready),
        "worker_cpu_s": cpu,
        "pages_per_cpu_s": result.pages / cpu if cpu else 0.0,
        "peak_mb": [round(kb / 1024) for kb in peaks],
        "out_mb": size / 1e6,
        "findings": result.findings,
        "sites": result.sites,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts [default: 1,2]")
    parser.add_argument("--pages-per-partition", type=int, default=200)
    parser.add_argument("--no-model", action="store_true", help="the rules alone, without the learned detector")
    parser.add_argument("--crawl", type=Path, help="use (or create) the crawl in this folder instead of a temporary one")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    crawl = args.crawl or Path(tempfile.mkdtemp(prefix="audit-bench-crawl-"))
    if not any(crawl.glob("*.warc.gz")):
        files, written = generate_crawl(crawl, args.pages, args.seed)
        print(f"crawl: {args.pages} pages in {files} WARC.gz files, {written / 1e6:.1f} MB of HTML, in {crawl}")
    print(f"load average before: {os.getloadavg()}")
    rows = []
    for workers in args.workers.split(","):
        rows.append(measure(crawl, int(workers), args.no_model, args.pages_per_partition))
        print(f"measured: {rows[-1]}", flush=True)
    print(f"load average after: {os.getloadavg()}")
    print(
        "| workers | pages | audit s | with start-up s | pages/s | workers' CPU s | pages per CPU s "
        "| peak MB per worker | output MB | findings | sites |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['workers']} | {row['pages']} | {row['audit_s']:.1f} | {row['total_s']:.1f} | {row['pages_per_s']:.1f} "
            f"| {row['worker_cpu_s']:.1f} | {row['pages_per_cpu_s']:.2f} "
            f"| {', '.join(map(str, row['peak_mb']))} | {row['out_mb']:.1f} | {row['findings']} | {row['sites']} |"
        )
    if len(rows) > 1:
        speed_up = float(rows[-1]["pages_per_s"]) / float(rows[0]["pages_per_s"])  # type: ignore[arg-type]
        print(f"speed-up, {rows[-1]['workers']} workers over {rows[0]['workers']}: {speed_up:.2f}x")
    if not args.crawl:
        shutil.rmtree(crawl)
    return 0


if __name__ == "__main__":
    sys.exit(main())
