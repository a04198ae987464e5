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
