"""Reference lists: markers resolve to entries across formats; broken, unused, unverifiable,
self and non-evidence references are reported; only substantiating citations make a
claim cited."""

from __future__ import annotations

import json
import re

import pytest

from claimcheck.api import build_linter, check_text
from claimcheck.config import Settings
from claimcheck.errors import ConfigError
from claimcheck.inventory import inventory
from claimcheck.nlp.claims import claims_of
from claimcheck.nlp.references import references_of
from claimcheck.sources import format_for_path, parse_source

from .conftest import ROOT

ARTICLE = ROOT / "corpus" / "dev" / "09-referenced-article.html"
NOT_ASSERTED = {"negated", "question", "reported", "investigational"}
KNEE = "Lee A, et al. A knee trial. Knee. 2021;9:1-9. doi:10.1000/knee.4"


def analyse(linter, text: str, path: str):
    source = parse_source(text, path, format_for_path(path))
    return next(linter.analyse([source]))


def rules_at(findings, rule: str) -> list[str]:
    return [finding.text for finding in findings if finding.rule == rule]


def test_markdown_footnotes_resolve_by_label(linter):
    text = (
        "# Knee care\n\nMSC injections may reduce knee pain in some patients.[^lee] See also [^gone].\n\n"
        f"[^lee]: {KNEE}\n[^spare]: Park J, et al. A hip trial. Hip. 2020;3:4-9. doi:10.1000/hip.2\n"
    )
    _, doc = analyse(linter, text, "page.md")
    found = references_of(doc)
    assert [entry.labels[0] for entry in found.entries] == ["^lee", "^spare"]
    by_marker = {doc.text[item.mark.start : item.mark.end]: item for item in found.resolved}
    assert by_marker["[^lee]"].entries == (0,) and not by_marker["[^lee]"].missing
    assert by_marker["[^gone]"].missing == ("^gone",)
    claim = claims_of(doc)[0]
    assert claim.status == "cited"
    findings = check_text(text, path="page.md", linter=linter)
    assert rules_at(findings, "reference/unresolved-citation") == ["[^gone]"]
    assert rules_at(findings, "reference/unused-entry") == ["Park J, et al. A hip trial. Hip. 2020;3:4-9. doi:10.1000/hip.2"]


def test_html_sup_anchor_links_resolve_to_element_ids(linter):
    page = (
        '<p>MSC injections may reduce knee pain in some patients.<sup><a href="#ref3">1</a></sup></p>'
        '<p>Our injections repair cartilage.<sup><a href="#ref9">2</a></sup></p>'
        '<h2>References</h2><ol><li id="ref1">Unused. Smith J. Hips. Hip. 2019;1:1. PMID: 1234567</li>'
        f'<li id="ref3">{KNEE}</li></ol>'
    )
    source, doc = analyse(linter, page, "page.html")
    found = references_of(doc)
    resolved = {item.mark.labels[0]: item for item in found.resolved}
    assert resolved["#ref3"].entries == (1,)  # by id, not by the number shown
    assert resolved["#ref9"].missing == ("#ref9",)
    findings = linter.findings_for(source, doc)
    unresolved = [finding for finding in findings if finding.rule == "reference/unresolved-citation"]
    assert [(finding.text, page[finding.end_offset - 17 : finding.end_offset]) for finding in unresolved] == [
        ('Our injections repair cartilage.<sup><a href="#ref9">2', '<a href="#ref9">2')
    ]
    assert rules_at(findings, "reference/unused-entry") == ["Unused. Smith J. Hips. Hip. 2019;1:1. PMID: 1234567"]
    assert [claim.status for claim in claims_of(doc)] == ["cited", "bare"]


