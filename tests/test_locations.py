"""Locations are exact: every finding's text is the source sliced at its line/column."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.sources.base import LineIndex, OffsetMap, ProseBuilder


def slice_by_position(original: str, finding) -> str:
    lines = LineIndex(original)
    start = lines.offset(finding.line, finding.column)
    end = lines.offset(finding.end_line, finding.end_column)
    return original[start:end]


def test_line_index_counts_code_points_and_all_line_breaks():
    text = "a\r\nb🙂c\rd\ne\u0301f"
    index = LineIndex(text)
    assert index.position(0) == (1, 1)
    assert index.position(text.index("b")) == (2, 1)
    assert index.position(text.index("c")) == (2, 3)  # the emoji is one code point
    assert index.position(text.index("d")) == (3, 1)  # a lone CR ends a line
    assert index.position(text.index("f")) == (4, 3)  # combining accent counts as its own code point


def test_offset_map_maps_entities_atomically():
    builder = ProseBuilder()
    builder.start_segment("paragraph")
    builder.add("A ", 0)
    builder.add("&", 2, 7)  # "&amp;"
    builder.add(" B", 7)
    prose, _, offsets, _ = builder.build()
    assert prose == "A & B"
    assert offsets.to_source(2, 3) == (2, 7)
    assert offsets.to_source(4, 5) == (8, 9)
    assert offsets.to_source(0, 5) == (0, 9)


def test_identity_map():
    offsets = OffsetMap.identity(10)
    assert offsets.to_source(3, 7) == (3, 7)


CLAIMS = [
    "Our stem cell injections rebuild damaged cartilage in arthritic knees.",
    "MSC therapy cures multiple sclerosis.",
    "Clinical studies have documented lower DAS28 scores.",
    "There are no side effects.",
    "Results guaranteed!",
]
FILLER = st.sampled_from(
    [
        "The clinic is open on weekdays.",
        "Parking is free.",
        "🙂 Welcome!",
        "Café hours vary.",
        "e\u0301te\u0301 notes.",
        "\tTabbed line.",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(st.one_of(FILLER, st.sampled_from(CLAIMS)), min_size=1, max_size=8),
    joiners=st.lists(st.sampled_from([" ", "\n", "\r\n", "\n\n", "\r\n\r\n", "  "]), min_size=8, max_size=8),
)
def test_plain_text_findings_point_at_their_text(check, parts, joiners):
    text = "".join(part + joiner for part, joiner in zip(parts, joiners, strict=False))
    for finding in check(text, path="doc.txt"):
        assert text[finding.offset : finding.end_offset] == finding.text
        assert slice_by_position(text, finding) == finding.text
        if finding.scope == "span":
            assert finding.text.strip() == finding.text and finding.text
