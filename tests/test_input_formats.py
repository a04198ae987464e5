"""The same clinic page in plain text, Markdown, HTML and Word gives the same findings,
each pointing at the exact characters of the file it was read from.

corpus/formats/ holds clinic.txt, clinic.md and clinic.html; the Word version is built
here from clinic.txt (tests/docx_build.py), so no binary is committed.  The Markdown
and HTML pages hide the same claim ("stem cells cure arthritis") in every place that is
not prose: front matter tags, comments, code, URLs, script, style, template, noscript,
navigation and footer link lists.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest

from claimcheck.api import check_paths, read_source
from claimcheck.sources.base import LineIndex
from tests.docx_build import docx_from_text

FORMATS = Path(__file__).resolve().parent.parent / "corpus" / "formats"
_TAG = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"\*\*|(?<!\w)\*(?=\w)|(?<=\w)\*(?!\w)")


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]+\)")  # a Markdown link: its words


def normalised(text: str) -> str:
    """Flagged text without the markup around it: tags, entities, emphasis, line wrapping,
    and the typographic quotes the HTML page writes as &ldquo; where the text file has '"'."""
    text = _LINK.sub(r"\1", text)
    plain = html.unescape(_MARKUP.sub("", _TAG.sub("", text))).replace("\xa0", " ").translate(_QUOTES)
    return " ".join(plain.split())


@pytest.fixture(scope="module")
def pages(tmp_path_factory, linter):
    folder = tmp_path_factory.mktemp("formats")
    paths = {name: FORMATS / f"clinic.{name}" for name in ("txt", "md", "html")}
    paths["docx"] = folder / "clinic.docx"
    paths["docx"].write_bytes(docx_from_text(paths["txt"].read_text(encoding="utf-8")))
    results = {}
    for name, path in paths.items():
        report = check_paths([str(path)], linter=linter)
        assert not report.notices, report.notices
        original = read_source(str(path), path.read_bytes(), None, None).original
        results[name] = (original, report.findings)
    return results


@pytest.mark.parametrize("name", ["txt", "md", "html", "docx"])
def test_every_finding_slices_its_own_file(pages, name):
    original, findings = pages[name]
    lines = LineIndex(original)
    assert findings
    for finding in findings:
        if finding.scope != "span":
            continue
        start = lines.offset(finding.line, finding.column)
        end = lines.offset(finding.end_line, finding.end_column)
        assert original[start:end] == finding.text, finding
        assert original[finding.offset : finding.end_offset] == finding.text


@pytest.mark.parametrize("name", ["md", "html", "docx"])
def test_same_rules_and_flagged_text_as_plain_text(pages, name):
    def key(findings):
        return Counter((finding.rule, normalised(finding.text)) for finding in findings)

    assert key(pages[name][1]) == key(pages["txt"][1])


def test_plain_text_findings_are_the_expected_ones(pages):
    """Pin the reference so that an empty or broken baseline cannot make formats agree."""
    rules = Counter(finding.rule for finding in pages["txt"][1])
    assert rules["safety/absolute"] == 2
    assert rules["evidence/establishment-claim"] == 1
    assert rules["evidence/unsourced-statistic"] == 1
    # the footer disclaimer and the cited reference are read in every format
    assert "document/no-disclaimer" not in rules and "document/no-references" not in rules


@pytest.mark.parametrize("name", ["md", "html"])
def test_hidden_copies_of_a_claim_are_never_reported(pages, name, check):
    original, findings = pages[name]
    # the claim is there, outside prose, and would be reported as prose
    assert len(re.findall("cure[- ]arthritis", original, re.IGNORECASE)) >= 5
    assert "efficacy/cure-claim" in {finding.rule for finding in check("Our stem cells cure arthritis permanently.")}
    for finding in findings:
        assert "cure arthritis" not in finding.text.lower()
        # the page's one visible cure-type claim is the testimonial ("arthritis was gone")
        assert "cure-claim" not in finding.rule or "was gone" in finding.text


def test_html_positions_are_in_the_page_not_the_prose(pages):
    original, findings = pages["html"]
    absolute = [finding for finding in findings if finding.rule == "safety/absolute"]
    lines = original.splitlines()
    for finding in absolute:
        assert lines[finding.line - 1].lstrip().startswith("<p>Patients ask")
    assert [finding.text for finding in absolute] == ["completely safe", "no side&nbsp;effects"]
