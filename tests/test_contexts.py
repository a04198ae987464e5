"""Where a claim sits decides whether it is read: prose is, code and markup are not.

Each case puts one claim in one place of a Markdown or HTML page and checks that
the cure-claim rule fires exactly when that place is prose, and that the finding
points at the claim's own characters in the file.
"""

from __future__ import annotations

import pytest

from claimcheck.sources.base import LineIndex

CLAIM = "Our stem cell therapy cures multiple sclerosis."
RULE = "efficacy/cure-claim"

MARKDOWN_HIDDEN = {
    "fenced code": f"Intro.\n\n```text\n{CLAIM}\n```\n",
    "tilde fence": f"Intro.\n\n~~~\n{CLAIM}\n~~~\n",
    "indented code": f"Intro.\n\n    {CLAIM}\n",
    "inline code": f"Intro with `{CLAIM}` in code.\n",
    "html comment": f"Intro.\n\n<!-- {CLAIM} -->\n",
    "inline comment": f"Intro <!-- {CLAIM} --> text.\n",
    "raw html script": f'Intro.\n\n<script>\nvar x = "{CLAIM}";\n</script>\n',
    "link url": "See [the page](https://clinic.example/?q=Our+stem+cell+therapy+cures+multiple+sclerosis).\n",
    "link title": f'See [the page](https://clinic.example/ "{CLAIM}").\n',
    "reference definition": f'See [the page][1].\n\n[1]: https://clinic.example/ "{CLAIM}"\n',
    "front matter tags": f"---\ntitle: Clinic\ntags:\n  - {CLAIM}\nslogan: {CLAIM}\n---\n\nIntro.\n",
    "toml front matter": f'+++\ntitle = "Clinic"\nslogan = "{CLAIM}"\n+++\n\nIntro.\n',
}
MARKDOWN_PROSE = {
    "paragraph": f"Intro.\n\n{CLAIM}\n",
    "list item": f"- Intro.\n- {CLAIM}\n",
    "numbered item": f"1. Intro.\n2. {CLAIM}\n",
    "table cell": f"| Topic | Note |\n|---|---|\n| MS | {CLAIM} |\n",
    "heading": f"## {CLAIM}\n",
    "link text": f"See [{CLAIM}](https://clinic.example/).\n",
    "alt text": f"![{CLAIM}](photo.jpg)\n",
    "blockquote": f"> {CLAIM}\n",
    "emphasis": f"*{CLAIM}*\n",
    "footnote definition": f"Intro[^1].\n\n[^1]: {CLAIM}\n",
    "front matter title": f"---\ntitle: {CLAIM}\n---\n\nIntro.\n",
    "front matter description": f'---\ndescription: "{CLAIM}"\n---\n\nIntro.\n',
    "crlf paragraph": f"Intro.\r\n\r\n{CLAIM}\r\n",
}

_PAGE = "<!DOCTYPE html><html><head><title>Clinic</title>{head}</head><body>\n<main><p>Intro.</p></main>\n{body}\n</body></html>"
HTML_HIDDEN = {
    "script": ("", f'<script>var x = "{CLAIM}";</script>'),
    "json-ld": (f'<script type="application/ld+json">{{"slogan": "{CLAIM}"}}</script>', ""),
    "style": (f'<style>p::after {{ content: "{CLAIM}"; }}</style>', ""),
    "comment": ("", f"<!-- {CLAIM} -->"),
    "href": ("", '<p><a href="/Our-stem-cell-therapy-cures-multiple-sclerosis">Read more</a>.</p>'),
    "data attribute": ("", f'<p data-note="{CLAIM}">Read more.</p>'),
    "pre": ("", f"<pre>{CLAIM}</pre>"),
    "code": ("", f"<p>Type <code>{CLAIM}</code> here.</p>"),
    "template": ("", f"<template><p>{CLAIM}</p></template>"),
    "noscript": ("", f"<noscript>{CLAIM}</noscript>"),
    "nav": ("", f'<nav><a href="/ms">{CLAIM}</a></nav>'),
    "og meta": (f'<meta property="og:description" content="{CLAIM}">', ""),
    "page header": ("", f"<header><p>{CLAIM}</p></header>"),
    "footer link list": ("", f'<footer><ul><li><a href="/ms">{CLAIM}</a></li></ul></footer>'),
}
HTML_PROSE = {
    "paragraph": ("", f"<p>{CLAIM}</p>"),
    "list item": ("", f"<ul><li>Intro.</li><li>{CLAIM}</li></ul>"),
    "table cell": ("", f"<table><tr><th>MS</th><td>{CLAIM}</td></tr></table>"),
    "heading": ("", f"<h2>{CLAIM}</h2>"),
    "link text": ("", f'<p><a href="/ms">{CLAIM}</a></p>'),
    "alt text": ("", f'<img src="ms.jpg" alt="{CLAIM}">'),
    "title attribute": ("", f'<p><abbr title="{CLAIM}">MS</abbr> care.</p>'),
    "blockquote": ("", f"<blockquote>{CLAIM}</blockquote>"),
    "caption": ("", f"<figure><img src='a.png' alt=''><figcaption>{CLAIM}</figcaption></figure>"),
    "meta description": (f'<meta name="description" content="{CLAIM}">', ""),
    "footer paragraph": ("", f"<footer><p>{CLAIM}</p></footer>"),
    "inline markup": ("", "<p>Our <strong>stem cell</strong> therapy <em>cures</em> multiple&nbsp;sclerosis.</p>"),
    "superscript marker": ("", '<p>Our stem cell therapy cures multiple sclerosis<sup><a href="#r1">1</a></sup>.</p>'),
}


