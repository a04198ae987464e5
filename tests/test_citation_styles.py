"""Citation fit on copy that cites in other writers' styles (issue 14).

The three `citation_fit` rules (evidence/weak-support, evidence/off-target-citation,
evidence/registration-not-results) must read a source however the page cites it: APA or
Harvard bibliographies (the journal comes after the title), study titles that name the
disease by abbreviation, adjective or class ("PD", "autistic", "immune-mediated
diseases"), sources described in the copy itself ("as a 2019 study of 40 dogs showed
(link)"), a claim whose condition is named only in its heading or the sentence before it,
and trial registrations behind a numbered marker.  Every text here was written for these
tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.api import check_text
from claimcheck.checks.fit import described_source
from claimcheck.errors import RuleError
from claimcheck.nlp.bibliography import make_entry
from claimcheck.nlp.citations import find_marks
from claimcheck.nlp.conditions import Condition, condition_names
from claimcheck.nlp.lexicons import load_lexicon
from claimcheck.nlp.study_designs import _journal, classify, describe

ROOT = Path(__file__).resolve().parent.parent
WEAK = "evidence/weak-support"
OFF_TARGET = "evidence/off-target-citation"
REGISTRATION = "evidence/registration-not-results"


def found(text: str, linter, rule: str, path: str = "page.md") -> list[str]:
    return [
        finding.message
        for reported in check_text(text, path=path, linter=linter)
        for finding in reported.expanded()
        if finding.rule == rule
    ]


def read(entry: str):
    return classify(make_entry(0, 0, len(entry), entry, ("1",), (), ()))


# ---------------------------------------------------------------- reading reference entries


def test_the_journal_of_an_apa_entry_is_not_what_the_study_is_about():
    entry = (
        "Duarte, M. (2020). Marrow concentrate for lateral epicondylitis: a randomized controlled trial. "
        "Tendinopathy Research and Practice, 7(2), 51-60. https://doi.org/10.5555/trp.2020.0051"
    )
    start, end = _journal(entry)
    assert entry[start:end] == "Tendinopathy Research and Practice"
    assert [condition.text for condition in read(entry).diseases] == ["lateral epicondylitis"]
    harvard = "Obi, N. (2022) Cells after ischaemic stroke in a rat model. Stroke Regeneration, 5(3), pp. 77-86."
    start, end = _journal(harvard)
    assert harvard[start:end] == "Stroke Regeneration"


def test_the_journal_of_a_vancouver_entry_is_still_found():
    entry = "Ito E. MSCs in T2DM: a randomised trial. Diabetes Res. 2021;5:1-9. doi:10.5555/e.5"
    assert [condition.text for condition in read(entry).diseases] == ["T2DM"]


@pytest.mark.parametrize(
    ("entry", "disease", "same_as"),
    [
        ("Ruiz P. Intrastriatal MSC delivery in PD: a phase 1 study. Mov Cell. 2020;3:5-14.", "PD", "Parkinson's disease"),
        ("Lund K. hUC-MSC infusion in T2DM: a randomised trial. Metab Cell. 2022;4:90-101.", "T2DM", "type 2 diabetes"),
        ("Dorsey J. Cord cells in autistic children: a phase 1 trial. Ped Cell. 2023;7:15-24.", "autistic", "autism"),
        ("Wen L. Cord cells in spastic CP: a randomized trial. Ped Neuro. 2022;6:1-9.", "CP", "cerebral palsy"),
        ("Fenwick D. Intrathecal cells in MND: a randomised trial. Neuromusc. 2021;8:1-9.", "MND", "ALS"),
        ("Hoang T. Cells for lumbar disc degeneration: an open study. Spine C. 2021;2:1-9.", None, "degenerative disc disease"),
    ],
)
def test_a_title_names_the_disease_by_abbreviation_or_adjective(entry, disease, same_as):
    diseases = read(entry).diseases
    if disease is not None:
        assert disease in [condition.text for condition in diseases]
    assert any(condition_names().fits(Condition(same_as, ""), condition) for condition in diseases)


def test_title_only_names_are_not_matched_in_copy(linter):
    # "PD" and "CP" mean other things in copy ("PD clinic", "CP Clinic"); only titles read them.
    categories = load_lexicon(ROOT / "rules" / "lexicons" / "conditions.yml").categories
    assert not any(term in {"PD", "CP", "T2DM", "autistic"} for terms in categories.values() for term in terms)


@pytest.mark.parametrize(
    ("entry", "claimed"),
    [
        (
            "Ferrand L. Stromal cells for autoimmune and inflammatory diseases: a systematic review. Imm R. 2022;8:1-19.",
            ("lupus", "autoimmune"),
        ),
        (
            "Pereira S. Mesenchymal cells for immune-mediated diseases: a review. Clin Imm. 2019;6:200-214.",
            ("multiple sclerosis", "neurological"),
        ),
        (
            "Kowal A. Stem cell therapies for rheumatic diseases: a narrative review. Rheum Rev. 2021;4:77-90.",
            ("rheumatoid arthritis", "autoimmune"),
        ),
    ],
)
def test_a_review_of_a_class_of_diseases_fits_a_member(entry, claimed):
    diseases = read(entry).diseases
    assert diseases
    assert any(condition_names().fits(Condition(*claimed), condition) for condition in diseases)


def test_a_pain_named_by_its_site_holds_that_site_only():
    names = condition_names()
    knee_trial = Condition("knee osteoarthritis", "orthopedic")
    assert names.fits(Condition("knee pain", "orthopedic"), knee_trial)
    assert not names.fits(Condition("sciatica", "orthopedic"), knee_trial)
    assert not names.fits(Condition("back pain", "orthopedic"), knee_trial)
    assert names.fits(Condition("back pain", "orthopedic"), Condition("degenerative disc disease", "orthopedic"))
    assert names.fits(Condition("sciatica", "orthopedic"), Condition("herniated disc", "orthopedic"))


def test_vascular_dementia_is_not_alzheimers_disease():
    names = condition_names()
    assert not names.fits(Condition("Alzheimer's disease", "neurological"), Condition("vascular dementia", "neurological"))
    assert names.fits(Condition("dementia", "neurological"), Condition("vascular dementia", "neurological"))


def test_in_titles_keys_must_be_terms(tmp_path):
    path = tmp_path / "conditions.yml"
    path.write_text("lexicon: conditions\ncategories:\n  neurological: [stroke]\nin_titles:\n  strok: [CVA]\n", encoding="utf-8")
    with pytest.raises(RuleError, match="in_titles"):
        load_lexicon(path)
    path.write_text("lexicon: conditions\ncategories:\n  neurological: [stroke]\nin_titles:\n  stroke: [CVA]\n", encoding="utf-8")
    assert load_lexicon(path).relations["in_titles"] == {"stroke": ("CVA",)}


# ---------------------------------------------------------------- sources described in the copy


@pytest.mark.parametrize(
    ("sentence", "marker", "described"),
    [
        (
            "Cells rebuild discs, as a 2019 study of 40 dogs with disc disease showed (https://x.org/1).",
            "https://x.org/1",
            "as a 2019 study of 40 dogs with disc disease showed",
        ),
        (
            "They heal sciatica, according to a randomised trial in knee osteoarthritis [3].",
            "[3]",
            "according to a randomised trial in knee osteoarthritis",
        ),
        # a link's own words, and what follows them up to the reporting verb
        ("Pain fades, as a 2020 trial of 36 horses found.", "a 2020 trial", "as a 2020 trial of 36 horses found"),
        # the sentence says what it is about: no description
        ("In mice, the infused cells homed to the injured tissue [1].", "[1]", None),
        ("In a case series of 12 knees, pain fell [3].", "[3]", None),
        ("A trial in dogs showed that the cells heal joints [2].", "[2]", None),
        ("Some smaller studies have reported gains, although others found none [3].", "[3]", None),
        # ... unless a clause after the marker carries the finding over to people
        (
            "A study of 60 dogs found that they walked further [7], and people with worn hips improve the same way.",
            "[7]",
            "A study of 60 dogs found that they walked further [7]",
        ),
        ("A trial in dogs showed that the cells heal joints [2], and in cats too.", "[2]", None),
    ],
)
def test_where_the_copy_describes_a_source(sentence, marker, described):
    start = sentence.index(marker)
    where = described_source(sentence, 0, start, start + len(marker), len(sentence))
    if described is None:
        assert where is None
    else:
        assert where is not None and sentence[where[0] : where[1]].strip() == described


def test_a_description_is_read_like_a_title():
    assert describe("as a 2019 study of 40 dogs with disc disease showed").design == "animal"
    assert describe("as a 2018 experiment in cultured human disc cells found").design == "in_vitro"
    trial = describe("according to a randomised trial in knee osteoarthritis")
    assert trial.design == "rct" and [c.text for c in trial.diseases] == ["knee osteoarthritis"]


def test_a_link_described_as_a_dog_study_is_weak_support(linter):
    text = (
        "Injected cells rebuild worn discs and end back pain for good, as a 2019 study of 40 dogs with disc disease "
        "showed (https://pubmed.ncbi.nlm.nih.gov/31800001/).\n"
    )
    (message,) = found(text, linter, WEAK, "page.txt")
    assert "animal study ('dogs')" in message


def test_a_markdown_link_described_as_a_trial_of_another_disease_is_off_target(linter):
    text = (
        "Our injections heal sciatica, according to [a randomised trial in knee osteoarthritis](https://doi.org/10.5555/k.1).\n"
    )
    (message,) = found(text, linter, OFF_TARGET)
    assert "sciatica" in message and "knee osteoarthritis" in message


def test_a_bare_doi_cited_by_a_sentence_that_opens_in_animals_is_weak_support(linter):
    # The entry says nothing of its study; the sentence citing it first says in whom it was done.
    text = (
        "In sheep with smoke-damaged airways, the cells thinned the mucus layer within a month [3]. "
        "Our cells make people with chronic bronchitis cough less within a month [3].\n\n"
        "## References\n\n3. doi:10.5555/ovr.2020.0117\n"
    )
    (message,) = found(text, linter, WEAK)
    assert "animal" in message and "sheep" in message


def test_an_undescribed_link_is_not_judged(linter):
    text = "Our injections heal sciatica ([source](https://pubmed.ncbi.nlm.nih.gov/31800001/)).\n"
    assert found(text, linter, OFF_TARGET) == [] and found(text, linter, WEAK) == []


# ---------------------------------------------------------------- the claim's condition from its context

_T1D = "1. Ahmadi F, et al. Cord cells in new-onset type 1 diabetes: a randomised controlled trial. Endo Regen. 2021;13:400-412."


def test_the_condition_comes_from_the_heading(linter):
    claim = "After one course of infusions, most patients stop needing insulin [1]."
    text = f"# Stem cells\n\n## Type 2 diabetes\n\n{claim}\n\n## References\n\n{_T1D}\n"
    (message,) = found(text, linter, OFF_TARGET)
    assert "type 2 diabetes" in message.lower() and "type 1 diabetes" in message


def test_in_plain_text_a_short_line_of_its_own_is_a_heading(linter):
    claim = "After one course of infusions, most patients stop needing insulin [1]."
    (message,) = found(f"Type 2 diabetes\n\n{claim}\n\nReferences\n\n{_T1D}\n", linter, OFF_TARGET, "page.txt")
    assert "type 1 diabetes" in message
    # a sentence of its own with a full stop is not a heading
    assert found(f"We treat type 2 diabetes.\n\n{claim}\n\nReferences\n\n{_T1D}\n", linter, OFF_TARGET, "page.txt") == []


def test_a_heading_of_an_earlier_section_is_not_the_condition(linter):
    text = (
        "# Our outcomes\n\n## Type 2 diabetes\n\nWe treat many adults.\n\n## Patient stories\n\n"
        f"After one course of infusions, most patients stop needing insulin [1].\n\n## References\n\n{_T1D}\n"
    )
    assert found(text, linter, OFF_TARGET) == []


def test_the_condition_comes_from_the_sentence_before_when_the_claim_points_back(linter):
    claim = "Many of our patients have lived with type 2 diabetes for years. After one course, most of them stop insulin [1]."
    (message,) = found(f"{claim}\n\nReferences\n\n{_T1D}\n", linter, OFF_TARGET)
    assert "type 1 diabetes" in message
    plain = "Many of our patients have lived with type 2 diabetes for years. Smaller studies reported better control [1]."
    assert found(f"{plain}\n\nReferences\n\n{_T1D}\n", linter, OFF_TARGET) == []


# ---------------------------------------------------------------- reference styles end to end


def test_apa_author_year_off_target(linter):
    text = (
        "Patients with Achilles tendinopathy are back to running within weeks (Duarte, 2020).\n\n## Bibliography\n\n"
        "Duarte, M. (2020). Marrow concentrate for lateral epicondylitis: a randomized controlled trial. "
        "Tendinopathy Research and Practice, 7(2), 51-60. https://doi.org/10.5555/trp.2020.0051\n"
    )
    (message,) = found(text, linter, OFF_TARGET)
    # named as the page cites it: an author-year list has no numbers
    assert "(Duarte 2020) studies lateral epicondylitis" in message


def test_markdown_footnote_weak_support(linter):
    text = (
        "# Cord cells for autism\n\nThe infusions calm gut inflammation for good[^3].\n\n"
        "[^3]: Abara N, et al. Stromal cells reduce colitis in a mouse model of autism. Gut Regen. 2019;1:77-85. "
        "doi:10.5555/gbr.2019.0077\n"
    )
    (message,) = found(text, linter, WEAK)
    assert "[^3]" in message and "animal study" in message


def test_html_superscript_number_off_target(linter):
    html = (
        "<html><body><main><p>Asthma sufferers can put away their inhalers for good.<sup>4</sup></p>"
        "<h2>References</h2><ol><li>A. B.</li><li>C. D.</li><li>E. F.</li>"
        "<li>Novak D, et al. Inhaled vesicles in moderate COPD: a randomized controlled trial. Airway Ther. 2023;2:1-12. "
        "doi:10.5555/at.2023.0001</li></ol></main></body></html>"
    )
    (message,) = found(html, linter, OFF_TARGET, "page.html")
    assert "COPD" in message


def test_a_registry_entry_behind_a_number_offered_as_proof(linter):
    html = (
        "<html><body><main><p>Our protocol has been proven in a clinical trial registered with the government.<sup>1</sup></p>"
        "<h2>References</h2><ol><li>Inhaled Exosomes for Lung Disease. ClinicalTrials.gov identifier: NCT05234567.</li>"
        "</ol></main></body></html>"
    )
    (message,) = found(html, linter, REGISTRATION, "page.html")
    assert "NCT05234567" in message


def test_a_trial_id_beside_an_effect_is_offered_as_proof(linter):
    text = "Patients with perianal fistulas heal in eight weeks (ClinicalTrials.gov: NCT04999111).\n"
    (message,) = found(text, linter, REGISTRATION, "page.txt")
    assert "NCT04999111" in message
    recruiting = "We are now enrolling adults with fistulising Crohn's disease in a registered trial, NCT05678123.\n"
    assert found(recruiting, linter, REGISTRATION, "page.txt") == []


# ---------------------------------------------------------------- Vancouver numbers in parentheses


def test_a_number_in_parentheses_closing_a_sentence_is_a_marker():
    def marks(text: str) -> list[str]:
        return [text[mark.start : mark.end] for mark in find_marks(text) if mark.kind == "parenthetical"]

    assert marks("Cells rebuild cartilage (1). They do (2,3).\nAnd more (4)") == ["(1)", "(2,3)", "(4)"]
    assert marks("Cells rebuild cartilage.(1) Then") == ["(1)"]
    assert marks("Cells ease COPD.(4)\nMore") == ["(4)"]  # after a capital or a figure too
    assert marks("Scores rose by 30%.(2) Then") == ["(2)"]
    # steps, sample sizes and years are not
    assert marks("We (1) harvest, (2) spin and (3) inject.") == []
    assert marks("In 2019 (n=40) it was published (2019).") == []


def test_a_parenthesised_number_counts_only_when_it_names_a_list_entry(linter):
    entry = "1. Lindgren P, et al. Marrow concentrate after ACL repair in adults: a randomised trial. Knee R. 2021;6:70-81."
    claim = "Teen athletes with ACL tears return to the field months sooner after one injection (1)."
    (message,) = found(f"{claim}\n\nReferences\n{entry}\n", linter, OFF_TARGET, "page.txt")
    assert "ACL tears in children" in message and "[1] studies adults" in message
    # no list: "(1)" is not a citation, and not an unresolved one either
    findings = [f.rule for reported in check_text(claim, path="page.txt", linter=linter) for f in reported.expanded()]
    assert "reference/unresolved-citation" not in findings


def test_described_source_words_are_blanked_out_of_the_claim_in_place():
    from claimcheck.checks.fit import blanked

    text = "Knees heal, as a study of 40 dogs showed (link)."
    low = text.index("as a study")
    high = text.index(" (link)")
    claim = blanked(text, 0, len(text), ((low, high),))
    assert len(claim) == len(text) and "dogs" not in claim and claim.startswith("Knees heal,")
    # Ranges outside the claim, or reaching past it, are clipped to it.
    assert blanked(text, 6, 10, ((0, 8), (40, 90))) == "  al"


# ------------------------------------------------ labelled markers and other registries (B38)


@pytest.mark.parametrize(
    ("marker", "labels"),
    [
        ("(ref. 4)", ("4",)),
        ("[Ref 1]", ("1",)),
        ("(see study 2 below)", ("2",)),
        ("(studies 2 and 5)", ("2", "5")),
        ("(sources 1-3)", ("1", "2", "3")),
    ],
)
def test_a_number_behind_a_word_that_names_it_is_a_marker(marker, labels):
    marks = find_marks(f"The knee settles within weeks {marker}.")
    assert [(mark.kind, mark.labels) for mark in marks] == [("labelled", labels)]


def test_a_phase_or_a_step_in_brackets_is_no_marker():
    marks = find_marks("The trial reached phase (2) last year. Follow step (3). The second arm (study arm B) was larger.")
    assert [mark for mark in marks if mark.kind == "labelled"] == []


@pytest.mark.parametrize(
    "identifier",
    [
        "EudraCT 2021-004417-32",
        "ACTRN12621000873864",
        "CTRI/2022/04/041873",
        "ChiCTR2000031735",
        "DRKS00012345",
        "RPCEC00000412",
        "KCT0001234",
        "TCTR20190101001",
    ],
)
def test_registry_numbers_beyond_nct_and_isrctn_are_registrations(identifier, linter):
    text = f"Our protocol is registered as {identifier}, which proves that it works for knee osteoarthritis.\n"
    assert [mark.kind for mark in find_marks(text)] == ["registry"]
    assert found(text, linter, REGISTRATION)


def test_a_list_headed_the_studies_resolves_labelled_markers(linter):
    text = (
        "# Knee clinic\n\n"
        "Our cord cells regrow knee cartilage in people with knee osteoarthritis (see study 1 below).\n\n"
        "## The studies\n\n"
        "1. Ito K, et al. Cord cells regrow cartilage in a murine model of knee osteoarthritis. "
        "Cartilage Res. 2020;3:1-9. doi:10.5555/cr.2020.1\n"
    )
    messages = found(text, linter, WEAK)
    assert messages and "animal" in messages[0]


def test_author_year_letters_tell_two_papers_of_one_year_apart(linter):
    text = (
        "# Men's clinic\n\n"
        "Our cord cells restore erections in men with erectile dysfunction (Kim et al., 2020b).\n\n"
        "## References\n\n"
        "Kim, H., Park, S. (2020a). Cord cells for erectile dysfunction: a randomized controlled trial. "
        "Androl J, 3, 1-9. doi:10.5555/aj.1\n\n"
        "Kim, H., Choi, Y. (2020b). Cord cells restore erectile function in a rat model. Androl J, 3, 10-19. doi:10.5555/aj.2\n"
    )
    messages = found(text, linter, WEAK)
    assert messages and "animal" in messages[0]
    assert not found(text.replace("2020b).\n\n## R", "2020a).\n\n## R"), linter, WEAK)


def test_a_doi_only_entry_is_read_from_what_the_copy_says_of_it(linter):
    text = (
        "# Breathing clinic\n\n"
        "Chronic bronchitis clears up for good, as a trial in emphysema patients showed [1].\n\n"
        "## Further reading\n\n"
        "1. doi:10.5555/emph.2022.0044\n"
    )
    messages = found(text, linter, OFF_TARGET)
    assert messages and "emphysema" in messages[0]


def test_a_sentence_bounded_to_one_patient_or_the_lab_is_not_weak_support(linter):
    references = (
        "\n\n## References\n\n1. Ito K. Cord cells and cartilage: a case report. Knee Cases. 2020;3:1-9. doi:10.5555/kc.1\n"
    )
    bounded = "# Knee clinic\n\nIn one patient with knee osteoarthritis, the cartilage thickened after cord cells [1]."
    unbounded = "# Knee clinic\n\nOur cord cells thicken the cartilage of knees with osteoarthritis [1]."
    assert not found(bounded + references, linter, WEAK)
    assert found(unbounded + references, linter, WEAK)


def test_a_references_table_is_read_row_by_row(linter):
    """An HTML table under "Studies cited on this page": a number cell opens each row's entry,
    and a header cell named "Source" does not end the list."""
    text = (
        "<html><body><h1>MS clinic</h1>"
        "<p>Our intrathecal cells restore walking in multiple sclerosis (study 2).</p>"
        "<h2>Studies cited on this page</h2><table>"
        "<tr><th>Study</th><th>Title</th><th>Source</th></tr>"
        "<tr><td>1</td><td>Stromal cells in multiple sclerosis: a randomised trial</td>"
        "<td>Mult Scler J. 2022;9:1-9. doi:10.5555/ms.1</td></tr>"
        "<tr><td>2</td><td>Stromal cells remyelinate axons in a murine model</td>"
        "<td>Neuro Bench. 2021;3:1-9. doi:10.5555/nb.2</td></tr>"
        "</table></body></html>"
    )
    messages = found(text, linter, WEAK, path="page.html")
    assert messages and "animal" in messages[0]
    assert not found(text.replace("(study 2)", "(study 1)"), linter, WEAK, path="page.html")
    # A heading that says how the list is laid out: "Studies table".
    laid_out = text.replace("Studies cited on this page", "Studies table")
    assert "animal" in found(laid_out, linter, WEAK, path="page.html")[0]


def test_copy_that_explains_registration_is_not_offering_it_as_proof(linter):
    explains = "A trial number such as NCT05123456 shows only that a plan was written down, not that the cells worked.\n"
    offers = "Our knee protocol is listed as NCT05123456, which shows that the cells work.\n"
    assert not found(explains, linter, REGISTRATION)
    assert found(offers, linter, REGISTRATION)


def test_older_adults_resting_on_a_trial_of_young_athletes_is_off_target(linter):
    text = (
        "# Hip clinic\n\n"
        "Our bone marrow concentrate injections repair hip osteoarthritis in retirees [1].\n\n"
        "## References\n\n"
        "1. Ruiz M, et al. Bone marrow concentrate for hip osteoarthritis in football players aged 18 to 30: "
        "a randomized trial. Hip J. 2021;4:55-64. doi:10.5555/hj.1\n"
    )
    messages = found(text, linter, OFF_TARGET)
    assert messages and "young adults" in messages[0] and "older adults" in messages[0]
    assert not found(text.replace("football players aged 18 to 30", "adults aged 65 to 80"), linter, OFF_TARGET)


# ---------------------------------------------------------------- more marker and list styles

_RABBIT = "Iverson K, et al. Amniotic cells keep disc height in a rabbit model. Spine Bench. 2019;2:1-9. doi:10.5555/sb.4"
_DISC_RCT = (
    "Marwick J, et al. Amniotic injection for disc degeneration: a randomized trial. Spine J. 2022;7:1-9. doi:10.5555/sj.1"
)


@pytest.mark.parametrize(
    ("text", "kind", "labels"),
    [
        ("keeps the disc high^4.", "caret", ("4",)),
        ("walking the dog again^1,2.", "caret", ("1", "2")),
        # Pandoc's closed superscript
        ("no benefit over standard treatment.^1,2^ In that trial", "caret", ("1", "2")),
        ("similar at 12 months.^2^ Open-label series", "caret", ("2",)),
        # an author-year citation given as an example
        ("done in a dish (for example, Lindqvist and Barros, 2010).", "author_year", ("lindqvist 2010",)),
        ("10^6 cells per kilogram", None, ()),  # a power, not a marker
        ("an area of 5 m^2 treated", None, ()),
        ("as the notes say[^4]", "footnote", ("^4",)),
        ("walks again (Reference No. 3).", "labelled", ("3",)),
        ("soft muscles (Ref. No. 1, Reference No. 2).", "labelled", ("1", "2")),
        ("as in horses (source #4).", "labelled", ("4",)),
        ("back in the line-up [S3].", "supplementary", ("S3",)),
        ("back in the line-up [S1, S4].", "supplementary", ("S1", "S4")),
    ],
)
def test_carets_numbered_labels_and_supplementary_labels_are_markers(text, kind, labels):
    marks = [mark for mark in find_marks(text) if mark.kind not in {"superscript"}]
    if kind is None:
        assert not [mark for mark in marks if mark.kind == "caret"]
    else:
        assert [(mark.kind, mark.labels) for mark in marks] == [(kind, labels)]


def test_a_caret_marker_resolves_under_a_heading_that_says_what_it_is_based_on(linter):
    text = (
        "# Disc pain\n\n"
        "Degenerative disc disease reverses after one amniotic injection^2.\n\n"
        "## What I based this on\n\n"
        f"1. {_DISC_RCT}\n"
        f"2. {_RABBIT}\n"
    )
    messages = found(text, linter, WEAK)
    assert messages and "animal" in messages[0]
    assert not found(text.replace("injection^2.", "injection^1."), linter, WEAK)


def test_numbered_entries_and_superscript_footnotes_carry_their_own_labels(linter):
    """'No. 2 - ...' entries and '² ...' footnotes are labelled by what they show, not by
    their position: a list that skips a number still resolves."""
    numbered = (
        "Our cells reverse degenerative disc disease (Reference No. 4).\n\n"
        f"LITERATURE\n\nNo. 1 - {_DISC_RCT}\nNo. 4 - {_RABBIT}\n"
    )
    messages = found(numbered, linter, WEAK, path="page.txt")
    assert messages and "animal" in messages[0]
    footnotes = f"Our cells reverse degenerative disc disease.⁴\n\nFOOTNOTES\n\n¹ {_DISC_RCT}\n⁴ {_RABBIT}\n"
    messages = found(footnotes, linter, WEAK, path="page.txt")
    assert messages and "animal" in messages[0]
    assert not found(footnotes.replace("disease.⁴", "disease.¹"), linter, WEAK, path="page.txt")


def test_supplementary_labels_resolve_to_table_rows(linter):
    text = (
        "# Tendon clinic\n\n"
        "Achilles pain in people fades for good after one injection [S2].\n\n"
        "## References\n\n"
        "| Ref | Study | Identifier |\n|---|---|---|\n"
        "| S1 | Tendon cells for Achilles tendinopathy: a randomized trial in adults | doi:10.5555/tt.1 |\n"
        "| S2 | Cord cells for flexor tendon injury in racehorses | doi:10.5555/eq.2 |\n"
    )
    messages = found(text, linter, WEAK)
    assert messages and "animal" in messages[0] and "[S2]" in messages[0]
    assert not found(text.replace("[S2]", "[S1]"), linter, WEAK)


@pytest.mark.parametrize(
    "claim",
    [
        "Your own discs will plump back up in just the same way [2].",
        "Torn tendons in people heal faster, as our horse patients have shown [2].",
        "Owners with knee arthritis can expect the same relief their dogs get [2].",
        "Achilles pain fades for good with one injection, just as tendon injuries did in racehorses [2].",
        "If it works in a dog's knee, there is every reason to expect your knee arthritis to heal too [2].",
        "People with knee arthritis should see the same recovery we saw in our horses [2].",
    ],
)
def test_a_result_carried_over_from_animals_to_people_is_weak_support(linter, claim):
    references = (
        "\n\n## References\n\n"
        f"1. {_DISC_RCT}\n"
        "2. Hale D, et al. Cord cells for tendon and joint injuries in dogs and horses. Vet Regen. 2019;1:1-9. doi:10.5555/vr.2\n"
    )
    page = "# Clinic\n\nIn dogs and horses, joints and tendons healed after cord cells [2].\n\n" + claim + references
    messages = found(page, linter, WEAK)
    assert messages and "animal" in messages[0], claim


def test_a_carried_over_comparison_that_is_denied_or_stays_with_animals_is_not_weak_support(linter):
    references = (
        "\n\n## References\n\n"
        "1. Hale D, et al. Cord cells for tendon injuries in horses. Vet Regen. 2019;1:1-9. doi:10.5555/vr.2\n"
    )
    for sentence in (
        "Results in people may not be the same as in horses [1].",
        "In racehorses, torn tendons healed just as they do in ponies [1].",
    ):
        assert not found("# Clinic\n\n" + sentence + references, linter, WEAK), sentence


@pytest.mark.parametrize(
    ("claim", "reference"),
    [
        # whom the claim is about, said by an age or a school year
        ("Golfers over 60 with Achilles pain are back on the course within weeks [1].", "in athletes aged 18 to 30"),
        ("Your 70-year-old tendons will heal as fast as a 25-year-old's [1].", "in college athletes"),
        ("High-school pitchers with elbow tendon pain are back within three weeks [1].", "in adults aged 30 to 60"),
        ("Nuestros abuelos de 75 y 80 años with Achilles pain get the same comeback [1].", "in athletes aged 18 to 30"),
        ("Even at 85, your Achilles tendon will heal like an athlete's [1].", "in athletes aged 18 to 30"),
    ],
)
def test_a_population_told_by_age_or_school_is_checked_against_the_source(linter, claim, reference):
    text = (
        "# Tendon clinic\n\n"
        f"{claim}\n\n"
        "## References\n\n"
        f"1. Marchand P, et al. Cord tissue allograft for tendinopathy {reference}: a randomized trial. "
        "Sports Regen. 2021;3:1-9. doi:10.5555/sr.1\n"
    )
    assert found(text, linter, OFF_TARGET), claim


def test_what_a_claim_is_likened_to_is_not_its_condition(linter):
    """'... the same like for stroke in adults' names what cerebral palsy is compared with; the
    stroke trial cited does not become a fit."""
    text = (
        "# Cord blood for children\n\n"
        "The cells work for cerebral palsy the same like for stroke in adults (Reference No. 1).\n\n"
        "LITERATURE\n\n"
        "No. 1 - Lindahl S, et al. Cord blood cells in adults with ischaemic stroke: a randomised controlled trial. "
        "Stroke Cell Ther. 2020;6:1-9. doi:10.5555/sct.1\n"
    )
    messages = found(text, linter, OFF_TARGET, path="page.txt")
    assert messages and "cerebral palsy" in messages[0]


@pytest.mark.parametrize(
    ("claim", "study"),
    [
        ("A weak heart pumps strongly again [1].", "acute myocardial infarction"),
        ("Fluid on the lungs drains away for good [1].", "idiopathic pulmonary fibrosis"),
        ("Scarred lungs soften and your breath comes back [1].", "heart failure"),
        ("Adults with gum disease grow back enough bone to hold an implant [1].", "children with cleft lip and palate"),
        ("People with worn hips put off a hip replacement for years [1].", "knee osteoarthritis"),
    ],
)
def test_lay_names_of_heart_lung_hip_and_gum_disease_are_compared(linter, claim, study):
    text = (
        f"# Clinic\n\n{claim}\n\n## References\n\n"
        f"1. Sundqvist E, et al. Marrow cells in {study}: a randomised trial. Clin Regen. 2020;2:1-9. doi:10.5555/cr.1\n"
    )
    assert found(text, linter, OFF_TARGET), claim


def test_fluid_on_the_lungs_fits_a_heart_failure_trial(linter):
    text = (
        "# Heart clinic\n\nFluid on the lungs drains away for good [1].\n\n## References\n\n"
        "1. Lombardi F, et al. Marrow cells in chronic heart failure: a randomised trial. "
        "Heart Regen. 2023;2:1-9. doi:10.5555/hr.1\n"
    )
    assert not found(text, linter, OFF_TARGET)


def test_an_animal_source_is_weak_support_not_off_target(linter):
    """A study in pigs with a heart attack, cited for a lung claim, is weak support; what the
    animals had is not compared with the claim (ANNOTATION B34)."""
    text = (
        "# Lung clinic\n\nShortness of breath from scarred lungs fades as new air sacs grow [1].\n\n## References\n\n"
        "1. Brandvold H, et al. Marrow cells reduce infarct size in a porcine model of myocardial infarction. "
        "Cardio Bench. 2018;1:1-9. doi:10.5555/cb.1\n"
    )
    assert found(text, linter, WEAK)
    assert not found(text, linter, OFF_TARGET)


def test_a_claim_carried_over_from_the_sentence_before_takes_its_condition(linter):
    """'In people with a heart attack, the scar shrank [1]. Your own scar will shrink in the same
    way [1].' under a heart-failure heading: the claim is about what the sentence before names."""
    text = (
        "# Clinic\n\n## A weak heart\n\n"
        "In a trial of adults with a recent heart attack, the scar shrank by a fifth [1]. "
        "Your own scar will shrink in the same way [1].\n\n## References\n\n"
        "1. Ferraz L, et al. Marrow cells after acute myocardial infarction: a randomised trial. "
        "Heart J Regen. 2021;2:1-9. doi:10.5555/hj.1\n"
    )
    assert not found(text, linter, OFF_TARGET)
    assert found(text.replace("Your own scar will shrink in the same way", "Your heart will pump like new"), linter, OFF_TARGET)


