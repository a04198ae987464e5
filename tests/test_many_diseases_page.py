"""With the register classifier on (the shipped linter), marketing/many-diseases counts the
disease areas a selling page names, in its headings and lists as in its claims (a page of
sections headed "Knee osteoarthritis", "Multiple sclerosis", "COPD" offers the therapy for
each); "age" alone names no disease."""

from __future__ import annotations

from claimcheck.api import check_text

RULE = "marketing/many-diseases"

SELLING = (
    "# Renew Cell Clinic\n\n"
    "Book your free consultation today and save 20% on your first infusion package.\n\n"
    "Our stem cell infusions help the body repair itself.\n\n"
    "## Knee osteoarthritis\n\nMaria walks her dog again.\n\n"
    "## Multiple sclerosis\n\nJohn is back at work.\n\n"
    "## COPD\n\nAnn climbs the stairs without stopping.\n"
)


def rules_of(text: str, linter) -> set[str]:  # type: ignore[no-untyped-def]
    return {finding.rule for reported in check_text(text, path="page.md", linter=linter) for finding in reported.expanded()}


def test_a_selling_page_listing_conditions_of_many_areas_is_many_diseases(shipped_linter):
    assert RULE in rules_of(SELLING, shipped_linter)


def test_one_area_listed_is_not_many_diseases(shipped_linter):
    one_area = SELLING.replace("Multiple sclerosis", "Hip osteoarthritis").replace("COPD", "Back pain")
    assert RULE not in rules_of(one_area, shipped_linter)


def test_age_alone_names_no_disease(shipped_linter):
    ages = SELLING.replace("Multiple sclerosis", "Young at any age").replace("COPD", "Aging well")
    assert RULE not in rules_of(ages, shipped_linter)