def _findings(check, text: str, path: str):
    findings = [finding for finding in check(text, path=path) if finding.rule == RULE]
    lines = LineIndex(text)
    for finding in findings:
        start = lines.offset(finding.line, finding.column)
        end = lines.offset(finding.end_line, finding.end_column)
        assert text[start:end] == finding.text
    return findings


@pytest.mark.parametrize("place", sorted(MARKDOWN_HIDDEN))
def test_markdown_claim_outside_prose_is_never_reported(check, place):
    assert _findings(check, MARKDOWN_HIDDEN[place], "page.md") == []


@pytest.mark.parametrize("place", sorted(MARKDOWN_PROSE))
def test_markdown_claim_in_prose_is_reported_at_its_place(check, place):
    text = MARKDOWN_PROSE[place]
    findings = _findings(check, text, "page.md")
    assert len(findings) == 1
    assert "cures" in findings[0].text


@pytest.mark.parametrize("place", sorted(HTML_HIDDEN))
def test_html_claim_outside_prose_is_never_reported(check, place):
    head, body = HTML_HIDDEN[place]
    assert _findings(check, _PAGE.format(head=head, body=body), "page.html") == []


@pytest.mark.parametrize("place", sorted(HTML_PROSE))
def test_html_claim_in_prose_is_reported_at_its_place(check, place):
    head, body = HTML_PROSE[place]
    text = _PAGE.format(head=head, body=body)
    findings = _findings(check, text, "page.html")
    assert len(findings) == 1
    assert "cures" in findings[0].text
    # the finding lies inside the element that holds the claim
    where = text.index(head or body)
    assert where <= findings[0].offset < findings[0].end_offset <= where + len(head or body)


MARKED = "Our stem cell injections treat multiple sclerosis"


@pytest.mark.parametrize(
    "reader, text, marker",
    [
        ("html", f'<p>{MARKED}<sup><a href="#ref1">1</a></sup>.</p>', "¹"),
        ("html", f"<p>{MARKED}<sup>2,3</sup>. Next.</p>", "²,³"),
        ("html", f"<p>{MARKED}<sup>*</sup>.</p>", "*"),
        ("markdown", f"{MARKED}[^1].\n\n[^1]: Okafor 2022.\n", "[^1]"),
        ("markdown", f"{MARKED}<sup>4</sup>.\n", "⁴"),
        ("text", f"{MARKED}[5].\n", "[5]"),
    ],
)
def test_a_citation_marker_after_a_word_does_not_hide_it(linter, reader, text, marker):
    """ "sclerosis<sup>3</sup>" must not read as one token "sclerosis3": the condition
    and the citation are both seen, and the marker maps back to its own characters."""
    from claimcheck.sources import parse_source

    source = parse_source(text, f"page.{reader}", reader)
    [(_, doc)] = list(linter.analyse([source]))
    assert [span.text for span in doc.spans["conditions"]] == ["multiple sclerosis"]
    if marker != "*":
        assert marker in [span.text for span in doc.spans["citations"]]
    start = source.prose.index(marker)
    s, e = source.source_range(start, start + len(marker))
    written = source.original[s:e]
    assert written == marker or written.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")).endswith(marker)
