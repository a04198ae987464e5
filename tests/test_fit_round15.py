"""Claim-citation fit, fifteenth round (issue 14, stop 50): a claim whose citation stands
apart (a pointer sentence after it, a table's source column), a reference heading with a
note in parentheses, pointers without brackets, a table row's header as the cell's subject,
a one-word gloss inside a disease's name, and the spine as a site.  Every text here was
written for these tests."""

from __future__ import annotations

from claimcheck.nlp.citations import find_marks
from claimcheck.nlp.study_designs import describe
from tests.test_citation_styles import OFF_TARGET, WEAK, found


def _page(title: str, body: str, entries: str, heading: str = "References") -> str:
    return f"# {title}\n\n{body}\n\n## {heading}\n\n{entries}\n"


HIP_TRIAL = (
    "1. Voss D, Amari T. Marrow cells for hip osteoarthritis: a randomised trial in 70 adults. Hip Cell "
    "Res. 2020;5:12-20. doi:10.5555/hcr.2020.012"
)
RAT_TRIAL = (
    "1. Falk R, Yoon S. Cord cells restore cartilage in rats with induced joint damage. Vet Cart Res. "
    "2019;2:4-9. doi:10.5555/vcr.2019.004"
)
DOG_TRIAL = (
    "1. Moss A, Petit L. Fat-derived cells for stifle arthritis in 30 dogs: a randomised trial. Canine "
    "Ortho. 2021;3:5-12. doi:10.5555/co.2021.005"
)
SHOULDER_TRIAL = (
    "1. Lind P, Oduya K. Cell injection for rotator cuff tears: a randomised trial in 50 adults. "
    "Shoulder Regen. 2021;4:7-15. doi:10.5555/shr.2021.007"
)


def test_a_pointer_sentence_cites_the_claim_before_it(linter):
    body = "Our injections rebuild the cartilage of worn shoulders. Results speak for themselves. See reference 1."
    messages = found(_page("Joint clinic", body, HIP_TRIAL), linter, OFF_TARGET)
    assert len(messages) == 1 and "hip" in messages[0]
    # the same pointer after a claim its source fits
    assert found(_page("Joint clinic", body, SHOULDER_TRIAL), linter, OFF_TARGET) == []


def test_a_pointer_is_not_taken_across_a_sentence_with_its_own_marker(linter):
    body = "Our injections rebuild worn shoulders. Hips do well too [1]. See reference 1."
    messages = found(_page("Joint clinic", body, HIP_TRIAL), linter, OFF_TARGET)
    assert messages == []


def test_a_pointer_that_says_proof_is_weak_support_with_its_claim(linter):
    body = "The injections rebuild the cartilage in your knee. This is proven in a 2019 study [1]."
    messages = found(_page("Knee clinic", body, RAT_TRIAL), linter, WEAK)
    assert len(messages) == 2
    # a pointer that only says where to look is not itself flagged
    body = "The injections rebuild the cartilage in your knee. See reference 1."
    assert len(found(_page("Knee clinic", body, RAT_TRIAL), linter, WEAK)) == 1


def test_a_claim_the_lexicons_miss_is_no_pointer(linter):
    # "Hikers climb ridges ..." is a claim of its own, not a pointer back to the sentence before
    alone = found(_page("Knee clinic", "Hikers climb ridges with ease again [1].", RAT_TRIAL), linter, WEAK)
    body = "The injections rebuild the cartilage in your knee. Hikers climb ridges with ease again [1]."
    assert found(_page("Knee clinic", body, RAT_TRIAL), linter, WEAK) == alone


def test_a_source_column_cites_the_cell_before_it(linter):
    table = (
        "| Joint | Result | Source |\n|---|---|---|\n"
        "| Shoulder | Torn cuffs knit back together | [1] |\n"
        "| Elbow | Same results as shoulders | [1] |\n"
    )
    messages = found(_page("Joint clinic", table, SHOULDER_TRIAL), linter, OFF_TARGET)
    assert len(messages) == 1 and "elbow" in messages[0]


