"""Property: for every finding in generated Markdown and HTML pages, the original file
sliced at the finding's line/column range is exactly `finding.text`.

The pages mix claims with entities, inline markup, citation superscripts, code blocks,
comments, CRLF line endings, tabs, emoji and combining characters, in every block kind.
"""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.sources.base import LineIndex

CLAIMS = [
    "Our stem cell therapy cures multiple sclerosis.",
    "There are no side effects.",
    "Results guaranteed!",
    "Clinical studies have documented lower pain scores.",
    "Our protocol is clinically proven.",
]
FILLER = ["Parking is free.", "🙂 Welcome back!", "Café hours vary.", "e\u0301te\u0301 notes.", "Ask\tthe desk.", "👍🏽 Thanks."]
_HIDDEN = "Our stem cells cure arthritis forever."


def slice_of(original: str, finding) -> str:
    lines = LineIndex(original)
    return original[lines.offset(finding.line, finding.column) : lines.offset(finding.end_line, finding.end_column)]


@st.composite
def sentence(draw, markup: str) -> str:
    """A claim or filler sentence, with some of its words marked up or entity-encoded,
    and maybe a citation marker before its final punctuation."""
    text = draw(st.sampled_from(CLAIMS + FILLER))
    body, end = text[:-1], text[-1]
    out = []
    for word in body.split(" "):
        choice = draw(st.integers(0, 9))
        if choice == 0:
            out.append(f"**{word}**" if markup == "md" else f"<strong>{word}</strong>")
        elif choice == 1:
            out.append(f"*{word}*" if markup == "md" else f"<em>{word}</em>")
        elif choice == 2 and markup == "html":
            out.append(html.escape(word).replace("e", "&#101;", 1))
        elif choice == 3:
            out.append(f"[{word}](https://example.org/a?b=1&c=2)" if markup == "md" else f'<a href="/x?a=1&amp;b=2">{word}</a>')
        else:
            out.append(html.escape(word, quote=False) if markup == "html" else word)
    # (a tab between every word is not tested: Markdown and text keep tabs verbatim and
    # the phrase matchers do not match across them; tabs appear between sentences instead)
    separator = draw(st.sampled_from([" ", " ", "&nbsp;" if markup == "html" else " "]))
    marker = ""
    if draw(st.booleans()):
        marker = f"[^{draw(st.integers(1, 9))}]" if markup == "md" else '<sup><a href="#r1">1</a></sup>'
    return separator.join(out) + marker + end


@st.composite
def markdown_page(draw) -> str:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 6))
        body = draw(sentence("md"))
        if kind == 0:
            blocks.append(body + draw(st.sampled_from([" ", "\t", " \t "])) + draw(sentence("md")))
        elif kind == 1:
            blocks.append("## " + body)
        elif kind == 2:
            blocks.append(newline.join(f"- {draw(sentence('md'))}" for _ in range(2)))
        elif kind == 3:
            blocks.append(newline.join(["| A | B |", "|---|---|", f"| {body} | x |"]))
        elif kind == 4:
            blocks.append("> " + body)
        elif kind == 5:
            blocks.append(newline.join(["```", _HIDDEN, "```"]))
        else:
            blocks.append(f"<!-- {_HIDDEN} -->")
    return (newline + newline).join(blocks) + newline


@st.composite
def html_page(draw) -> str:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 6))
        body = draw(sentence("html"))
        if kind == 0:
            blocks.append(f"<p>{body}{newline}\t {draw(sentence('html'))}</p>")
        elif kind == 1:
            blocks.append(f"<h2>{body}</h2>")
        elif kind == 2:
            blocks.append(f"<ul>{newline}<li>{body}</li>{newline}<li>{draw(sentence('html'))}</ul>")
        elif kind == 3:
            blocks.append(f"<table><tr><td>{body}</td><td>x</td></tr></table>")
        elif kind == 4:
            blocks.append(f'<img src="a.png" alt="{body}">' if "<" not in body else f"<blockquote>{body}</blockquote>")
        elif kind == 5:
            blocks.append(f"<script>var s = '{_HIDDEN}';</script><pre>{_HIDDEN}</pre>")
        else:
            blocks.append(f"<!-- {_HIDDEN} -->")
    head = f"<!DOCTYPE html>{newline}<html><head><title>Clinic</title></head>{newline}<body>{newline}"
    return head + newline.join(blocks) + f"{newline}</body></html>"


def _check(check, text: str, path: str) -> None:
    findings = check(text, path=path)
    for finding in findings:
        assert "arthritis" not in finding.text
        if finding.scope != "span":
            continue
        assert slice_of(text, finding) == finding.text, finding
        assert text[finding.offset : finding.end_offset] == finding.text
        assert finding.text == finding.text.strip() and finding.text
    plain = re.sub(r"<[^>]+>|\*", "", html.unescape(text)).replace("\xa0", " ")
    if "no side effects" in plain and "[^" not in text and "<sup" not in text:
        # an uncited safety absolute must be found whatever markup surrounds it
        assert any(finding.rule == "safety/absolute" for finding in findings), text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(markdown_page())
def test_markdown_findings_slice_the_source(check, page):
    _check(check, page, "page.md")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(html_page())
def test_html_findings_slice_the_source(check, page):
    _check(check, page, "page.html")


def test_a_finding_as_a_dict_holds_every_field_its_supporting_places_and_related_findings():
    from dataclasses import asdict, replace

    from claimcheck.findings import Finding, Location
    from claimcheck.severity import Severity

    place = Location(2, 1, 2, 4, 10, 13, "IV.")
    other = Finding("p.md", 1, 1, 1, 5, "efficacy/cure-claim", Severity.ERROR, "m2", "cure")
    finding = Finding(
        "p.md", 1, 1, 1, 9, "efficacy/unsupported-claim", Severity.WARNING, "m", "our cells",
        confidence=0.5, related=(other,), supporting=(place,),
    )  # fmt: skip
    data = finding.to_dict()
    expected = asdict(replace(finding, related=()))
    expected.update(severity="warning", related_rules=["efficacy/cure-claim"], related=[other.to_dict()])
    assert data == expected
    supporting = {"line": 2, "column": 1, "end_line": 2, "end_column": 4, "offset": 10, "end_offset": 13, "text": "IV."}
    assert data["supporting"] == (supporting,)
    assert data["related"][0]["severity"] == "error" and data["related"][0]["related"] == []
