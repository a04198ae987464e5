"""Claim-citation fit, thirteenth round (issue 14, stop 48): how a sentence that reports a
study and then concludes from it is read, sources described only by whom an effect was seen
in or by the sentence that introduces them, ages and older adults, lettered notes, "Source:"
lines and labelled superscripts, animal claims on dish studies, and names of dental, scalp
and MS diseases.  Every text here was written for these tests."""

from __future__ import annotations

import pytest

from claimcheck.checks.fit import compared_clauses, reported_part
from tests.test_citation_styles import OFF_TARGET, WEAK, found


def _page(title: str, body: str, entries: str) -> str:
    return f"# {title}\n\n{body}\n\n## References\n\n{entries}\n"


CIRRHOSIS = (
    "1. Moreno P, Adu K. Stromal cells in decompensated liver cirrhosis: a randomised trial. "
    "Hepatol Cell Res. 2021;4:20-29. doi:10.5555/hcr.2021.020"
)
ARDS = (
    "2. Lind T, Okafor B. Stromal cells in acute respiratory distress syndrome: a randomised "
    "trial. Crit Care Cells. 2020;2:5-14. doi:10.5555/ccc.2020.005"
)
RABBIT = "1. Varga S, Pell M. Stromal cells regrow the meniscus in rabbits. Exp Knee Res. 2019;3:40-48. doi:10.5555/ekr.2019.040"
PIG = (
    "1. Haas N, Ito R. Survival of grafted cells in a pig model of heart attack. Cardio "
    "Models. 2018;6:9-17. doi:10.5555/cm.2018.009"
)
FRAIL = (
    "1. Novak E, Reid J. Donor stromal cells in frail older adults: a randomised, "
    "placebo-controlled trial. Gerontol Cell Ther. 2019;5:70-79. doi:10.5555/gct.2019.070"
)
MOUSE_HAIR = (
    "1. Chen L, Obi A. Placental vesicles and hair regrowth in a mouse model. Hair Sci Lett. 2020;8:1-9. doi:10.5555/hsl.2020.001"
)
AUTISM_ADULTS = (
    "1. Ruiz M, Hale P. Cord cells for autism in adults aged 18 to 40: a randomised trial. Dev "
    "Cell Ther. 2021;2:30-39. doi:10.5555/dct.2021.030"
)
PROGRESSIVE_MS = (
    "1. Berg K, Sato Y. Stromal cells in progressive multiple sclerosis: a randomised trial. "
    "Neuro Cell Res. 2022;9:1-10. doi:10.5555/ncr.2022.001"
)
PERI_IMPLANTITIS = (
    "1. Moss D, Ikeda T. Exosome gel for peri-implantitis: a randomised trial. Implant Res. 2022;6:88-97. doi:10.5555/ir.2022.088"
)
PATTERN_LOSS = (
    "1. Reyes C, Ward J. Exosomes for androgenetic alopecia in men: a randomised trial. Hair "
    "Ther. 2021;3:11-19. doi:10.5555/ht.2021.011"
)


def test_every_likened_clause_is_blanked_not_only_the_first():
    """ "responds just as well, as shown in cirrhosis patients": both clauses are comparisons."""
    sentence = "Failing kidneys respond just as well, as shown in cirrhosis patients [1]."
    clauses = [sentence[low:high] for low, high in compared_clauses(sentence, 0, len(sentence))]
    assert len(clauses) == 2 and clauses[1].startswith("as shown in cirrhosis patients")


def test_whom_an_effect_was_seen_in_is_not_the_claims_condition(linter):
    page = _page("Kidney clinic", "Failing kidneys respond just as well, as shown in cirrhosis patients [1].", CIRRHOSIS)
    messages = found(page, linter, OFF_TARGET)
    assert len(messages) == 1 and "liver cirrhosis" in messages[0]


def test_what_a_page_concludes_from_a_reported_trial_is_the_claim(linter):
    """The trial's own disease is the report; the clients' disease is the claim."""
    body = (
        "A trial in ARDS found that the cells shortened time on a ventilator, which is why our COPD clients breathe easier [2]."
    )
    sentence = body
    low, high = reported_part(sentence, 0, len(sentence))  # type: ignore[misc]
    assert sentence[low:high].startswith("A trial in ARDS") and "COPD" not in sentence[low:high]
    messages = found(_page("Lung clinic", body, ARDS), linter, OFF_TARGET)
    assert len(messages) == 1 and "COPD" in messages[0]