def test_html_bare_sup_numbers_resolve_to_list_positions(linter):
    page = (
        "<p>MSC injections may reduce knee pain in some patients.<sup>2</sup></p>"
        '<section class="references"><h2>Sources</h2><ol><li>Park J. Hips. Hip. 2020;3:4. doi:10.1000/hip.2</li>'
        f"<li>{KNEE}</li></ol></section>"
    )
    _, doc = analyse(linter, page, "page.html")
    item = references_of(doc).resolved[0]
    assert item.mark.kind == "sup" and item.entries == (1,)
    assert claims_of(doc)[0].status == "cited"


def test_numbered_text_list_lines_are_entries(linter):
    text = (
        "MSC injections may reduce knee pain in some patients [1]. They repair cartilage. [2]\n\n"
        f"References\n1. {KNEE}\n2. Patient testimonials, Regen Clinic. https://regen-clinic.example/testimonials\n"
        "[3] Smith J. Stem cells and the knee. Unpublished manuscript.\n"
    )
    _, doc = analyse(linter, text, "page.txt")
    found = references_of(doc)
    assert [(entry.labels[0], entry.quality) for entry in found.entries] == [
        ("1", "evidence"),
        ("2", "non_evidence"),
        ("3", "unverified"),
    ]
    statuses = [claim.status for claim in claims_of(doc)]
    assert statuses == ["cited", "bare"], "a testimonial must not make a claim cited"
    findings = check_text(text, path="page.txt", linter=linter)
    assert len(rules_at(findings, "reference/non-evidence-source")) == 1
    # Entry 3 cannot be looked up, but nothing cites it: it is reported as unused, not as
    # unverifiable (no sentence relies on it).
    assert rules_at(findings, "reference/no-identifier") == []
    assert rules_at(findings, "reference/unused-entry") == ["Smith J. Stem cells and the knee. Unpublished manuscript."]
    assert "efficacy/unsupported-claim" in {finding.rule for finding in findings}


def test_only_a_cited_entry_nobody_can_look_up_is_reported_unverifiable(linter):
    unverifiable = "Smith J. Stem cells and the knee. Unpublished manuscript."
    by_hand = "Park J, Ito E. A hip trial. Hip Res. 2020;3(1):4-9."
    text = (
        "Our injections regrow knee cartilage [1]. Hip pain may ease in some patients [2].\n\n"
        f"References\n\n1. {unverifiable}\n2. {by_hand}\n3. Doe K. Notes on knees. Undated.\n"
    )
    findings = check_text(text, path="page.md", linter=linter)
    # Cited and unverifiable: reported, and the claim citing it stays uncited (issue 14).
    assert rules_at(findings, "reference/no-identifier") == [unverifiable]
    assert "Our injections regrow knee cartilage [1]." in rules_at(findings, "efficacy/unsupported-claim")
    # A journal record is checkable by hand, and entry 3 supports no sentence.
    assert rules_at(findings, "reference/unused-entry") == ["Doe K. Notes on knees. Undated."]


def _sentences(doc) -> list[str]:
    return [sentence.text.strip() for sentence in doc.sents if sentence.text.strip()]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("Knee pain may ease [1].\n\n## References\n\n1. Lee A, Park J. A knee trial. Knee Res. 2021;9(2):1-9.\n", "page.md"),
        (
            '<p>Knee pain may ease.<sup><a href="#r1">1</a></sup></p><h2>Sources</h2>'
            '<ol><li id="r1">Lee A, Park J. A knee trial. Knee Res. 2021;9(2):1-9.</li></ol>',
            "page.html",
        ),
        ("Knee pain may ease [1].\n\nReferences\n[1] Lee A, Park J. A knee trial. Knee Res. 2021;9(2):1-9.\n", "page.txt"),
    ],
)
def test_a_reference_entry_is_one_sentence(linter, text, path):
    _, doc = analyse(linter, text, path)
    assert _sentences(doc)[-1].endswith("Lee A, Park J. A knee trial. Knee Res. 2021;9(2):1-9."), _sentences(doc)
    assert "Knee Res." not in _sentences(doc)