def test_a_row_header_names_the_species_of_its_cell(linter):
    table = (
        "| Patient | What we see | Source |\n|---|---|---|\n| Cats with stiff knees | Stiff knees move freely again | ref. 1 |\n"
    )
    messages = found(_page("Vet clinic", table, DOG_TRIAL), linter, OFF_TARGET)
    assert len(messages) == 1 and "cats" in messages[0]
    # the same row for dogs fits a trial in dogs
    assert found(_page("Vet clinic", table.replace("Cats", "Dogs"), DOG_TRIAL), linter, OFF_TARGET) == []


def test_a_reference_heading_may_carry_a_note_in_parentheses(linter):
    body = "Worn shoulders rebuild their cartilage [1]."
    assert found(_page("Clinic", body, HIP_TRIAL, "REFERENCES (please keep)"), linter, OFF_TARGET)
    assert found(_page("Clinic", body, HIP_TRIAL, "Sources (updated 2024):"), linter, OFF_TARGET)


def test_pointers_without_brackets():
    kinds = [(mark.kind, mark.labels) for mark in find_marks("Good news. See reference 3. The proof is in ref. 2.")]
    assert kinds == [("labelled", ("3",)), ("labelled", ("2",))]
    assert [mark.labels for mark in find_marks("Fewer flares\nref. 4\n")] == [("4",)]
    # a reference in other senses is no pointer
    assert find_marks("In reference to your question, 3 sessions suffice.") == []
    assert find_marks("The reference range is 4 to 6.") == []


def test_a_one_word_gloss_inside_a_disease_name_is_read_past():
    conditions = describe("Cells in neovascular (wet) age-related macular degeneration: a randomised trial").conditions
    assert [words for words, _ in conditions] == ["neovascular age-related macular degeneration"]
    # a gloss of two words is a name of its own and stays
    conditions = describe("Cells for lateral epicondylitis (tennis elbow): a randomised trial").conditions
    assert "lateral epicondylitis" in [words for words, _ in conditions]


def test_the_spine_is_not_the_knee(linter):
    body = "Our shots rebuild the cushions between your vertebrae [1]."
    knee = HIP_TRIAL.replace("hip osteoarthritis", "knee osteoarthritis").replace("Hip", "Knee")
    assert found(_page("Spine clinic", body, knee), linter, OFF_TARGET)
    lumbar = HIP_TRIAL.replace("hip osteoarthritis", "lumbar disc degeneration").replace("Hip", "Spine")
    assert found(_page("Spine clinic", body, lumbar), linter, OFF_TARGET) == []


NECK_TRIAL = (
    "1. Arden M, Kowal T. Cell injection for cervical radiculopathy: a randomised trial in 40 adults. "
    "Neck Pain Res. 2020;3:9-17. doi:10.5555/npr.2020.009"
)
EMPHYSEMA_TRIAL = (
    "1. Rourke D, Abe N. Inhaled vesicles in emphysema: a randomised trial in 50 adults. Lung Regen. "
    "2022;2:3-11. doi:10.5555/lr.2022.003"
)
VOLUNTEERS = (
    "1. Salo K, Brandt E. Inhaled vesicles in 24 healthy volunteers: a phase 1 study. Inhal Res. "
    "2021;1:2-8. doi:10.5555/ir.2021.002"
)
MOUSE_LUNG = "1. Pike J, Ode R. Vesicles after lung injury in mice. Exp Lung. 2019;4:20-28. doi:10.5555/el.2019.020"


def _statuses(linter, text: str) -> list[str]:
    from claimcheck import api
    from claimcheck.nlp.claims import claims_of

    doc = linter.nlp(linter.prepare(api.parse_source(text, "page.md", "markdown")))
    return [claim.status for claim in claims_of(doc)]


def test_a_failure_denied_asserts(linter):
    assert "negated" not in _statuses(linter, "Our injections never fail to relieve knee pain.")
    assert "negated" not in _statuses(linter, "The protocol does not fail to heal torn tendons.")
    assert "negated" in _statuses(linter, "Our injections do not relieve knee pain.")