@pytest.mark.parametrize(
    "body",
    [
        "In rabbits with torn menisci, the cells regrew the tissue, and our knee patients can expect the same [1].",
        "A 2019 study found the cells regrew the meniscus in rabbits, and we see the same thing in our patients [1].",
        "Work in rabbits shows the cells regrow torn menisci, and I see no reason people should respond differently [1].",
    ],
)
def test_an_animal_result_carried_to_people_in_the_same_sentence_is_weak_support(linter, body):
    assert found(_page("Knee clinic", body, RABBIT), linter, WEAK)


def test_the_researchs_next_step_is_no_conclusion_for_the_reader(linter):
    body = "In pigs with a heart attack, the grafted cells survived, which is why the team began a trial in people [1]."
    assert reported_part(body, 0, len(body)) is None
    assert found(_page("Heart research", body, PIG), linter, WEAK) == []


def test_an_animal_result_told_alone_is_not_weak_support(linter):
    body = "In rabbits with torn menisci, the cells regrew the tissue [1]."
    assert found(_page("Knee clinic", body, RABBIT), linter, WEAK) == []


def test_whom_an_effect_was_seen_in_describes_an_entry_that_names_no_design(linter):
    """An entry that names its disease but not its design takes the design the copy gives it."""
    entry = "1. Lund A, Berg O. Cardiac vesicles after myocardial infarction. Heart Res. 2020;7:1-9. doi:10.5555/hr.2020.001"
    body = "Heart attack scars soften after treatment, as shown in mice with heart attacks [1]."
    messages = found(_page("Heart clinic", body, entry), linter, WEAK)
    assert len(messages) == 1 and "animal" in messages[0]


def test_where_the_product_comes_from_does_not_say_its_evidence_is_in_a_dish(linter):
    body = "Our vesicles, derived from cultured placental cells, regrow thinning hair [1]."
    assert found(_page("Hair studio", body, MOUSE_HAIR), linter, WEAK)
    told = "In cultured scalp cells, the vesicles kept follicle cells dividing for longer [1]."
    assert found(_page("Hair studio", told, MOUSE_HAIR), linter, WEAK) == []


def test_an_age_band_below_a_trial_of_frail_older_adults_is_off_target(linter):
    body = "Members in their thirties with low energy get the same boost in stamina and frailty goes away [1]."
    messages = found(_page("Longevity club", body, FRAIL), linter, OFF_TARGET)
    assert len(messages) == 1 and "older adults" in messages[0]
    older = "Members in their seventies with frailty get the same boost in stamina [1]."
    assert found(_page("Longevity club", older, FRAIL), linter, OFF_TARGET) == []


def test_aged_before_a_number_is_an_age_not_ageing(linter):
    """A sentence reporting its own trial's population is not a claim about ageing."""
    body = "The largest trial, in 60 adults aged 70 to 90 with frailty, found a small gain in walking speed [1]."
    assert found(_page("Evidence", body, FRAIL), linter, OFF_TARGET) == []


def test_a_page_saying_its_source_tells_little_about_the_claim_is_a_caveat(linter):
    body = "That trial enrolled adults with autism aged 18 to 40, so it tells us little about a five-year-old [1]."
    assert found(_page("Autism", body, AUTISM_ADULTS), linter, OFF_TARGET) == []


def test_little_ones_are_children(linter):
    body = "Eye contact and speech improve in the little ones with autism too [1]."
    messages = found(_page("Autism", body, AUTISM_ADULTS), linter, OFF_TARGET)
    assert len(messages) == 1 and "children" in messages[0]


def test_relapsing_ms_is_another_form_than_progressive_ms(linter):
    messages = found(_page("MS centre", "Relapsing MS settles down for good [1].", PROGRESSIVE_MS), linter, OFF_TARGET)
    assert len(messages) == 1 and "progressive multiple sclerosis" in messages[0]


@pytest.mark.parametrize("claim", ["Bleeding gums heal for good [1].", "Gum pockets close within weeks [1]."])
def test_peri_implantitis_is_not_gum_disease(linter, claim):
    messages = found(_page("Dental studio", claim, PERI_IMPLANTITIS), linter, OFF_TARGET)
    assert len(messages) == 1 and "peri-implantitis" in messages[0]