def test_a_claim_about_one_species_resting_on_a_study_of_another_is_off_target(linter):
    """ANNOTATION B38: a claim about dogs on a horse study is off-target (another species is
    another population); on a dog study it is judged like a claim in people on a study in people."""
    text = (
        "# Vet clinic\n\n"
        "Elbow arthritis in dogs settles within weeks of one injection [1].\n\n"
        "## References\n\n"
        "1. Lindgren M, et al. Fat-derived stromal cells for fetlock osteoarthritis in racehorses. "
        "Equine Regen. 2020;2:1-9. doi:10.5555/er.1\n"
    )
    messages = found(text, linter, OFF_TARGET)
    assert messages and "horses" in messages[0] and "dogs" in messages[0]
    assert not found(text, linter, WEAK)  # a claim about dogs, not people
    assert not found(text.replace("fetlock osteoarthritis in racehorses", "elbow osteoarthritis in dogs"), linter, OFF_TARGET)


def test_a_review_of_animal_and_clinical_studies_is_a_review_not_an_animal_study():
    pooled = read(
        "Nwachukwu E, et al. Vesicles in wound healing: a systematic review of preclinical and clinical studies. "
        "Wound Rev. 2023;6:12-30. doi:10.5555/wr.1"
    )
    assert pooled.design == "systematic_review"
    animals_only = read(
        "Ito K, et al. Stem cells in rat models of stroke: a systematic review of preclinical studies. "
        "Stroke Bench. 2020;2:1-9. doi:10.5555/sb.1"
    )
    assert animals_only.design == "animal"


