"""Citation markers: every form is found with exact offsets and the labels it points to."""

from __future__ import annotations

import pytest

from claimcheck.nlp.citations import expand_numbers, find_marks
from claimcheck.sources.html import read_html


def marks(text: str) -> list[tuple[str, str, tuple[str, ...], bool]]:
    return [(mark.kind, text[mark.start : mark.end], mark.labels, mark.valid) for mark in find_marks(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pain fell [3].", ("numeric", "[3]", ("3",))),
        ("Pain fell [1-3, 7].", ("numeric", "[1-3, 7]", ("1", "2", "3", "7"))),
        ("Pain fell [2,5].", ("numeric", "[2,5]", ("2", "5"))),
        ("Pain fell.¹", ("superscript", "¹", ("1",))),
        ("Pain fell²⁻⁴ in knees.", ("superscript", "²⁻⁴", ("2", "3", "4"))),
        ("Pain fell.[^lee]", ("footnote", "[^lee]", ("^lee",))),
        ("Pain fell (Smith et al., 2019).", ("author_year", "(Smith et al., 2019)", ("smith 2019",))),
        ("Pain fell (Smith & Lee, 2020; Wu, 2021).", ("author_year", "(Smith & Lee, 2020; Wu, 2021)", ("smith 2020", "wu 2021"))),
        ("As Smith et al. 2019 found, pain fell.", ("author_year", "Smith et al. 2019", ("smith 2019",))),
        ("Brown and Green (2017) found that pain fell.", ("author_year", "Brown and Green (2017)", ("brown 2017",))),
        ("Pain fell [@smith2019; @wu2021].", ("key", "[@smith2019; @wu2021]", ("@smith2019", "@wu2021"))),
        ("Full text: doi:10.1378/chest.12-2094.", ("doi", "doi:10.1378/chest.12-2094", ("10.1378/chest.12-2094",))),
        ("See https://doi.org/10.1000/xyz123 now.", ("doi", "https://doi.org/10.1000/xyz123", ("10.1000/xyz123",))),
        ("Indexed as PMID: 23172272.", ("pmid", "PMID: 23172272", ("pmid:23172272",))),
        ("Free at PMC3589523.", ("pmcid", "PMC3589523", ("PMC3589523",))),
        ("Registered as NCT02336230.", ("nct", "NCT02336230", ("NCT02336230",))),
        ("Registered as ISRCTN12345678.", ("isrctn", "ISRCTN12345678", ("ISRCTN12345678",))),
        ("Abstract: https://pubmed.ncbi.nlm.nih.gov/2317/ here.", ("link", "https://pubmed.ncbi.nlm.nih.gov/2317/", None)),
    ],
)
def test_each_citation_form_is_found_with_its_labels(text, expected):
    kind, marker, labels = expected
    found = [mark for mark in marks(text) if mark[0] == kind]
    assert found, f"no {kind} in {text!r}: {marks(text)}"
    assert found[0][1] == marker
    if labels is not None:
        assert found[0][2][: len(labels)] == labels
    assert found[0][3] is True


def test_superscript_range_expands():
    assert find_marks("Pain fell.¹⁻³")[0].labels == ("1", "2", "3")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Registered as NCT0123456.", "nct"),  # 7 digits
        ("Registered as NCT012345678.", "nct"),  # 9 digits
        ("Registered as ISRCTN1234.", "isrctn"),
        ("Indexed as PMID: 123456789.", "pmid"),  # 9 digits
        ("See PMCID: 1234567.", "pmcid"),  # no PMC prefix
        ("Full text: doi: 10.12/abc", "doi"),  # 2-digit registrant
    ],
)
def test_malformed_identifiers_are_found_and_marked_invalid(text, kind):
    found = [mark for mark in find_marks(text) if mark.kind == kind]
    assert found and not found[0].valid


def test_plain_words_and_dates_are_not_citations():
    assert marks("In June (2020) we opened. Results in 2019 were good. Call [ext] now.") == []
    assert marks("Pain is rated on a [0-10] scale, as Cell (2016) and Ryoncil (2024) reported.") == []


def test_expand_numbers_caps_absurd_ranges():
    assert expand_numbers("[1-3, 7]") == ("1", "2", "3", "7")
    assert expand_numbers("[1-900]") == ("1", "900")


def test_html_sup_digits_and_sup_links_are_markers_but_exponents_are_not():
    page = (
        "<p>Pain fell<sup>3</sup> in knees.</p>"
        '<p>Pain fell<sup><a href="#ref2">2</a>,<a href="#ref4">4</a></sup> in hips.</p>'
        "<p>We inject 2 &times; 10<sup>6</sup> cells per kg over 5 m<sup>2</sup>.</p>"
    )
    source = read_html(page, "page.html")
    found = [(mark.kind, source.prose[mark.start : mark.end], mark.labels) for mark in find_marks(source.prose, source.links)]
    # the HTML reader shows <sup> citation numbers as superscript digits, exact in length
    assert found == [("sup", "³", ("3",)), ("anchor", "²", ("#ref2",)), ("anchor", "⁴", ("#ref4",))]


def test_a_scholarly_link_is_a_citation_and_an_ordinary_link_is_not():
    page = '<p>See <a href="https://clinicaltrials.gov/study/NCT02336230">the trial</a> and <a href="/book">book now</a>.</p>'
    source = read_html(page, "page.html")
    found = [(mark.kind, source.prose[mark.start : mark.end]) for mark in find_marks(source.prose, source.links)]
    assert found == [("link", "the trial")]


def test_superscripts_flattened_to_plain_digits_after_a_full_stop_are_markers():
    text = "Knee bracing has a long record.1,2 Physiotherapy came next.3 The rest followed."
    assert [(kind, marker, labels) for kind, marker, labels, _ in marks(text)] == [
        ("flattened", "1,2", ("1", "2")),
        ("flattened", "3", ("3",)),
    ]


def test_decimals_versions_and_numbered_steps_are_not_flattened_markers():
    assert marks("Take 1.5 ml. Version 2.0 shipped. Step 2. Rest. It rose to 3.4 Then fell.") == []


FLATTENED_PAGE = """# Cell therapy

Marrow grafts have well-documented success in leukaemia.1,2 Doctors first tried them in the 1950s.

## References

1. Smith J, Jones K. Transfusion history. Blood. 2010;1:1-2. doi:10.1000/abc123
2. Lee M. Marrow transplant outcomes. N Engl J Med. 2012;3:4-5. PMID: 12345678
"""


def test_a_flattened_marker_that_resolves_supports_its_sentence(check):
    rules = {finding.rule for finding in check(FLATTENED_PAGE, "page.md")}
    assert "evidence/uncited-appeal" not in rules
    assert "reference/unresolved-citation" not in rules


def test_a_flattened_marker_stays_with_the_sentence_it_closes(check):
    text = "Marrow grafts have well-documented success.1,2 Doctors tried them first.\n"
    appeal = [finding for finding in check(text, "page.md") if finding.rule == "evidence/uncited-appeal"]
    assert [finding.text for finding in appeal] == ["Marrow grafts have well-documented success.1,2"]
