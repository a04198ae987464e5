"""Product status and claim-citation fit, eighth round (issue 14, branch fit9): lay names of
conditions, pages about a registered or IND study, enzymatic digestion of structural tissue,
reference entries that are not the product's description, accented author names and ages
written in words.

Every text here was written for these tests."""

from __future__ import annotations

import pytest

from claimcheck.checks.fit import numeric_ages
from claimcheck.nlp.citations import author_year_keys
from claimcheck.nlp.conditions import Condition, condition_names
from tests.test_citation_styles import OFF_TARGET, found

HCTP = "regulatory/hctp-status"


# ---------------------------------------------------------------- accented author names


def test_author_year_keys_keep_accented_surnames():
    text = "It eased (Müller 2019), as others found (Peña et al., 2021; Ødegaard, 2020)."
    assert author_year_keys(text) == ("müller 2019", "peña 2021", "ødegaard 2020")


def test_accented_author_year_citations_resolve_to_their_entries(linter):
    text = (
        "Our cord cells ease worn knees (Müller 2019). They calm lupus (Peña et al., 2021). "
        "They quiet MS relapses (Ødegaard, 2020). Book today.\n\n## References\n\n"
        "Müller, K. (2019). Cord cells in knee osteoarthritis: a randomized trial. Knee Res, 3, 1-9. doi:10.5555/k.2019.1\n\n"
        "Peña, L., Ruiz, A., & Soto, B. (2021). Cord cells in rheumatoid arthritis: a randomized trial. "
        "Rheum Res, 3, 1-9. doi:10.5555/r.2021.1\n\n"
        "Ødegaard, T. (2020). Cord cells in Parkinson's disease: a randomized trial. Mov Res, 3, 1-9. doi:10.5555/m.2020.1"
    )
    messages = found(text, linter, OFF_TARGET)
    assert len(messages) == 2
    assert any("(Peña 2021) studies rheumatoid arthritis" in message for message in messages)
    assert any("(Ødegaard 2020) studies Parkinson's disease" in message for message in messages)
    assert found(text, linter, "reference/unresolved-citation") == []


# ---------------------------------------------------------------- what the product is


def hctp(text, linter):
    return found(text, linter, HCTP)


def test_a_reference_entry_title_does_not_describe_the_pages_product(linter):
    # The page's marrow is only spun and returned the same day (1271.15(b)); the cited paper's
    # "culture-expanded" cells are another product.
    text = (
        "We take your own bone marrow, concentrate it by centrifugation and inject it into your knee "
        "in the same visit to ease arthritis pain [1]. Book today.\n\n"
        "References\n1. Lee A. Culture-expanded MSCs for knee osteoarthritis: a randomised trial. "
        "Knee. 2020;3:1-9. doi:10.5555/k.2020.1"
    )
    assert hctp(text, linter) == []
    # the same words in the page's own description still count
    own = text.replace("concentrate it by centrifugation", "culture-expand it for three weeks")
    (message,) = hctp(own, linter)
    assert "1271.10(a)(1)" in message and "culture-expand" in message


def test_enzymatic_digestion_fails_a_structural_tissue(linter):
    for words in ("digest it with collagenase", "release the cells with enzymes", "break it down with enzymes"):
        text = (
            f"We take a little fat from your belly, {words} and inject the cells into your knee "
            "in the same visit to heal osteoarthritis. Book today."
        )
        (message,) = hctp(text, linter)
        assert "1271.10(a)(1)" in message, words


def test_enzymes_named_apart_from_the_product_or_denied_are_not_processing(linter):
    text = (
        "Our fat grafts fill hollow cheeks and restore facial volume. Your body breaks food down with enzymes "
        "every day. Book today."
    )
    assert hctp(text, linter) == []
    denied = (
        "Our fat graft is never digested with enzymes or cultured; it is only washed. "
        "We place it under the skin to restore facial volume. Book today."
    )
    assert hctp(denied, linter) == []


