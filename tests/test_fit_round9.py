"""Product status and claim-citation fit, ninth round (issue 14, branch fit10b): telogen
effluvium, a study as a sentence's subject, the counted subject of a study opening, claims
made for a named relative, and laboratory sentences as sentences about the product.

Every text here was written for these tests."""

from __future__ import annotations

from tests.test_citation_styles import OFF_TARGET, found

HCTP = "regulatory/hctp-status"


# ---------------------------------------------------------------- telogen effluvium


def test_telogen_effluvium_is_not_alopecia_areata(linter):
    text = (
        "Our exosome scalp serum stops the shedding that follows a fever or a hard winter "
        "(telogen effluvium) [1]. Book a session today.\n\n"
        "References\n1. Ortiz M. Exosomes for patchy alopecia areata: a randomized trial. Hair Res. 2022;4:1-9. "
        "doi:10.5555/h.2022.1"
    )
    messages = found(text, linter, OFF_TARGET)
    assert len(messages) == 1 and "telogen effluvium" in messages[0] and "alopecia areata" in messages[0]
    same = text.replace("patchy alopecia areata", "telogen effluvium after illness")
    assert found(same, linter, OFF_TARGET) == []


# ---------------------------------------------------------------- a study as the subject


def test_a_sentence_whose_subject_is_a_study_does_not_take_the_page_topic(linter):
    text = (
        "# Exosome facials for wrinkles\n\n"
        "Our exosome facial is offered at both clinics. Book a session today.\n\n"
        "A review of 12 studies, mostly in rodents, found that the vesicles sped up healing [1].\n\n"
        "References\n1. Haas P. Extracellular vesicles for diabetic foot ulcers: a systematic review. Ulcer Rev. 2021;2:1-9. "
        "doi:10.5555/b.2021.1"
    )
    assert found(text, linter, OFF_TARGET) == []


# ---------------------------------------------------------------- a study opening's counted subject


def test_the_counted_subject_after_a_study_opening_is_the_studys_population(linter):
    link = "([PubMed](https://pubmed.ncbi.nlm.nih.gov/30000001/))"
    text = (
        "# Cord cell drips for long COVID\n\n"
        f"In a small dose-finding study, 18 healthy volunteers received two infusions a week apart {link}.\n\n"
        f"Long COVID fatigue lifts for good after the same two infusions, as that study showed {link}.\n\n"
        "Book a consultation today."
    )
    messages = found(text, linter, OFF_TARGET)
    assert any("healthy volunteers" in message for message in messages)


# ---------------------------------------------------------------- a named relative


def test_a_claim_for_a_relative_takes_the_disease_said_of_that_person(linter):
    text = (
        "Visitor: My father has Parkinson's disease, and my own shoulders ache every morning.\n\n"
        "Agent: For your father, the cord cell drip brings back a steady hand and an easy stride [1].\n\n"
        "References\n1. Ruiz D. Cord cells in multiple system atrophy: an open-label study. Mov Res. 2021;5:1-9. "
        "doi:10.5555/m.2021.1"
    )
    messages = found(text, linter, OFF_TARGET)
    assert len(messages) == 1 and "Parkinson's disease" in messages[0] and "multiple system atrophy" in messages[0]
    assert " in ," not in messages[0]


def test_what_another_person_has_is_not_the_relatives_disease(linter):
    # the shoulders belong to the writer ("and my own ..."), not to the father
    text = (
        "Visitor: My father has Parkinson's disease and my own shoulders ache every morning.\n\n"
        "Agent: For your father, the cord cell drip brings back a steady hand and an easy stride [1].\n\n"
        "References\n1. Ruiz D. Cord cells in Parkinson's disease: an open-label study. Mov Res. 2021;5:1-9. "
        "doi:10.5555/m.2021.1"
    )
    assert found(text, linter, OFF_TARGET) == []


# ---------------------------------------------------------------- a laboratory sentence


def test_a_laboratory_that_grows_the_cells_is_more_than_minimal_manipulation(linter):
    text = (
        "Our cells come from donated umbilical cord tissue. A partner laboratory grows them for a month "
        "before they are frozen. We inject them into the knee to ease osteoarthritis. Book a consultation today."
    )
    messages = found(text, linter, HCTP)
    assert len(messages) == 1 and "1271.10(a)(1)" in messages[0] and "grows" in messages[0]
    # the same weak word about the body, with no laboratory in the sentence, is no processing
    body = text.replace("A partner laboratory grows them for a month before they are frozen.", "New cartilage grows back.")
    assert all("1271.10(a)(1)" not in message for message in found(body, linter, HCTP))