@pytest.mark.parametrize(
    "sentence",
    [
        # harms are known from case reports
        "Cell injections into the eye have in some cases caused detached retinas and blindness [1].",
        # the sentence bounds the result to a few people or the clinic's own registry
        "In an early study, a small number of people with severe lupus went into remission [1].",
        "In our registry, about 4 in 10 patients with knee osteoarthritis reported less pain at one year [1].",
        # the trial behind an approval, described as such
        "In the single-arm study that supported approval, a third of children with GVHD had a complete response [1].",
        # the sentence says the evidence is from animals and the lab
        "In laboratory and animal studies, the vesicles altered inflammation in arthritis [1].",
    ],
)
def test_careful_sentences_citing_case_or_animal_evidence_are_not_weak_support(linter, sentence):
    references = (
        "\n\n## References\n\n1. Ito K, et al. Cord cells in lupus and arthritis: a case series. "
        "Case Rep Regen. 2020;3:1-9. doi:10.5555/cr.1\n"
    )
    assert not found("# Clinic\n\n" + sentence + references, linter, WEAK), sentence


def test_harms_cited_to_a_study_of_another_disease_are_not_off_target(linter):
    text = (
        "# Knee clinic\n\n"
        "Headache was the most common side effect of the knee injections, and two people had infections [1].\n\n"
        "## References\n\n"
        "1. Obi N, et al. Donor cells after ischaemic stroke: a randomized sham-controlled trial. "
        "Stroke Regen. 2022;5:1-9. doi:10.5555/sr.1\n"
    )
    assert not found(text, linter, OFF_TARGET)
    assert found(
        text.replace(
            "Headache was the most common side effect of the knee injections, and two people had infections",
            "Knee injections cure knee osteoarthritis",
        ),
        linter,
        OFF_TARGET,
    )


