"""Claim-citation fit, fourteenth round (issue 14, stop 49): lay names of a torn cuff, of thin
brows and of disc pain; a person "of 75"; the phase a study names for itself; a careful page's
"do not apply to"; a report of one child; an effect "the same ... happens in our patients";
evidence denied rather than told ("not only in a dish"); a topic heading with a note; a
source described again only by its outcome; and "still exhausted after" an illness.  Every text
here was written for these tests."""

from __future__ import annotations

import pytest

from claimcheck.checks.fit import claimed_band, population_of
from tests.test_citation_styles import OFF_TARGET, REGISTRATION, WEAK, found


def _page(title: str, body: str, entries: str) -> str:
    return f"# {title}\n\n{body}\n\n## References\n\n{entries}\n"


FROZEN_SHOULDER = (
    "1. Pardo L, Weiss K. Hydrodilatation for adhesive capsulitis: a randomised trial. Shoulder Res. "
    "2020;4:10-19. doi:10.5555/sr.2020.010"
)
SCALP = (
    "1. Ortega F, Lam J. Placental vesicles for androgenetic alopecia in women: a randomised trial. "
    "Trichol Rep. 2022;6:30-38. doi:10.5555/tr.2022.030"
)
BROWS = (
    "1. Ortega F, Lam J. Vesicle serum for sparse eyebrows: a randomised trial in 40 adults. Cosmet "
    "Derm Res. 2022;6:30-38. doi:10.5555/cdr.2022.030"
)
KNEE_OA = (
    "1. Haugen T, Rossi M. Fat-derived cells in knee osteoarthritis: a randomised trial. Knee Cell "
    "Res. 2021;9:50-58. doi:10.5555/kcr.2021.050"
)
LUMBAR_DISC = (
    "1. Haugen T, Rossi M. Intradiscal cells for lumbar disc degeneration: a randomised trial. Spine "
    "Cell Res. 2021;9:50-58. doi:10.5555/scr.2021.050"
)
YOUNG_ATHLETES = (
    "1. Berg S, Chu A. Cord tissue injection for Achilles tendinopathy in athletes aged 18 to 30: a "
    "randomised trial. Sports Regen. 2021;3:1-9. doi:10.5555/sr.2021.001"
)
ACUTE_SCI = (
    "1. Mora J, Linde P. Intrathecal cells within 7 days of acute spinal cord injury: a randomised "
    "trial. Cord Res. 2021;5:20-29. doi:10.5555/cr.2021.020"
)
NECROSIS = (
    "1. Quint A, Holm R. Marrow concentrate for osteonecrosis of the femoral head: a randomised "
    "trial. Hip Stud. 2019;2:1-9. doi:10.5555/hs.2019.001"
)
ONE_GIRL = (
    "1. Demir E. Better sleep after cord cell infusion in a girl with autism: a case report. Ped Cell "
    "Rep. 2020;2:3-5. doi:10.5555/pcr.2020.003"
)
RABBIT_DISC = (
    "1. Ives N, Toma K. Stromal cells restore disc height in rabbits. Spine Models. 2019;7:11-19. doi:10.5555/sm.2019.011"
)
REGISTRY = "2. ClinicalTrials.gov. Inhaled vesicles in COPD. NCT09876543."


def test_a_torn_cuff_is_a_rotator_cuff_tear(linter):
    body = "A torn cuff stops aching at night within a month [1]."
    messages = found(_page("Shoulder clinic", body, FROZEN_SHOULDER), linter, OFF_TARGET)
    assert len(messages) == 1 and "torn cuff" in messages[0]


def test_thin_brows_are_another_hair_loss_than_a_scalp_disease(linter):
    body = "Thin brows grow back dark and full after four sessions [1]."
    messages = found(_page("Brow studio", body, SCALP), linter, OFF_TARGET)
    assert len(messages) == 1 and "androgenetic alopecia" in messages[0]
    assert found(_page("Brow studio", body, BROWS), linter, OFF_TARGET) == []


def test_disc_pain_is_a_disease_of_the_disc_not_of_the_knee(linter):
    body = "Disc pain fades within six weeks of one injection [1]."
    assert found(_page("Spine clinic", body, KNEE_OA), linter, OFF_TARGET)
    assert found(_page("Spine clinic", body, LUMBAR_DISC), linter, OFF_TARGET) == []


@pytest.mark.parametrize(
    ("sentence", "band"),
    [
        ("It helps a keen walker of 78 just as much.", (78, 78)),
        ("A grandmother of 81 climbs the stairs again.", (81, 81)),
        ("A group of 60 patients took part.", None),
        ("Each dose of 50 million cells is frozen.", None),
    ],
)
def test_a_person_of_a_number_is_that_age(sentence, band):
    assert claimed_band(sentence) == band
    assert (population_of(sentence) == "older adults") == (band is not None)