@pytest.mark.parametrize(
    ("denied", "asserted"),
    [
        (
            "The marrow is stored without being frozen, grown in the lab or expanded in our lab.",
            "The marrow is stored after being frozen, grown in the lab and expanded in our lab.",
        ),
        (
            "The marrow is washed; nothing is frozen, grown in the lab or expanded in our lab.",
            "The marrow is washed; then it is frozen, grown in the lab and expanded in our lab.",
        ),
        ("The marrow is not spun, frozen, or grown in the lab.", "The marrow is spun, frozen, and grown in the lab."),
    ],
)
def test_a_denial_covers_every_item_of_the_list_it_opens(linter, denied, asserted):
    page = "We take your own bone marrow and inject it into your knee in the same visit to ease arthritis pain. {} Book today."
    assert hctp(page.format(denied), linter) == []
    (message,) = hctp(page.format(asserted), linter)
    assert "1271.10(a)(1)" in message and "grown in the lab" in message


# ---------------------------------------------------------------- lay names of conditions


def test_lay_names_are_the_disease_they_name():
    names = condition_names()
    fits = [
        ("weakened erections", "erectile dysfunction"),
        ("hair shedding", "androgenetic alopecia"),
        ("thinning hair", "alopecia"),
        ("smoker's lungs", "chronic obstructive pulmonary disease"),
        ("smoker's lungs", "emphysema"),
        ("juvenile diabetes", "type 1 diabetes"),
        ("adult-onset diabetes", "T2DM"),
        ("leaky bladder", "stress urinary incontinence"),
        ("irregular heartbeat", "atrial fibrillation"),
        ("scarred liver", "cirrhosis"),
        ("slipped disc", "herniated disc"),
        ("sore knees", "knee osteoarthritis"),
        ("bad back", "degenerative disc disease"),
        ("enlarged heart", "dilated cardiomyopathy"),
        ("numb feet", "diabetic neuropathy"),
        ("curved penis", "Peyronie's disease"),
        ("thinning bones", "osteoporosis"),
    ]
    for lay, clinical in fits:
        assert names.fits(Condition(lay, ""), Condition(clinical, "")), (lay, clinical)
    others = [
        ("smoker's lungs", "asthma"),
        ("juvenile diabetes", "type 2 diabetes"),
        ("enlarged heart", "ischaemic heart failure"),
        ("curved penis", "erectile dysfunction"),
        ("patchy hair loss", "androgenetic alopecia"),
        ("thinning bones", "osteoarthritis"),
    ]
    for lay, clinical in others:
        assert not names.fits(Condition(lay, ""), Condition(clinical, "")), (lay, clinical)


def _one_ref(title: str) -> str:
    return f"\n\nReferences\n1. Lee A. {title}. Clin Regen. 2020;3:1-9. doi:10.5555/cr.2020.1"


def test_a_claim_in_lay_words_is_matched_to_its_source(linter):
    claim = "Smoker's lungs breathe freely again after our infusions [1]."
    assert found(claim + _one_ref("Cord cells in COPD: a randomized trial"), linter, OFF_TARGET) == []
    (message,) = found(claim + _one_ref("Cord cells in severe asthma: a randomized trial"), linter, OFF_TARGET)
    assert "studies asthma" in message
    shedding = "Hair shedding stops after three exosome sessions [1]."
    assert found(shedding + _one_ref("Exosomes in androgenetic alopecia: a randomized trial"), linter, OFF_TARGET) == []
    (message,) = found(shedding + _one_ref("Exosomes in knee osteoarthritis: a randomized trial"), linter, OFF_TARGET)
    assert "knee osteoarthritis" in message
    erections = "Weakened erections turn firm again after two shots [1]."
    assert found(erections + _one_ref("Cord cells in erectile dysfunction: a randomized trial"), linter, OFF_TARGET) == []
    (message,) = found(erections + _one_ref("Cord cells in Peyronie's disease: a randomized trial"), linter, OFF_TARGET)
    assert "Peyronie" in message


# ---------------------------------------------------------------- ages in words


def test_ages_written_in_words_are_the_claims_population():
    assert numeric_ages("A seventy-year-old walks again") == "A 70-year-old walks again"
    assert numeric_ages("in her fifties") == "in her 50s"
    assert numeric_ages("at eighty-two, he climbs stairs") == "at 82, he climbs stairs"
    assert numeric_ages("pain at twelve months was lower") == "pain at twelve months was lower"


