"""The HTML review report: escaping and structure here; behaviour in a real browser in
test_html_browser.py."""

from __future__ import annotations

import base64
import hashlib
import html
import re

from click.testing import CliRunner

from claimcheck.api import check_paths
from claimcheck.cli import main
from claimcheck.report.html import format_html

HOSTILE = (
    'Our "revolutionary" stem cell therapy cures MS.\n\n'
    "<script>window.__pwned = 1</script>\n\n"
    '<img src=x onerror="window.__pwned = 2"> Our revolutionary stem cell <b>therapy</b> repairs knees.\n'
)


def _report(tmp_path, linter, files: dict[str, str]) -> tuple[str, object]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = check_paths([str(tmp_path)], linter=linter, claims=True)
    rules = {rule.id: rule for rule in linter.rules}
    page = format_html(list(report.findings), sources=report.texts, rules=rules, claims=report.claims)
    return page, report


def test_document_text_is_escaped_and_only_our_script_is_on_the_page(tmp_path, linter):
    files = {"page.md": HOSTILE, "page.html": f"<html><body><p>{HOSTILE}</p></body></html>"}
    page, report = _report(tmp_path, linter, files)
    assert page.count("<script") == 1 and page.count("</script>") == 1
    assert "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "&lt;html&gt;&lt;body&gt;" in page  # an HTML page is shown as its source, not rendered
    # Attribute values are escaped: quotes in the text (here in a message) cannot end them.
    for value in re.findall(r'title="([^"]*)"', page):
        assert "<" not in value and ">" not in value and "'" not in value
    assert "promotional terms (&#x27;revolutionary&#x27;)" in page  # the message's quotes, escaped
    assert report.findings


def test_csp_allows_exactly_the_inline_script_and_style_by_hash(tmp_path, linter):
    page, _ = _report(tmp_path, linter, {"page.md": HOSTILE})
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    script = re.search(r"<script>(.*?)</script>", page, re.DOTALL).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL).group(1)

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert f"script-src {digest(script)};" in csp and f"style-src {digest(style)};" in csp
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # no external assets


def test_every_span_finding_is_highlighted_and_anchored(tmp_path, linter):
    page, report = _report(tmp_path, linter, {"page.md": HOSTILE})
    spans = [number for number, f in enumerate(report.findings, start=1) if f.scope == "span" and f.end_offset > f.offset]
    marked = {int(token) for ids in re.findall(r'<mark class="\w+" data-f="([\d ]+)"', page) for token in ids.split()}
    assert marked == set(spans)
    for number in spans:
        assert page.count(f'<a id="f-{number}"></a>') == 1 and f'href="#f-{number}"' in page
    # The marked text, unescaped and joined, is exactly each finding's text.
    text_section = page[page.index('<pre class="doc">') : page.index("</pre>")]
    for number in spans:
        pattern = rf'<mark class="\w+" data-f="(?:[\d ]* )?{number}(?: [\d ]*)?"[^>]*>(.*?)</mark>'
        pieces = re.findall(pattern, text_section, re.DOTALL)
        assert html.unescape("".join(pieces)) == report.findings[number - 1].text


def test_claims_inventory_and_summaries(tmp_path, linter):
    page, report = _report(tmp_path, linter, {"a.md": HOSTILE, "b.txt": "Stem cell therapy may help some knees [1].\n"})
    claims = report.claims
    assert {len(claims[path]) for path in claims} and all(path in page for path in claims)
    statuses = {claim.status for path in claims for claim in claims[path]}
    assert "unsupported" in statuses
    for path, found in claims.items():
        for claim in found:
            assert claim.text == report.texts[path][claim.offset : claim.end_offset]
    assert page.count('data-filter="rule"') == len({f.rule for f in report.findings})
    assert page.count('data-filter="sev"') == 3
    assert page.count('<tr><td><a href="#file-') == 2


def test_cli_writes_html_report(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["check", str(page), "--format", "html", "--output", str(out)])
    assert result.exit_code == 1, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Claims inventory" in text
    stdin = CliRunner().invoke(main, ["check", "-", "--format", "html", "--stdin-filename", "x.md"], input=HOSTILE)
    assert "x.md" in stdin.stdout and stdin.stdout.count("<mark") >= 2 and "Claims inventory" in stdin.stdout
