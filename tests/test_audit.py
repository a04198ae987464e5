"""`claimcheck audit`: WARC crawls and saved pages checked on Dask into Parquet tables.

The crawls are built here with warcio's writer from the corpus's HTML pages under
`.example` hosts, with a duplicate, a redirect, a 404, a PDF, an undecodable body, a
chunked and gzip-encoded response and a page whose charset is only in its meta tag.
The Dask cluster is in-process (two workers, threads, processes=False): the task code
is the same as on worker processes, and the suite stays fast.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("distributed", reason="the audit extra is not installed (pip install -e '.[audit]')")
pytest.importorskip("warcio")
pytest.importorskip("pyarrow")

import pyarrow.parquet as pq
from click.testing import CliRunner
from distributed import Client, LocalCluster

from claimcheck import api
from claimcheck.audit.run import run_audit, url_for_file
from claimcheck.audit.sites import site_of
from claimcheck.audit.worker import charset_of, decode_page
from claimcheck.cli import main
from claimcheck.config import ModelSettings, Settings
from claimcheck.errors import ClaimcheckError
from tests.warc_build import ARTICLE, LATIN1_PAGE, NEURO, SERUM, STROKE, build_crawl

SETTINGS = Settings(
    model=ModelSettings(enabled=False), all_findings=True
)  # the rules alone, every finding, like the `linter` fixture
RECIPE = partial(api.build_linter, SETTINGS)
FINDING_FIELDS = ("rule", "severity", "message", "text", "line", "column", "end_line", "end_column")


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0") as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    return build_crawl(tmp_path_factory.mktemp("audit") / "crawl")


def _audit(inputs, out, client, **options):  # type: ignore[no-untyped-def]
    return run_audit([str(path) for path in inputs], out, recipe=RECIPE, settings=SETTINGS, client=client, **options)


def _rows(out: Path, table: str) -> list[dict]:
    return pq.read_table(out / table).to_pylist()


def _by_url(findings: list[dict]) -> dict[str, list[tuple]]:
    grouped: dict[str, list[tuple]] = {}
    for row in findings:
        grouped.setdefault(row["url"], []).append(tuple(row[name] for name in FINDING_FIELDS))
    return grouped


def _expected(linter, path: Path) -> list[tuple]:
    report = api.check_paths([str(path)], linter=linter)
    return [
        tuple(getattr(finding, name) if name != "severity" else finding.severity.label for name in FINDING_FIELDS)
        for finding in report.findings
    ]


def test_audit_finds_what_check_finds_each_url_once_with_skips_counted(crawl, client, tmp_path, linter):
    out = tmp_path / "out"
    result = _audit([crawl], out, client, pages_per_partition=2)
    pages = _rows(out, "pages")
    urls = [page["url"] for page in pages]
    assert sorted(urls) == sorted(
        [
            "http://www.neuro-clinic.example/",
            "http://neuro-clinic.example/index.html",  # same payload: checked once, listed
            "https://stroke-care.example/treatments",
            "http://cafe-regenera.example/",
            "http://journal-of-cells.example/article",
            "http://hair.shop.example/serum",
        ]
    )
    assert len(urls) == len(set(urls)) == result.pages
    assert result.skips == {
        "duplicate payload": 1,
        "not HTML (application/pdf)": 1,
        "request record": 1,
        "status 301": 1,
        "status 404": 1,
        "warcinfo record": 1,
    }
    found = _by_url(_rows(out, "findings"))
    assert found["http://www.neuro-clinic.example/"] == _expected(linter, NEURO)
    assert found["http://neuro-clinic.example/index.html"] == _expected(linter, NEURO)
    assert found["https://stroke-care.example/treatments"] == _expected(linter, STROKE)  # chunked, gzip-encoded
    assert found["http://journal-of-cells.example/article"] == _expected(linter, ARTICLE)  # plain .warc
    assert found["http://hair.shop.example/serum"] == _expected(linter, SERUM)
    latin1 = [
        tuple(getattr(f, n) if n != "severity" else f.severity.label for n in FINDING_FIELDS)
        for f in api.check_text(LATIN1_PAGE, format="html", linter=linter)
    ]
    assert found["http://cafe-regenera.example/"] == latin1
    assert any("garçon" in row[3] or "cures" in row[3] for row in latin1)  # decoded with the meta tag's charset
    errors = _rows(out, "errors")
    assert [(error["url"], error["stage"]) for error in errors] == [("http://broken.example/", "decode")]
    assert "not valid utf-8 (byte 0xff" in errors[0]["reason"]
    by_url = {page["url"]: page for page in pages}
    neuro = by_url["http://www.neuro-clinic.example/"]
    assert neuro["site"] == "neuro-clinic.example" and neuro["findings"] == len(found[neuro["url"]])
    assert neuro["risk"] == sum({"error": 3, "warning": 1}.get(row[1], 0) for row in found[neuro["url"]])
    assert dict(neuro["by_category"])["unapproved"] >= 1
    assert neuro["source"].endswith(".warc.gz@" + neuro["source"].rsplit("@", 1)[1])
    assert "document/no-references" in neuro["document_findings"]
    assert by_url["http://hair.shop.example/serum"]["site"] == "shop.example"


def test_sites_ranked_by_the_documented_risk(crawl, client, tmp_path):
    out = tmp_path / "out"
    _audit([crawl], out, client)
    pages = _rows(out, "pages")
    sites = _rows(out, "sites")
    assert [site["rank"] for site in sites] == list(range(1, len(sites) + 1))
    assert {site["site"] for site in sites} == {page["site"] for page in pages}
    for site in sites:
        risks = sorted((page["risk"] for page in pages if page["site"] == site["site"]), reverse=True)[:3]
        assert site["risk"] == pytest.approx(sum(risks) / len(risks))
        assert site["pages"] == sum(page["site"] == site["site"] for page in pages)
    assert [site["risk"] for site in sites] == sorted((site["risk"] for site in sites), reverse=True)
    neuro = next(site for site in sites if site["site"] == "neuro-clinic.example")
    assert neuro["pages"] == 2
    assert neuro["findings"] == sum(page["findings"] for page in pages if page["site"] == "neuro-clinic.example")
    # The duplicate URL does not repeat the same example.
    assert len({(example["rule"], example["line"], example["column"]) for example in neuro["worst"]}) == len(neuro["worst"])
    assert neuro["worst"][0]["severity"] == "error"


def test_same_tables_row_for_row_whatever_the_partitioning(crawl, client, tmp_path):
    small, large = tmp_path / "small", tmp_path / "large"
    _audit([crawl], small, client, pages_per_partition=1)
    _audit([crawl], large, client, pages_per_partition=100)
    for table in ("findings", "pages", "sites", "errors"):
        assert _rows(small, table) == _rows(large, table), table
    assert len(list((small / "pages").glob("part-*.parquet"))) > len(list((large / "pages").glob("part-*.parquet")))


def test_a_record_the_linter_fails_on_becomes_an_error_row(crawl, client, tmp_path, monkeypatch):
    real = api.check_documents

    def failing(linter, sources):  # type: ignore[no-untyped-def]
        sources = list(sources)
        if any(source.path == "http://hair.shop.example/serum" for source in sources):
            raise RuntimeError("linter exploded")
        yield from real(linter, sources)

    monkeypatch.setattr(api, "check_documents", failing)
    out = tmp_path / "out"
    result = _audit([crawl], out, client)
    errors = [(row["url"], row["stage"], row["reason"]) for row in _rows(out, "errors")]
    assert ("http://hair.shop.example/serum", "lint", "RuntimeError: linter exploded") in errors
    urls = {page["url"] for page in _rows(out, "pages")}
    assert "http://hair.shop.example/serum" not in urls
    assert "http://www.neuro-clinic.example/" in urls and "http://journal-of-cells.example/article" in urls
    assert result.errors == len(errors) == 2  # the undecodable page and the failing one


class _Stop(Exception):
    pass


def test_a_stopped_run_resumes_without_duplicates(crawl, client, tmp_path):
    fresh, out = tmp_path / "fresh", tmp_path / "out"
    _audit([crawl], fresh, client, pages_per_partition=1)

    def stop_after_two(done: int, total: int) -> None:
        if done >= 2:
            raise _Stop

    with pytest.raises(_Stop):
        _audit([crawl], out, client, pages_per_partition=1, progress=stop_after_two)
    assert not (out / "sites").exists()
    result = _audit([crawl], out, client, pages_per_partition=1)
    assert 2 <= result.resumed < result.partitions
    for table in ("findings", "pages", "sites", "errors"):
        assert _rows(out, table) == _rows(fresh, table), table
    urls = [page["url"] for page in _rows(out, "pages")]
    assert len(urls) == len(set(urls))
    again = _audit([crawl], out, client, pages_per_partition=1)  # finished: nothing left to do
    assert again.resumed == again.partitions


def test_resume_refuses_an_output_folder_of_other_inputs(crawl, client, tmp_path):
    out = tmp_path / "out"
    _audit([crawl / "crawl-2.warc"], out, client)
    with pytest.raises(ClaimcheckError, match="holds an audit of other inputs"):
        _audit([crawl], out, client)


def test_folders_of_saved_pages(client, tmp_path, linter):
    mirror = tmp_path / "mirror"
    (mirror / "www.neuro-clinic.example").mkdir(parents=True)
    (mirror / "www.neuro-clinic.example" / "index.html").write_bytes(NEURO.read_bytes())
    (mirror / "www.neuro-clinic.example" / "copy.html").write_bytes(NEURO.read_bytes())
    (mirror / "notes.html").write_bytes(SERUM.read_bytes())
    out = tmp_path / "out"
    result = _audit([mirror], out, client)
    pages = {page["url"]: page for page in _rows(out, "pages")}
    assert set(pages) == {
        "http://www.neuro-clinic.example/copy.html",
        "http://www.neuro-clinic.example/index.html",
        str(mirror / "notes.html"),
    }
    assert pages[str(mirror / "notes.html")]["site"] == "mirror"
    assert result.skips == {"duplicate payload": 1}
    found = _by_url(_rows(out, "findings"))
    assert found["http://www.neuro-clinic.example/index.html"] == _expected(linter, NEURO)


def test_charset_from_the_header_then_the_meta_tag():
    page = '<meta charset="iso-8859-1"><p>caf\xe9</p>'.encode("latin-1")
    assert charset_of(page, "windows-1252") == "windows-1252"
    assert charset_of(page, None) == "iso-8859-1"
    assert charset_of(b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', None) == "shift_jis"
    assert charset_of(b"<p>plain</p>", None) == "utf-8"
    assert decode_page(page, None).endswith("café</p>")
    with pytest.raises(ClaimcheckError, match="unknown charset 'x-klingon'"):
        decode_page(b"<p>a</p>", "x-klingon")


def test_sites_are_registered_domains_from_the_bundled_list():
    assert site_of("https://www.clinic.co.uk/a") == "clinic.co.uk"
    assert site_of("http://a.b.blogspot.com/") == "b.blogspot.com"  # a private suffix: each blog is a site
    assert site_of("http://www.neuro-clinic.example:8080/") == "neuro-clinic.example"  # not on the list: rule '*'
    assert site_of("http://127.0.0.1/x") == "127.0.0.1"
    assert url_for_file("m", "m/www.a.example/b/c.html") == "http://www.a.example/b/c.html"
    assert url_for_file("m", "m/notes/c.html") == "m/notes/c.html"


def test_cli_audit_against_a_scheduler(crawl, client, tmp_path):
    out = tmp_path / "out"
    address = client.scheduler.address
    result = CliRunner().invoke(
        main, ["audit", str(crawl / "crawl-2.warc"), "--out", str(out), "--scheduler", address, "--no-model"]
    )
    assert result.exit_code == 0, result.output
    assert "audited 2 pages on 2 sites" in result.output
    assert {page["url"] for page in _rows(out, "pages")} == {
        "http://journal-of-cells.example/article",
        "http://hair.shop.example/serum",
    }


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda tmp: (tmp / "file").write_text("x") and tmp / "file", "must be a folder"),
        (lambda tmp: (tmp / "file").write_text("x") and tmp / "file" / "out", "cannot create the output folder"),
        (lambda tmp: ((tmp / "full").mkdir(), (tmp / "full" / "mine.txt").write_text("x")) and tmp / "full", "not empty"),
    ],
)
def test_unusable_output_folder_is_one_line(crawl, client, tmp_path, setup, message):
    out = setup(tmp_path)
    result = CliRunner().invoke(
        main, ["audit", str(crawl / "crawl-2.warc"), "--out", str(out), "--scheduler", client.scheduler.address, "--no-model"]
    )
    assert result.exit_code == 2
    assert message in result.output and result.output.count("\n") == 1
    assert "Traceback" not in result.output


def test_missing_input_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["audit", str(tmp_path / "nope.warc.gz"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_a_killed_worker_process_changes_nothing(crawl, client, tmp_path):
    """One of two worker processes dies mid-run (os._exit as its next task starts); Dask
    restarts it and recomputes its task, and the tables equal those of an undisturbed run."""
    from distributed import WorkerPlugin

    fresh, out, marker = tmp_path / "fresh", tmp_path / "out", tmp_path / "killed"
    _audit([crawl], fresh, client, pages_per_partition=1)

    class KillOnce(WorkerPlugin):  # defined here, so it is pickled by value for the worker processes
        name = "test-kill-once"

        def __init__(self, out: str, marker: str):
            self.out, self.marker = out, marker

        def transition(self, key, start, finish, **kwargs):  # type: ignore[no-untyped-def]
            import glob
            import os

            started = finish == "executing" and "claimcheck-audit" in str(key)
            if started and glob.glob(os.path.join(self.out, "pages", "part-*.parquet")) and not os.path.exists(self.marker):
                open(self.marker, "w").close()
                os._exit(1)

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster,
        Client(cluster) as processes,
    ):
        processes.register_plugin(KillOnce(str(out), str(marker)))
        result = _audit([crawl], out, processes, pages_per_partition=1)
    assert marker.exists()
    assert result.partitions == 6
    for table in ("findings", "pages", "sites", "errors"):
        assert _rows(out, table) == _rows(fresh, table), table


def test_a_partition_that_keeps_killing_workers_becomes_error_rows(crawl, client, tmp_path, monkeypatch):
    """Dask's KilledWorker (a task that killed its worker every time it ran) is not a failed audit."""
    from distributed import KilledWorker

    import claimcheck.audit.run as audit_run

    real = audit_run.audit_partition

    def crashing(partition, *args):  # type: ignore[no-untyped-def]
        if any(seen.url == "http://hair.shop.example/serum" for work in partition.work for seen in work.seen):
            raise KilledWorker("claimcheck-audit-x", SimpleNamespace(address="tcp://127.0.0.1:1"), allowed_failures=3)
        return real(partition, *args)

    monkeypatch.setattr(audit_run, "audit_partition", crashing)
    out = tmp_path / "out"
    result = _audit([crawl], out, client, pages_per_partition=1)
    crashed = [row for row in _rows(out, "errors") if row["stage"] == "crash"]
    assert [row["url"] for row in crashed] == ["http://hair.shop.example/serum"]
    assert crashed[0]["reason"].startswith("the check killed its worker process 4 times")
    assert "http://hair.shop.example/serum" not in {page["url"] for page in _rows(out, "pages")}
    assert result.pages == 5