@pytest.mark.parametrize(
    ("page", "path"),
    [
        # a podcast's "Studies mentioned" list of linked titles
        (
            "# Episode 12\n\nYour knee cartilage grows back after one injection [2].\n\n## Studies mentioned\n\n"
            "1. [Cord cells in knee osteoarthritis: a randomized trial](https://doi.org/10.5555/k.1). Lee A. Knee J. 2020.\n"
            "2. [Cord cells repair cartilage defects in rabbits](https://doi.org/10.5555/r.2). Varga P. Cartil Res. 2018.\n",
            "page.md",
        ),
        # a bilingual heading over a references table
        (
            "<html><body><h1>Rodilla</h1><p>Your knee cartilage grows back after one injection (ref. 2).</p>"
            "<h2>Referencias / References</h2><table><tr><th>Ref.</th><th>Study</th></tr>"
            "<tr><td>1</td><td>Cord cells in knee osteoarthritis: a randomized trial. doi:10.5555/k.1</td></tr>"
            "<tr><td>2</td><td>Cord cells repair cartilage defects in rabbits. doi:10.5555/r.2</td></tr></table></body></html>",
            "page.html",
        ),
        # caret footnotes under a "Sources:" line inside a caption
        (
            "SLIDE 2\nYour knee cartilage grows back after one injection.^2\n\n"
            "Caption: knee season is open.\nSources:\n"
            "^1 Lee A. Cord cells in knee osteoarthritis: a randomized trial. 2020. doi:10.5555/k.1\n"
            "^2 Varga P. Cord cells repair cartilage defects in rabbits. 2018. doi:10.5555/r.2\n#knees #regen\n",
            "page.txt",
        ),
    ],
)
def test_reference_lists_in_podcast_bilingual_and_caption_shapes_resolve(linter, page, path):
    messages = found(page, linter, WEAK, path=path)
    assert messages and "animal" in messages[0], path
    assert not found(page, linter, "reference/unresolved-citation", path=path)


