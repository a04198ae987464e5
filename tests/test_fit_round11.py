"""Claim-citation fit, eleventh round (issue 14, stop 43): whom a claim is likened to, and
the species a vet page is about.  Every text here was written for these tests."""

from __future__ import annotations

from claimcheck.checks.fit import compared_clause
from tests.test_citation_styles import OFF_TARGET, found

WEAK = "evidence/weak-support"
HORSE_COHORT = (
    "2. Lindgren A, Moss E. Tendon healing in racehorses treated with marrow cells: a prospective cohort. "
    "Equine Orthop J. 2017;49:215-222. doi:10.5555/e.2017.2"
)


def test_a_dog_claim_likened_to_a_horse_study_is_off_target_by_species(linter):
    """The page's title names dogs; the section heading above the claim names no one, so the
    claim is about dogs, not people, and a horse study is another species (not weak support)."""
    text = (
        "# Cell Injections for Dogs with Stiff Hips\n\n"
        "## What the studies show\n\n"
        "Hip dysplasia responds as well as the tendon injuries of racehorses did (ref. 2).\n\n"
        "## References\n\n" + HORSE_COHORT + "\n"
    )
    messages = found(text, linter, OFF_TARGET)
    assert len(messages) == 1 and "dogs" in messages[0] and "horses" in messages[0]
    assert found(text, linter, WEAK) == []


def test_as_well_as_likens_only_before_what_was_done_or_studied():
    """ "Responds as well as the racehorses' tendons did" likens the claim to the horses;
    "knees as well as hips" is the "and also" of a list, and claims both."""
    likened = "Hip dysplasia responds as well as the tendon injuries of racehorses did (ref. 2)."
    start, end = compared_clause(likened, 0, len(likened))
    assert likened[start:end].startswith("as well as the tendon injuries of racehorses did")
    assert compared_clause("Patients recover as fully as those in the trial [2].", 0, 52) is not None
    listed = "Our injections rebuild worn knees as well as hips [1]."
    assert compared_clause(listed, 0, len(listed)) is None


def test_a_section_about_people_on_a_dog_page_keeps_its_claims_in_people(linter):
    """Under "## For you, the owner", the page's title (dogs) does not make the claim a dog's:
    a horse study for a claim in people is weak support, as before."""
    text = (
        "# Cell Injections for Dogs with Stiff Hips\n\n"
        "## For you, the owner\n\n"
        "Hip dysplasia responds as well as the tendon injuries of racehorses did (ref. 2).\n\n"
        "## References\n\n" + HORSE_COHORT + "\n"
    )
    assert found(text, linter, OFF_TARGET) == []
    assert len(found(text, linter, WEAK)) == 1