def test_a_footnote_that_reads_as_copy_keeps_its_sentences(linter):
    text = "Knee pain eases.[^1]\n\n[^1]: Our cells cure arthritis. Ask us today.\n"
    _, doc = analyse(linter, text, "page.md")
    assert _sentences(doc)[-2:] == ["Our cells cure arthritis.", "Ask us today."]


def test_author_year_citations_resolve_to_first_author_and_year(linter):
    text = (
        "MSC injections may reduce knee pain in some patients (Lee et al., 2021). "
        "Hip pain may ease too (Nobody & Else, 2018).\n\n## References\n\n"
        "- Lee A, Park J, et al. A knee trial. Knee. 2021;9:1-9. doi:10.1000/knee.4\n"
    )
    findings = check_text(text, path="page.md", linter=linter)
    assert rules_at(findings, "reference/unresolved-citation") == ["(Nobody & Else, 2018)"]


def test_a_marker_with_no_reference_list_does_not_substantiate(linter):
    text = "MSC injections repair knee cartilage [4]."
    _, doc = analyse(linter, text, "page.txt")
    assert claims_of(doc)[0].status == "bare"
    findings = check_text(text, linter=linter)
    assert rules_at(findings, "reference/unresolved-citation") == ["[4]"]
    assert "no reference list" in next(f.message for f in findings if f.rule == "reference/unresolved-citation")


def test_an_identifier_in_the_sentence_substantiates_on_its_own(linter):
    _, doc = analyse(linter, "MSC injections may reduce knee pain in some patients (NCT01234567).", "page.txt")
    assert claims_of(doc)[0].status == "cited"
    source = parse_source("MSC injections may reduce knee pain in some patients (NCT01234567).", "page.txt", "text")
    assert [record.evidence for record in inventory(linter, [source])] == ["trial"]
    _, doc = analyse(linter, "MSC injections may reduce knee pain in some patients (NCT0123456).", "page.txt")
    assert claims_of(doc)[0].status == "hedged", "a malformed trial id substantiates nothing"


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("The trial is NCT0123456.", "NCT0123456"),
        ("Indexed as PMID: 123456789.", "PMID: 123456789"),
        ("Free text at PMCID: 998877.", "PMCID: 998877"),
        ("Full text: doi: 10.12/abc", "doi: 10.12/abc"),
        ("Registered as ISRCTN123.", "ISRCTN123"),
    ],
)
def test_invalid_identifiers_are_reported_at_the_identifier(check, text, identifier):
    assert rules_at(check(text), "reference/invalid-identifier") == [identifier]


def test_valid_identifiers_are_not_reported(check):
    text = "See doi:10.1378/chest.12-2094, PMID: 23172272, PMC3589523, NCT02336230 and ISRCTN12345678."
    assert rules_at(check(text), "reference/invalid-identifier") == []


def test_self_reference_by_declared_publisher_domain():
    text = (
        "MSC injections may reduce knee pain in some patients [1].\n\n"
        "References\n\n1. Knee outcomes report 2024. https://www.regen-clinic.example/outcomes-2024\n"
    )
    plain = build_linter(Settings())
    own = build_linter(Settings(), publisher_domains=["regen-clinic.example"])
    assert "reference/self-reference" not in {finding.rule for finding in check_text(text, linter=plain)}
    findings = check_text(text, linter=own)
    # reported where the copy leans on it: the citing sentence (ANNOTATION, press releases and
    # white papers as sources)
    assert rules_at(findings, "reference/self-reference") == ["MSC injections may reduce knee pain in some patients [1]."]
    _, doc = analyse(own, text, "page.txt")
    assert claims_of(doc)[0].status == "hedged", "a self-reference does not make the claim cited"
    _, doc = analyse(plain, text, "page.txt")
    assert claims_of(doc)[0].status == "cited"