# ---------------------------------------------------------------- populations, sites, tables (B40)


@pytest.mark.parametrize(
    ("claim", "reference", "off_target"),
    [
        # an age range that stops at 60 leaves out people in their seventies
        ("Travellers in their seventies get the same drop in blood sugar [1].", "in adults aged 35 to 60", True),
        ("Travellers in their seventies get the same drop in blood sugar [1].", "in adults aged 45 to 80", False),
        # one sex only: a trial in women holds a claim to everyone, not one made to men as such
        ("The men in our group get exactly the same lift [1].", "in 40 women", True),
        ("Adults with type 2 diabetes get the same drop in blood sugar [1].", "in 40 women", False),
        # a dose study in healthy volunteers holds a bounded safety sentence, not an effect
        ("The infusion lowers blood sugar in type 2 diabetes within weeks [1].", "in 24 healthy volunteers", True),
        ("No serious reactions followed single infusions at four doses [1].", "in 24 healthy volunteers", False),
    ],
)
def test_whom_a_source_studied_is_checked_against_whom_the_claim_is_about(linter, claim, reference, off_target):
    text = (
        "# Diabetes clinic\n\nOur cord cell infusions for type 2 diabetes.\n\n"
        f"{claim}\n\n"
        "## References\n\n"
        f"1. Okafor L, et al. Umbilical cord stromal cells {reference} with type 2 diabetes: a randomized trial. "
        "Diab Cell Ther. 2021;3:1-9. doi:10.5555/dct.1\n"
    )
    assert bool(found(text, linter, OFF_TARGET)) is off_target, claim


