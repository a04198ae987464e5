"""The HTML review report: one self-contained page a reviewer reads in a browser.

Each checked file is shown as its original text (escaped: an HTML page's markup is
shown, never rendered) with every finding highlighted by severity; a summary per rule
and per file; filters by severity and rule; each file's claims inventory.  The page
loads nothing from anywhere, and a strict Content-Security-Policy allows only the one
inline script and style below (by hash), so even a bug in escaping could not make a
script from a checked page run.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from html import escape
from typing import Any

from claimcheck.findings import Finding
from claimcheck.severity import Severity

_SEVERITIES = ("error", "warning", "info")

_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
header,main{max-width:1100px;margin:0 auto;padding:0 1.2rem}
header{padding-top:1rem}
h1{font-size:1.5rem;margin:.4rem 0}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #ccc}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;background:#fff;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}
.summary{display:flex;flex-wrap:wrap;gap:0 2.5rem}
.filters{position:sticky;top:0;background:#f6f6f4;padding:.5rem 0;border-bottom:1px solid #ccc;z-index:2}
.filters label{margin-right:1rem;white-space:nowrap}
.doc{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #ddd;padding:1rem 1.2rem;
font:15px/1.65 Georgia,"DejaVu Serif",serif;margin:0}
mark{background:none;color:inherit;cursor:pointer;border-radius:2px}
mark.error{background:#ffd0cc;border-bottom:2px solid #c5221f}
mark.warning{background:#ffedb3;border-bottom:2px solid #b06000}
mark.info{background:#d6ebff;border-bottom:2px solid #1a73e8}
mark.selected{outline:2px solid #333}
.sev{display:inline-block;min-width:4.2rem;font-size:.8rem;font-weight:600;text-transform:uppercase}
.sev.error{color:#c5221f}.sev.warning{color:#b06000}.sev.info{color:#1a73e8}
ol.findings{padding-left:1.4rem}
li.finding{margin:.3rem 0;background:#fff;border:1px solid #e3e3e3;padding:.35rem .6rem}
li.finding.selected{border-color:#333}
.rule{font-family:ui-monospace,monospace;font-size:.85rem}
.quote{font-style:italic;color:#444}
.meta{color:#555;font-size:.85rem}
.hidden{display:none}
#details{position:fixed;right:1rem;bottom:1rem;max-width:28rem;max-height:45vh;overflow:auto;background:#fff;
border:1px solid #999;box-shadow:0 2px 10px rgba(0,0,0,.2);padding:.6rem .8rem;font-size:.9rem;z-index:3}
#details ol{margin:0;padding-left:1.2rem}
.status-unsupported{color:#c5221f;font-weight:600}
"""