def test_a_relative_clause_claim_about_the_sciatic_nerve_is_not_a_neck_trial(linter):
    body = "We pair it with our spine protocol, which never fails to settle a sciatic flare [1]."
    messages = found(_page("Chiropractic", body, NECK_TRIAL), linter, OFF_TARGET)
    assert len(messages) == 1 and "lower back" in messages[0]


def test_a_founder_s_saying_on_a_selling_page_is_judged_as_the_page_claim(shipped_linter):
    body = (
        "Book your nebuliser course today and breathe again. "
        "Our founder says smokers with a chronic wet cough clear up within weeks [1]. "
        "Sessions are $2,900 each."
    )
    messages = found(_page("Lung clinic", body, EMPHYSEMA_TRIAL), shipped_linter, OFF_TARGET)
    assert len(messages) == 1 and "chronic wet cough" in messages[0]


def test_an_expert_who_expects_the_same_in_people_concludes_for_them(linter):
    body = "The vesicles healed the lungs of the mice she studied [1], and she expects the same in every patient."
    assert len(found(_page("Lung clinic", body, MOUSE_LUNG), linter, WEAK)) == 1


def test_lay_names_of_bronchitis_and_alopecia_areata(linter):
    assert found(_page("Lungs", "A chronic wet cough clears up for good [1].", EMPHYSEMA_TRIAL), linter, OFF_TARGET)
    pattern = EMPHYSEMA_TRIAL.replace("emphysema", "male pattern hair loss").replace("Lung Regen", "Hair Res")
    assert found(_page("Hair", "Patchy bald spots grow back for good [1].", pattern), linter, OFF_TARGET)


def test_the_first_dose_is_a_time_not_a_dosing_claim(linter):
    effect = "Patients on home oxygen breathe easier from the first dose [1]."
    assert found(_page("Lungs", effect, VOLUNTEERS), linter, OFF_TARGET)
    safety = "A single dose of the vesicles was well tolerated by patients on home oxygen [1]."
    assert found(_page("Lungs", safety, VOLUNTEERS), linter, OFF_TARGET) == []


def test_a_note_after_the_reference_list_is_main_text(linter):
    from tests.test_citation_styles import REGISTRATION

    page = _page(
        "Lungs",
        "Our inhaled vesicles restore breathing in COPD [1].",
        EMPHYSEMA_TRIAL
        + "\n\nAlso worth knowing: our program is registered at clinicaltrials.gov (NCT01234567), which proves it works.",
    )
    messages = found(page, linter, REGISTRATION)
    assert len(messages) == 1 and "NCT01234567" in messages[0]


NEW_ONSET = (
    "1. Dunn E, Sato K. Cord cells in 24 adults with newly diagnosed type 1 diabetes: a randomised trial. "
    "Islet Res. 2020;3:1-9. doi:10.5555/ir.2020.001"
)
EARLY_PD = (
    "1. Roux C, Bakr A. Vesicles in early Parkinson's disease (Hoehn and Yahr stage 1): a randomised trial. "
    "Mov Cell. 2021;2:4-12. doi:10.5555/mc.2021.004"
)


def test_a_claim_for_long_standing_disease_on_an_early_stage_trial_is_off_target(linter):
    late = "Even after 30 years of type 1 diabetes, the pancreas makes insulin again [1]."
    messages = found(_page("Diabetes", late, NEW_ONSET), linter, OFF_TARGET)
    assert len(messages) == 1 and "early stage" in messages[0]
    assert found(_page("Diabetes", "People with type 1 diabetes make insulin again [1].", NEW_ONSET), linter, OFF_TARGET) == []
    advanced = "Patients with advanced Parkinson's disease walk steadily again [1]."
    assert found(_page("Parkinson's", advanced, EARLY_PD), linter, OFF_TARGET)


def test_years_of_treatment_are_no_stage(linter):
    body = "After two years of treatment, people with type 1 diabetes make insulin again [1]."
    assert found(_page("Diabetes", body, NEW_ONSET), linter, OFF_TARGET) == []
    # nor is an advanced protocol
    body = "Our advanced cell protocol helps people with type 1 diabetes make insulin again [1]."
    assert found(_page("Diabetes", body, NEW_ONSET), linter, OFF_TARGET) == []