def test_a_claim_about_one_joint_resting_on_a_trial_at_another_is_off_target(linter):
    text = (
        "# Joint clinic\n\nPRP injections for worn joints.\n\n"
        "Your shoulder will feel the same relief within a month [1].\n\n"
        "## References\n\n"
        "1. Lindqvist A, et al. Platelet-rich plasma for knee osteoarthritis: a randomised trial. "
        "Knee Res. 2020;2:1-9. doi:10.5555/kr.2\n"
    )
    messages = found(text, linter, OFF_TARGET)
    assert messages and "knee" in messages[0] and "shoulder" in messages[0]
    assert not found(text.replace("Your shoulder", "Your knee"), linter, OFF_TARGET)


def test_a_link_described_where_the_page_first_cites_it_is_read_so_where_it_is_cited_again(linter):
    link = "[PubMed](https://pubmed.ncbi.nlm.nih.gov/36650282/)"
    text = (
        "# Long COVID circle\n\n"
        f"In a pilot trial of 40 women with long COVID, fatigue improved a little more after cord cells {link}.\n\n"
        f"The men in our circle get exactly the same lift, as that trial showed {link}.\n"
    )
    messages = found(text, linter, OFF_TARGET)
    assert messages and "women" in messages[0]


def test_a_references_table_without_numbers_is_read_row_by_row(linter):
    """Each row whose first cell is a source is one entry with its other cells ("Dog",
    "60 dogs"); the header row is no entry."""
    text = (
        "<html><body><h1>Family clinic</h1>"
        "<p>Our cells ease arthritis in people of any age (Hartwell and Ames, 2020).</p>"
        "<h2>References</h2><table>"
        "<tr><th>Citation</th><th>Species</th><th>Who took part</th></tr>"
        "<tr><td>Hartwell, C., &amp; Ames, J. (2020). Stromal cells in elbow osteoarthritis: a randomised trial. "
        "Vet Joint Ther, 8, 15-27. doi:10.5555/vjt.2020.0015</td><td>Dog</td><td>60 dogs aged 2 to 7 years</td></tr>"
        "<tr><td>Ortega, R., et al. (2022). Cell injections in knee osteoarthritis: a randomised trial. "
        "J Knee Cell Ther, 5, 201-213. doi:10.5555/jkct.2022.0201</td><td>Human</td><td>120 adults</td></tr>"
        "</table></body></html>"
    )
    # the dog study is read as what it is only with its row: an animal study, weak support for people
    messages = found(text, linter, WEAK, path="page.html")
    assert messages and "animal" in messages[0]
    assert not found(text.replace("(Hartwell and Ames, 2020)", "(Ortega et al., 2022)"), linter, WEAK, path="page.html")


def test_a_table_cell_with_no_disease_is_about_its_rows_header(linter):
    text = (
        "# Clinics compared\n\n"
        "| Condition | What to expect (source) |\n|---|---|\n"
        "| Type 2 diabetes | Many patients come off insulin for good within six months (1) |\n\n"
        "## References\n\n"
        "1. Haldane R, et al. Marrow cells in adolescents with type 1 diabetes: a single-arm study. "
        "Diab Cell. 2019;2:1-9. doi:10.5555/dc.1\n"
    )
    messages = found(text, linter, OFF_TARGET)
    assert messages and "type 2 diabetes" in messages[0].lower()
    assert not found(text.replace("| Type 2 diabetes |", "| Type 1 diabetes |"), linter, OFF_TARGET)


def test_a_claim_likened_to_what_animals_did_the_way_they_did_is_weak_support(linter):
    text = (
        "# Tendon clinic\n\n"
        "Your tennis elbow will heal the way our racehorses' tendons do [1].\n\n"
        "## References\n\n"
        "1. Braddock L, et al. Stromal cells for tendon injury in racehorses. Equine Tendon Res. 2019;12:88-99. "
        "doi:10.5555/etr.2019.0088\n"
    )
    messages = found(text, linter, WEAK)
    assert messages and "animal" in messages[0]


def test_a_claim_the_page_quotes_from_a_brochure_is_not_judged_as_its_own(linter):
    text = (
        "# Check the study behind the claim\n\n"
        "The first came from a brochure for eye injections:\n\n"
        '> "Our cord cell injections restore sight lost to dry macular degeneration [1]."\n\n'
        "## References\n\n"
        "1. Okada T, et al. Retinal cell patches in wet macular degeneration: a safety study. "
        "Eye Cell. 2020;2:1-9. doi:10.5555/ec.1\n"
    )
    assert not found(text, linter, OFF_TARGET)
    # the same sentence as the page's own copy is judged
    own = text.replace("The first came from a brochure for eye injections:\n\n", "").replace('> "', "").replace('."\n', ".\n")
    assert found(own, linter, OFF_TARGET)


# ---------------------------------------------------------------- fourth round: how copy names a condition


def _named(text: str, terms: list[tuple[str, str]]) -> list[str]:
    """`read_named` on `text` with the lexicon matches of `terms` (words, category)."""
    spans = [(text.index(words), text.index(words) + len(words), words, category) for words, category in terms]
    return [words for _, _, words, _ in condition_names().read_named(text, spans)]


def test_a_complaint_said_to_come_from_a_condition_is_about_that_condition():
    text = "Numbness and pins and needles in your toes often stem from a pinched nerve low in the spine."
    assert _named(text, [("pins and needles", "neurological"), ("pinched nerve", "orthopedic")]) == ["pinched nerve"]
    text = "Neck pain from worn neck joints is the commonest reason people call us."
    assert _named(text, [("Neck pain", "orthopedic"), ("worn neck joints", "orthopedic")]) == ["worn neck joints"]
    # a complaint many diseases share is its cause, but "fatigue from diabetes" is diabetes ...
    assert _named("Fatigue from diabetes lifts.", [("Fatigue", "symptom"), ("diabetes", "metabolic")]) == ["diabetes"]
    # ... and a complication of diabetes is the complication, not diabetes (nor the wider disease)
    text = "Adults with chronic kidney disease caused by diabetes took part."
    named = _named(text, [("chronic kidney disease", "renal_hepatic_gi"), ("diabetes", "metabolic")])
    assert named == ["diabetic kidney disease"]
    text = "Pins and needles from type 2 diabetes fade."
    assert _named(text, [("Pins and needles", "neurological"), ("type 2 diabetes", "metabolic")]) == ["diabetic neuropathy"]