def test_self_reference_by_relative_link_and_by_wording(linter):
    page = (
        '<p>MSC injections may reduce knee pain in some patients.<sup><a href="#r1">1</a></sup></p>'
        '<ol class="references"><li id="r1"><a href="/blog/knee-results">Knee results</a>, 2024.</li>'
        '<li id="r2">As explained in our resource on MSC sources.</li></ol>'
    )
    findings = check_text(page, path="page.html", linter=linter)
    # Finding text is the original slice, markup included; a cited entry is reported at the
    # sentence that rests on it, an entry nothing cites where it stands.
    cited, uncited = rules_at(findings, "reference/self-reference")
    assert cited.startswith("MSC injections may reduce knee pain in some patients.")
    assert uncited == "As explained in our resource on MSC sources."


def test_the_citation_window_attaches_a_marker_to_earlier_sentences():
    text = f"MSC injections may reduce knee pain in some patients. A trial found this [1].\n\nReferences\n\n1. {KNEE}\n"
    narrow, wide = build_linter(Settings()), build_linter(Settings(citation_window=1))
    assert claims_of(analyse(narrow, text, "page.txt")[1])[0].status == "hedged"
    assert claims_of(analyse(wide, text, "page.txt")[1])[0].status == "cited"


def test_a_marker_opening_the_next_sentence_belongs_to_the_previous_one(linter):
    text = f"MSC injections may reduce knee pain in some patients. [1] Other news follows.\n\nReferences\n\n1. {KNEE}\n"
    _, doc = analyse(linter, text, "page.txt")
    assert claims_of(doc)[0].status == "cited"


def test_reference_titles_are_not_claims(linter):
    text = (
        "Knee pain is common [1].\n\nReferences\n\n"
        "1. FDA. Stem cell therapy cures knee osteoarthritis, says no one. 2021. https://www.fda.gov/x\n"
    )
    _, doc = analyse(linter, text, "page.txt")
    assert claims_of(doc) == []


def test_bibtex_and_csl_json_files_are_bibliographies(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{lee2021,\n  author = {Lee, Anna and Park, Jun},\n  title = {A {knee} trial},\n"
        '  journal = "Knee", year = 2021,\n  doi = {10.1000/knee.4}\n}\n',
        encoding="utf-8",
    )
    csl = tmp_path / "refs.json"
    csl.write_text(
        json.dumps(
            [
                {
                    "id": "wu2020",
                    "author": [{"family": "Wu"}],
                    "issued": {"date-parts": [[2020]]},
                    "title": "Hips",
                    "DOI": "10.1000/hip.2",
                }
            ]
        ),
        encoding="utf-8",
    )
    text = "MSC injections may reduce knee pain in some patients [@lee2021]. They may ease hip pain in some [@missing]."
    for path, key in ((bib, "@lee2021"), (csl, "@wu2020")):
        linter = build_linter(Settings(all_findings=True), bibliography=path)  # every finding on its own
        findings = check_text(text.replace("@lee2021", key), linter=linter)
        assert rules_at(findings, "reference/unresolved-citation") == ["[@missing]"]
        _, doc = analyse(linter, text.replace("@lee2021", key), "page.txt")
        assert claims_of(doc)[0].status == "cited"
        assert "reference/unused-entry" not in {finding.rule for finding in findings}


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("bad.bib", "@article{x,\n title = {unclosed\n", "unbalanced braces"),
        ("bad2.bib", "@article{x,\n title = {closed}\n", "not closed"),
        ("bad.json", "[{]", "not valid CSL-JSON"),
        ("bad2.json", '[{"title": "no id"}]', "each with an 'id'"),
    ],
)
def test_bad_bibliography_files_are_one_line_config_errors(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem) as caught:
        build_linter(Settings(), bibliography=path)
    assert "\n" not in str(caught.value)


# -- the dev corpus: a careful article with a real reference list


def _not_substantiated(records):
    return [record for record in records if not record.substantiated and record.status not in NOT_ASSERTED]