def test_a_person_of_an_older_age_on_a_trial_of_young_athletes_is_off_target(linter):
    body = "If it works for sprinters, it will work for a keen walker of 78 as well [1]."
    messages = found(_page("Heel pain", body, YOUNG_ATHLETES), linter, OFF_TARGET)
    assert len(messages) == 1 and "older adults" in messages[0]


def test_the_phase_a_study_is_named_for_is_not_the_claims_phase(linter):
    body = "Even so, the acute study is good evidence that the cells help people with older injuries too [1]."
    messages = found(_page("Spinal cord injury", body, ACUTE_SCI), linter, OFF_TARGET)
    assert len(messages) == 1 and "acute phase" in messages[0]


def test_a_page_saying_its_source_does_not_apply_is_a_caveat(linter):
    body = (
        "The study clinics like to quote [1] enrolled people with a dying femoral head, so its results "
        "do not apply to arthritic hips."
    )
    assert found(_page("Hip guide", body, NECROSIS), linter, OFF_TARGET) == []


def test_a_report_describing_a_single_girl_bounds_its_claim(linter):
    body = "A published report describes a single nine-year-old girl who slept better after the infusions [1]."
    assert found(_page("Autism", body, ONE_GIRL), linter, WEAK) == []


def test_the_same_effect_happening_in_our_patients_carries_the_source_over(linter):
    body = (
        "In pigs with a scarred heart wall, the cells were followed by a smaller scar [1].\n"
        "The same softening of scar happens in our patients [1]."
    )
    entry = "1. Ross J. Stromal cells after infarction in swine. Cardio Models. 2018;6:9-17. doi:10.5555/cm.2018.009"
    messages = found(_page("Heart clinic", body, entry), linter, WEAK)
    assert len(messages) == 1 and "swine" in messages[0]


def test_a_weak_design_that_the_sentence_denies_is_not_told(linter):
    body = "That paper proves the cells work in people, not only in a dish [1]."
    assert found(_page("Autism", body, ONE_GIRL), linter, WEAK)
    told = "In a dish, the cells calmed inflamed nerve cells [1]."
    assert found(_page("Autism", told, ONE_GIRL), linter, WEAK) == []


def test_a_topic_heading_with_a_note_offers_no_registration_as_proof(linter):
    body = "We follow up every patient for a year."
    page = f"# Lung centre\n\n## Results you can check²\n\n{body}\n\n## References\n\n{REGISTRY}\n"
    assert found(page, linter, REGISTRATION) == []
    proven = f"# Lung centre\n\n## Clinically proven²\n\n{body}\n\n## References\n\n{REGISTRY}\n"
    assert found(proven, linter, REGISTRATION)


def test_a_link_described_again_only_by_its_outcome_keeps_its_first_description(linter):
    body = (
        "Your energy returns, as a 2020 trial in patients in intensive care with acute respiratory distress syndrome showed "
        "(doi.org/10.5555/flu.2020.0042). Breathing eases too, since that trial found oxygen saturation rose "
        "sooner (doi.org/10.5555/flu.2020.0042)."
    )
    page = f"# Help for long COVID\n\n{body}\n"
    messages = found(page, linter, OFF_TARGET)
    assert len(messages) == 2 and all("respiratory distress" in message for message in messages)


def test_still_exhausted_after_an_illness_is_the_illness_that_lingers(linter):
    body = "Your stamina comes back within weeks, as a 2021 trial in COVID-19 pneumonia showed (doi.org/10.5555/cp.2021.0101)."
    page = f"# Still exhausted after COVID? We can help\n\n{body}\n"
    messages = found(page, linter, OFF_TARGET)
    assert len(messages) == 1 and "long COVID" in messages[0]


def test_references_numbered_again_in_each_part_resolve_within_their_part(linter):
    """A plain-text guide whose two parts each list their references from 1."""
    page = (
        "CELL INJECTIONS FOR SORE JOINTS\n\n"
        "PART 1: THE ANKLE\n\n"
        "One trial found less ankle pain at six months after the injection [1].\n\n"
        "Ankle references\n"
        "1. Rowe P, Ito N. Cord cells in ankle osteoarthritis: a randomised trial. Ankle Res. 2021;3:1-9. "
        "doi:10.5555/ar.2021.001\n\n"
        "PART 2: THE WRIST\n\n"
        "For arthritis of the wrist, the cells bring back a full grip within weeks [1].\n\n"
        "Wrist references\n"
        "1. Lund E, Baker T. Cord cells in carpal tunnel syndrome: a randomised trial. Hand Res. 2020;2:5-12. "
        "doi:10.5555/hr.2020.005\n"
    )
    messages = found(page, linter, OFF_TARGET, path="guide.txt")
    assert len(messages) == 1 and "carpal tunnel syndrome" in messages[0]


