"""Claim-citation fit, twelfth round (issue 14, stop 44): whom an effect was "seen in", age
ranges open at one end, the phase of an injury, and a lay name for pattern hair loss.  Every
text here was written for these tests."""

from __future__ import annotations

import pytest

from claimcheck.checks.fit import compared_clause
from claimcheck.nlp.study_designs import age_range, age_words, phase_of
from tests.test_citation_styles import OFF_TARGET, found

GEOGRAPHIC_ATROPHY = (
    "2. Okoro B, Lind J. Subretinal vesicles in geographic atrophy: a randomised sham-controlled trial. "
    "Macula Cell Res. 2022;4:11-19. doi:10.5555/mcr.2022.0011"
)
OLDEST_OLD = (
    "1. Ferri M, Adeyemi K. Stromal cells for mild cognitive impairment in adults aged 80 and over: a randomised pilot. "
    "Geriatr Cell Ther. 2021;3:5-13. doi:10.5555/gct.2021.0005"
)
ACUTE_STROKE = (
    "3. Brandt H, Osei L. Cord stromal cells within 24 hours of acute ischaemic stroke: a randomised controlled trial. "
    "Stroke Cell Ther. 2020;7:77-89. doi:10.5555/sct.2020.0077"
)


def _page(title: str, claim: str, entry: str) -> str:
    return f"# {title}\n\n{claim}\n\n## References\n\n{entry}\n"


def test_an_effect_seen_in_another_disease_is_likened_to_it_not_claimed_for_it(linter):
    """ "..., as seen in AMD patients [2]" says whom the effect was seen in: the claim is
    Stargardt's, and a geographic-atrophy trial is another disease."""
    claim = "Young people with Stargardt disease keep their sight, as seen in AMD patients [2]."
    start, end = compared_clause(claim, 0, len(claim))
    assert claim[start:end].startswith("as seen in AMD patients")
    messages = found(_page("Eye clinic", claim, GEOGRAPHIC_ATROPHY), linter, OFF_TARGET)
    assert len(messages) == 1 and "geographic atrophy" in messages[0]


def test_as_seen_in_a_population_is_no_media_endorsement(shipped_linter):
    """ "As seen in Vogue" offers endorsement; "as seen in older knee patients" names whom."""
    page = _page(
        "Memory clinic", "Early memory loss in your sixties responds even better, as seen in adults over 80 [1].", OLDEST_OLD
    )
    assert found(page, shipped_linter, "marketing/trusted-by") == []
    endorsed = "# Serum\n\nBook today, packages from $300.\n\nAs seen in Vogue and on morning TV.\n"
    assert found(endorsed, shipped_linter, "marketing/trusted-by")


@pytest.mark.parametrize(
    ("words", "ages"),
    [
        ("adults aged 80 and over", (80, 120)),
        ("patients over 75", (75, 120)),
        ("women aged 65+", (65, 120)),
        ("children under 12", (0, 12)),
        ("infants aged 2 or younger", (0, 2)),
        ("adults aged 18-30", (18, 30)),
        ("adults aged 80", None),  # one age, no range
        ("over 80% of patients", None),
        ("followed for over 12 months", None),
        ("over 100 patients", None),
        ("a trial in over 60 adults with knee pain", None),  # a count, not an age
        ("pain fell in under 10 minutes", None),
    ],
)
def test_age_ranges_open_at_one_end(words, ages):
    assert age_range(words) == ages


def test_open_age_ranges_read_as_the_page_would_say_them():
    assert age_words((80, 120)) == "aged 80 and over"
    assert age_words((0, 12)) == "under 12"
    assert age_words((2, 7)) == "aged 2 to 7"


def test_a_claim_in_the_sixties_on_a_trial_of_the_over_eighties_is_off_target(linter):
    page = _page("Memory clinic", "Mild memory loss in your sixties improves within months [1].", OLDEST_OLD)
    messages = found(page, linter, OFF_TARGET)
    assert len(messages) == 1 and "aged 80 and over" in messages[0]
    fitting = _page("Memory clinic", "Mild memory loss in your eighties improves within months [1].", OLDEST_OLD)
    assert found(fitting, linter, OFF_TARGET) == []


def test_phase_of_an_injury():
    assert phase_of("Years after a stroke, the arm grows stronger") == ("chronic", "Years after")
    assert phase_of("within 24 hours of acute ischaemic stroke") == ("acute", "within 24 hours")
    # A flare of COPD is still COPD: no phase is read outside strokes and injuries.
    assert phase_of("acute exacerbations of chronic obstructive pulmonary disease") is None
    # Both phases named: none is read.
    assert phase_of("acute and chronic spinal cord injury") is None


def test_a_stroke_years_old_on_a_trial_within_hours_of_one_is_off_target(linter):
    chronic = _page("Stroke recovery", "Years after a stroke, the infusions make a weak arm grow stronger [3].", ACUTE_STROKE)
    messages = found(chronic, linter, OFF_TARGET)
    assert len(messages) == 1 and "acute phase" in messages[0]
    acute = _page("Stroke recovery", "Given in the first days after a stroke, the infusions limit the damage [3].", ACUTE_STROKE)
    assert found(acute, linter, OFF_TARGET) == []


