"""Product status under 21 CFR 1271 (regulatory/hctp-status) and claim-citation fit
(evidence/weak-support, evidence/off-target-citation, evidence/registration-not-results).

Every text here was written for these tests."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claimcheck.api import check_text
from claimcheck.cli import main
from claimcheck.findings import Severity
from claimcheck.nlp.bibliography import make_entry
from claimcheck.nlp.study_designs import classify

HCTP = "regulatory/hctp-status"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def rule_findings(findings, rule):
    return [finding for finding in findings for finding in finding.expanded() if finding.rule == rule]


def hctp(text, linter, path="page.md"):
    found = rule_findings(check_text(text, path=path, linter=linter), HCTP)
    assert len(found) <= 1 or len({f.message for f in found}) == len(found)
    return found


# ---------------------------------------------------------------- 1271.10(a): one page per criterion


def test_more_than_minimal_manipulation_is_named_with_its_words(linter):
    text = (
        "Our Wharton's jelly cells are culture-expanded in our laboratory before each treatment.\n\n"
        "We inject them to rebuild knee cartilage in osteoarthritis. Book a consultation today."
    )
    (finding,) = hctp(text, linter)
    assert finding.scope == "document" and finding.severity == Severity.WARNING
    assert "1271.10(a)(1)" in finding.message and "expanded" in finding.message
    assert any("expanded" in place.text for place in finding.supporting)


def test_enzymatically_digested_fat_fails_even_on_the_same_day(linter):
    text = (
        "We harvest your own fat and digest it with collagenase to isolate the stromal vascular fraction.\n\n"
        "The SVF is injected during the same visit and heals rotator cuff tears. Call to book."
    )
    (finding,) = hctp(text, linter)
    assert "1271.10(a)(1)" in finding.message and "collagenase" in finding.message


def test_uses_offered_to_animals_are_not_judged_under_1271(linter):
    # 21 CFR 1271 covers human products: a veterinary page gets no finding (ANNOTATION B29) ...
    text = (
        "We take a little fat tissue from your dog, free its stem cells with collagenase "
        "and culture-expand them for two weeks.\n\n"
        "The cells heal elbow arthritis in dogs and tendon injuries in horses. Book your pet's visit today."
    )
    assert hctp(text, linter) == []
    # ... until the page offers the same cells to the owners
    owners = text + "\n\nOur cultured stem cells also heal knee arthritis in people, at our sister clinic for owners."
    (finding,) = hctp(owners, linter)
    assert "1271.10(a)(1)" in finding.message


def test_non_homologous_use_names_the_use_and_the_tissue_function(linter):
    text = "Our amniotic fluid injections heal knee osteoarthritis without surgery. Book your injection today."
    (finding,) = hctp(text, linter)
    assert "1271.10(a)(2)" in finding.message
    assert "knee osteoarthritis" in finding.message and "cushioning and protecting the fetus" in finding.message


def test_combination_with_another_article(linter):
    text = "Our bone marrow concentrate is mixed with hyaluronic acid and repairs torn meniscus tears. Call us today."
    (finding,) = hctp(text, linter)
    assert "1271.10(a)(3)" in finding.message and "'hyaluronic acid'" in finding.message


def test_allogeneic_living_cells_with_systemic_effect(linter):
    text = "We give donor umbilical cord stem cells by IV infusion to reverse COPD. Prices start at $9,000."
    (finding,) = hctp(text, linter)
    assert "1271.10(a)(4)" in finding.message and "'IV infusion'" in finding.message
    places = [place.text for place in finding.supporting]
    assert "COPD" in places and "IV infusion" in places


def test_a_page_that_calls_a_failing_product_361_or_compliant_gets_an_error(linter):
    text = (
        "Our umbilical cord cells are given intravenously for autism. They are a 361 HCT/P and fully FDA-compliant. "
        "Book a call today."
    )
    (finding,) = hctp(text, linter)
    assert finding.severity == Severity.ERROR
    assert "'361 HCT/P'" in finding.message and "'FDA-compliant'" in finding.message


def test_exosomes_are_never_hctps(linter):
    text = "Our exosome infusions repair the lungs in pulmonary fibrosis. Book your session today."
    (finding,) = hctp(text, linter)
    assert "not cells or tissue" in finding.message and "pulmonary fibrosis" in finding.message


def test_outcomes_stated_under_disease_headings_are_uses_of_the_product(linter):
    # No sentence names the therapy: the page's product is what the outcomes are credited to.
    text = (
        "# Marrow cell sessions\n\nOur cells are grown from donated marrow and given by IV drip.\n\n"
        "## Psoriasis\n\nThe red plaques of psoriasis fade and the itching settles.\n\n"
        "Call 555-0142 to book."
    )
    (finding,) = hctp(text, linter)
    assert "psoriasis" in finding.message


def test_outcomes_in_reference_entries_or_under_negation_are_not_uses(linter):
    text = (
        "# Marrow cell sessions\n\nOur cells are grown from donated marrow and given by IV drip.\n\n"
        "People with heart failure do not climb stairs with ease after them. Call 555-0142 to book.\n\n"
        "References\n\n1. Doe J. Marrow cells ease heart failure in dogs. Vet Card. 2020;3:1-9. doi:10.5555/vc.2020.1\n"
    )
    assert hctp(text, linter) == []


# ---------------------------------------------------------------- exceptions: no finding


@pytest.mark.parametrize(
    "text",
    [
        # approved use: HPC cord blood for blood disorders
        "Our transplant team uses licensed HPC cord blood to restore blood-forming cells in children with leukemia. "
        "Call our transplant coordinator to book a visit.",
        # Ryoncil in its approved population
        "Ryoncil, a mesenchymal stromal cell product, is infused for steroid-refractory acute graft-versus-host disease "
        "in children. Call our office to book.",
        # 1271.15(b): autologous, removed and put back in the same surgical procedure, centrifuged only
        "In a single procedure we draw your own bone marrow, concentrate it by centrifugation and inject it into your "
        "knee to ease arthritis pain. Book a consultation.",
        # homologous: amniotic membrane as a wound cover
        "Our amniotic membrane grafts cover diabetic foot ulcers while they heal. Book a wound-care visit.",
        # a page that warns about such products rather than selling them
        "FDA warns that clinics sell umbilical cord cell infusions for autism. The agency warns these products are not "
        "approved. Regulators warn patients about harm. Officials warn about travel abroad for infusions.",
        # PRP is a blood product, not an HCT/P
        "Our platelet-rich plasma injections ease tennis elbow pain. Book today.",
    ],
)
def test_exceptions_get_no_finding(text, linter):
    assert hctp(text, linter) == []


def test_processing_words_about_the_body_are_not_processing(linter):
    text = (
        "Our allogeneic MSC infusions calm lupus. In lupus, Th17 cells become activated and expanded. Book a consultation today."
    )
    (finding,) = hctp(text, linter)
    assert "1271.10(a)(1)" not in finding.message
    assert "1271.10(a)(2)" in finding.message and "1271.10(a)(4)" in finding.message


def test_supporting_spans_reach_json_sarif_and_html(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("We give donor umbilical cord stem cells by IV infusion to reverse COPD. Prices start at $9,000.\n")
    for fmt in ("json", "sarif", "html"):
        code, body = run("check", str(page), "--format", fmt, "--no-model")
        assert code == 1
        if fmt == "json":
            (finding,) = [f for f in json.loads(body)["findings"] if f["rule"] == HCTP]
            assert any(place["text"] == "COPD" and place["line"] == 1 for place in finding["supporting"])
        elif fmt == "sarif":
            results = json.loads(body)["runs"][0]["results"]
            (result,) = [r for r in results if r["ruleId"] == HCTP]
            texts = [location["message"]["text"] for location in result["relatedLocations"]]
            assert any("'COPD'" in text for text in texts)
        else:
            assert "Rests on:" in body and "“COPD”" in body


# ---------------------------------------------------------------- study designs


@pytest.mark.parametrize(
    ("entry", "design"),
    [
        ("Lee A. Cord cells protect neurons in cultured human cells. Cell Rep X. 2020;1:1-9. doi:10.5555/a.1", "in_vitro"),
        ("Kim B. Exosomes restore hair in a mouse model of alopecia. J Derm. 2019;2:3-9. doi:10.5555/b.2", "animal"),
        ("Roe C. Recovery after stem cell infusion: a case report. Case Rep Y. 2021;3:1-3. doi:10.5555/c.3", "case"),
        ("Diaz D. An open-label single-arm study of MSCs in COPD. Lung Z. 2018;4:5-9. doi:10.5555/d.4", "single_arm"),
        ("Ito E. MSCs in knee osteoarthritis: a randomized controlled trial. Knee Q. 2021;5:1-9. doi:10.5555/e.5", "rct"),
        (
            "Fox F. Cell therapy for MS: a systematic review and meta-analysis. MS J. 2022;6:1-9. doi:10.5555/f.6",
            "systematic_review",
        ),
        ("Guideline for cord blood transplantation in children. Transplant Soc. 2020. doi:10.5555/g.7", "guideline"),
        ("Stem cells for COPD. ClinicalTrials.gov identifier NCT02345678.", "registry"),
        ("Regen Clinic opens a knee centre [press release]. PR Newswire, 2024.", "press_web"),
    ],
)
def test_every_design_is_read_from_the_entry(entry, design):
    found = classify(make_entry(0, 0, len(entry), entry, ("1",), (), ()))
    assert found.design == design, (entry, found)
    assert found.design in {"registry", "press_web"} or found.words.lower() in entry.lower()


@pytest.mark.parametrize(
    ("entry", "design"),
    [
        (
            "Lund K. Autologous cultured chondrocytes on a collagen membrane versus microfracture for knee cartilage"
            " defects: a randomised trial. Cartilage R. 2015;3:1-9. PMID: 24714100",
            "rct",
        ),
        ("Lund K. Cultured cord cells in an open-label pilot study of knee pain. Knee Q. 2019;2:3-8.", "single_arm"),
        ("Lund K. Cord cells cultured with interferon: effects on T cells. Cell R. 2019;2:3-8.", "in_vitro"),
        ("Lund K. Cultured human fibroblasts in a randomised comparison of two media. Cell R. 2019;2:3-8.", "in_vitro"),
    ],
)
def test_a_cultured_product_tried_in_people_is_not_a_lab_study(entry, design):
    found = classify(make_entry(0, 0, len(entry), entry, ("1",), (), ()))
    assert found.design == design, (entry, found)


def test_conditions_and_population_of_a_source():
    entry = "Ito E. Cord cells in children with cerebral palsy: a randomized trial. Peds J. 2021;5:1-9. doi:10.5555/e.5"
    found = classify(make_entry(0, 0, len(entry), entry, ("1",), (), ()))
    assert found.population == "children" and "neurological" in found.condition_categories


# ---------------------------------------------------------------- claim-citation fit rules

REFS = "\n\nReferences\n\n"


def fit(text, linter, rule):
    return rule_findings(check_text(text, path="page.md", linter=linter), rule)


def test_weak_support_names_the_design_and_its_words(linter):
    text = (
        "Our exosome serum regrows hair on thinning scalps [1]."
        + REFS
        + "1. Kim B. Exosomes restore hair in a mouse model of alopecia. J Derm. 2019;2:3-9. doi:10.5555/b.2"
    )
    (finding,) = fit(text, linter, "evidence/weak-support")
    assert "an animal study ('mouse')" in finding.message and finding.text.startswith("Our exosome serum")


def test_a_sentence_about_mice_resting_on_a_mouse_study_passes(linter):
    text = (
        "In mice, the infused cells homed to the injured nerve [1]."
        + REFS
        + "1. Kim B. Homing of stem cells in a mouse model of nerve injury. J Neuro. 2019;2:3-9. doi:10.5555/b.2"
    )
    assert fit(text, linter, "evidence/weak-support") == []


def test_off_target_citation_names_both_conditions(linter):
    text = (
        "Our cord blood cells improve speech in autism [3]."
        + REFS
        + "3. Park S. Cord cells in knee osteoarthritis: a randomised trial. Stem Cells J. 2020;9:30-41. doi:10.5555/s.1"
    )
    (finding,) = fit(text, linter, "evidence/off-target-citation")
    assert "autism" in finding.message and "knee osteoarthritis" in finding.message


def test_registration_offered_as_proof_but_not_recruitment(linter):
    proof = "Our stem cell protocol is proven to reverse COPD in clinical trials (NCT01234567)."
    recruit = "We are enrolling adults with COPD in a registered trial (NCT01234567)."
    (finding,) = fit(proof, linter, "evidence/registration-not-results")
    assert "NCT01234567" in finding.message
    assert fit(recruit, linter, "evidence/registration-not-results") == []


def test_a_properly_cited_rct_for_a_bounded_claim_passes_every_rule(linter):
    text = (
        "In one randomized trial of 90 adults with knee osteoarthritis, injections of bone marrow concentrate were "
        "followed by modestly lower pain scores at one year than saline [1]."
        + REFS
        + "1. Ito E. Bone marrow concentrate in knee osteoarthritis: a randomized controlled trial. Knee Q. 2021;5:1-9. "
        "doi:10.5555/e.5"
    )
    rules = {finding.rule for found in check_text(text, path="page.md", linter=linter) for finding in found.expanded()}
    assert not rules & {"evidence/weak-support", "evidence/off-target-citation", "evidence/registration-not-results"}
    assert "efficacy/unsupported-claim" not in rules


# ---------------------------------------------------------------- an unverifiable citation substantiates nothing


def test_an_unverifiable_reference_fails_ci_like_no_citation(tmp_path):
    cited = tmp_path / "cited.md"
    bare = tmp_path / "bare.md"
    cited.write_text(
        "Studies show our therapy beats spinal fusion [2].\n\nReferences\n\n2. Smith J. Regenerative medicine review. 2020.\n"
    )
    bare.write_text("Studies show our therapy beats spinal fusion.\n")
    assert run("check", str(bare), "--no-model")[0] == 1
    assert run("check", str(cited), "--no-model")[0] == 1
    assert run("check", str(cited))[0] == 1


def test_inventory_has_design_and_condition_match(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "Our cord blood cells improve speech in autism [3].\n\nReferences\n\n"
        "3. Park S. Cord cells in knee osteoarthritis: a randomised trial. Stem Cells J. 2020;9:30-41. doi:10.5555/s.1\n"
    )
    _, out = run("claims", str(page), "--format", "json")
    (record,) = json.loads(out)
    assert record["design"] == "[3] rct ('randomised trial')" and record["condition_match"] == "no"


def test_explain_teaches_the_four_criteria():
    code, out = run("explain", HCTP)
    assert code == 0
    for criterion in ("(1) Minimally manipulated", "(2) Homologous use", "(3) Not combined", "(4) No systemic effect"):
        assert criterion in out
    assert out.count("Example that fails") == 4


def test_the_arbiter_drops_detector_findings_only_under_a_supporting_marker():
    from claimcheck.checks.arbiter import _cited

    text = "Our cells beat spinal fusion [2]. Next sentence."
    marker = text.index("[2]")
    end = text.index(" Next")
    assert _cited(text, 0, end, None), "without reference data every marker counts (as before)"
    assert not _cited(text, 0, end, []), "a marker resolving to nothing checkable does not silence the detector"
    assert _cited(text, 0, end, [(marker, marker + 3)])
    assert not _cited(text, end, len(text), [(marker, marker + 3)]), "no marker in the unit"


def test_a_page_the_register_classifier_reads_as_careful_sells_no_product(shipped_linter):
    """An advocacy group's evidence review names the product and its uses in its own voice
    ("our members", "we read the trials"); with the detector on, its careful register means
    it sells nothing, so no product-status finding.  The same description on a booking page keeps one."""
    review = (
        "# What the evidence says about cord cell infusions for kidney disease\n\n"
        "Our members often ask us about clinics that infuse culture-expanded umbilical cord cells into a vein "
        "for chronic kidney disease. We read the published trials so that you do not have to.\n\n"
        "No cell product is approved by the FDA for chronic kidney disease. A few small randomised trials have "
        "tested such infusions, and none has shown that they delay dialysis. The FDA warns that these clinics "
        "sell unapproved products, and experts advise patients to talk to their kidney team before paying for one.\n"
    )
    selling = (
        "# Cord Cell Infusions for Kidney Disease\n\n"
        "Our culture-expanded umbilical cord cells are infused into a vein to heal chronic kidney disease. "
        "Book your infusion today: three sessions cost $15,000.\n"
    )

    def status(text: str) -> list[str]:
        return [f.rule for f in check_text(text, path="page.md", linter=shipped_linter) if f.rule == "regulatory/hctp-status"]

    assert status(review) == []
    assert status(selling) == ["regulatory/hctp-status"]