def test_an_item_of_a_further_reading_list_is_a_citation(linter):
    page = (
        "# Parkinson's care\n\n"
        "Tremor settles within weeks (Further reading, item 2).\n\n"
        "## Further reading\n\n"
        "1. Intranasal cells in Parkinson's disease: an open-label safety study (pubmed.example/11112222)\n"
        "2. Stromal cells in essential tremor: a randomised trial (pubmed.example/11113333)\n"
    )
    messages = found(page, linter, OFF_TARGET)
    assert len(messages) == 1 and "essential tremor" in messages[0]


NEWSLETTER_SOURCES = (
    "## Sources for this issue\n\n"
    "- Brandt O, Wiik S. Platelet injections for hip osteoarthritis: a randomised trial. Nord J Hip Ther. "
    "2019;8(1):10-18. doi:10.5555/njht.2019.0801\n"
    "- Sato E. Swelling that settled after one injection in a 60-year-old man: a case report. Orthop Case "
    "Lett. 2022;3:5-7. doi:10.5555/ocl.2022.0005\n"
)


def test_same_journal_reads_an_abbreviated_journal_word_for_word():
    from claimcheck.nlp.named_sources import same_journal

    assert same_journal("Nordic Journal of Hip Therapy", "Nord J Hip Ther.")
    assert not same_journal("Nordic Journal of Knee Therapy", "Nord J Hip Ther.")
    assert not same_journal("American Journal of Hip Therapy", "Nord J Hip Ther.")


def test_a_study_named_by_journal_and_year_cites_that_entry(linter):
    body = "A 2019 paper in the Nordic Journal of Hip Therapy showed that one injection cures frozen shoulder."
    messages = found(f"# Clinic news\n\n{body}\n\n{NEWSLETTER_SOURCES}", linter, OFF_TARGET)
    assert len(messages) == 1 and "hip osteoarthritis" in messages[0]


def test_a_journal_and_year_that_no_entry_matches_cites_nothing(linter):
    body = "A 2017 paper in the Nordic Journal of Hip Therapy showed that one injection cures frozen shoulder."
    assert found(f"# Clinic news\n\n{body}\n\n{NEWSLETTER_SOURCES}", linter, OFF_TARGET) == []


def test_the_same_paper_is_the_source_the_sentence_before_cites(linter):
    body = (
        "A 2019 paper in the Nordic Journal of Hip Therapy showed that one injection cures frozen shoulder. "
        "Reaching overhead stops hurting for good, the same paper found."
    )
    messages = found(f"# Clinic news\n\n{body}\n\n{NEWSLETTER_SOURCES}", linter, OFF_TARGET)
    assert len(messages) == 2


def test_that_report_carries_a_case_report_over_to_the_reader(linter):
    body = (
        "A 2022 case report in Orthopaedic Case Letters described one 60-year-old man whose knee swelling settled. "
        "That report shows the injection reverses arthritis in people, not only in a dish."
    )
    messages = found(f"# Clinic news\n\n{body}\n\n{NEWSLETTER_SOURCES}", linter, WEAK)
    assert len(messages) == 1 and "case report" in messages[0]


@pytest.mark.parametrize(
    "body",
    [
        "That trial [1] cannot support a claim about stiff knees, which is another population.",
        "The spray is not meant to treat knee arthritis or any other disease [1].",
    ],
)
def test_a_page_that_says_its_source_cannot_support_the_claim_makes_none(linter, body):
    entry = "1. Ek L. Nasal spray in healthy volunteers: a dose-finding randomised trial. Pharm Res. 2021;2:1-5. doi:10.5555/pr.1"
    assert found(_page("Review notes", body, entry), linter, OFF_TARGET) == []


VAGUE_TITLE = (
    "Lam P, Ruiz D. (2021) Injections beside the nerve: a follow-up. J Nerve Regen 4(1): 10-19. doi:10.5555/jnr.2021.0401"
)


def test_a_quoted_abstract_says_what_a_vaguely_titled_source_studied(linter):
    page = (
        "# Nerve care for diabetes\n\n"
        'Our approach follows a paper titled "Injections beside the nerve: a follow-up" (Lam and Ruiz, 2021).\n\n'
        '> From the abstract: "We randomised 50 adults with chemotherapy-induced peripheral neuropathy."\n\n'
        "Patients with diabetic neuropathy feel their toes again within weeks (Lam and Ruiz, 2021).\n\n"
        f"## References\n\n{VAGUE_TITLE}\n"
    )
    messages = found(page, linter, OFF_TARGET)
    assert len(messages) == 1 and "chemotherapy" in messages[0] and "feel their toes" not in messages[0]


