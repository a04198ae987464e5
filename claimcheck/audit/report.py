"""`DIR/report.html`: the audit's sites ranked by risk, filters by finding category and by
condition, and each site's pages and findings one click down.

Self-contained like the page report (`report/html.py`): no external assets, every value
from the crawl escaped, and a Content-Security-Policy that allows only this page's own
script and style (by hash), so nothing a crawled page contained can run in the report.
Drill-down is `<details>` elements (no script needed); the filters are a small script.
A finding's conditions are the disease areas of the `conditions` lexicon
(`rules/lexicons/conditions.yml`: neurological, autoimmune, orthopedic, ...) that its
text names.  The report lists the `MAX_SITES` riskiest sites; the tables have them all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from html import escape
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from claimcheck.audit.tables import read_table
from claimcheck.nlp.lexicons import builtin_rules_dir
from claimcheck.report.html import content_security_policy

MAX_SITES = 500
# Lexicon groups that are not disease areas (symptoms, measures, tissues).
NOT_CONDITIONS = frozenset({"symptom", "outcome_measure", "tissue"})

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.6em 1.2em;z-index:1}
h1{font-size:1.3em;margin:.2em 0}
.filters label{margin-right:1.2em}
main{padding:.5em 1.2em}
ol.sites{padding-left:0;list-style:none}
li.site{background:#fff;border:1px solid #e3e3e3;border-radius:6px;margin:.4em 0;padding:.3em .7em}
summary{cursor:pointer}
.rank{display:inline-block;min-width:2.5em;font-weight:600;color:#666}
.name{font-weight:600}
.risk{display:inline-block;min-width:4em;text-align:right;margin-right:.6em;font-variant-numeric:tabular-nums}
.chip{display:inline-block;background:#eef;border-radius:8px;padding:0 .5em;margin:0 .15em;font-size:.85em}
ul.pages{list-style:none;padding-left:1em}
ol.findings{padding-left:2.2em}
.sev-error{border-left:3px solid #c62828;padding-left:.4em}
.sev-warning{border-left:3px solid #ef6c00;padding-left:.4em}
.sev-info{border-left:3px solid #1565c0;padding-left:.4em}
.where{color:#666;font-variant-numeric:tabular-nums}
q{background:#fff3cd}
[hidden]{display:none!important}
"""

_SCRIPT = """
(function(){
var category=document.getElementById('category'),condition=document.getElementById('condition');
var shown=document.getElementById('shown');
function has(element,name,value){return !value||(' '+element.getAttribute(name)+' ').indexOf(' '+value+' ')>=0;}
function apply(){
  var c=category.value,k=condition.value,count=0;
  document.querySelectorAll('li.site').forEach(function(site){
    var any=false;
    site.querySelectorAll('li.page').forEach(function(page){
      var pageAny=false;
      page.querySelectorAll('li.finding').forEach(function(finding){
        var visible=has(finding,'data-category',c)&&has(finding,'data-conditions',k);
        finding.hidden=!visible;pageAny=pageAny||visible;
      });
      page.hidden=(c||k)?!pageAny:false;any=any||pageAny;
    });
    site.hidden=(c||k)?!any:false;
    if(!site.hidden){count++;}
  });
  shown.textContent=count+' of '+document.querySelectorAll('li.site').length+' sites shown';
}
category.addEventListener('change',apply);condition.addEventListener('change',apply);apply();
})();
"""


CSP = content_security_policy(_SCRIPT, _STYLE)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


@lru_cache(maxsize=1)
def _condition_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = yaml.safe_load((builtin_rules_dir() / "lexicons" / "conditions.yml").read_text(encoding="utf-8"))
    patterns = []
    for area, terms in data["categories"].items():
        if area in NOT_CONDITIONS:
            continue
        exact = [re.escape(term) for term in terms if term.isupper()]
        folded = [re.escape(term) for term in terms if not term.isupper()]
        parts = []
        if folded:
            parts.append(r"(?i:\b(?:" + "|".join(sorted(folded, key=len, reverse=True)) + r")\b)")
        if exact:
            parts.append(r"\b(?:" + "|".join(exact) + r")\b")
        patterns.append((area, re.compile("|".join(parts))))
    return tuple(patterns)


def conditions_in(text: str) -> list[str]:
    """The disease areas a finding's text names (lexicon `conditions`)."""
    return [area for area, pattern in _condition_patterns() if pattern.search(text or "")]


