"""Off-target citations by condition (evidence/off-target-citation, nlp/conditions.py).

A cited study fits a claim when one disease it names is the claim's disease under any
name, a broader or narrower form of it, or a class holding it; the relations are the
`conditions` lexicon's tables (rules/lexicons/conditions.yml).  Every text here was
written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.api import check_paths, check_text
from claimcheck.errors import RuleError
from claimcheck.evaluation.gold import discover
from claimcheck.nlp.bibliography import make_entry
from claimcheck.nlp.conditions import Condition, ConditionNames, condition_names, normalize
from claimcheck.nlp.lexicons import load_lexicon, load_lexicons
from claimcheck.nlp.study_designs import classify, condition_match

ROOT = Path(__file__).resolve().parent.parent
RULE = "evidence/off-target-citation"
REFS = "\n\nReferences\n\n"


def fits(claimed: tuple[str, str], studied: tuple[str, str]) -> bool:
    return condition_names().fits(Condition(*claimed), Condition(*studied))


# ---------------------------------------------------------------- matching two names


@pytest.mark.parametrize(
    ("claimed", "studied"),
    [
        # the same disease, written differently
        (("Parkinson's disease", "neurological"), ("Parkinson\u2019s Disease", "neurological")),
        (("Parkinsons", "neurological"), ("Parkinson disease", "neurological")),
        (("Sjogren's syndrome", "autoimmune"), ("Sj\u00f6gren's syndrome", "autoimmune")),
        # synonyms and abbreviations (the `synonyms` table)
        (("MS", "neurological"), ("multiple sclerosis", "neurological")),
        (("ALS", "neurological"), ("Lou Gehrig's disease", "neurological")),
        (("OA", "orthopedic"), ("osteoarthritis", "orthopedic")),
        (("RA", "autoimmune"), ("rheumatoid arthritis", "autoimmune")),
        (("COPD", "pulmonary"), ("chronic obstructive pulmonary disease", "pulmonary")),
        (("SCI", "neurological"), ("spinal cord injury", "neurological")),
        (("T1D", "autoimmune"), ("type 1 diabetes", "autoimmune")),
        # broader and narrower forms, by words and by the `broader` table, either way round
        (("knee osteoarthritis", "orthopedic"), ("osteoarthritis", "orthopedic")),
        (("osteoarthritis", "orthopedic"), ("knee osteoarthritis", "orthopedic")),
        (("MS", "neurological"), ("relapsing-remitting multiple sclerosis", "neurological")),
        (("diabetes", "metabolic"), ("type 2 diabetes", "metabolic")),
        (("arthritis", "orthopedic"), ("knee osteoarthritis", "orthopedic")),
        (("emphysema", "pulmonary"), ("COPD", "pulmonary")),
        (("Alzheimer's", "neurological"), ("dementia", "neurological")),
        # spellings and names study titles use (`synonyms`, `in_titles`)
        (("celiac disease", "autoimmune"), ("coeliac disease", "autoimmune")),
        (("receding hairline", "aging"), ("pattern hair loss", "aging")),
        (("male pattern baldness", "aging"), ("androgenetic alopecia", "aging")),
        (("weak heart", "cardiovascular"), ("heart failure with reduced ejection fraction", "cardiovascular")),
        (("pulmonary fibrosis", "pulmonary"), ("interstitial lung disease", "pulmonary")),
        # a class, not a disease (the `classes` table)
        (("lupus", "autoimmune"), ("autoimmune diseases", "autoimmune")),
        (("multiple sclerosis", "neurological"), ("autoimmune disorders", "autoimmune")),
        (("Parkinson's disease", "neurological"), ("neurological disorders", "neurological")),
        (("knee pain", "orthopedic"), ("knee osteoarthritis", "orthopedic")),
        # lay names (issue 14, citations/73-84)
        (("weak heart", "cardiovascular"), ("chronic heart failure", "cardiovascular")),
        (("fluid on the lungs", "cardiovascular"), ("heart failure", "cardiovascular")),
        (("scarred lungs", "pulmonary"), ("idiopathic pulmonary fibrosis", "pulmonary")),
        (("worn hips", "orthopedic"), ("hip osteoarthritis", "orthopedic")),
        (("gum disease", "dental"), ("periodontitis", "dental")),
        (("pattern hair loss", "aging"), ("androgenetic alopecia", "aging")),
        (("hot flushes", "metabolic"), ("menopause symptoms", "metabolic")),
        # the lexicon matches lemmas: copy's inflection of a term is that term
        (("hair thinned", "aging"), ("pattern hair loss", "aging")),
        (("scarring lungs", "pulmonary"), ("pulmonary fibrosis", "pulmonary")),
    ],
)
def test_the_same_disease_a_form_of_it_or_its_class_fits(claimed, studied):
    assert fits(claimed, studied)
    assert fits(studied, claimed)


@pytest.mark.parametrize(
    ("claimed", "studied"),
    [
        # another disease of the same area: what comparing areas let through
        (("multiple sclerosis", "neurological"), ("Parkinson's disease", "neurological")),
        (("cerebral palsy", "neurological"), ("stroke", "neurological")),
        (("COPD", "pulmonary"), ("pulmonary fibrosis", "pulmonary")),
        # siblings: both forms of one disease, not of each other
        (("type 1 diabetes", "autoimmune"), ("type 2 diabetes", "metabolic")),
        (("rheumatoid arthritis", "autoimmune"), ("psoriatic arthritis", "autoimmune")),
        # words that contain another name without being a form of it (the `distinct` table)
        (("non-Hodgkin lymphoma", "hematologic"), ("Hodgkin lymphoma", "hematologic")),
        # a class does not hold a disease of another area, nor another class
        (("knee osteoarthritis", "orthopedic"), ("autoimmune diseases", "autoimmune")),
        (("autoimmune disease", "autoimmune"), ("neurological disorder", "neurological")),
        (("dementia", "neurological"), ("Parkinson's disease", "neurological")),
        (("weak heart", "cardiovascular"), ("acute myocardial infarction", "cardiovascular")),
        (("fluid on the lungs", "cardiovascular"), ("idiopathic pulmonary fibrosis", "pulmonary")),
        (("worn hips", "orthopedic"), ("knee osteoarthritis", "orthopedic")),
        (("gum disease", "dental"), ("cleft lip and palate", "dental")),
        (("postpartum hair loss", "aging"), ("androgenetic alopecia", "aging")),
        (("melasma", "aging"), ("acne scars", "aging")),
        # nerve damage, hair loss and incontinence by cause: forms of one kind, not of each other
        (("diabetic neuropathy", "metabolic"), ("chemotherapy-induced peripheral neuropathy", "neurological")),
        (("pattern baldness", "aging"), ("chemotherapy-induced alopecia", "aging")),
        (("post-prostatectomy incontinence", "urological"), ("stress urinary incontinence", "urological")),
        (("cerebral palsy", "neurological"), ("hypoxic-ischaemic encephalopathy", "neurological")),
        (("autism", "developmental_psychiatric"), ("fragile X syndrome", "neurological")),
        (("coeliac disease", "autoimmune"), ("inflammatory bowel disease", "autoimmune")),
        (("bronchiectasis", "pulmonary"), ("cystic fibrosis", "pulmonary")),
        (("knee osteoarthritis", "orthopedic"), ("osteochondritis dissecans", "orthopedic")),
        (("angina", "cardiovascular"), ("heart failure with preserved ejection fraction", "cardiovascular")),
        (("acne scars", "aging"), ("hypertrophic burn scars", "aging")),
    ],
)
def test_another_disease_does_not_fit(claimed, studied):
    assert not fits(claimed, studied)
    assert not fits(studied, claimed)


def test_names_are_compared_without_case_possessives_hyphens_or_plurals():
    assert normalize("Parkinson\u2019s") == normalize("Parkinsons") == normalize("parkinson's")
    assert normalize("Graft-versus-host diseases") == normalize("graft versus host disease")
    assert normalize("type 1 diabetes") != normalize("type 2 diabetes")


def test_inventory_condition_match_uses_the_disease_not_the_area():
    def design(entry: str):
        return classify(make_entry(0, 0, len(entry), entry, ("1",), (), ()))

    parkinsons = design("Lee K. Cells in Parkinson's disease: a randomized controlled trial. Mov J. 2020;3:1-9. doi:10.5555/m.2")
    als = design("Ito E. Stem cells in Lou Gehrig's disease: a phase 2 trial. Neuro Q. 2021;5:1-9. doi:10.5555/e.5")
    assert condition_match([("multiple sclerosis", "neurological")], [parkinsons]) == "no"
    assert condition_match([("ALS", "neurological")], [parkinsons, als]) == "yes"
    assert condition_match([("pain", "symptom")], [als]) == ""


def test_a_disease_named_only_in_the_journal_is_not_what_the_study_is_about():
    entry = "Ito E. MSCs in type 2 diabetes: a randomized controlled trial. Diabetes Res. 2021;5:1-9. doi:10.5555/e.5"
    found = classify(make_entry(0, 0, len(entry), entry, ("1",), (), ()))
    assert [condition.text for condition in found.diseases] == ["type 2 diabetes"]
    # no journal to tell apart: "Authors. Title. Year."
    short = "Smith J. Stem cells in diabetes. 2020."
    assert [c.text for c in classify(make_entry(0, 0, len(short), short, ("1",), (), ())).diseases] == ["diabetes"]


# ---------------------------------------------------------------- the tables are data the loader checks


def _lexicon_file(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "conditions.yml"
    path.write_text(
        "lexicon: conditions\ncategories:\n  neurological: [multiple sclerosis, MS, disseminated sclerosis, stroke]\n"
        "  autoimmune: [lupus, autoimmune disease]\n" + body,
        encoding="utf-8",
    )
    return path


def test_the_loader_reads_the_relation_tables(tmp_path):
    path = _lexicon_file(
        tmp_path / "a",
        "synonyms:\n  multiple sclerosis: [MS, disseminated sclerosis]\n"
        "classes:\n  autoimmune disease: [autoimmune, multiple sclerosis]\n",
    )
    lexicon = load_lexicon(path)
    assert lexicon.relations["synonyms"]["multiple sclerosis"] == ("MS", "disseminated sclerosis")
    names = ConditionNames(lexicon)
    assert names.fits(Condition("disseminated sclerosis", "neurological"), Condition("MS", "neurological"))
    assert names.fits(Condition("MS", "neurological"), Condition("autoimmune diseases", "autoimmune"))
    assert not names.fits(Condition("stroke", "neurological"), Condition("autoimmune disease", "autoimmune"))


def test_a_reviewer_extends_the_tables_from_another_folder(tmp_path):
    _lexicon_file(tmp_path / "a", "synonyms:\n  multiple sclerosis: [MS]\n")
    _lexicon_file(tmp_path / "b", "synonyms:\n  multiple sclerosis: [disseminated sclerosis]\n")
    merged = load_lexicons([tmp_path / "a", tmp_path / "b"])["conditions"]
    assert merged.relations["synonyms"]["multiple sclerosis"] == ("MS", "disseminated sclerosis")


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("synonyms:\n  multiple sclerosis: [M.S.]\n", "'M.S.'"),
        ("broader:\n  lupus: [autoimune disease]\n", "'autoimune disease'"),
        ("synonyms:\n  multiple sclerosis: [MS]\n  stroke: [MS]\n", "both"),
        ("synonyms:\n  multiple sclerosis: MS\n", "list"),
        ("classes:\n  autoimmune disease: [rheumatic]\n", "'rheumatic'"),
        ("related:\n  lupus: [stroke]\n", "unknown key"),
    ],
)
def test_a_misspelt_or_misshapen_table_is_an_error_naming_it(tmp_path, body, says):
    path = _lexicon_file(tmp_path, body)
    with pytest.raises(RuleError, match=None) as raised:
        load_lexicon(path)
    assert says in str(raised.value) and str(path) in str(raised.value)


def test_the_built_in_tables_load():
    relations = load_lexicon(ROOT / "rules" / "lexicons" / "conditions.yml").relations
    assert {"synonyms", "broader", "distinct", "classes"} <= set(relations)


# ---------------------------------------------------------------- the rule


def off_target(text: str, linter) -> list[str]:
    return [
        finding.message
        for found in check_text(text, path="page.md", linter=linter)
        for finding in found.expanded()
        if finding.rule == RULE
    ]


def _page(claim: str, entry: str) -> str:
    return claim + REFS + entry


def test_another_disease_of_the_same_area_is_off_target_and_both_are_named(linter):
    text = _page(
        "Our cells reverse multiple sclerosis [2].",
        "2. Lee K, et al. Autologous cells in Parkinson's disease: a randomized controlled trial. Mov J. 2020;3:1-9. "
        "doi:10.5555/m.2",
    )
    (message,) = off_target(text, linter)
    assert "multiple sclerosis" in message and "[2] studies Parkinson's disease" in message


def test_type_1_is_not_type_2_diabetes(linter):
    text = _page(
        "Our infusions restore insulin production in type 1 diabetes [1].",
        "1. Ito E. MSCs in type 2 diabetes: a randomized controlled trial. Diabetes Res. 2021;5:1-9. doi:10.5555/e.5",
    )
    (message,) = off_target(text, linter)
    assert "type 1 diabetes" in message and "type 2 diabetes" in message


@pytest.mark.parametrize(
    ("claim", "entry"),
    [
        (  # synonym
            "Our cells slow ALS [1].",
            "1. Ito E. Stem cells in Lou Gehrig's disease: a randomised controlled trial. Neuro Q. 2021;5:1-9. doi:10.5555/e.5",
        ),
        (  # abbreviation in the claim, full name in the title
            "Our cells stop MS relapses [1].",
            "1. Ito E. Cells in relapsing multiple sclerosis: a randomised trial. Neuro Q. 2021;5:1-9. doi:10.5555/e.5",
        ),
        (  # broader form
            "Our injections rebuild cartilage in knee osteoarthritis [1].",
            "1. Ito E. MSCs in osteoarthritis: a randomized controlled trial. Knee Q. 2021;5:1-9. doi:10.5555/e.5",
        ),
        (  # a review of the class
            "Our cells calm lupus [1].",
            "1. Lee K. Mesenchymal cells in autoimmune diseases: a systematic review. Immun Rev. 2020;3:1-9. doi:10.5555/m.2",
        ),
        (  # several diseases, one of them the claim's
            "Our cells slow ALS [1].",
            "1. Ito E. Stem cells in stroke, amyotrophic lateral sclerosis and spinal cord injury: a review. Neuro Q. "
            "2021;5:1-9. doi:10.5555/e.5",
        ),
    ],
)
def test_a_matching_source_is_not_off_target(claim, entry, linter):
    assert off_target(_page(claim, entry), linter) == []


@pytest.mark.parametrize(
    ("claim", "entry"),
    [
        (  # abbreviations only study titles use
            "Our injections ease the burning pain of diabetic neuropathy [1].",
            "1. Ito E. Muscle injections of fat cells in painful DPN: a randomised trial. Nerve Q. 2021;5:1-9. doi:10.5555/e.5",
        ),
        (
            "Scarred lungs breathe more freely after six sessions [1].",
            "1. Ito E. Nebulised vesicles in fibrotic ILD: a randomised pilot trial. Lung Q. 2021;5:1-9. doi:10.5555/e.5",
        ),
        (
            "Receding hairlines fill back in after four sessions [1].",
            "1. Ito E. Topical exosomes in men with AGA: a randomised trial. Hair Q. 2021;5:1-9. doi:10.5555/e.5",
        ),
        (
            "Worn knees hurt less for a year [1].",
            "1. Ito E. Cord cells versus hyaluronic acid in gonarthrosis: a randomised trial. Knee Q. 2021;5:1-9. "
            "doi:10.5555/e.5",
        ),
    ],
)
def test_a_source_naming_the_claim_s_disease_as_titles_do_is_not_off_target(claim, entry, linter):
    assert off_target(_page(claim, entry), linter) == []


@pytest.mark.parametrize(
    ("claim", "entry", "studied"),
    [
        (
            "Cell therapy regrows the damaged nerves of diabetic neuropathy [1].",
            "1. Ito E. Fat cells for CIPN after breast cancer: a randomised trial. Onc Q. 2021;5:1-9. doi:10.5555/e.5",
            "CIPN",
        ),
        (
            "Children with cerebral palsy walk sooner after one course of cells [1].",
            "1. Ito E. Cord blood in newborns with moderate HIE: a randomised trial. Neo Q. 2021;5:1-9. doi:10.5555/e.5",
            "HIE",
        ),
        (
            "People with coeliac disease eat bread again after two infusions [1].",
            "1. Ito E. Cell therapies in inflammatory bowel disease: a narrative review. Gut Q. 2022;5:1-9. doi:10.5555/e.5",
            "inflammatory bowel disease",
        ),
    ],
)
def test_a_source_on_another_form_or_disease_named_as_titles_do_is_off_target(claim, entry, studied, linter):
    (message,) = off_target(_page(claim, entry), linter)
    assert f"[1] studies {studied}" in message


def test_the_population_is_still_checked(linter):
    text = _page(
        "Children with cerebral palsy walk sooner after our infusions [4].",
        "4. Brandt H, et al. Autologous blood stem cells in adults with cerebral palsy: an open-label study. Neuro Q. "
        "2021;4:88-95. doi:10.5555/sr.4",
    )
    (message,) = off_target(text, linter)
    assert "cerebral palsy in children" in message and "[4] studies adults" in message


def test_a_source_naming_no_disease_is_not_judged(linter):
    text = _page(
        "Our cells reverse multiple sclerosis [1].",
        "1. Lee K. Mesenchymal cells and immune signalling: a randomized trial. Cell J. 2020;3:1-9. doi:10.5555/m.2",
    )
    assert off_target(text, linter) == []


# ---------------------------------------------------------------- the dev corpus


def test_every_dev_off_target_label_is_found_and_nothing_else(linter):
    """No currently correct off-target finding on dev is lost, and none lands elsewhere
    (`corpus/citations`, written to find the rule's gaps, is measured by `claimcheck eval`)."""
    documents = discover(ROOT / "corpus", "dev")
    wanted: set[tuple[str, int]] = set()
    for document in documents:
        raw = document.path.read_text(encoding="utf-8")
        for label in document.labels:
            if "off_target_citation" in label.categories and not label.supported:
                wanted.add((document.path.name, raw.count("\n", 0, label.start) + 1))
    report = check_paths([str(document.path) for document in documents], linter=linter, jobs=1)
    found = {
        (Path(finding.path).name, finding.line)
        for reported in report.findings
        for finding in reported.expanded()
        if finding.rule == RULE
    }
    assert len(wanted) >= 8
    assert found == wanted


def test_wet_and_dry_macular_degeneration_are_two_diseases_of_one_class():
    from claimcheck.nlp.conditions import Condition, condition_names

    names = condition_names()
    assert not names.fits(Condition("dry AMD", "ophthalmic"), Condition("wet age-related macular degeneration", "ophthalmic"))
    assert names.fits(Condition("wet AMD", "ophthalmic"), Condition("age-related macular degeneration", "ophthalmic"))
    assert names.fits(Condition("geographic atrophy", "ophthalmic"), Condition("dry macular degeneration", "ophthalmic"))


def test_the_conditions_lexicon_is_parsed_once_for_designs_and_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimcheck.nlp import conditions, lexicons, study_designs

    parsed: list[str] = []
    real = lexicons.load_lexicon

    def counting(path: Path):  # type: ignore[no-untyped-def]
        parsed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(lexicons, "load_lexicon", counting)
    lexicons.clear_builtin_lexicons()
    try:
        designs, titles = study_designs.patterns.__wrapped__()
        names = conditions.condition_names.__wrapped__()
    finally:
        lexicons.clear_builtin_lexicons()
    assert sorted(parsed) == ["conditions.yml", "designs.yml"]
    assert designs["animal"].search("in a mouse model") and titles
    assert names.fits(Condition("knee osteoarthritis", "musculoskeletal"), Condition("osteoarthritis", "musculoskeletal"))


# ---------------------------------------------------------------- links to unknown sites


def _fit_findings(text: str, linter) -> dict[str, str]:
    return {
        finding.rule: finding.message
        for found in check_text(text, path="page.md", linter=linter)
        for finding in found.expanded()
        if finding.rule.startswith(("evidence/", "efficacy/"))
    }


def test_a_link_to_an_unknown_site_is_judged_by_what_the_copy_says_of_it(linter):
    text = (
        "# Back pain\n\nOur cord cell injections end low back pain within three months, as a 2021 randomized trial "
        "in knee osteoarthritis showed (journals.example/knee-oa-2021).\n"
    )
    found = _fit_findings(text, linter)
    assert "knee osteoarthritis" in found[RULE]
    # the sentence names its source (one trial, described and linked): no appeal to unnamed
    # studies (ANNOTATION B41), though the link substantiates nothing and the fit rule judges it
    assert "evidence/uncited-appeal" not in found
    # "studies show" with a link names no study: still an appeal a reader cannot check
    vague = "# Back pain\n\nStudies show our cord cell injections end low back pain (journals.example/back-2021).\n"
    assert "evidence/uncited-appeal" in _fit_findings(vague, linter)


def test_an_animal_study_behind_a_link_is_weak_support_even_when_its_address_names_the_animal(linter):
    text = (
        "# Back pain\n\nOur cord cell injections rebuild worn discs and end back pain, as a 2019 study in 24 rabbits "
        "found (https://spine-lab.example/rabbit-disc).\n"
    )
    assert "animal" in _fit_findings(text, linter)["evidence/weak-support"]


def test_an_undescribed_link_to_an_unknown_site_is_not_judged(linter):
    text = "# Back pain\n\nOur cord cell injections end low back pain within three months (clinic.example/blog/backs).\n"
    found = _fit_findings(text, linter)
    assert RULE not in found and "evidence/weak-support" not in found


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (
            "# Back pain\n\nOur cord cell injections end low back pain within three months, according to "
            "[a 2021 randomized trial in knee osteoarthritis](https://journals.example/knee).\n",
            "page.md",
        ),
        (
            "<html><body><h1>Back pain</h1><p>Our cord cell injections end low back pain within three months, as "
            "<a href='https://journals.example/knee'>a 2021 randomized trial in knee osteoarthritis</a> showed.</p>"
            "</body></html>",
            "page.html",
        ),
    ],
)
def test_a_link_whose_words_describe_the_study_is_read_from_them(text, path, linter):
    found = [
        finding.message
        for item in check_text(text, path=path, linter=linter)
        for finding in item.expanded()
        if finding.rule == RULE
    ]
    assert len(found) == 1 and "knee osteoarthritis" in found[0]
