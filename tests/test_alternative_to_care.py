"""marketing/alternative-to-care: the product set against surgery or drugs.

On a page the register classifier reads as selling copy, the sentence need not name the
therapy ("No surgery, no pills, just your own healing"): the product is the page's own.
On a careful page the same words must sit beside a therapy word to count."""

from __future__ import annotations

from claimcheck.api import build_linter, check_text
from claimcheck.config import ModelSettings, Settings

RULE = "marketing/alternative-to-care"

SELLING_PAGE = """# Knee Renewal at Brightwater Regenerative

Our stem cell injections rebuild worn knee cartilage so you can get back to hiking.

No surgery, no pills, just your body's own repair, switched on.

Book your free consultation today: call 555-0199. Packages from $2,900, financing available.
"""

CAREFUL_PAGE = """# Meniscus tears: what the evidence says

Many degenerative meniscus tears settle with a few months of physiotherapy.

Most people recover without surgery, and an operation is kept for knees that lock.

Talk to your doctor about which option suits you.
"""


def _rule_lines(text: str, *, model: bool = True) -> list[int]:
    # Every finding, not one per claim: the sentence also reads as an unapproved offer.
    linter = build_linter(Settings(model=ModelSettings(enabled=model), all_findings=True))
    return [finding.line for finding in check_text(text, linter=linter) if finding.rule == RULE]


def test_on_a_selling_page_a_contrast_with_surgery_needs_no_therapy_word():
    assert _rule_lines(SELLING_PAGE) == [5]


def test_on_a_careful_page_the_same_contrast_without_a_therapy_is_not_flagged():
    assert _rule_lines(CAREFUL_PAGE) == []


def test_with_the_model_off_a_contrast_still_needs_a_therapy_word():
    assert _rule_lines(SELLING_PAGE, model=False) == []
    assert _rule_lines(SELLING_PAGE.replace("No surgery, no pills", "Our stem cells: no surgery, no pills"), model=False) == [5]
