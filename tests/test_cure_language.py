"""Cure without a named therapy, and stopping a complaint, on a page that sells a therapy.

Selling copy says a disease is gone for good in testimonials, table cells and slogans
that never name the product ("Off insulin for good", "my cough is gone"): on such a page
the cure is what the product is sold to bring (ANNOTATION B37, "cure without the word").
The same words in a page's logistics ("once the spots are gone"), in conventional care
("the only cure is a transplant") or in what a going-to future says are no cure.
Sentences written by the team for these tests; fictional clinic, .example domain.
"""

from __future__ import annotations

import pytest

SELLING_PAGE = (
    "# Harbor Bend Cell Clinic\n\n"
    "Our umbilical cord stem cell infusions start at $6,900. Book a consultation at harborbend.example or call 555-0142.\n\n"
)


def _cure_lines(check, lines: list[str]) -> list[int]:
    """The 1-based positions, among `lines`, of the lines a cure finding points at."""
    text = SELLING_PAGE + "".join(f"{line}\n\n" for line in lines)
    first = SELLING_PAGE.count("\n") + 1
    hits = {finding.line for finding in check(text, path="page.md") if finding.rule == "efficacy/cure-claim"}
    return [index + 1 for index in range(len(lines)) if first + 2 * index in hits]


@pytest.mark.parametrize(
    "sentence",
    [
        '"My cough is gone and I garden again," says Wilma, 70.',
        "- Natural function back for good",
        "- Kidney damage reversed, dialysis avoided",
        "Patients tell us the ringing has stopped.",
        "Most of our patients find the decline stops within a season.",
        "Many stop needing their pain tablets altogether.",
        "We reverse the damage that years of wear have done.",
    ],
)
def test_a_selling_page_that_says_a_complaint_ended_claims_a_cure(check, sentence):
    assert _cure_lines(check, [sentence]) == [1]


@pytest.mark.parametrize(
    "sentence",
    [
        "Once the last twelve places are gone, the next opening is in May.",
        "I'm going to ask my own doctor first.",
        "Here is what might be going on in the joint.",
        "Parking is free from 5 p.m. behind the building.",
        "Our laboratory is inspected every year, so our patients never have to worry about contamination.",
        "A liver transplant is the only cure for end-stage cirrhosis.",
        "You stop needing that second coffee.",
    ],
)
def test_logistics_and_other_care_on_a_selling_page_claim_no_cure(check, sentence):
    assert _cure_lines(check, [sentence]) == []


def _rules_on_lines(check, lines: list[str]) -> list[set[str]]:
    """The rules of the findings on each of `lines`, placed on the selling page."""
    text = SELLING_PAGE + "".join(f"{line}\n\n" for line in lines)
    first = SELLING_PAGE.count("\n") + 1
    findings = check(text, path="page.md")
    return [{finding.rule for finding in findings if finding.line == first + 2 * index} for index in range(len(lines))]


@pytest.mark.parametrize(
    "sentence",
    [
        # a cosmetic outcome on the signs of ageing (ANNOTATION B26, B31)
        "Our exosome facial fades fine lines and smooths crepey hands.",
        "Our exosome serum gives tired skin a youthful glow.",
        # youth promised with no product named, on a page that sells one
        "Members tell us they feel ten years younger.",
        '"Honestly, some mornings I feel thirty again," says Rhonda, 58.',
    ],
)
def test_youth_and_the_signs_of_ageing_are_anti_ageing_claims(check, sentence):
    assert "efficacy/anti-aging" in _rules_on_lines(check, [sentence])[0]


def test_a_cosmetic_reversal_is_anti_ageing_not_a_cure(check):
    rules = _rules_on_lines(check, ["Our exosome serum reverses the signs of ageing for good."])[0]
    assert "efficacy/anti-aging" in rules
    assert "efficacy/cure-claim" not in rules


@pytest.mark.parametrize(
    "sentence",
    [
        "Book your biological age test at the front desk.",
        "Welcome to the Evergreen Longevity Lounge.",
        "Concealer can settle into fine lines by the afternoon.",
        "Our cord cell infusions help aging knees move more easily.",
    ],
)
def test_names_tests_and_descriptions_of_ageing_are_no_anti_ageing_claim(check, sentence):
    assert "efficacy/anti-aging" not in _rules_on_lines(check, [sentence])[0]


@pytest.mark.parametrize(
    "sentence",
    [
        # permanence said with a negation inside the phrase: the negation is the claim
        "Our cord cell injection heals the tendon so the injury does not come back.",
        "After our exosome infusions, the rash has not returned.",
        "After two of our stem cell injections my knees haven't hurt since.",
        "Our amniotic injection is the last hip treatment you'll ever need.",
        "With our stem cell protocol the pain stays gone.",
        "Our stem cells undo years of wear on the spine.",
    ],
)
def test_cure_without_the_word_is_a_cure_claim(check, sentence):
    assert "efficacy/cure-claim" in _rules_on_lines(check, [sentence])[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "Its owner did not return calls on Tuesday.",
        "The chance that a child will ever need a transplant with stored cord blood is low.",
        "Lowering eye pressure protects the nerve, but lost vision does not come back.",
        "We see adults whose sense of smell has not come back after six months.",
        "Stay clear of clinics that promise to regrow cartilage.",
    ],
)
def test_a_loss_that_stays_or_a_return_of_something_is_no_cure(check, sentence):
    assert "efficacy/cure-claim" not in _rules_on_lines(check, [sentence])[0]


PRICE_LIST = (
    "# The Larkspur Knee Package\n\n"
    "- Two umbilical cord stem cell injections\n"
    "- Price: USD 8,400\n\n"
    "## What the package aims for\n\n"
)
EDUCATION_PAGE = (
    "# Rheumatoid arthritis and stem cell infusions\n\n"
    "Be cautious of any clinic that promises a cure. Bring these questions to your next appointment.\n\n"
)


def test_a_price_list_sells_the_cure_its_fragments_promise(check):
    text = PRICE_LIST + "- Natural knee function back for good\n"
    assert any(finding.rule == "efficacy/cure-claim" for finding in check(text, path="page.md"))


def test_a_page_with_a_warning_and_an_appointment_sells_no_cure(check):
    text = EDUCATION_PAGE + "Some people in long remission can lower their dose with their specialist.\n"
    assert not any(finding.rule == "efficacy/cure-claim" for finding in check(text, path="page.md"))


@pytest.mark.parametrize(
    "sentence",
    [
        "No treatment, including ours, can stop or reverse ALS.",
        "The swelling looks alarming, but it usually goes away once the bone stops growing.",
        "You never have to decide anything on the first visit.",
    ],
)
def test_a_denial_a_natural_course_or_a_promise_of_no_pressure_is_no_cure(check, sentence):
    assert "efficacy/cure-claim" not in _rules_on_lines(check, [sentence])[0]