def test_scarring_hair_loss_is_another_disease_than_pattern_loss(linter):
    body = "The scalp scarring of lichen planopilaris heals and hair returns [1]."
    messages = found(_page("Hair clinic", body, PATTERN_LOSS), linter, OFF_TARGET)
    assert len(messages) == 1 and "androgenetic alopecia" in messages[0]


def test_the_same_benefit_extending_to_a_disease_claims_it(linter):
    body = "The same benefit extends to people with decompensated kidney failure [1]."
    messages = found(_page("Organ clinic", body, CIRRHOSIS), linter, OFF_TARGET)
    assert len(messages) == 1 and "kidney failure" in messages[0]


def test_heart_failure_that_followed_a_heart_attack_is_ischaemic(linter):
    entry = (
        "1. Kaur S, Reed P. Cells in dilated cardiomyopathy: a randomised trial. Heart Cell Res. "
        "2021;3:1-9. doi:10.5555/hcr.2021.001"
    )
    body = "Patients whose heart failure followed a heart attack recover their strength [1]."
    messages = found(_page("Heart clinic", body, entry), linter, OFF_TARGET)
    assert len(messages) == 1 and "dilated cardiomyopathy" in messages[0]


def test_a_study_after_a_linking_word_is_still_the_sentences_subject(linter):
    """ "That said, a randomised study showed ... in children with autism": the claim is autism."""
    entry = (
        "1. Ito K, Bahr S. Cord cells in cerebral palsy: a randomised trial in children. Paed "
        "Neuro. 2019;4:2-9. doi:10.5555/pn.2019.002"
    )
    body = "That said, a randomised study showed cord cells improve social skills in children with autism [1]."
    messages = found(_page("Families", body, entry), linter, OFF_TARGET)
    assert len(messages) == 1 and "cerebral palsy" in messages[0]


def test_lettered_notes_run_into_one_markdown_paragraph_are_separate_entries(linter):
    page = (
        "# Shoulder clinic\n\nTorn rotator cuffs knit back together in weeks [a].\n\n"
        "Partial tears ease a little more than with saline [b].\n\n## Notes\n\n"
        "[a] Lowe N, Pike F. Amniotic injection for adhesive capsulitis: a randomised trial. "
        "Shoulder Res. 2021;5:12-20. doi:10.5555/sr.2021.012\n"
        "[b] Dube T, Fox D. Hyaluronan for partial-thickness rotator cuff tears: a randomised trial. "
        "Shoulder Ther. 2020;9:44-51. doi:10.5555/st.2020.044\n"
    )
    messages = found(page, linter, OFF_TARGET)
    assert len(messages) == 1 and "adhesive capsulitis" in messages[0] and "rotator cuff" not in messages[0].split("studies")[1]


def test_a_source_line_set_off_by_a_blank_line_cites_the_paragraph_above(linter):
    page = (
        "# Achilles clinic\n\n## Research\n\n"
        "Young sprinters were back on the track sooner, and our patients in their eighties bounce back just as fast.\n\n"
        "Source: Ode C, Mensah K. Platelet-rich plasma for Achilles tendinopathy in sprinters aged 19 to 29: a randomised trial. "
        "Sport Med J. 2020;8:140-147. doi:10.5555/smj.2020.140\n"
    )
    messages = found(page, linter, OFF_TARGET)
    assert len(messages) == 1 and "young adults" in messages[0]


def test_an_entry_naming_no_disease_is_about_what_the_sentence_introducing_it_says(linter):
    page = (
        "# Tendon clinic\n\n## Research\n\n"
        "Researchers in Oslo followed 40 bakers with carpal tunnel syndrome for a year. "
        "Their shots eased the numbness, and ankles respond to the very same shot.\n\n"
        "Source: Dahl E, Berg J. Steroid-free injections versus saline: a randomised trial in 40 bakers. "
        "Nordic Hand Rep. 2021;5:30-37. doi:10.5555/nhr.2021.030\n"
    )
    messages = found(page, linter, OFF_TARGET)
    assert len(messages) == 1 and "hand" in messages[0]