def test_an_age_in_words_outside_the_trials_ages_is_off_target(linter):
    ref = _one_ref("Cord cells in knee osteoarthritis in adults aged %s: a randomized trial")
    (message,) = found(
        "A seventy-year-old with worn knees walks without a cane again [1]." + ref % "18 to 35", linter, OFF_TARGET
    )
    assert "young adults" in message
    (message,) = found(
        "Women in their fifties with worn knees walk without a cane again [1]." + ref % "70 to 90", linter, OFF_TARGET
    )
    assert "aged 70 to 90" in message
    assert (
        found("Women in their fifties with worn knees walk without a cane again [1]." + ref % "45 to 75", linter, OFF_TARGET)
        == []
    )
    # a time is not an age
    timed = "Knee pain was lower at twelve months in adults with worn knees [1]."
    assert found(timed + ref % "40 to 65", linter, OFF_TARGET) == []


# ---------------------------------------------------------------- pages about a registered or IND study

STUDY_PAGE = """# Now enrolling: a study of donor cord cells in knee osteoarthritis

Northvale Research Clinic is recruiting adults aged 50 to 75 with knee osteoarthritis for CORDKNEE-2.
The study is being done under an FDA investigational new drug application, and this trial is registered as NCT09912345.
Our umbilical cord cells are grown in our laboratory for three weeks before each injection.
In this study our cells are injected into the knee to rebuild cartilage in knee osteoarthritis.
Half of the participants will receive cells and half will receive saline, chosen at random.
There is no charge for the study injections or visits.
Call our study coordinator to find out whether you can take part."""


def test_a_page_about_an_ind_study_is_not_judged_as_a_361_product(linter):
    assert hctp(STUDY_PAGE, linter) == []


def test_a_study_page_that_offers_its_registration_as_proof_or_sells_is_judged(linter):
    proof = STUDY_PAGE + "\nOur cord cells heal worn knees, and our registered trial NCT09912345 proves it works."
    assert len(hctp(proof, linter)) == 1
    priced = STUDY_PAGE + "\nEach injection outside the study costs $4,500."
    assert len(hctp(priced, linter)) == 1


def test_one_study_word_does_not_make_a_study_page(linter):
    page = (
        "Our umbilical cord cells are grown in our laboratory for three weeks.\n"
        "We inject them into the knee to rebuild cartilage in knee osteoarthritis.\n"
        "We are also recruiting volunteers for a small registry. Book today."
    )
    assert len(hctp(page, linter)) == 1


def test_a_business_named_in_its_title_that_grows_the_product_sells_it(linter):
    page = (
        "# Larkspur Joint & Spine\n\n"
        "Larkspur grows donated cord tissue cells in its laboratory for three weeks and injects them into worn knees.\n\n"
        "Worn knees grow fresh cartilage within a few months.\n\n"
        "Larkspur Joint & Spine, 4 Mill Road, Dayton, OH. 937-555-0142."
    )
    (message,) = hctp(page, linter)
    assert "1271.10(a)(1)" in message


def test_what_is_said_of_an_approved_product_named_in_passing_is_not_the_pages_product(linter):
    """A hospital page that offers same-day marrow concentrate and explains MACI: the lab
    growing MACI's cells does not make the marrow more than minimally manipulated."""
    page = (
        "We draw marrow from your hip, spin it and inject the concentrate into your knee for osteoarthritis "
        "before you wake up. MACI is approved for cartilage defects of the knee. For it, a laboratory grows "
        "your cartilage cells on a membrane. Book today."
    )
    assert not any("1271.10(a)(1)" in message for message in hctp(page, linter))
    # without the approved product between them, the growing is the marrow's
    own = page.replace("MACI is approved for cartilage defects of the knee. For it, a", "Then a")
    assert any("1271.10(a)(1)" in message for message in hctp(own, linter))


@pytest.mark.parametrize("when", ["in the same visit", "before you wake up", "during the same operation", "two weeks later"])
def test_a_graft_returned_in_the_same_operation_is_excepted_however_it_is_said(linter, when):
    page = (
        "We take your own bone marrow, concentrate it by centrifugation and inject it into your knee "
        f"{when} to ease arthritis pain. Book today."
    )
    assert (hctp(page, linter) == []) == (when != "two weeks later")
