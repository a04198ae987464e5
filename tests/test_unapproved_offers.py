"""What `efficacy/unapproved-indication` reads as an offer of a regenerative product for a
condition (ANNOTATION.md §3), beyond a disease named in the sentence: a symptom or an
injured tissue said to get better, and the one disease of a page about it.  And what it
still leaves alone: skin made smoother, tissue in general, cited mechanisms, pages of
warnings.
"""

from __future__ import annotations

UNAPPROVED = "efficacy/unapproved-indication"
EFFICACY = "efficacy/unsupported-claim"


def rules_of(check, text: str, path: str = "page.md") -> set[str]:  # type: ignore[no-untyped-def]
    return {finding.rule for finding in check(text, path=path)}


def _at(check, text: str, sentence: str) -> set[str]:  # type: ignore[no-untyped-def]
    """The rules reporting the unit that holds `sentence`."""
    return {finding.rule for finding in check(text, path="page.md") if sentence in finding.text}


# --- a symptom or an injured tissue is a complaint the product is offered for -------------


def test_a_symptom_said_to_stop_is_an_unapproved_use(check):
    assert UNAPPROVED in rules_of(check, "Our exosome infusions calm the burning pain within weeks.")


def test_an_injured_tissue_said_to_regrow_is_an_unapproved_use(check):
    assert UNAPPROVED in rules_of(check, "Our cord cell injections regrow the torn tendon fibres.")


def test_skin_made_smoother_is_cosmetic_not_an_unapproved_use(check):
    found = rules_of(check, "Our exosome facial smooths the skin in one session.")
    assert EFFICACY in found
    assert UNAPPROVED not in found


def test_tissue_in_general_names_no_injury(check):
    found = rules_of(check, "Our exosome infusions renew tissue throughout the body.")
    assert UNAPPROVED not in found


def test_a_cited_mechanism_about_a_tissue_is_left_to_citation_fit(check):
    text = (
        "Our cord cells protected injured nerve cells in culture [1].\n\n"
        "References\n\n1. Ito K, et al. Cord cells and neurons in vitro. Cell Reg. 2021;3:1-9. doi:10.5555/cr.1"
    )
    assert UNAPPROVED not in rules_of(check, text)


# --- the page's one disease, on a page that names its product but no price -------------


TOPIC_PAGE = (
    "# Hashimoto's Thyroiditis\n\n"
    "Hashimoto's thyroiditis is a condition in which the immune system attacks the thyroid.\n\n"
    "## How exosomes can help\n\n"
    "Exosome infusions calm the immune attack and bring antibody levels down.\n"
)


def test_a_named_product_works_on_the_topic_disease_of_its_page(check):
    sentence = "Exosome infusions calm the immune attack and bring antibody levels down."
    findings = [f for f in check(TOPIC_PAGE, path="page.md") if f.rule == UNAPPROVED and sentence in f.text]
    assert findings and "Hashimoto" in findings[0].message


def test_the_topic_disease_is_not_lent_to_a_page_of_warnings(check):
    warning = TOPIC_PAGE + (
        "\nBe wary of clinics that claim exosomes cure thyroid disease. The FDA warns that no exosome product "
        "is approved. Report unapproved products to MedWatch. Beware of testimonials.\n"
    )
    sentence = "Exosome infusions calm the immune attack and bring antibody levels down."
    assert UNAPPROVED in _at(check, TOPIC_PAGE, sentence)
    assert UNAPPROVED not in _at(check, warning, sentence)