def test_referenced_article_has_every_claim_substantiated(linter):
    source = parse_source(ARTICLE.read_text(encoding="utf-8"), str(ARTICLE), "html")
    records = inventory(linter, [source])
    with_citations = [record for record in records if record.citations]
    assert len(with_citations) >= 2
    assert all(record.substantiated for record in with_citations), with_citations
    assert {record.evidence for record in with_citations} <= {"trial", "paper", "regulator"}
    assert _not_substantiated(records) == []
    findings = check_text(ARTICLE.read_text(encoding="utf-8"), path=str(ARTICLE), linter=linter)
    assert rules_at(findings, "reference/unresolved-citation") == []
    assert rules_at(findings, "efficacy/unsupported-claim") == []
    # Entries 2 (an FDA news release) and 8 (a journal article: "Stem Cell Reports.
    # 2021;16:2852-2860.") give no DOI, PMID or URL, but a reader can find both by hand.
    entries = references_of(analyse(linter, ARTICLE.read_text(encoding="utf-8"), str(ARTICLE))[1]).entries
    by_hand = [entry.text.split(".")[0] for entry in entries if not entry.verifiable]
    assert by_hand == ["U", "Cook M, Richey A, Brafman DA, et al"]
    assert rules_at(findings, "reference/no-identifier") == []


def test_referenced_article_without_its_list_has_an_unresolved_finding_at_each_marker(linter):
    original = ARTICLE.read_text(encoding="utf-8")
    cut = re.sub(r'<section class="references">.*?</section>', "", original, flags=re.DOTALL)
    assert cut != original
    markers = [
        (sup.start() + match.start(1), sup.start() + match.end(1))
        for sup in re.finditer(r"<sup>.*?</sup>", cut)
        for match in re.finditer(r'<a href="#ref\d+">(\d+)</a>', sup.group())
    ]
    findings = check_text(cut, path="article.html", linter=linter)
    # each marker set after a full stop is reported with the sentence it cites, ending at the marker
    unresolved = sorted(f.end_offset for f in findings if f.rule == "reference/unresolved-citation")
    assert len(markers) == 14
    assert unresolved == [end for _, end in markers]
    assert all(finding.text[-1].isdigit() for finding in findings if finding.rule == "reference/unresolved-citation")
    source = parse_source(cut, "article.html", "html")
    assert [record for record in inventory(linter, [source]) if record.substantiated] == []


def test_a_table_cell_named_source_is_not_a_reference_list(linter):
    table = "| Property | Value |\n|---|---|\n| Source | Umbilical cord MSCs |\n"
    text = f"# ExoVita\n\n{table}\nOur exosome therapy repairs damaged nerves.\n"
    _, doc = analyse(linter, text, "page.md")
    assert references_of(doc).entries == ()
    assert "document/no-references" in {finding.rule for finding in check_text(text, path="page.md", linter=linter)}


@pytest.mark.parametrize(
    "heading",
    [
        "Sources and further reading",
        "Selected references",
        "Studies cited",
        "Reference list",
        "Studies table",
        "Included and cited studies",
        "Studies included",
    ],
)
def test_reference_headings_in_their_common_wordings(linter, heading):
    page = f"MSC infusions may reduce knee pain in some patients [1].\n\n## {heading}\n\n1. {KNEE}\n"
    _, doc = analyse(linter, page, "page.md")
    assert references_of(doc).resolved[0].entries == (0,)
    assert claims_of(doc)[0].status == "cited"


def test_a_paper_heading_heads_the_one_paper_a_news_release_cites(linter):
    page = (
        "<html><body><main><article><h1>Trial reports</h1><p>In the 12 participants, no serious safety problems "
        "were seen at 18 months.<sup>1</sup> Some had better scores.<sup>1</sup></p><p>Phase 2 is due next year.</p>"
        f'<h2>Paper</h2><p id="ref1">1. {KNEE}</p></article></main><footer><p>Press Office</p></footer></body></html>'
    )
    findings = check_text(page, path="release.html", linter=linter)
    assert rules_at(findings, "reference/unresolved-citation") == []
    _, doc = analyse(linter, page, "release.html")
    assert references_of(doc).resolved[0].entries == (0,)