def test_the_worker_plugin_gives_each_thread_its_own_linter():
    """Built once at set-up; a second thread of the same worker gets its own (spaCy is not shared)."""
    import threading

    from claimcheck.audit.worker import LinterPlugin

    built: list[object] = []

    def recipe():  # type: ignore[no-untyped-def]
        built.append(object())
        return built[-1]

    plugin = LinterPlugin(recipe, "test")
    plugin.setup(SimpleNamespace(address="inproc://worker"))
    assert len(built) == 1
    first = plugin.linter()
    assert first is built[0] and plugin.linter() is first and len(built) == 1
    other: list[object] = []
    thread = threading.Thread(target=lambda: other.append(plugin.linter()))
    thread.start()
    thread.join()
    assert other[0] is built[1] and other[0] is not first


def test_a_configuration_error_on_the_workers_is_one_line():
    from claimcheck.audit.worker import LinterPlugin

    def recipe():  # type: ignore[no-untyped-def]
        raise ClaimcheckError("rules/x.yml: rule 'a': cannot compile")

    plugin = LinterPlugin(recipe, "test")
    plugin.setup(SimpleNamespace(address="inproc://worker"))
    for _ in range(2):
        with pytest.raises(ClaimcheckError, match="cannot compile"):
            plugin.linter()


def test_a_full_disk_is_one_line(crawl, client, tmp_path, monkeypatch):
    import errno

    import claimcheck.audit.worker as audit_worker

    def full(table, path):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(audit_worker, "write_atomic", full)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["audit", str(crawl / "crawl-2.warc"), "--out", str(out), "--scheduler", client.scheduler.address, "--no-model"]
    )
    assert result.exit_code == 2
    assert result.output == f"claimcheck: error: {out}: cannot write the audit tables (No space left on device)\n"
