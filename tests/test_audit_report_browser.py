"""The audit's `report.html` in headless Chromium: sites in rank order, the category and
condition filters, drill-down to a page's findings, and nothing from the crawl runs.

Skips, saying why, without the audit extra or without Debian's chromium and
chromium-driver (`.ci/run` installs them).
"""

from __future__ import annotations

import io
from functools import partial

import pytest

pytest.importorskip("distributed", reason="the audit extra is not installed (pip install -e '.[audit]')")

import pyarrow.parquet as pq
from distributed import Client, LocalCluster
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimcheck import api
from claimcheck.audit.report import conditions_in
from claimcheck.audit.run import run_audit
from claimcheck.config import ModelSettings, Settings
from tests.browser_support import needs_browser, start_browser
from tests.warc_build import build_crawl

pytestmark = needs_browser

EVIL_URL = 'http://evil.example/"><script>window.__pwned=1</script>'
EVIL_PAGE = (
    b"<html><body><h1>Stem cell miracle</h1><p>Our stem cell therapy cures autism "
    b'<img src=x onerror="window.__pwned=2"> in every child, guaranteed.</p>'
    b"<script>window.__pwned=3</script></body></html>"
)


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    folder = build_crawl(tmp_path_factory.mktemp("crawl") / "crawl")
    with open(folder / "evil.warc.gz", "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(EVIL_URL, "response", payload=io.BytesIO(EVIL_PAGE), http_headers=http))
    out = tmp_path_factory.mktemp("audit") / "out"
    settings = Settings(model=ModelSettings(enabled=False))
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0") as cluster,
        Client(cluster) as client,
    ):
        run_audit([str(folder)], out, recipe=partial(api.build_linter, settings), settings=settings, client=client)
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_browser(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, audit):
    browser.get((audit / "report.html").as_uri())
    return browser


def _visible_sites(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('li.site')].filter(e => !e.hidden).map(e => e.dataset.site)"
    )


def _choose(driver, select: str, value: str) -> None:
    driver.execute_script(
        "const s = document.getElementById(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change'));",
        select,
        value,
    )


def test_sites_in_rank_order(page, audit):
    sites = pq.read_table(audit / "sites").to_pylist()
    assert _visible_sites(page) == [site["site"] for site in sites]
    assert page.find_element("id", "shown").text == f"{len(sites)} of {len(sites)} sites shown"


def test_category_filter_shows_the_sites_with_that_category(page, audit):
    sites = pq.read_table(audit / "sites").to_pylist()
    with_testimonials = [site["site"] for site in sites if "testimonial" in dict(site["by_category"])]
    assert 0 < len(with_testimonials) < len(sites)
    _choose(page, "category", "testimonial")
    assert _visible_sites(page) == with_testimonials
    _choose(page, "category", "")
    assert len(_visible_sites(page)) == len(sites)


def test_condition_filter_shows_the_sites_whose_findings_name_it(page, audit):
    findings = pq.read_table(audit / "findings").to_pylist()
    sites = [site["site"] for site in pq.read_table(audit / "sites").to_pylist()]
    neurological = {finding["site"] for finding in findings if "neurological" in conditions_in(finding["text"])}
    assert "neuro-clinic.example" in neurological and "shop.example" not in neurological
    _choose(page, "condition", "neurological")
    assert _visible_sites(page) == [site for site in sites if site in neurological]
    hidden = page.execute_script("return [...document.querySelectorAll('li.finding')].filter(e => e.hidden).length")
    assert hidden > 0  # findings naming no neurological condition are hidden inside the shown sites


def test_drill_down_from_site_to_page_findings(page, audit):
    pages = {row["url"]: row for row in pq.read_table(audit / "pages").to_pylist()}
    site = page.find_element("css selector", 'li.site[data-site="neuro-clinic.example"]')
    first_page = site.find_element("css selector", "li.page")
    assert not first_page.is_displayed()
    site.find_element("css selector", "summary").click()
    assert first_page.is_displayed()
    first_page.find_element("css selector", "summary").click()
    shown = [item for item in first_page.find_elements("css selector", "li.finding") if item.is_displayed()]
    url = first_page.get_attribute("data-url")
    assert url in pages and len(shown) == pages[url]["findings"] > 0


def test_nothing_from_the_crawl_runs(page):
    assert page.execute_script("return window.__pwned === undefined")
    sites = page.find_element("css selector", 'li.site[data-site="evil.example"]')
    sites.find_element("css selector", "summary").click()
    assert EVIL_URL in sites.text