def test_a_superscript_labelled_r1_cites_the_entry_r1(linter):
    page = (
        "<html><body><h1>Memory drops</h1><p>Our drops bring back memory in early Alzheimer's disease.<sup>R1</sup></p>"
        "<h2>Sources</h2><p>R1. Hale K, Amari S. Nasal exosomes reduce plaque in APP/PS1 mice. Neuro Vesicle Res. "
        "2021;5:88-97. doi:10.5555/nvr.2021.088</p></body></html>"
    )
    messages = found(page, linter, WEAK, path="page.html")
    assert len(messages) == 1 and "animal" in messages[0]


def test_a_claim_about_dogs_on_dog_cells_in_a_dish_is_weak_support(linter):
    dish = (
        "1. Kaya D, Brook H. Canine fat-derived cells in three-dimensional culture. Comp Cell "
        "Biol. 2019;4:11-19. doi:10.5555/ccb.2019.011"
    )
    dogs = (
        "1. Kaya D, Brook H. Fat-derived cells for elbow arthritis in dogs: a randomised trial. "
        "Vet Ortho. 2019;4:11-19. doi:10.5555/vo.2019.011"
    )
    body = "Inside your dog's arthritic elbow, the cells turn into fresh cartilage [1]."
    assert found(_page("Vet clinic for dogs", body, dish), linter, WEAK)
    assert found(_page("Vet clinic for dogs", body, dogs), linter, WEAK) == []


def test_a_report_that_describes_one_patient_bounds_its_claim(linter):
    entry = (
        "1. Sato M. Tremor after stromal cell infusion in Parkinson's disease: a case report. Mov "
        "Case Notes. 2020;4:3-5. doi:10.5555/mcn.2020.003"
    )
    body = "A published report describes one man with Parkinson's disease whose tremor eased after cell treatment [1]."
    assert found(_page("Newsletter", body, entry), linter, WEAK) == []


@pytest.mark.parametrize(
    "body",
    [
        "In sheep, injected fat cells restored the discs within three months, and that is what we aim to do for your spine.",
        "Because the cells halted the damage in animals, our patients can expect the same protection for their brains.",
    ],
)
def test_an_uncited_sentence_telling_animal_evidence_and_carrying_it_to_people_is_weak_support(linter, body):
    messages = found(f"# Spine clinic\n\nBook a consultation today.\n\n{body}\n", linter, WEAK)
    assert len(messages) == 1 and "own account" in messages[0]


def test_an_uncited_animal_result_that_denies_the_carry_over_is_not_weak_support(linter):
    body = "In sheep, injected fat cells restored the discs, and that is why we do not promise the same for your spine."
    assert found(f"# Spine clinic\n\nBook a consultation today.\n\n{body}\n", linter, WEAK) == []


def test_words_inside_an_author_year_citation_annotate_the_source_not_the_claim(linter):
    """ "(Sung et al. 2018, in rabbits, doi:...)" says what the source is; the claim is in people."""
    page = (
        "# Dry eye clinic\n\nThe membrane permanently restores the tear glands in dry eye (Sung et al. 2018, in rabbits).\n\n"
        "## References\n\nSung J, Abara O. Amniotic membrane and lacrimal gland repair in a rabbit dry eye model. "
        "Vet Ophthalmic Res. 2018;7:201-209. doi:10.5555/vor.2018.201\n"
    )
    messages = found(page, linter, WEAK)
    assert len(messages) == 1 and messages[0].count("reads as") == 1
    told = page.replace(
        "The membrane permanently restores the tear glands in dry eye",
        "In rabbits with dry eye, the membrane restored the tear glands",
    )
    assert found(told, linter, WEAK) == []


@pytest.mark.parametrize(
    ("claim", "flagged"),
    [
        ("Dogs of thirteen and fourteen with elbow arthritis regain their spring [1].", True),
        ("Senior dogs of 13 and over with elbow arthritis bounce back [1].", True),
        ("Dogs of six with elbow arthritis regain their spring [1].", False),
    ],
)
def test_ages_a_claim_gives_animals_are_compared_with_the_trials(linter, claim, flagged):
    entry = (
        "1. Kaya D, Brook H. Fat-derived cells for elbow arthritis in dogs aged 3 to 10: a randomised trial. "
        "Vet Ortho. 2019;4:11-19. doi:10.5555/vo.2019.011"
    )
    messages = found(_page("Vet clinic for dogs", claim, entry), linter, OFF_TARGET)
    assert bool(messages) == flagged and (not flagged or "dogs aged 3 to 10" in messages[0])
