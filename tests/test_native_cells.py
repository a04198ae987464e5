"""The body's own cells described as biology are not the product (nlp/native_cells.py).

A science-voiced page names stem, stromal and progenitor cells as the object of a disease
or a drug ("steroids deplete the marrow's stem cells") or as declining ("stem cells in
aged skin divide more slowly"); the rules must not read those mentions as an offer of
cells for the page's disease.  The same words with the product as the agent stay claims.

Every text here was written for these tests."""

from __future__ import annotations

import pytest

from claimcheck.nlp.native_cells import native_mentions

INDICATION = "efficacy/unapproved-indication"
HEADING = "# How lupus affects the marrow\n\nLupus is an autoimmune disease that can involve many organs.\n\n"
CLAIM_RULES = {INDICATION, "efficacy/unsupported-claim", "efficacy/cure-claim", "marketing/superiority"}


def _span_rules(findings) -> set[str]:
    return {finding.rule for finding in findings if finding.scope == "span"}


@pytest.mark.parametrize(
    "sentence",
    [
        # a harm before the cell word, with owners and determiners between
        "Smoking and diabetes reduce the number of circulating progenitor cells.",
        # a decline after it: directly, after a short phrase, after a relative clause
        "Lupus leaves the marrow's stem cells exhausted and slower to recover.",
        "Stem cells in aged skin divide more slowly than in young skin.",
        "The stromal cells that normally support blood formation show reduced growth.",
    ],
)
def test_cells_harmed_or_declining_are_not_offered(check, sentence):
    findings = check(HEADING + sentence + "\n")
    assert not _span_rules(findings) & CLAIM_RULES, sentence


@pytest.mark.parametrize(
    "sentence",
    [
        # the harm is about another noun: the cells are the treatment
        "Repair damaged cartilage with stem cells.",
        # the page's own cells, whatever follows
        "Our stem cells slow down lupus flares.",
        "These young stromal cells rebuild what lupus destroys.",
        # a relative clause about what the clinic does is not biology
        "Stem cells that we infuse reach the kidneys and calm lupus.",
        # a state word after a relative clause describes something else
        "MSCs which home to damaged kidneys repair them within weeks.",
        # a clause break between the harm and the cells
        "Steroids weaken bones; stem cells heal lupus.",
    ],
)
def test_cells_as_the_treatment_stay_claims(check, sentence):
    findings = check(HEADING + sentence + "\n")
    assert _span_rules(findings) & CLAIM_RULES, sentence


def test_only_the_harmed_mention_leaves_the_therapies(linter):
    doc = linter.nlp("Lupus depletes your stem cells, and our infusions replace them.")
    therapies = [span.text for span in doc.spans["therapies"]]
    assert therapies == ["our infusions"]
    assert native_mentions(doc) == []  # nothing left to drop: the component has run


def test_a_page_of_biology_does_not_count_diseases(check):
    text = "# Why the body's repair cells run short\n\n" + (
        "In osteoarthritis the cartilage cells lose their ability to divide, "
        "and the joint's resident stem cells become scarce.\n\n"
        "Lupus leaves the marrow's stem cells exhausted and slower to recover.\n\n"
        "Smoking and diabetes reduce the number of circulating progenitor cells.\n\n"
        "Stem cells in aged skin divide more slowly, which is one reason wounds heal late in older people.\n"
    )
    assert "marketing/many-diseases" not in {finding.rule for finding in check(text)}