def test_a_heading_about_cell_sources_is_not_a_reference_list(linter):
    page = "## Our cell sources\n\nOur umbilical cord cells rebuild cartilage in the knee.\n"
    _, doc = analyse(linter, page, "page.md")
    assert [claim.status for claim in claims_of(doc)] == ["bare"]


def test_an_evidence_heading_over_prose_heads_no_reference_list(linter):
    """ "## The evidence" may head an argument: its paragraph is copy to check, not a source."""
    page = (
        f"## The evidence\n\nCell therapy regrows the damaged nerves of diabetic neuropathy [1].\n\n## References\n\n1. {KNEE}\n"
    )
    _, doc = analyse(linter, page, "page.md")
    assert len(references_of(doc).entries) == 1
    assert references_of(doc).resolved[0].entries == (0,)


@pytest.mark.parametrize("heading", ["Papers we rely on", "CAPTION - sources"])
def test_plain_text_headings_that_say_what_follows_are_sources(linter, heading):
    page = (
        "Patients with ALS keep their strength for years (Varga 2020).\n\n"
        f"{heading}\n"
        "Varga I, Kowalczyk D (2020). Cord tissue cells in progressive multiple sclerosis: a randomized trial. "
        "Neuroimmune Cell Therapy, 7(1), 44-56. https://doi.org/10.5555/nct.2020.0044\n"
        "Brandt K (2019). Intrathecal cells in MND: an open-label study. Neuromuscular Reports, 4(2), 55-63. "
        "https://doi.org/10.5555/ncr.2019.0055\n"
    )
    _, doc = analyse(linter, page, "page.txt")
    assert references_of(doc).resolved[0].entries == (0,)


def test_source_problem_reported_at_the_entry_when_no_sentence_rests_on_it_alone(check):
    text = (
        "Injections may ease knee pain in some patients [1][2].\n\nReferences\n\n"
        "1. Regen Clinic opens a knee centre [press release]. PR Newswire, 2024.\n"
        "2. Lee A, et al. A knee trial. Knee. 2021;9:1-9. doi:10.1000/knee.4\n"
    )
    assert rules_at(check(text), "reference/non-evidence-source") == [
        "Regen Clinic opens a knee centre [press release]. PR Newswire, 2024."
    ]


def test_white_paper_is_not_evidence(check):
    text = (
        "Admissions fell by half after treatment.\u2075\n\nFOOTNOTES\n\n"
        "\u2075 Northwind Clinics. Real-world outcomes. Company white paper.\n"
    )
    assert rules_at(check(text), "reference/non-evidence-source") == ["Admissions fell by half after treatment.\u2075"]


def test_soft_wrapped_numbered_list_is_split_into_entries(check):
    text = (
        "Injections may ease knee pain in some patients [1]. Few people have side effects [2].\n\n"
        "Sources\n\n[1] Lee A, et al. A knee trial. Knee. 2021;9:1-9. doi:10.1000/knee.4 "
        "[2] Kim B, et al. Harms of knee injections. Knee. 2022;10:5-9. doi:10.1000/knee.5\n"
    )
    assert rules_at(check(text), "reference/unresolved-citation") == []


def test_heading_and_entry_on_one_line(check):
    text = (
        "In the trial behind the approval, about half of the children responded by day 28 [1].\n\n"
        "Reference: 1. Lee A, et al. Cells for graft-versus-host disease. Blood. 2020;26:845-854.\n"
    )
    assert rules_at(check(text), "reference/unresolved-citation") == []


def test_entries_numbered_in_parentheses_resolve(linter):
    page = (
        "Cord cells ease breathing in COPD.(4)\n\nSources\n\n"
        "(4) Delgado F, Ahn S. Cord cells in COPD: a randomised trial. Crit Care Regen. 2021;4:22-31. doi:10.5555/ccr.4\n"
    )
    _, doc = analyse(linter, page, "page.txt")
    (resolved,) = references_of(doc).resolved
    assert [references_of(doc).entries[index].labels[0] for index in resolved.entries] == ["4"]