def test_a_page_that_says_results_cannot_be_carried_over_is_not_resting_on_them(linter):
    body = "Results in newly diagnosed type 1 diabetes cannot be carried over to people who have lived with it for 20 years [1]."
    assert found(_page("Diabetes", body, NEW_ONSET), linter, OFF_TARGET) == []


CHILDREN_TRIAL = (
    "1. Iles P, Moreno D. Cord blood in 40 children aged 5 to 11 with cerebral palsy: a randomised trial. "
    "Ped Neuro Cell. 2021;2:10-19. doi:10.5555/pnc.2021.010"
)
SCALP_TRIAL = (
    "1. Hale R, Ito M. Exosome serum for hair loss of the scalp: a randomised trial in 50 women. "
    "Hair Cell Res. 2022;3:8-16. doi:10.5555/hcr.2022.008"
)


def test_any_age_names_no_ageing(linter):
    body = "Our hip patients rebuild the joint from the inside, whatever their age [1]."
    assert found(_page("Hip clinic", body, HIP_TRIAL), linter, OFF_TARGET) == []
    aged = "Hips worn down with age rebuild from the inside [1]."
    necrosis = HIP_TRIAL.replace("hip osteoarthritis", "osteonecrosis of the femoral head")
    assert found(_page("Hip clinic", aged, necrosis), linter, OFF_TARGET)


def test_adults_and_toddlers_are_not_the_children_a_trial_studied(linter):
    assert found(_page("CP", "Adults with cerebral palsy walk further too [1].", CHILDREN_TRIAL), linter, OFF_TARGET)
    assert found(_page("CP", "Toddlers with cerebral palsy walk sooner [1].", CHILDREN_TRIAL), linter, OFF_TARGET)
    assert found(_page("CP", "Children with cerebral palsy walk further [1].", CHILDREN_TRIAL), linter, OFF_TARGET) == []
    # adult cells are no adults
    body = "Adult stem cells help children with cerebral palsy walk further [1]."
    assert found(_page("CP", body, CHILDREN_TRIAL), linter, OFF_TARGET) == []


def test_brows_are_another_site_than_the_scalp(linter):
    assert found(_page("Brow bar", "Fuller brows after three sessions [1].", SCALP_TRIAL), linter, OFF_TARGET)
    assert found(_page("Brow bar", "A fuller hairline after three sessions [1].", SCALP_TRIAL), linter, OFF_TARGET) == []


ELBOW_DOGS = (
    "1. Moss A, Petit L. Fat-derived cells for elbow arthritis in 30 dogs: a randomised trial. Canine "
    "Ortho. 2021;3:5-12. doi:10.5555/co.2021.005"
)


def test_list_items_rest_on_their_lead_in_citation(linter):
    body = "What the trial in dogs showed [1]:\n\n- Stiff hips loosen within a month\n- Owners' knees feel the same relief"
    page = _page("Pet and people joints", body, ELBOW_DOGS)
    off_target = found(page, linter, OFF_TARGET)
    assert len(off_target) == 1 and "hip" in off_target[0]  # the dogs' hips, on a trial of dogs' elbows
    assert len(found(page, linter, WEAK)) == 1  # the owners' knees, on a trial in dogs
    # items under a lead-in with no citation borrow none
    assert found(page.replace(" [1]:", ":"), linter, OFF_TARGET) == []


def test_markers_inside_a_quotation_belong_to_the_quote(linter):
    from claimcheck import api
    from claimcheck.checks.fit.quotes import markers_quoted
    from claimcheck.nlp.references import references_of
    from claimcheck.nlp.structure import sentences_of, text_of

    text = 'One more: "Backed by a registered trial, NCT01234567." Our own view: see NCT07654321.'
    doc = linter.nlp(linter.prepare(api.parse_source(text, "page.md", "markdown")))
    found_marks = references_of(doc)
    quoted = [
        markers_quoted(text_of(doc), info, found_marks.by_sentence[info.index])
        for info in sentences_of(doc)
        if info.index in found_marks.by_sentence
    ]
    assert quoted == [True, False]
