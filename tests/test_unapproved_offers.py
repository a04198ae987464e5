"""What `efficacy/unapproved-indication` and `efficacy/many-diseases` read as an offer of a
regenerative product for a condition (ANNOTATION.md §3 and §5), beyond a disease named in
the sentence: a symptom or an injured tissue said to get better, the one disease of a
page about it, the conditions listed under a "Conditions We Treat" heading, and the lay
names clinics give conditions ("nerve damage", "breathing problems", "ED").  And what it
still leaves alone: skin made smoother, approved transplants, pages of warnings.
"""

from __future__ import annotations

UNAPPROVED = "efficacy/unapproved-indication"
MANY = "efficacy/many-diseases"
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


# --- a heading that names the therapy and announces the conditions of its section -----


HEADING_PAGE = (
    "# Renew Cell Clinic\n\n"
    "Book your consultation today: our stem cell infusions start at $4,900.\n\n"
    "## Conditions our cell therapy helps\n\n"
    "### Knee osteoarthritis\n\nStiff knees that ache on the stairs.\n\n"
    "### Multiple sclerosis\n\nRelapsing and progressive forms.\n\n"
    "### COPD\n\nBreathlessness that keeps you indoors.\n\n"
    "## Prices\n\nAsk at the front desk.\n"
)


def test_a_conditions_heading_offers_the_therapy_for_each_condition_below(check):
    assert MANY in _at(check, HEADING_PAGE, "Conditions our cell therapy helps")


def test_the_section_ends_at_a_heading_that_names_no_condition(check):
    one_area = HEADING_PAGE.replace("### Multiple sclerosis", "## Prices").replace("### COPD", "### Hip osteoarthritis")
    assert MANY not in _at(check, one_area, "Conditions our cell therapy helps")


def test_a_heading_naming_no_therapy_is_left_to_the_list(check):
    bare = HEADING_PAGE.replace("Conditions our cell therapy helps", "Conditions we treat")
    assert MANY not in _at(check, bare, "Conditions we treat")


# --- lay names of conditions count their areas -----------------------------------------


def test_lay_names_of_conditions_count_as_disease_areas(check):
    found = rules_of(check, "We use regenerative cell injections for joint pain, nerve damage and breathing problems.")
    assert MANY in found


def test_ed_is_erectile_dysfunction_in_a_list_of_uses(check):
    found = rules_of(check, "Our stem cell injections are also used for neuropathy, ED and COPD.")
    assert MANY in found


def test_our_infusions_are_the_page_therapy(check):
    text = (
        "Our stem cell program is offered in Lakeview.\n\n"
        "Our infusions help patients recover from osteoarthritis, long COVID and rheumatoid arthritis."
    )
    assert MANY in _at(check, text, "Our infusions help")


# --- program cards under a title that offers the therapy --------------------------------


CARDS_PAGE = (
    "# Lung Programs: Stem Cells for COPD and Pulmonary Fibrosis | Harbor Cell Institute\n\n"
    "## Our programs\n\n"
    "### COPD Program\n\nFour visits over two weeks.\n\n"
    "### Fibrosis Program\n\nSix visits over three weeks.\n"
)


def test_a_program_card_under_a_title_offering_the_therapy_is_an_offer(check):
    assert UNAPPROVED in _at(check, CARDS_PAGE, "COPD Program")


def test_a_program_card_under_a_topic_title_is_not(check):
    topic = CARDS_PAGE.replace(
        "Lung Programs: Stem Cells for COPD and Pulmonary Fibrosis | Harbor Cell Institute",
        "Stem Cells for COPD: what the studies say",
    )
    assert UNAPPROVED not in _at(check, topic, "COPD Program")


def test_what_a_flyer_promised_is_reported_not_offered(check):
    found = rules_of(check, "One clinic flyer promised relief from arthritis, neuropathy, COPD and gout with the same injection.")
    assert not found & {UNAPPROVED, MANY, EFFICACY}


def test_a_hedged_symptom_relief_names_no_unapproved_use(check):
    found = rules_of(check, "Our exosome infusions may ease the burning pain in some patients.")
    assert UNAPPROVED not in found


# --- whom a program takes on, named by their diseases -----------------------------------


LAUNCH = (
    "# Harbor Cell Institute opens its NeuroPath program\n\n"
    "Harbor Cell Institute gives cultured cord cell infusions at its clinic in Port Alder.\n\n"
    "{sentence}\n"
)


def test_a_program_for_patients_with_a_disease_is_an_offer(check):
    sentence = "The institute announced the launch of its NeuroPath program for adults living with multiple sclerosis."
    assert UNAPPROVED in _at(check, LAUNCH.format(sentence=sentence), sentence)


def test_patients_who_can_now_receive_the_protocol_are_offered_it(check):
    sentence = "Patients with Parkinson's disease can now receive the NeuroPath protocol at the clinic."
    assert UNAPPROVED in _at(check, LAUNCH.format(sentence=sentence), sentence)


def test_a_trial_enrolling_patients_is_recruitment_not_an_offer(check):
    sentence = "The NeuroPath trial for adults living with multiple sclerosis opens in May."
    assert UNAPPROVED not in _at(check, LAUNCH.format(sentence=sentence), sentence)