def test_a_thinning_crown_is_pattern_hair_loss_not_alopecia_areata(linter):
    areata = (
        "1. Stein R, Mwale P. Topical exosomes for alopecia areata: a randomised trial in 60 adults. "
        "Hair Immunol. 2022;3:55-64. doi:10.5555/hi.2022.0055"
    )
    page = _page("Hair clinic", "Men with a thinning crown grow visibly thicker hair in three months [1].", areata)
    messages = found(page, linter, OFF_TARGET)
    assert len(messages) == 1 and "alopecia areata" in messages[0]


# ---------------------------------------------------------------- how sources are listed (cv-)


LETTERED_LIST = (
    "# Neuropathy clinic\n\n"
    "Diabetic nerve pain fades after the infusions [b].\n\n"
    "## Notes\n\n"
    "[a] Ibsen K, Moreau T. Exosomes for painful diabetic neuropathy: a randomised trial. Nerve Res. 2023;5:60-71. "
    "doi:10.5555/nr.2023.0502\n\n"
    "[b] Hollis R, Oyelaran A. Exosome infusions for chemotherapy-induced peripheral neuropathy: an open-label pilot. "
    "Onco Neurol. 2022;3:14-22. doi:10.5555/on.2022.0314\n"
)
STUDY_TABLE = (
    "<h1>ALS clinic</h1>\n<p>Muscle wasting in ALS reverses within months (Study 2).</p>\n"
    "<h2>Study table</h2>\n<table><tr><th>Study</th><th>Design</th><th>Reference</th></tr>\n"
    "<tr><td>Study 1</td><td>Randomised, 64 adults</td><td>Moravec L, Udeh C. Marrow cells in amyotrophic lateral "
    "sclerosis: a randomised trial. Motor Neuron Res. 2022;8:140-152. doi:10.5555/mnr.2022.0803</td></tr>\n"
    "<tr><td>Study 2</td><td>Open-label, 20 children</td><td>Jovanovic T. Marrow cells in children with spinal "
    "muscular atrophy type 2. Paediatr Neuromusc J. 2021;5:60-68. doi:10.5555/pnj.2021.0560</td></tr>\n</table>\n"
)
IDENTIFIER_FIRST = (
    "# Neuro clinic\n\nOur stem cell infusions slow multiple sclerosis (PMID 36211084).\n\n"
    "## Sources\n\n- PMID 36211084. Ferreira N, Holt D. Cord cells in early Parkinson's disease: a randomised pilot. "
    "Mov Disord Regen. 2021;2(1):10-18. doi:10.5555/mdr.2021.0210\n"
    "- PMID 38120457. Lindholm C. Cord cells in amyotrophic lateral sclerosis: a randomised trial. Neuromusc Res. "
    "2023;15:77-86. doi:10.5555/nr.2023.1502\n"
)


@pytest.mark.parametrize(
    ("text", "path", "studied"),
    [
        # "[a] Ibsen K, ..." opening a line is a lettered list's entry, not an editor's restored "a"
        (LETTERED_LIST, "page.md", "chemotherapy-induced"),
        # "(Study 2)" with a "Study table" whose rows open "Study 1", "Study 2"
        (STUDY_TABLE, "page.html", "spinal muscular atrophy"),
        # "- PMID 36211084. Ferreira N, ..." is one entry, and "(PMID 36211084)" in the prose reads it
        (IDENTIFIER_FIRST, "page.md", "Parkinson"),
    ],
    ids=["lettered-list", "study-table", "identifier-first"],
)
def test_sources_listed_in_other_layouts_are_read(linter, text, path, studied):
    messages = found(text, linter, OFF_TARGET, path=path)
    assert len(messages) == 1 and studied in messages[0]


def test_an_editors_bracketed_article_is_still_read_as_a_word():
    from claimcheck.sources import parse_source

    assert parse_source("[w]e saw [a] dramatic change.\n", "x.md", "markdown").prose == "we saw a dramatic change."


# ---------------------------------------------------------------- whom and where (cv-)

GONARTHROSIS = (
    "1. Lee A, Bauer K. Marrow concentrate in gonarthrosis: a randomised trial. Knee Cell. 2021;2:1-9. doi:10.5555/kc.2021.0001"
)


def test_set_against_the_studied_site_the_claim_is_about_its_own(linter):
    """ "Ankle pain eases even faster than knee pain [1]": the ankle is the claim's, the knee is
    what it is set against; gonarthrosis is a disease of the knee."""
    messages = found(_page("Joints", "Ankle pain eases even faster than knee pain [1].", GONARTHROSIS), linter, OFF_TARGET)
    assert len(messages) == 1 and "the knee" in messages[0]
    assert compared_clause("Tendons knit together as reliably as they do in horses [3].", 0, 57) is not None
    assert compared_clause("Results show as early as week two [3].", 0, 38) is None


def test_one_sex_on_a_trial_of_the_other_even_within_an_age_band(linter):
    """The trial is "in women aged 30 to 60": one sex, whatever its age band says first."""
    women = (
        "2. Soto-Grant E, Park J. Exosome scalp injections for androgenetic alopecia in women aged 30-60: a randomised "
        "trial. Womens Hair Med. 2022;4:31-40. doi:10.5555/whm.2022.0431"
    )
    claim = "Men with androgenetic alopecia get the same density back as the women in our key study [2]."
    messages = found(_page("Hair clinic", claim, women), linter, OFF_TARGET)
    assert len(messages) == 1 and "women" in messages[0]
