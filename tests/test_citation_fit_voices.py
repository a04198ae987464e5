"""Citation fit on copy written in a seventh voice (issue 14; corpus/citations/111-122,
ANNOTATION B42).

Each test holds a shape the fit rules missed or misread before: the journal between the
authors and the year ("(Ibarra et al., Eur J Heart Fail, 2021)"), lettered notes ("[a]"),
a "Source:" line under a paragraph, diseases that look alike but are two (multiple system
atrophy and Parkinson's disease) or one under a Latin or clinical name (keratoconjunctivitis
sicca and dry eye), "non-" in a study title, an organ "damaged by" a disease, an older
adult's age against a trial's age range, young animals on a study of old ones, a relative
clause's own "they", and a careful page pointing out a misfit itself.  Every text here was
written for these tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimcheck.nlp.citations import find_marks
from claimcheck.nlp.conditions import Condition, condition_names
from claimcheck.sources.base import editorial_pieces

ROOT = Path(__file__).resolve().parent.parent
# The same finders as the earlier citation-style tests: one definition serves both files.
from tests.test_citation_styles import OFF_TARGET, WEAK, found, read  # noqa: E402

# ---------------------------------------------------------------- how the page cites


def test_an_author_year_citation_may_name_the_journal_between_authors_and_year():
    marks = find_marks("Steady rhythm after one infusion (Ibarra et al., Eur J Heart Fail, 2021).")
    assert [(mark.kind, mark.labels) for mark in marks] == [("author_year", ("ibarra 2021",))]
    marks = find_marks("Patients climb stairs (Rocha and Lim, Cardiol Regen, 2020).")
    assert [mark.labels for mark in marks] == [("rocha 2020",)]
    # a place and a year is not a citation: the journal form needs "et al." or two authors
    assert find_marks("We first met them (Boston, Mass., 2019).") == []


def test_an_inline_author_journal_year_citation_is_judged_against_its_list_entry(linter):
    text = (
        "# Heart rhythm\n\n"
        "Patients with atrial fibrillation keep a steady rhythm (Ibarra et al., Eur J Heart Fail, 2021).\n\n"
        "## Further reading\n\n"
        "Ibarra C, Nolan D. Intracoronary marrow cells in chronic heart failure: a randomised trial. "
        "Eur J Heart Fail. 2021;23:845-856.\n"
    )
    assert found(text, linter, OFF_TARGET) == [
        "The claim is about atrial fibrillation, but its citation is about something else: (Ibarra 2021) studies heart failure."
    ]


LETTERED = (
    "Knees\n"
    "Grandparents in their eighties walk the mall without a cane [a].\n\n"
    "Notes\n"
    "a. Feld R, Amadi C. Cord cells in adults aged 40 to 65 with knee osteoarthritis: a randomised trial. "
    "Joint Regen. 2021;6:20-31.\n"
    "b. Blum T. Cord cells in frail adults aged 70 to 90: a randomised trial. Geriatr Cell Res. 2023;2:33-44.\n"
)


def test_a_lettered_note_is_a_citation_and_an_age_outside_the_trials_range_is_off_target(linter):
    assert found(LETTERED, linter, OFF_TARGET, path="mailer.txt") == [
        "The claim is about older adults, but its citation is about something else: [a] studies adults aged 40 to 65."
    ]
    # the same claim on the trial of adults aged 70 to 90 fits
    assert found(LETTERED.replace("cane [a]", "cane [b]"), linter, OFF_TARGET, path="mailer.txt") == []


def test_a_lone_letter_in_brackets_is_a_note_only_where_the_page_has_lettered_notes():
    assert [mark.kind for mark in find_marks(LETTERED)] == ["lettered"]
    assert find_marks("Grandparents walk without a cane [a].\n\nCall us today.") == []
    # an editor's bracket inside a word or before one is still a restored word
    assert "".join(piece for piece, _, _ in editorial_pieces("[w]e offer [a] free talk.")) == "we offer a free talk."
    assert "".join(piece for piece, _, _ in editorial_pieces("without a cane [a].")) == "without a cane [a]."


SOURCE_LINES = (
    "SARCOIDOSIS\n"
    "The granulomas of lung sarcoidosis shrink and the cough settles.\n"
    "Source: Varga T, Oduya N. Inhaled cord cells in idiopathic pulmonary fibrosis: a randomised trial. "
    "Resp Cell Ther. 2021;5:44-53.\n\n"
    "EMPHYSEMA\n"
    "People with emphysema walk twice as far before they need to stop.\n"
    "Source: Reinholt K. Intravenous cells in alpha-1 antitrypsin deficiency emphysema: a randomised trial. "
    "Pulm Regen. 2022;8:300-311.\n"
)


def test_a_source_line_under_a_paragraph_is_that_paragraphs_citation(linter):
    messages = found(SOURCE_LINES, linter, OFF_TARGET, path="lungs.txt")
    assert messages == [
        "The claim is about sarcoidosis, but its citation is about something else: "
        "[varga 2021] studies idiopathic pulmonary fibrosis."
    ]


def test_a_source_line_with_nothing_bibliographic_supports_nothing(linter):
    text = SOURCE_LINES.replace("Resp Cell Ther. 2021;5:44-53.", "our own patient survey")
    text = text.replace(
        "Source: Varga T, Oduya N. Inhaled cord cells in idiopathic pulmonary fibrosis: a randomised trial. ", "Source: "
    )
    assert found(text, linter, OFF_TARGET, path="lungs.txt") == []


# ---------------------------------------------------------------- what the study is about


@pytest.mark.parametrize(
    ("claimed", "studied", "fits"),
    [
        ("Parkinson's disease", "multiple system atrophy", False),
        ("ALS", "spinal muscular atrophy", False),
        ("MS", "neuromyelitis optica spectrum disorder", False),
        ("Alzheimer's disease", "frontotemporal dementia", False),
        ("heart failure", "atrial fibrillation", False),
        ("vitiligo", "psoriasis", False),
        ("stretch marks", "acne scars", False),
        ("fatty liver", "alcohol-related hepatitis", False),
        ("kidney failure", "acute kidney injury", False),
        ("polycystic kidneys", "IgA nephropathy", False),
        ("thin uterine lining", "premature ovarian insufficiency", False),
        ("low sperm count", "azoospermia", False),
        ("Duchenne", "Becker muscular dystrophy", False),
        ("knee osteoarthritis", "ankle osteoarthritis", False),
        ("hip osteoarthritis", "greater trochanteric pain syndrome", False),
        # one disease under a Latin, eponymous or clinical name, or a narrower form of it
        ("dry eye", "keratoconjunctivitis sicca", True),
        ("eczema", "atopic dermatitis", True),
        ("Huntington's chorea", "Huntington's disease", True),
        ("tennis elbow", "lateral epicondylalgia", True),
        ("plantar fasciitis", "plantar fasciopathy", True),
        ("early menopause", "premature ovarian insufficiency", True),
        ("stroke", "intracerebral haemorrhage", True),
        ("heart failure", "Chagas cardiomyopathy", True),
    ],
)
def test_diseases_that_look_alike_are_two_and_other_names_are_one(claimed, studied, fits):
    names = condition_names()
    assert names.fits(Condition(claimed, ""), Condition(studied, "")) is fits


@pytest.mark.parametrize(
    ("title", "diseases"),
    [
        (
            "Whelan M. Nebulised cells in non-cystic fibrosis bronchiectasis: a randomised trial. Airway Res. 2022;10:88-97.",
            ["bronchiectasis"],
        ),
        (
            "Farrow K. Cells in the parkinsonian variant of multiple system atrophy (MSA-P): a trial. Mov Cell. 2021;6:1-9.",
            ["multiple system atrophy", "MSA"],
        ),
        ("Ng W. Cord cells in aquaporin-4 positive NMOSD: a randomised trial. Neuroimmunol Rep. 2020;11:77-86.", ["NMOSD"]),
        ("Park H. Intravitreal cells in LHON: an open-label trial. Optic Res. 2022;3:15-24.", ["LHON"]),
    ],
)
def test_study_titles_name_the_disease_by_abbreviation_and_not_after_non(title, diseases):
    assert [condition.text for condition in read(title).diseases] == diseases


def test_an_organ_damaged_by_a_disease_is_the_complication(linter):
    text = (
        "## Diabetes\n\n"
        "Kidneys damaged by diabetes filter better after three infusions [1].\n\n"
        "## References\n\n"
        "1. Haddad S. Cord cells in DKD with albuminuria: a randomised trial. Kidney Cell Res. 2023;3:12-24.\n"
    )
    assert found(text, linter, OFF_TARGET) == []
    names = condition_names()
    sentence = "Kidneys damaged by diabetes filter better"
    spans = [(19, 27, "diabetes", "metabolic")]
    assert [words for _, _, words, _ in names.read_named(sentence, spans)] == ["diabetic kidney disease"]


# ---------------------------------------------------------------- whom the claim is about


def test_young_animals_on_a_study_of_old_ones_are_off_target_not_weak_support(linter):
    text = (
        "## Dogs\n\n"
        "Young Labradors with elbow dysplasia stop limping [1].\n\n"
        "## References\n\n"
        "1. Pike R. Intra-articular fat cells in dogs aged 8 to 12 with elbow dysplasia: a controlled study. "
        "Vet Orthop Cell. 2020;7:101-110.\n"
    )
    assert found(text, linter, WEAK) == []
    assert found(text, linter, OFF_TARGET) == [
        "The claim is about elbow dysplasia in dogs, but its citation is about something else: [1] studies dogs aged 8 to 12."
    ]


def test_they_after_a_relative_clause_is_the_sentences_own_subject(linter):
    text = (
        "## For women\n\n"
        "Ovaries that shut down in early menopause wake up again (Lindahl et al., 2021). "
        "Women who leak when they cough or laugh stay dry (Carvalho et al., 2022).\n\n"
        "## References\n\n"
        "Carvalho, M. (2022). Periurethral cells in women with stress urinary incontinence: A randomized trial. "
        "Pelvic Floor Cell Research, 4(2), 55-64.\n\n"
        "Lindahl, S. (2021). Intraovarian cells in premature ovarian insufficiency: A randomized trial. "
        "Reproductive Cell Therapy, 9(3), 140-151.\n"
    )
    assert found(text, linter, OFF_TARGET) == []


def test_a_page_pointing_out_a_misfit_itself_is_not_resting_on_it(linter):
    text = (
        "A clinic that cites the spondyloarthritis trial for rheumatoid arthritis is citing a study of another disease [1].\n\n"
        "## Sources\n\n"
        "1. Aalto K. Mesenchymal cells in active axial spondyloarthritis: a randomised trial. Spond Res. 2021;3:40-51.\n"
    )
    assert found(text, linter, OFF_TARGET) == []
    claim = text.replace(
        "A clinic that cites the spondyloarthritis trial for rheumatoid arthritis is citing a study of another disease",
        "Our cells calm rheumatoid arthritis",
    )
    assert len(found(claim, linter, OFF_TARGET)) == 1


def test_the_relation_tables_hold_no_name_twice():
    """A name given twice in one table keeps only its last list (YAML), silently dropping
    the first: "knee osteoarthritis" once lost "KOA" and "knee OA" that way."""
    text = (ROOT / "rules" / "lexicons" / "conditions.yml").read_text(encoding="utf-8")
    table, seen, twice = "", set(), []
    for line in text.splitlines():
        if re.match(r"^[a-z_]+:\s*$", line):
            table, seen = line[:-1], set()
            continue
        key = re.match(r"^  ([^#\s][^:]*?):\s*\[", line)
        if key and table:
            if key.group(1) in seen:
                twice.append(f"{table}: {key.group(1)}")
            seen.add(key.group(1))
    assert twice == []
    assert condition_names().key("KOA") == condition_names().key("knee osteoarthritis")


def test_an_older_adult_claim_with_no_age_is_not_judged_by_the_trials_age_range(linter):
    text = LETTERED.replace(
        "Grandparents in their eighties walk the mall without a cane [a].", "Seniors with knee arthritis walk farther [a]."
    )
    assert found(text, linter, OFF_TARGET, path="mailer.txt") == []


def test_a_complaint_put_down_to_age_is_off_target_on_a_trial_of_a_form_with_another_cause(linter):
    text = (
        "## Erectile dysfunction\n\n"
        "Men whose erections have faded with age get firm erections again [1]. "
        "After prostate surgery, erections come back within a year [1].\n\n"
        "## References\n\n"
        "1. Haldane J. Intracavernous cells for erectile dysfunction after radical prostatectomy: a randomised trial. "
        "J Sex Regen. 2019;7:20-31.\n"
    )
    messages = found(text, linter, OFF_TARGET)
    assert len(messages) == 1
    assert "post-prostatectomy erectile dysfunction, not the form that comes with age" in messages[0]


def test_a_trial_that_found_no_effect_is_reported_not_claimed(linter):
    """A careful page telling a negative trial rests no claim on it: the effect is denied."""
    reference = (
        "\n\n## References\n\n1. Roe A, Ng B. Cord blood infusion in adults with knee osteoarthritis: "
        "a randomized trial. Knee Q. 2020;4:1-9. doi:10.5555/knee.41\n"
    )
    denied = "In a randomised trial of 180 autistic children, a single cord blood infusion did not improve speech [1]."
    claimed = "In children with autism, a single cord blood infusion improves speech [1]."
    assert found(denied + reference, linter, OFF_TARGET) == []
    assert len(found(claimed + reference, linter, OFF_TARGET)) == 1
