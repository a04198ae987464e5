"""Editors' marks in quoted copy: "[w]e", "[that]", "[sic]" are read as the words they
restore (or dropped), in every reader, and findings still point at the original text."""

from __future__ import annotations

import pytest

from claimcheck.api import check_text
from claimcheck.sources import format_for_path, parse_source
from claimcheck.sources.base import editorial_pieces

CLAIM = "Our patients say [w]e reverse knee arthritis for good with stem cells [sic]."


def test_pieces_restore_words_and_drop_sic() -> None:
    pieces = editorial_pieces("a [t]herapy [sic] that lasts")
    assert "".join(piece for piece, _, _ in pieces) == "a therapy  that lasts"
    restored = next(piece for piece in pieces if piece[0] == "t")
    assert restored[1:] == (2, 5)  # the "t" stands for its brackets "[t]"


@pytest.mark.parametrize(
    "text",
    ["See the study [1] and [Smith 2019](https://example.org) and [^2] and [x][ref] here."],
)
def test_citations_footnotes_and_links_are_not_editorial(text: str) -> None:
    assert editorial_pieces(text) == [(text, 0, len(text))]


@pytest.mark.parametrize(
    ("path", "wrap"),
    [("page.txt", "{}"), ("page.md", "# Knees\n\n{}\n"), ("page.html", "<html><body><p>{}</p></body></html>")],
)
def test_readers_give_prose_without_the_marks(path: str, wrap: str) -> None:
    source = parse_source(wrap.format(CLAIM), path, format_for_path(path))
    assert "say we reverse knee arthritis" in source.prose
    assert "[sic]" not in source.prose and "[w]" not in source.prose


@pytest.mark.parametrize(
    ("path", "wrap"),
    [("page.txt", "{}"), ("page.md", "# Knees\n\n{}\n"), ("page.html", "<html><body><p>{}</p></body></html>")],
)
def test_findings_point_at_the_original_text(linter, path: str, wrap: str) -> None:
    original = wrap.format(CLAIM)
    findings = check_text(original, path=path, linter=linter)
    assert findings, "a cure claim behind an editor's bracket is still a claim"
    for finding in (each for found in findings for each in found.expanded()):
        assert original[finding.offset : finding.end_offset] == finding.text
    spans = [original[f.offset : f.end_offset] for f in findings]
    assert any("reverse" in span for span in spans)


def test_stage_directions_stay_visible() -> None:
    text = "[ON SCREEN] my knees feel twenty again"
    assert editorial_pieces(text) == [(text, 0, len(text))]