def test_a_page_saying_what_its_programme_is_modelled_on_claims_no_effect(linter):
    entry = "1. Lam P. Cell injections in knee osteoarthritis: a randomised trial. Knee Res. 2021;4:1-9. doi:10.5555/kr.2021.1"
    body = "Our hip programme is modelled on a 2021 paper from Oslo [1]."
    assert found(_page("Hip arthritis", body, entry), linter, OFF_TARGET) == []


def _doc(linter, text: str, path: str = "page.txt"):
    from claimcheck.sources import format_for_path, parse_source

    return next(linter.analyse([parse_source(text, path, format_for_path(path))]))[1]


def test_lines_set_out_under_a_lead_in_that_introduces_anothers_words_are_quoted(linter):
    from claimcheck.checks.fit import set_out_quote
    from claimcheck.nlp.structure import sentences_of, text_of

    text = (
        "WHAT THE LEAFLET SAYS\n"
        "The leaflet's back page prints two lines:\n"
        "Our cells regrow the spinal cord [1].\n"
        "Proven in a registered trial (NCT01234567).\n\n"
        "We checked both sources. The first is a study in rats [1].\n"
    )
    doc = _doc(linter, text)
    words = text_of(doc)
    quoted = {words[info.span.start_char : info.span.end_char]: set_out_quote(doc, info.index) for info in sentences_of(doc)}
    assert quoted["Our cells regrow the spinal cord [1]."]
    assert quoted["Proven in a registered trial (NCT01234567)."]
    assert not quoted["The first is a study in rats [1]."]


def test_a_plain_text_title_block_read_as_one_sentence_is_the_pages_topic(linter):
    page = (
        "HILLCREST CELL CLINIC - Reno, N.V.\n"
        "Cell Infusions for Adult-Onset Diabetes\n\n"
        "OUR RESULTS\n"
        "Most of our patients put the insulin pen away for good [1].\n\n"
        "REFERENCES\n"
        "1. Vidal R, Osei K. Cord cells in new-onset type 1 diabetes: a randomised trial. Islet Res. 2020;3:1-9. "
        "doi:10.5555/ir.2020.001\n"
    )
    messages = found(page, linter, OFF_TARGET, path="page.txt")
    assert len(messages) == 1 and "type 1 diabetes" in messages[0]


PATTERN_LOSS = (
    "1. Pike R, Amadi C. Vesicle injections for androgenetic alopecia: a randomised trial. Hair Res. 2022;5:1-9. "
    "doi:10.5555/hr.2022.001"
)
CIRRHOSIS = (
    "4. Oduya T, Lin S. Cord cells in compensated cirrhosis: a randomised trial. Liver Cell Res. 2021;4:20-29. "
    "doi:10.5555/lcr.2021.020"
)
ACUTE_MI = (
    "1. Sund A, Roy P. Intracoronary cells within five days of acute myocardial infarction: a randomised trial. "
    "Cardio Res. 2020;6:3-12. doi:10.5555/cr.2020.003"
)


@pytest.mark.parametrize(
    ("claim", "named"),
    [
        ("Hair loss after giving birth stops within a month [1].", "postpartum hair loss"),
        ("Overplucked eyebrows fill in after two sessions [1].", "overplucked eyebrows"),
    ],
)
def test_hair_lost_after_childbirth_or_from_the_brows_is_not_pattern_loss(linter, claim, named):
    messages = found(_page("Hair studio", claim, PATTERN_LOSS), linter, OFF_TARGET)
    assert len(messages) == 1 and named in messages[0].lower()


def test_kidney_patients_are_people_with_kidney_disease(linter):
    body = "Kidney patients get the same protection the cirrhosis patients did [4]."
    messages = found(_page("Organ care", body, CIRRHOSIS), linter, OFF_TARGET)
    assert len(messages) == 1 and "Kidney patients" in messages[0]


def test_many_years_later_is_the_chronic_phase(linter):
    body = "The cells mend the damage a heart attack leaves, even many years later [1]."
    messages = found(_page("Heart clinic", body, ACUTE_MI), linter, OFF_TARGET)
    assert len(messages) == 1 and "acute phase" in messages[0]


def test_growing_new_tissue_is_an_effect(linter):
    from claimcheck.checks.fit import has
    from claimcheck.nlp.structure import sentences_of

    doc = _doc(linter, "Your spine grows new tissue within months.\n")
    assert has(doc, "effects", sentences_of(doc)[0])


def test_expecting_the_same_effect_in_your_own_body_carries_an_animal_result_over(linter):
    body = "In pigs with a heart attack, the heart wall thickened [1]. You can expect the same thickening in your own heart [1]."
    assert len(found(_page("Heart clinic", body, PIG_HEART), linter, WEAK)) == 1


PIG_HEART = "1. Ross J. Stromal cells after infarction in pigs. Cardio Models. 2018;6:9-17. doi:10.5555/cm.2018.009"
