"""The approved-claims library (match, overstatement, expiry, clear errors) and the
`claimcheck claims` inventory command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import yaml
from click.testing import CliRunner

from claimcheck.api import check_text
from claimcheck.cli import main
from claimcheck.errors import ConfigError
from claimcheck.library import ClaimsLibrary, load_library, matches_of, parse_library
from claimcheck.linter import Linter
from claimcheck.nlp.claims import claims_of
from claimcheck.sources import parse_source

from .conftest import ROOT

SAMPLE = ROOT / "corpus" / "library" / "claims-library.yml"
ENTRIES = {
    "claims": [
        {
            "id": "knee-pain",
            "claim": "MSC injections may reduce pain in knee osteoarthritis",
            "variants": ["MSC shots may ease knee osteoarthritis pain"],
            "references": ["doi:10.1000/knee.4"],
            "scope": {"conditions": ["knee osteoarthritis"]},
            "expires": "2030-06-30",
        }
    ]
}


@pytest.fixture(scope="module")
def with_library(linter):
    """A linter sharing the session pipeline, with the test library, on a given day."""

    def make(today: dt.date, data=ENTRIES) -> Linter:
        library = ClaimsLibrary(parse_library(data, "test.yml"), linter.nlp, today=today)
        return Linter(linter.rules, linter.nlp, library=library)

    return make


def analyse(linter: Linter, text: str):
    return next(linter.analyse([parse_source(text, "<text>", "text")]))


def test_matching_claim_is_approved_and_counts_as_substantiated(with_library):
    linter = with_library(dt.date(2026, 1, 1))
    for text in (
        "Our MSC injections may reduce pain in knee osteoarthritis.",
        "MSC injection may reduce the pain of knee osteoarthritis.",  # lemma + order
        "MSC injections may reduce pain in knee osteoarthritus.",  # a typo
        "MSC shots may ease knee osteoarthritis pain.",  # a variant
    ):
        source, doc = analyse(linter, text)
        claim = claims_of(doc)[0]
        match = matches_of(doc)[claim.start]
        assert (match.entry.id, match.outcome) == ("knee-pain", "approved"), text
        assert claim.status == "cited"
        rules = {finding.rule for finding in linter.findings_for(source, doc)}
        assert not rules & {"efficacy/hedged-uncited", "efficacy/unsupported-claim", "library/overstated-claim"}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Our MSC injections eliminate pain in knee osteoarthritis.", "adds 'eliminate'"),
        ("MSC injections reduce pain in knee osteoarthritis.", "drops the approved qualifier 'may'"),
        ("MSC injections may reduce pain in hip osteoarthritis.", "leaves the approved scope"),
    ],
)
def test_overstatement_is_flagged_with_the_approved_wording(with_library, text, reason):
    linter = with_library(dt.date(2026, 1, 1))
    source, doc = analyse(linter, text)
    assert claims_of(doc)[0].status != "cited"
    findings = [finding for finding in linter.findings_for(source, doc) if finding.rule == "library/overstated-claim"]
    assert len(findings) == 1
    assert reason in findings[0].message
    assert '"MSC injections may reduce pain in knee osteoarthritis"' in findings[0].message


def test_unrelated_and_negated_claims_do_not_match(with_library):
    linter = with_library(dt.date(2026, 1, 1))
    for text in (
        "Exosome therapy repairs damaged lungs in COPD.",
        "MSC injections do not reduce pain in knee osteoarthritis.",
        "Guidelines say stem cell injections help neither knee nor hip osteoarthritis.",
    ):
        _, doc = analyse(linter, text)
        assert claims_of(doc) and matches_of(doc) == {}, text


def test_expired_entry_stops_counting_and_says_so(with_library):
    text = "Our MSC injections may reduce pain in knee osteoarthritis."
    before, after = with_library(dt.date(2030, 6, 30)), with_library(dt.date(2030, 7, 1))
    _, doc = analyse(before, text)
    assert claims_of(doc)[0].status == "cited"
    source, doc = analyse(after, text)
    assert claims_of(doc)[0].status == "hedged"
    expired = [finding for finding in after.findings_for(source, doc) if finding.rule == "library/expired-claim"]
    assert len(expired) == 1 and "expired on 2030-06-30" in expired[0].message


def test_without_a_library_the_library_rules_are_silent(check):
    findings = check("Our MSC injections eliminate pain in knee osteoarthritis.")
    assert not {finding.rule for finding in findings} & {"library/overstated-claim", "library/expired-claim"}


def test_sample_library_in_the_corpus_loads():
    entries = load_library(SAMPLE)
    assert {entry.id for entry in entries} == {"knee-oa-pain", "prp-tendon"}
    assert all(entry.references for entry in entries)


def test_sample_library_on_the_sample_page(tmp_path):
    """The corpus demonstration: one approved, one overstated and one expired claim."""
    page = SAMPLE.parent / "knee-page.md"
    result = CliRunner().invoke(main, ["claims", str(page), "--claims-library", str(SAMPLE), "--format", "json"])
    rows = [(row["line"], row["status"], row["library_entry"], row["library_outcome"]) for row in json.loads(result.output)]
    assert rows == [
        (3, "approved", "knee-oa-pain", "approved"),
        (5, "unsupported", "knee-oa-pain", "overstated"),
        (7, "hedged", "prp-tendon", "expired"),
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("claims:\n  - id: a\n    claim: MSC may help\n", "claim 'a': 'references' is required"),
        ("claims:\n  - id: a\n    claim: MSC may help\n    references: [x]\n    wording: y\n", "unknown key 'wording'"),
        ("claims:\n  - id: a\n    claim: MSC may help\n    references: [x]\n    expires: next year\n", "is not a date"),
        ("claims:\n  - id: a\n    claim: MSC may help\n    references: [x]\n    expires: '2025-02-30'\n", "not a real date"),
        ("claims:\n  - id: a\n    claim: MSC may help\n    references: [x]\n    threshold: 200\n", "threshold"),
        ("claims: []\n", "claims"),
        ("- just a list\n", "a mapping with a 'claims' list"),
        (
            "claims:\n  - id: a\n    claim: x y z\n    references: [x]\n  - id: a\n    claim: x y z\n    references: [x]\n",
            "duplicate id",
        ),
    ],
)
def test_library_errors_are_one_line_with_file_and_line(tmp_path, text, problem):
    path = tmp_path / "library.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_library(path)
    message = str(caught.value)
    assert problem in message and str(path) in message and "\n" not in message


def test_check_command_takes_a_claims_library(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Bone marrow concentrate injections eliminate knee pain in knee osteoarthritis.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(page), "--claims-library", str(SAMPLE), "--no-color"])
    assert "library/overstated-claim" in result.output
    missing = CliRunner().invoke(main, ["check", str(page), "--claims-library", str(tmp_path / "none.yml")])
    assert missing.exit_code == 2 and "none.yml: file not found" in missing.output


def test_claims_command_lists_claims_as_table_csv_and_json(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# Knee\n\nOur bone marrow concentrate injections may reduce knee pain in some patients with knee osteoarthritis.\n\n"
        "Our injections repair cartilage [1].\n\nStem cells do not cure arthritis.\n\n"
        "## References\n\n1. Lee A, et al. A knee trial. Knee. 2021;9:1-9. doi:10.1000/knee.4\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    table = runner.invoke(main, ["claims", str(page), "--claims-library", str(SAMPLE)])
    assert table.exit_code == 0, table.output
    assert "knee-oa-pain (approved)" in table.output and "[1] -> [1] paper" in table.output
    assert f"{page}:5:1" in table.output
    rows = list(csv.DictReader(io.StringIO(runner.invoke(main, ["claims", str(page), "--format", "csv"]).output)))
    assert [row["status"] for row in rows] == ["hedged", "cited", "negated"]
    data = json.loads(runner.invoke(main, ["claims", str(page), "--format", "json", "--claims-library", str(SAMPLE)]).output)
    assert [(item["status"], item["library_entry"], item["substantiated"]) for item in data] == [
        ("approved", "knee-oa-pain", True),
        ("cited", "", True),
        ("negated", "", False),
    ]
    assert data[1]["line"] == 5 and data[1]["text"] == "Our injections repair cartilage [1]."
    assert [item["evidence"] for item in data] == ["", "paper", ""]


def test_claims_command_reports_unreadable_input(tmp_path):
    result = CliRunner().invoke(main, ["claims", str(tmp_path / "missing.md")])
    assert result.exit_code == 2


def test_check_text_accepts_publisher_domains_through_build_linter(tmp_path):
    from claimcheck.api import build_linter

    linter = build_linter(publisher_domains=["regen.example"])
    text = "Injections may ease knee pain in some patients [1].\n\nReferences\n\n1. Knee results. https://regen.example/knee\n"
    assert "reference/self-reference" in {finding.rule for finding in check_text(text, linter=linter)}


def test_the_config_file_names_the_claims_library(tmp_path):
    """`claims_library:` in .claimcheck.yaml reaches the linter, relative to the config file."""
    from claimcheck.api import build_linter, check_text
    from claimcheck.config import load_settings

    (tmp_path / "lib.yml").write_text(yaml.safe_dump(ENTRIES), encoding="utf-8")
    config = tmp_path / ".claimcheck.yaml"
    config.write_text("claims_library: lib.yml\n", encoding="utf-8")
    linter = build_linter(load_settings(config))
    assert linter.library is not None
    overstated = check_text("MSC injections eliminate pain in knee osteoarthritis.", linter=linter)
    # Reported on its own or folded into a more severe finding on the same claim.
    assert "library/overstated-claim" in {single.rule for finding in overstated for single in finding.expanded()}