def write_report(out: Path, skips: dict[str, int], errors: int, max_sites: int = MAX_SITES) -> Path:
    """Write `out/report.html` from the audit's tables."""
    sites = read_table(out, "sites").to_pylist()
    shown = sites[:max_sites]
    names = [site["site"] for site in shown]
    columns = ["url", "site", "line", "column", "rule", "category", "severity", "message", "text"]
    pages_by_site: dict[str, list[dict]] = defaultdict(list)
    findings_by_url: dict[str, list[dict]] = defaultdict(list)
    if names:
        wanted = [("site", "in", names)]
        pages = pq.read_table(out / "pages", columns=["url", "site", "risk", "findings", "register"], filters=wanted)
        for page in pages.to_pylist():
            pages_by_site[page["site"]].append(page)
        found = pq.read_table(out / "findings", columns=columns, filters=wanted)
        for finding in found.to_pylist():
            findings_by_url[finding["url"]].append(finding)
    total_pages = sum(int(site["pages"]) for site in sites)
    total_findings = sum(int(site["findings"]) for site in sites)
    categories: set[str] = set()
    areas: set[str] = set()
    items = []
    for site in shown:
        site_categories: set[str] = set()
        site_areas: set[str] = set()
        page_items = []
        for page in sorted(pages_by_site[site["site"]], key=lambda page: (-page["risk"], page["url"])):
            finding_items = []
            page_categories: set[str] = set()
            page_areas: set[str] = set()
            for finding in findings_by_url[page["url"]]:
                category = finding["category"] or "other"
                found_areas = conditions_in(finding["text"])
                page_categories.add(category)
                page_areas.update(found_areas)
                finding_items.append(
                    f'<li class="finding sev-{_e(finding["severity"])}" data-category="{_e(category)}" '
                    f'data-conditions="{_e(" ".join(found_areas))}">'
                    f'<span class="where">{finding["line"]}:{finding["column"]}</span> '
                    f"{_e(finding['severity'])} <b>{_e(finding['rule'])}</b> {_e(finding['message'])}"
                    + (f" <q>{_e(finding['text'])}</q>" if finding["text"] else "")
                    + "</li>"
                )
            site_categories |= page_categories
            site_areas |= page_areas
            register = f", {_e(page['register'])} register" if page["register"] else ""
            page_items.append(
                f'<li class="page" data-url="{_e(page["url"])}"><details><summary><span class="risk">risk {page["risk"]}</span> '
                f"{_e(page['url'])} "
                f"({page['findings']} findings{register})</summary>"
                f'<ol class="findings">{"".join(finding_items)}</ol></details></li>'
            )
        categories |= site_categories
        areas |= site_areas
        chips = "".join(f'<span class="chip">{_e(name)} {count}</span>' for name, count in site["by_category"])
        items.append(
            f'<li class="site" data-site="{_e(site["site"])}" data-categories="{_e(" ".join(sorted(site_categories)))}" '
            f'data-conditions="{_e(" ".join(sorted(site_areas)))}"><details><summary><span class="rank">{site["rank"]}</span>'
            f'<span class="risk">risk {site["risk"]:g}</span><span class="name"> {_e(site["site"])}</span> · '
            f"{_n(site['pages'], 'page')} · "
            f'{site["findings"]} findings {chips}</summary><ul class="pages">{"".join(page_items)}</ul></details></li>'
        )
    skipped = ", ".join(f"{_e(reason)} {count}" for reason, count in skips.items()) or "none"
    more = (
        f" The {len(sites) - len(shown)} sites below rank {len(shown)} are in the sites table." if len(sites) > len(shown) else ""
    )
    html = "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>claimcheck audit: {len(sites)} sites</title><style>{_STYLE}</style></head><body>",
            "<header><h1>claimcheck audit: sites ranked by risk</h1>",
            f"<p>{_n(len(sites), 'site')}, {_n(total_pages, 'page')}, {_n(total_findings, 'finding')}; "
            f"{_n(errors, 'record')} not readable; "
            f"skipped: {skipped}.{more}</p>",
            '<div class="filters"><label>Category <select id="category"><option value="">all</option>'
            + "".join(f'<option value="{_e(name)}">{_e(name)}</option>' for name in sorted(categories))
            + '</select></label><label>Condition <select id="condition"><option value="">all</option>'
            + "".join(f'<option value="{_e(name)}">{_e(name.replace("_", " "))}</option>' for name in sorted(areas))
            + '</select></label><span id="shown"></span></div></header>',
            f'<main><ol class="sites">{"".join(items)}</ol></main>',
            f"<script>{_SCRIPT}</script></body></html>",
        ]
    )
    path = out / "report.html"
    temporary = out / ".report.html.tmp"
    temporary.write_text(html + "\n", encoding="utf-8")
    temporary.replace(path)
    return path