def test_an_identifier_in_the_prose_cites_the_entry_that_holds_it(linter):
    # "(Min et al.; PMID 31098852)" names the list's entry by its PMID: the entry is used,
    # and the citation reaches it (so citation fit can read its design).
    entry = (
        "Min J, Baek S. Cord blood in cerebral palsy: a randomised controlled trial. "
        "Dev Neurol Res. 2019;11:221-230. PMID 31098852."
    )
    spare = "Park J, Ito E. A hip trial. Hip Res. 2020;3:4-9. PMID 31098853."
    text = (
        "A 2019 trial in 90 children found small motor gains at one year (Min et al., Dev Neurol Res 2019; PMID 31098852). "
        "Hip pain eased in some patients of a small trial [3].\n\n"
        f"Sources\n\n1. {entry}\n2. {spare}\n3. {KNEE}\n"
    )
    _, doc = analyse(linter, text, "page.md")
    found = references_of(doc)
    by_marker = {doc.text[item.mark.start : item.mark.end]: item for item in found.resolved}
    assert by_marker["PMID 31098852"].entries == (0,)
    findings = check_text(text, path="page.md", linter=linter)
    assert rules_at(findings, "reference/unused-entry") == [spare]


def test_an_author_year_citation_finds_an_entry_whose_title_holds_other_years(linter):
    # The Vancouver entry's first year is in its title ("1988-2019"); the paper's is 2020.
    text = (
        "Most transplants so far used donated public units (Reyes and Ito 2020).\n\n"
        "Sources\n\n"
        "Reyes D, Ito K. Cord blood banking: public and private use, 1988-2019. "
        "Transfus Med Rev. 2020;34:101-112. doi:10.2217/tmr.2020.114.\n"
    )
    findings = check_text(text, path="page.txt", linter=linter)
    assert rules_at(findings, "reference/unresolved-citation") == []
    assert rules_at(findings, "reference/unused-entry") == []


def test_a_studies_heading_over_a_paragraph_that_tells_of_a_study_heads_no_list(linter):
    # "## The studies" then prose with a year: an argument about the evidence, not entries.
    page = (
        "## The studies\n\n"
        "A 2017 randomised trial of 100 adults with chronic low back pain found that a single disc "
        "injection of donor cells eased pain more than saline at one year in some groups (reference 1).\n\n"
        f"## References\n\n1. {KNEE}\n"
    )
    _, doc = analyse(linter, page, "page.md")
    found = references_of(doc)
    assert [entry.text for entry in found.entries] == [KNEE]
    assert found.resolved[0].entries == (0,)
    assert rules_at(check_text(page, path="page.md", linter=linter), "reference/unused-entry") == []


def test_unnumbered_entries_on_lines_of_their_own_stay_apart_when_markdown_joins_them(linter):
    # A Markdown paragraph joins its lines; each entry still ends in its pages and a full stop.
    page = (
        "The gel regrows lost jaw bone (Hollis et al., 2019). It eases jaw pain (Marr et al., 2021).\n\n"
        "## Sources\n\n"
        "Hollis J, et al. Platelet-rich fibrin in mandibular defects in beagle dogs. Oral Res. 2019;30(3):240-248.\n"
        "Marr D, et al. Platelet-rich fibrin injection for knee osteoarthritis: a randomised trial. "
        "Knee Res. 2021;37:2890-2898.\n"
    )
    _, doc = analyse(linter, page, "page.md")
    found = references_of(doc)
    assert [entry.text[:9] for entry in found.entries] == ["Hollis J,", "Marr D, e"]
    assert sorted(entries for item in found.resolved for entries in item.entries) == [0, 1]
    # a title's own full stops do not split it ("Phase II trial" after a colon or a stop)
    one = "## Sources\n\nLee A, Park B. Cells in knees. Phase II trial. Knee Res. 2021;9:1-9.\n"
    _, doc = analyse(linter, one, "page.md")
    assert len(references_of(doc).entries) == 1
