"""The HTML report in headless Chromium: it renders, highlights every finding, the
filters change what is visible, and a script inside a checked file never runs.

Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); skips, saying
why, only when no browser or driver can be found.  Selenium is pointed at the system
driver and browser, so it never downloads anything.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from claimcheck.api import check_paths
from claimcheck.cli import main
from tests.browser_support import needs_browser, start_browser

pytestmark = needs_browser

PAGE = (
    "# Knee clinic\n\n"
    "Our revolutionary stem cell therapy cures arthritis.\n"
    "Clinical studies have documented lower pain scores after treatment.\n\n"
    "<script>window.__pwned = 1; document.title = 'pwned';</script>\n"
    '<img src="x" onerror="window.__pwned = 2">\n\n'
    "Results guaranteed or your money back.\n\n"
    # a warning on a span of its own whatever the detector reads elsewhere, for the filter test
    "Hurry, only three spots left this month.\n"
)
HTML_PAGE = "<html><head><script>window.__pwned = 3</script></head><body><p>Stem cell therapy repairs knees.</p></body></html>"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_browser(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory, shipped_linter):
    folder = tmp_path_factory.mktemp("site")
    (folder / "knee.md").write_text(PAGE, encoding="utf-8")
    (folder / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    out = folder.parent / f"{folder.name}-report.html"
    result = CliRunner().invoke(main, ["check", str(folder), "--format", "html", "--output", str(out)])
    assert result.exit_code == 1, result.output
    # The same linter the CLI built (rules and detector), so the page and the list agree.
    findings = check_paths([str(folder)], linter=shipped_linter).findings
    return out, findings


def _count(driver, selector: str) -> int:
    return driver.execute_script(f"return document.querySelectorAll({selector!r}).length")


def test_report_renders_with_one_highlight_per_finding(browser, report):
    out, findings = report
    browser.get(out.as_uri())
    assert browser.title == "claimcheck review report"
    spans = [f for f in findings if f.scope == "span" and f.end_offset > f.offset]
    highlighted = browser.execute_script(
        "var ids = new Set();"
        "document.querySelectorAll('mark.error, mark.warning, mark.info').forEach("
        "  function(m){ m.dataset.f.split(' ').forEach(function(i){ ids.add(i); }); });"
        "return ids.size;"
    )
    assert highlighted == len(spans) > 3
    assert _count(browser, "li.finding") == len(findings)
    assert browser.find_element("id", "shown").text == str(len(findings))
    first = browser.find_element("css selector", "mark[data-f]")
    assert first.is_displayed() and first.get_attribute("title")


def test_injected_scripts_do_not_run_and_are_shown_as_text(browser, report):
    out, _ = report
    browser.get(out.as_uri())
    assert browser.execute_script("return window.__pwned") is None
    assert browser.title == "claimcheck review report"
    assert browser.execute_script("return document.scripts.length") == 1
    assert browser.execute_script("return document.images.length") == 0
    texts = [element.text for element in browser.find_elements("css selector", "pre.doc")]
    assert any("<script>window.__pwned = 1;" in text for text in texts)
    assert any("<html><head><script>" in text for text in texts)


def test_filters_change_what_is_visible(browser, report):
    out, findings = report
    browser.get(out.as_uri())
    active = "return document.querySelectorAll('mark[data-active=\"1\"]').length"
    before = browser.execute_script(active)
    warnings = sum(f.severity.label == "warning" for f in findings)
    assert warnings
    browser.find_element("css selector", 'input[data-filter="sev"][value="warning"]').click()
    assert browser.find_element("id", "shown").text == str(len(findings) - warnings)
    assert _count(browser, "li.finding.hidden") == warnings
    hidden = browser.find_elements("css selector", 'li.finding[data-sev="warning"]')
    assert hidden and not any(element.is_displayed() for element in hidden)
    assert browser.execute_script(active) < before
    browser.find_element("css selector", 'input[data-filter="sev"][value="warning"]').click()
    assert browser.execute_script(active) == before
    rule = "marketing/guarantee"
    browser.find_element("css selector", f'input[data-filter="rule"][value="{rule}"]').click()
    shown = [element for element in browser.find_elements("css selector", f'li.finding[data-rule="{rule}"]')]
    assert shown and not any(element.is_displayed() for element in shown)
    assert browser.find_element("id", "shown").text == str(len(findings) - sum(f.rule == rule for f in findings))


def test_clicking_a_highlight_shows_its_findings(browser, report):
    out, _ = report
    browser.get(out.as_uri())
    details = browser.find_element("id", "details")
    assert not details.is_displayed()
    mark = browser.find_element("css selector", "mark[data-f]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    assert details.is_displayed()
    ids = mark.get_attribute("data-f").split()
    rules = {browser.find_element("id", f"finding-{number}").get_attribute("data-rule") for number in ids}
    assert all(rule in details.text for rule in rules) and "Suggestion" in details.text