# Filters recompute which findings are active; a highlight keeps the colour of its most
# severe active finding, or none.  Clicking a highlight lists its findings in a panel.
_SCRIPT = """
(function(){
var order={error:3,warning:2,info:1};
function active(){
  var sev={},rule={};
  document.querySelectorAll('input[data-filter=sev]').forEach(function(b){sev[b.value]=b.checked;});
  document.querySelectorAll('input[data-filter=rule]').forEach(function(b){rule[b.value]=b.checked;});
  return function(el){return sev[el.dataset.sev]!==false&&rule[el.dataset.rule]!==false;};
}
function apply(){
  var ok=active(),on={};
  document.querySelectorAll('li.finding').forEach(function(li){
    var show=ok(li);li.classList.toggle('hidden',!show);if(show){on[li.dataset.id]=li.dataset.sev;}
  });
  document.querySelectorAll('mark[data-f]').forEach(function(m){
    var best='';
    m.dataset.f.split(' ').forEach(function(id){var s=on[id];if(s&&(!best||order[s]>order[best])){best=s;}});
    m.classList.remove('error','warning','info');
    if(best){m.classList.add(best);}
    m.dataset.active=best?'1':'0';
  });
  var n=document.querySelectorAll('li.finding:not(.hidden)').length;
  document.getElementById('shown').textContent=String(n);
}
function select(m){
  document.querySelectorAll('.selected').forEach(function(e){e.classList.remove('selected');});
  var box=document.getElementById('details'),list=document.createElement('ol');
  m.classList.add('selected');
  m.dataset.f.split(' ').forEach(function(id){
    var li=document.getElementById('finding-'+id);
    if(li&&!li.classList.contains('hidden')){li.classList.add('selected');list.appendChild(li.cloneNode(true));}
  });
  box.replaceChildren(list);box.classList.toggle('hidden',!list.children.length);
}
document.addEventListener('change',function(e){if(e.target.dataset.filter){apply();}});
document.addEventListener('click',function(e){
  var m=e.target.closest('mark[data-f]');
  if(m){select(m);}else if(!e.target.closest('#details')){document.getElementById('details').classList.add('hidden');}
});
apply();
})();
"""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def content_security_policy(script: str, style: str) -> str:
    """A policy that lets only this page's own inline script and style run: the
    reviewed copy (other people's web pages, in an audit) can run nothing."""
    return (
        "default-src 'none'; "
        f"script-src '{_sha256(script)}'; "
        f"style-src '{_sha256(style)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


CSP = content_security_policy(_SCRIPT, _STYLE)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _tooltip(finding: Finding) -> str:
    parts = [f"{finding.severity.label} {finding.rule}: {finding.message}"]
    if finding.authority:
        parts.append(f"Authority: {finding.authority}")
    if finding.suggestion:
        parts.append(f"Suggestion: {finding.suggestion}")
    return "\n".join(parts)


def _highlighted(text: str, spans: Sequence[tuple[int, Finding]]) -> str:
    """The text escaped, cut at every finding boundary; covered pieces become <mark>s.

    Overlapping findings share pieces, so a piece lists every finding covering it; the
    first piece of each finding carries that finding's anchor.
    """
    cuts = {0, len(text)}
    for _, finding in spans:
        cuts.update((finding.offset, finding.end_offset))
    points = sorted(cut for cut in cuts if 0 <= cut <= len(text))
    pending = sorted(spans, key=lambda item: item[1].offset)
    next_pending = 0
    anchored: set[int] = set()
    open_spans: list[tuple[int, Finding]] = []
    out: list[str] = []
    for start, end in itertools.pairwise(points):
        piece = _e(text[start:end])
        while next_pending < len(pending) and pending[next_pending][1].offset <= start:
            open_spans.append(pending[next_pending])
            next_pending += 1
        open_spans = [item for item in open_spans if item[1].end_offset >= end]
        covering = sorted(open_spans)
        if not covering:
            out.append(piece)
            continue
        worst = max(finding.severity for _, finding in covering)
        ids = " ".join(str(number) for number, _ in covering)
        title = "\n\n".join(_tooltip(finding) for _, finding in covering)
        anchors = "".join(f'<a id="f-{number}"></a>' for number, _ in covering if number not in anchored)
        anchored.update(number for number, _ in covering)
        out.append(f'{anchors}<mark class="{worst.label}" data-f="{ids}" title="{_e(title)}">{piece}</mark>')
    return "".join(out)


def _finding_item(number: int, finding: Finding, rules: Mapping[str, Any]) -> str:
    rule = rules.get(finding.rule)
    url = getattr(rule, "authority_url", None)
    if finding.scope != "span":
        where = "whole document"
    elif finding.end_offset > finding.offset:
        where = f'<a href="#f-{number}">line {finding.line}, column {finding.column}</a>'
    else:
        where = f"line {finding.line}, column {finding.column}"
    lines = [
        f'<li class="finding" id="finding-{number}" data-id="{number}" data-sev="{finding.severity.label}" '
        f'data-rule="{_e(finding.rule)}">',
        f'<span class="sev {finding.severity.label}">{finding.severity.label}</span> '
        f'<span class="rule">{_e(finding.rule)}</span> · {where}<br>{_e(finding.message)}',
    ]
    if finding.scope == "span" and finding.text:
        lines.append(f'<br><span class="quote">“{_e(finding.text)}”</span>')
    if finding.supporting:
        places = ", ".join(
            f'<a href="#f-{number}">line {place.line}, column {place.column}</a> “{_e(place.text)}”'
            for place in finding.supporting
        )
        lines.append(f'<br><span class="meta">Rests on: {places}</span>')
    if finding.authority:
        link = f' (<span class="rule">{_e(url)}</span>)' if url else ""
        lines.append(f'<br><span class="meta">Authority: {_e(finding.authority)}{link}</span>')
    if finding.suggestion:
        lines.append(f'<br><span class="meta">Suggestion: {_e(finding.suggestion)}</span>')
    lines.append("</li>")
    return "".join(lines)


def _claims_table(claims: Sequence[Any]) -> str:
    if not claims:
        return '<p class="meta">No claims found.</p>'
    rows = [
        '<table class="claims"><tr><th>Line</th><th>Status</th><th>Therapy</th><th>Effect</th>'
        "<th>Conditions</th><th>Sentence</th></tr>"
    ]
    for claim in claims:
        rows.append(
            f'<tr><td>{claim.line}</td><td class="status-{_e(claim.status)}">{_e(claim.status)}</td>'
            f"<td>{_e(claim.therapy or '')}</td><td>{_e(claim.effect)} ({_e(claim.effect_category)})</td>"
            f"<td>{_e(', '.join(claim.conditions))}</td><td>{_e(claim.text)}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _summary_tables(
    numbered: Sequence[tuple[int, Finding]],
    paths: Sequence[str],
    anchors: Mapping[str, str],
    claims: Mapping[str, Sequence[Any]],
) -> str:
    by_rule: dict[str, list[Finding]] = {}
    for _, finding in numbered:
        by_rule.setdefault(finding.rule, []).append(finding)
    out = [
        '<div class="summary"><div><h2>Rules</h2><table class="by-rule">'
        "<tr><th>Show</th><th>Rule</th><th>Severity</th><th>Findings</th><th>Files</th></tr>"
    ]
    for rule_id, found in sorted(by_rule.items()):
        severity = max(finding.severity for finding in found).label
        files = len({finding.path for finding in found})
        out.append(
            f'<tr><td><input type="checkbox" data-filter="rule" value="{_e(rule_id)}" checked '
            f'aria-label="show {_e(rule_id)}"></td><td class="rule">{_e(rule_id)}</td>'
            f'<td><span class="sev {severity}">{severity}</span></td><td>{len(found)}</td><td>{files}</td></tr>'
        )
    out.append("</table></div>")
    out.append(
        '<div><h2>Files</h2><table class="by-file">'
        "<tr><th>File</th><th>Errors</th><th>Warnings</th><th>Info</th><th>Claims</th></tr>"
    )
    for path in paths:
        counts = Counter(finding.severity.label for _, finding in numbered if finding.path == path)
        out.append(
            f'<tr><td><a href="#{anchors[path]}">{_e(path)}</a></td><td>{counts["error"]}</td>'
            f"<td>{counts['warning']}</td><td>{counts['info']}</td><td>{len(claims.get(path, ()))}</td></tr>"
        )
    out.append("</table></div></div>")
    return "".join(out)


def format_html(
    findings: Sequence[Finding],
    *,
    sources: Mapping[str, str] | None = None,
    rules: Mapping[str, Any] | Sequence[Any] | None = None,
    claims: Mapping[str, Sequence[Any]] | None = None,
    summary: Mapping[str, object] | None = None,
    notices: Sequence[Mapping[str, object]] = (),
    title: str = "claimcheck review report",
    **_: object,
) -> str:
    """The whole page as a string; `sources` maps path to original text, `claims` to claim records."""
    sources = sources or {}
    rules = rules if isinstance(rules, Mapping) else {rule.id: rule for rule in rules or ()}
    claims = claims or {}
    numbered = list(enumerate(findings, start=1))
    paths = list(dict.fromkeys([*sources, *(finding.path for finding in findings), *claims]))
    anchors = {path: f"file-{index}" for index, path in enumerate(paths, start=1)}
    total = len(findings)
    files = summary.get("files", len(paths)) if summary else len(paths)
    severity_boxes = "".join(
        f'<label><input type="checkbox" data-filter="sev" value="{label}" checked> '
        f'<span class="sev {label}">{label}</span> ({sum(f.severity == Severity[label.upper()] for f in findings)})</label>'
        for label in _SEVERITIES
    )
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<header><h1>{_e(title)}</h1>",
        f'<p class="meta">{total} finding{"s" if total != 1 else ""} in {files} file{"s" if files != 1 else ""}; '
        f'<span id="shown">{total}</span> shown. Hover or click a highlight for the rule, message, authority and suggestion.</p>',
        f'<div class="filters">Severity: {severity_boxes}</div></header><main>',
    ]
    if notices:
        body.append("<h2>Notices</h2><ul>")
        body.extend(f"<li>{'error' if n.get('error') else 'notice'}: {_e(n.get('message', ''))}</li>" for n in notices)
        body.append("</ul>")
    body.append(_summary_tables(numbered, paths, anchors, claims))
    for path in paths:
        mine = [(number, finding) for number, finding in numbered if finding.path == path]
        spans = [(number, finding) for number, finding in mine if finding.scope == "span" and finding.end_offset > finding.offset]
        # The words a document-scope finding rests on are marked too, under its number.
        spans.extend(
            (
                number,
                replace(finding, scope="span", offset=place.offset, end_offset=place.end_offset, text=place.text, supporting=()),
            )
            for number, finding in mine
            if finding.scope != "span"
            for place in finding.supporting
            if place.end_offset > place.offset
        )
        body.append(f'<section class="file" id="{anchors[path]}"><h2>{_e(path)}</h2>')
        if path in sources:
            body.append(f'<h3>Text</h3><pre class="doc">{_highlighted(sources[path], spans)}</pre>')
        body.append('<h3>Findings</h3><ol class="findings">')
        body.extend(_finding_item(number, finding, rules) for number, finding in mine)
        body.append("</ol>")
        if path in claims:
            body.append(f"<h3>Claims inventory</h3>{_claims_table(claims[path])}")
        body.append("</section>")
    body.append('</main><div id="details" class="hidden" role="dialog" aria-label="finding details"></div>')
    body.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "\n".join(body)
