"""Claim-citation fit, tenth round (issue 14, stop 40): studies of wounds and burns cited
for skin conditions.

Wound and burn terms are read only in reference entries and descriptions of sources (the
`titles_only` table of rules/lexicons/conditions.yml): in the copy, "wounds heal" is not an
offer for a disease.  Every text here was written for these tests."""

from __future__ import annotations

from claimcheck.api import check_text
from tests.test_citation_styles import OFF_TARGET, found


def test_a_burn_study_cited_for_rosacea_is_off_target(linter):
    text = (
        "Rosacea flushing fades for good after the third exosome facial [1]. Book today.\n\n"
        "References\n1. Hale E, et al. Topical vesicle therapy in second-degree burn healing: a controlled study. "
        "Burn Res. 2020;46:1601-1609. doi:10.5555/b.2020.1"
    )
    messages = found(text, linter, OFF_TARGET)
    assert len(messages) == 1 and "rosacea" in messages[0].lower() and "second-degree burn" in messages[0]
    # the same claim on a rosacea trial fits
    fitting = text.replace("second-degree burn healing", "rosacea")
    assert found(fitting, linter, OFF_TARGET) == []


def test_a_leg_ulcer_study_cited_for_acne_scars_is_off_target(linter):
    text = (
        "Deep acne scars fill in as the exosomes rebuild collagen beneath them [1].\n\n"
        "References\n1. Lund P, Amari T. Exosome-loaded dressings speed closure of chronic venous leg ulcers. "
        "Wound Res Regen. 2021;29:512-520. doi:10.5555/w.2021.1"
    )
    messages = found(text, linter, OFF_TARGET)
    assert len(messages) == 1 and "venous leg ulcers" in messages[0]


def test_wounds_in_the_copy_are_not_a_use_the_page_offers(linter):
    text = "After the procedure, small skin wounds heal within a few days. Keep the dressing dry.\n"
    rules = {finding.rule for finding in check_text(text, path="aftercare.txt", linter=linter)}
    assert "efficacy/unapproved-indication" not in rules


def test_studies_named_by_a_letter_resolve_and_are_judged(linter):
    # An evidence sheet lists "Study A: ..." and cites "(Study A)".
    text = (
        "Lingering breathlessness after COVID clears up within weeks of the drip (Study A).\n\n"
        "Children with cerebral palsy walk sooner after the same cells (Studies A and B).\n\n"
        "Sources\n\n"
        "Study A: Okafor E, et al. Intravenous cord cells in hospitalised COVID-19 pneumonia: a randomised "
        "controlled trial. Resp Res. 2021;9:1120-1130. doi:10.5555/r.2021.1\n"
        "Study B: Lind B, et al. Cord cells in cerebral palsy: a randomised trial. Neuro Res. 2022;5:11-19. "
        "doi:10.5555/n.2022.2\n"
    )
    findings = check_text(text, path="sheet.txt", linter=linter)
    assert [f.rule for f in findings if f.rule == "reference/unresolved-citation"] == []
    messages = found(text, linter, OFF_TARGET)
    assert len(messages) == 1 and "COVID-19 pneumonia" in messages[0]  # the CP claim has a fitting study B


def test_a_letter_named_marker_needs_a_study_word_and_a_capital():
    from claimcheck.nlp.citations import find_marks

    assert [(m.kind, m.labels) for m in find_marks("as shown (Study A).")] == [("named_letter", ("A",))]
    assert [(m.kind, m.labels) for m in find_marks("in both (Studies A and C).")] == [("named_letter", ("A", "C"))]
    assert [m for m in find_marks("vitamin (A) and (Plan B)") if m.kind == "named_letter"] == []


def test_caret_footnotes_in_a_caption_are_the_list_and_a_cuff_repair_study_is_about_the_cuff(linter):
    # An Instagram carousel: claims marked ^1, the footnotes typed as they print in the caption,
    # no "Sources" heading, hashtags after them.
    text = (
        "SLIDE 2\nTENNIS ELBOW\nOne amniotic injection and the ache is gone.^1\n\n"
        "CAPTION\nScience, not hype. Sources on every slide.\n"
        "^1 Adler J, et al. Amniotic suspension augmenting arthroscopic rotator cuff repair. Arthroscopy Res. "
        "2021;37(2):510-518.\n#sportsmedicine #tenniselbow\n"
    )
    findings = check_text(text, path="carousel.txt", linter=linter)
    assert [f.rule for f in findings if f.rule == "reference/unresolved-citation"] == []
    messages = found(text, linter, OFF_TARGET, path="carousel.txt")
    assert len(messages) == 1 and "rotator cuff repair" in messages[0]


def test_a_retrospective_series_is_a_case_series_and_weak():
    from tests.test_citation_styles import read

    series = "Okafor B, et al. Exosomes for lumbar radiculopathy: a retrospective series of 14 patients. Pain Med. 2023;2:100-7."
    assert read(series).design == "case"
    cohort = "Lee A, et al. A retrospective cohort of 900 knees after cell injection. Knee Res. 2021;9:1-9."
    assert read(cohort).design == "single_arm"


def test_nothing_grown_denies_the_culture(linter):
    text = (
        "A little marrow is drawn from your hip and spun in a centrifuge in the procedure room, then injected into "
        "your back in the same "
        "visit, with nothing added and nothing grown. Marrow cells ease chronic low back pain for good. Book today."
    )

    def hctp(page: str) -> list[str]:
        return [f.message for f in check_text(page, path="page.txt", linter=linter) if f.rule == "regulatory/hctp-status"]

    assert hctp(text) == []
    grown = text.replace("with nothing added and nothing grown", "after the cells are grown in our laboratory for a month")
    assert any("1271.10(a)(1)" in message for message in hctp(grown))


def test_a_supplement_that_wakes_your_own_stem_cells_is_no_cell_product(linter):
    def hctp(page: str) -> list[str]:
        return [f.message for f in check_text(page, path="page.txt", linter=linter) if f.rule == "regulatory/hctp-status"]

    # a stem cell therapy of "your own cells" with no tissue named is a product of unstated source ...
    injected = "Our stem cell therapy uses your own cells to ease knee osteoarthritis within weeks. Order today."
    assert hctp(injected)
    # ... but a page selling capsules that "power" it with "your own cells" sells no cell product
    capsules = (
        "CellSpring capsules power our stem cell therapy with your own cells to ease knee osteoarthritis within weeks. "
        "Take two capsules a day. Order today."
    )
    assert hctp(capsules) == []