def test_a_complaint_qualified_by_its_cause_is_that_cause_s_form():
    text = "Men with diabetes-related erection problems respond just as well."
    named = _named(text, [("diabetes", "metabolic"), ("erection problems", "aging")])
    assert named == ["diabetic erectile dysfunction"]
    text = "Lingering COVID-related fatigue lifts within weeks."
    assert _named(text, [("COVID", "infectious"), ("fatigue", "symptom")]) == ["long COVID"]
    # a qualifier that names no cause of the table leaves the complaint as it was
    assert _named("Work-related fatigue lifts.", [("fatigue", "symptom")]) == ["fatigue"]


def test_a_cause_qualified_form_rests_on_a_trial_of_another_cause_off_target(linter):
    text = (
        "# Men's clinic\n\nOur exosome shots restore erections in men with diabetes-related erection problems [1].\n\n"
        "## References\n\n1. Ramos T, et al. Exosomes for erectile dysfunction after radical prostatectomy: a randomized "
        "trial. Urol Regen. 2021;6:301-313. doi:10.5555/ur.2021.0301\n"
    )
    assert found(text, linter, OFF_TARGET)
    assert not found(
        text.replace("diabetes-related erection problems", "erection problems after prostate surgery"), linter, OFF_TARGET
    )


def test_a_diabetes_complication_fits_its_own_trial_not_a_generic_diabetes_trial(linter):
    text = (
        "# Nerve clinic\n\nPins and needles from diabetes fade after two infusions [1].\n\n## References\n\n"
        "1. Osei K, et al. Cord cells for glucose control in type 2 diabetes: a randomised trial. "
        "Metab Cell. 2021;2:1-9. doi:10.5555/mc.1\n"
    )
    messages = found(text, linter, OFF_TARGET)
    assert messages and "type 2 diabetes" in messages[0]
    fitting = text.replace("glucose control in type 2 diabetes", "painful diabetic neuropathy")
    assert not found(fitting, linter, OFF_TARGET)


def test_age_bands_hold_inside_a_species(linter):
    text = (
        "# Vet clinic\n\nSenior dogs of 13 with elbow arthritis move like pups again [1].\n\n## References\n\n"
        "1. Hale R, et al. Stromal cells for elbow osteoarthritis in dogs aged 1 to 6: a randomised trial. "
        "Vet Joint. 2021;2:1-9. doi:10.5555/vj.2\n"
    )
    messages = found(text, linter, OFF_TARGET)
    assert messages and "dogs aged 1 to 6" in messages[0]
    assert not found(text.replace("dogs aged 1 to 6", "dogs aged 8 to 14"), linter, OFF_TARGET)


@pytest.mark.parametrize(
    ("text", "terms", "reads_as"),
    [
        (
            "Coughing and fatigue that hang on for weeks after COVID-19 ease.",
            [("fatigue", "symptom"), ("COVID-19", "infectious")],
            "long COVID",
        ),
        ("The exhaustion and brain fog that linger after a bad flu lift.", [("brain fog", "symptom")], "post-viral syndrome"),
        (
            "Heart failure following a heart attack responds well.",
            [("Heart failure", "cardiovascular"), ("heart attack", "cardiovascular")],
            "ischaemic heart failure",
        ),
        (
            "Urinary incontinence after prostate surgery improves.",
            [("Urinary incontinence", "urological")],
            "post-prostatectomy incontinence",
        ),
    ],
)
def test_a_complaint_that_follows_an_illness_is_the_condition_the_origins_table_names(text, terms, reads_as):
    assert _named(text, terms) == [reads_as]


def test_what_follows_another_disease_is_not_read_as_an_origin():
    # a stroke after a heart attack is a stroke: stroke is no form of ischaemic heart failure
    text = "A stroke after a heart attack is a different problem."
    assert _named(text, [("stroke", "neurological"), ("heart attack", "cardiovascular")]) == ["stroke", "heart attack"]


def test_forms_of_heart_failure_by_cause_and_of_kidney_disease_are_compared():
    names = condition_names()
    dilated = Condition("dilated cardiomyopathy", "cardiovascular")
    ischaemic = Condition("ischaemic heart failure", "cardiovascular")
    assert not names.fits(dilated, ischaemic)
    assert names.fits(Condition("heart failure", "cardiovascular"), ischaemic)
    assert names.fits(
        Condition("chronic kidney disease", "renal_hepatic_gi"), Condition("diabetic kidney disease", "renal_hepatic_gi")
    )
    assert names.fits(Condition("tendon injury", "orthopedic"), Condition("rotator cuff tear", "orthopedic"))
    assert not names.fits(Condition("long COVID", "infectious"), Condition("COVID-19 pneumonia", "infectious"))
    assert names.fits(Condition("post-viral syndrome", "infectious"), Condition("long COVID", "infectious"))


def test_a_lingering_complaint_after_an_illness_on_a_trial_of_the_illness_itself_is_off_target(linter):
    text = (
        "# Recovery clinic\n\n"
        "Tiredness and fatigue that hang on for months after COVID-19 clear within weeks of the drip [1].\n\n"
        "## References\n\n"
        "1. Marchetti L, et al. Cord cells in hospitalised COVID-19 pneumonia: a randomised trial. "
        "Resp Cell. 2021;3:1-9. doi:10.5555/rc.1\n"
    )
    messages = found(text, linter, OFF_TARGET)
    assert messages and "long COVID" in messages[0]
    fitting = text.replace("hospitalised COVID-19 pneumonia", "long COVID")
    assert not found(fitting, linter, OFF_TARGET)


def test_a_complaint_pointed_back_to_takes_the_condition_of_the_line_before(linter):
    """Plain-text email: each sentence on its own line; 'that ache' and 'the condition' point
    back to what the line before says the complaint is."""
    text = (
        "Hello all,\n\n"
        "If your hands hurt when you open a jar, the cause is usually wear and tear of the small joints.\n"
        "Two injections settle that ache for a year [1].\n\n"
        "References\n"
        "[1] Varga P, et al. Cell injections for rheumatoid arthritis of the hand: a randomised trial. "
        "Rheum Cell. 2022;4:1-9. doi:10.5555/rh.1\n"
    )
    messages = found(text, linter, OFF_TARGET, path="letter.txt")
    assert messages and "rheumatoid arthritis" in messages[0]
    fitting = text.replace("rheumatoid arthritis of the hand", "hand osteoarthritis")
    assert not found(fitting, linter, OFF_TARGET, path="letter.txt")


def test_a_caption_says_which_animal_and_disease_the_next_sentence_is_about(linter):
    text = (
        "<html><body><h1>Pet clinic</h1>"
        "<figure><img src='a.jpg' alt=''><figcaption>"
        "Maple, a seven-year-old spaniel with hip dysplasia, before her injection</figcaption></figure>"
        "<p>The cells ease the condition within weeks, so she can chase the ball again [1].</p>"
        "<h2>References</h2><ol><li>Fenn A, et al. Stromal cells for elbow osteoarthritis in dogs: a randomised trial. "
        "Vet Joint. 2021;2:1-9. doi:10.5555/vj.1</li></ol></body></html>"
    )
    assert not found(text, linter, WEAK, path="page.html")  # a claim about a dog, not people
    assert found(text, linter, OFF_TARGET, path="page.html")


def test_a_heading_naming_a_species_keeps_a_claim_about_animals_from_weak_support(linter):
    text = (
        "# Stable clinic\n\n## For horses\n\nOld tendon injuries that never healed properly grow strong again [1].\n\n"
        "## References\n\n1. Pryce D, et al. Stromal cells for tendon injury in racehorses: a controlled study. "
        "Equine Tendon. 2019;3:1-9. doi:10.5555/et.1\n"
    )
    assert not found(text, linter, WEAK)
    people = text.replace("Old tendon injuries that", "Old tendon injuries in people that")
    assert found(people, linter, WEAK)


@pytest.mark.parametrize(
    "sentence",
    [
        "Several complaints cited trial registrations, such as NCT04567123, as evidence that a product works.",
        "The NCT04567123 number in the advert is only a registration, and it proves nothing about results.",
    ],
)
def test_a_registration_quoted_or_reported_critically_is_not_offered_as_proof(linter, sentence):
    text = f"# What we found\n\n{sentence}\n"
    assert not found(text, linter, REGISTRATION)
    offered = "# Clinic\n\nOur knee protocol is proven to work (NCT04567123).\n"
    assert found(offered, linter, REGISTRATION)


def test_an_advert_quoted_whole_on_a_careful_page_is_not_judged_as_its_own(shipped_linter):
    text = (
        "# How to read a clinic's citations\n\n"
        "Readers sent us adverts; we quote one so that you can recognise the pattern.\n\n"
        "> \u201cOur disc protocol is clinically proven to regrow worn discs (NCT04567123).\u201d\n\n"
        "The number leads to a registry entry for a study that had not enrolled anyone. A registration "
        "shows that a study was planned; it does not report results. Ask your doctor for published trials, "
        "and be wary of any clinic that cannot show them.\n"
    )
    assert not found(text, shipped_linter, REGISTRATION)


def test_origins_values_need_not_be_terms_but_the_key_must(tmp_path):
    good = tmp_path / "good.yml"
    good.write_text("lexicon: conditions\ncategories:\n  a: [long COVID]\norigins:\n  long COVID: [a virus]\n")
    assert load_lexicon(good).relations["origins"] == {"long COVID": ("a virus",)}
    bad = tmp_path / "bad.yml"
    bad.write_text("lexicon: conditions\ncategories:\n  a: [long COVID]\norigins:\n  post-viral syndrome: [a virus]\n")
    with pytest.raises(RuleError, match="post-viral syndrome"):
        load_lexicon(bad)


# ---------------------------------------------------------------- careful writers' citations and evidence talk (issue 17)
APPEAL = "evidence/uncited-appeal"
UNRESOLVED = "reference/unresolved-citation"
ESTABLISHMENT = "evidence/establishment-claim"


@pytest.mark.parametrize(
    "text",
    [
        # an author-year citation carrying its own identifier
        "Marrow injections eased knee pain no more than saline did (Abara et al., 2022, doi:10.5555/knee.2022.10).",
        # a product and the year it was approved, on a page with no list
        "Remestemcel-L (Ryoncil, 2024) is approved for one kind of graft-versus-host disease in children.",
        # narrative authors and year, on a page with no list
        "Tran and Holt (2019) counted several hundred businesses selling such injections.",
    ],
)
def test_author_year_forms_that_stand_alone_are_no_broken_marker(text, linter):
    assert not found(text, linter, UNRESOLVED)


def test_an_author_year_citation_with_no_entry_on_a_page_with_a_list_still_points_nowhere(linter):
    text = "Cells may ease pain (Smith et al., 2019).\n\nReferences\n\n1. Lee A. A knee trial. Knee. 2021;9:1-9. PMID: 31234567"
    assert found(text, linter, UNRESOLVED)


@pytest.mark.parametrize(
    "page",
    [
        # a numbered section heading, as policies and papers number them
        "Small trials found less pain [1].\n\nIII. REFERENCES\n\n1. Lee A, et al. A knee trial. Knee. 2021;9:1-9.\n",
        # a letter that ends with its numbered sources and no heading
        "We write about knee injections.\n\nThe largest blinded trial found a small difference [1].\n\nDr A. Writer, Town.\n\n"
        "1. Lee A, et al. Cells versus saline for knee pain. Knee Res. 2024;51:780-789.\n",
        # a list that says it is a selection
        "Fourteen reports were found [1-14]. One used a placebo [3].\n\nREFERENCES (selected)\n\n"
        "3. Han S, et al. A placebo-controlled trial. Skin Res. 2024;19:88-97. doi:10.5555/sr.2024.0088\n",
        # superscript footnotes under a rule, with no heading, soft-wrapped into one paragraph,
        # one ending in a DOI, one a registry listing and one a news release with only a date
        "The product is approved for one use in children.\u00b9 In its main study about a third responded.\u00b2\n\n"
        "Results elsewhere are unknown.\u00b3\n\n---\n\n"
        "\u00b9 Health Agency. Approval of a cell therapy. News release, March 3, 2025.\n"
        "\u00b2 Ortiz P, et al. A single-arm study in children. Blood Cell Res. 2023;4:1-9. doi:10.5555/bcr.4\n"
        "\u00b3 Registry listing of the adult study. ISRCTN12345678.\n",
        # an assessment's list of included studies, each named as the prose cites it
        "A trial found no difference from saline (Study 1). A review found a small benefit (Study 2).\n\n"
        "5. Included and cited studies\n\n"
        "Study 1. Lee A, et al. Injections versus saline for knee pain. Knee Res. 2021;5:1-9.\n"
        "Study 2. Ode B, Kim C. A review of injections for knee pain. Knee Rev. 2022;3:10-19.\n",
    ],
)
def test_lists_headed_numbered_partial_or_unheaded_resolve_their_markers(page, linter):
    assert not found(page, linter, UNRESOLVED, path="page.txt")


def test_a_source_line_run_into_the_paragraph_cites_it(linter):
    text = "A small trial found that cord cells eased knee pain.\nSource: Lee A, Park J. Cells in knee pain. Knee. 2021;9:1-9."
    assert not found(text, linter, APPEAL)


@pytest.mark.parametrize(
    "sentence",
    [
        # null, mixed and limited results
        "A trial found that the injections did not improve pain more than saline.",
        "Data from the trial show that the infusions were no better than placebo.",
        "Evidence for PRP in tennis elbow is mixed: some trials report less pain, while others find no clear difference.",
        "Some trials report less pain at six months, but the studies were small and not randomised.",
        # evidence denied across a list of grading words
        "There are no large, controlled trials showing that the injections repair discs.",
        "No treatment of any kind, cell-based or otherwise, has been shown to stop the disease.",
        # a condition or a forecast
        "If good trials show that a treatment works, we will consider offering it.",
        # harms reported
        "Serious infections have been reported after these injections.",
        # the source named: a journal, named authors and a year, the study behind an approval
        "A small trial published in The Lancet in 2021 found that the cells eased knee pain.",
        "As Lee and colleagues reported in 2021, the cells eased pain in some patients.",
        "In the study that supported its approval, most treated wounds healed.",
        # checked tools and standard care
        "Patients filled in validated questionnaires at each visit.",
        "Bone marrow transplants are an established treatment for leukaemia.",
    ],
)
def test_careful_talk_about_evidence_is_no_uncited_appeal(sentence, linter):
    assert not found(sentence, linter, APPEAL)


@pytest.mark.parametrize(
    "sentence",
    [
        "Research shows our injections rebuild cartilage.",
        "Studies show our injections rebuild cartilage, though results vary.",
        "Research shows that patients no longer need knee surgery after our injections.",
        "Our results were published in our own Science Journal, which shows the cells work.",
    ],
)
def test_bare_appeals_are_still_flagged(sentence, linter):
    assert found(sentence, linter, APPEAL)


def test_proven_with_no_study_named_is_an_establishment_claim_not_an_appeal(linter):
    text = "A proven alternative to knee surgery."
    assert found(text, linter, ESTABLISHMENT)
    assert not found(text, linter, APPEAL)
