"""Issue 16, point 6: "did you mean" for rule ids and config keys, one line per rule in
`claimcheck rules`, and an FDA-approval message apart from registration wording."""

from __future__ import annotations

from click.testing import CliRunner

from claimcheck.cli import main
from claimcheck.schema import did_you_mean, rule_suggestion


def _run(*args: str):
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_did_you_mean_finds_the_near_miss_or_nothing():
    ids = ["efficacy/cure-claim", "efficacy/unsupported-claim", "safety/absolute"]
    assert rule_suggestion("efficacy/cure-claims", ids) == " (did you mean 'efficacy/cure-claim'?)"
    assert rule_suggestion("eficacy/*", ids) == " (did you mean 'efficacy/*'?)"
    assert rule_suggestion("completely/different", ids) == ""
    assert did_you_mean("Fail-On", ["fail_on", "format"]) == " (did you mean 'fail_on'?)"


def test_disable_flag_and_config_keys_suggest_the_right_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text("Hello.\n", encoding="utf-8")
    code, _, err = _run("check", "p.md", "--no-model", "--disable", "efficacy/cure-claims")
    assert code == 2 and "did you mean 'efficacy/cure-claim'?" in err and "--disable" in err
    (tmp_path / ".claimcheck.yaml").write_text("fail-on: error\n", encoding="utf-8")
    code, _, err = _run("check", "p.md", "--no-model")
    assert code == 2 and "unknown key 'fail-on' (did you mean 'fail_on'?)" in err
    (tmp_path / ".claimcheck.yaml").write_text("severity: {'safety/absolut': info}\n", encoding="utf-8")
    code, _, err = _run("check", "p.md", "--no-model")
    assert code == 2 and "did you mean 'safety/absolute'?" in err


def test_suppression_with_a_misspelt_rule_id_suggests_it(check):
    text = "<!-- claimcheck-disable-next-line efficacy/cure-claims -->\nOur stem cell therapy cures MS.\n"
    unknown = [f for f in check(text, "p.md") if f.rule == "claimcheck/unknown-rule"]
    assert len(unknown) == 1 and "(did you mean 'efficacy/cure-claim'?)" in unknown[0].message


def test_rules_lists_one_full_line_of_what_each_rule_flags():
    code, out, _ = _run("rules")
    lines = out.splitlines()
    assert code == 0 and len(lines) >= 30
    cure = next(line for line in lines if line.startswith("efficacy/cure-claim "))
    assert "Cure, reversal or permanent-result language" in cure
    # One line each, ending a sentence, never cut mid-word.
    assert all(line.rstrip().endswith((".", ".)")) for line in lines if "(disabled)" not in line)


def test_fda_approval_claim_is_told_apart_from_registration(check):
    approved = [f for f in check("Our exosomes are FDA-approved.", "p.md") if f.rule == "regulatory/fda-misrepresentation"]
    registered = [f for f in check("Our lab is FDA-registered.", "p.md") if f.rule == "regulatory/fda-misrepresentation"]
    assert approved and approved[0].message.startswith("Claims FDA approval ('FDA-approved')")
    assert "registration" not in approved[0].message
    assert registered and "registration" in registered[0].message and "Claims FDA approval" not in registered[0].message


def test_a_therapy_offered_for_a_disease_is_described_as_an_offer_not_as_the_effect_for(check):
    findings = check("Sunrise Clinic offers stem cell treatments for stroke.\n", "p.md")
    messages = [f.message for f in findings if f.rule == "efficacy/unsupported-claim"]
    assert messages and all("'for'" not in message for message in messages)
    assert any(message.startswith("Offers stem cell treatments for stroke") for message in messages), messages
    # A claim with an effect word still quotes the effect.
    findings = check("Our stem cell injections rebuild damaged cartilage in the knee.\n", "p.md")
    assert any("'rebuild" in f.message for f in findings if f.rule == "efficacy/unsupported-claim")


def test_hedged_claim_message_reads_as_a_sentence_whatever_the_effect_word(check):
    """The effect word can be a noun or an adjective ('relief', 'slower'): the message must not
    put it after "may" as if it were a verb, and a heading's Title Case is lowered."""
    text = "# Stem Cell Therapy\n\nStem Cell Therapy may bring relief for knee osteoarthritis.\n"
    hedged = [f for f in check(text, "p.md") if f.rule == "efficacy/hedged-uncited"]
    assert hedged, "the hedged claim is reported"
    message = hedged[0].message
    assert "may '" not in message
    assert "stem cell therapy ('relief')" in message and "Cell Therapy" not in message


def test_as_phrase_keeps_acronyms_and_brand_case():
    from claimcheck.checks.claim import as_phrase

    assert as_phrase("Stem Cell Therapy") == "stem cell therapy"
    assert as_phrase("MSC Infusions") == "MSC infusions"
    assert as_phrase("Our stem cell injections") == "our stem cell injections"
    # only the business is named: "Offers we for COVID-19" would not read
    assert as_phrase("we", "implied") == "the clinic's treatment"
    assert as_phrase("our clinic", "implied") == "the clinic's treatment"
    assert as_phrase("iPSC-derived cells") == "iPSC-derived cells"
    assert as_phrase(None) == "the therapy"


def test_a_claim_whose_marker_points_nowhere_is_not_called_uncited(check):
    """The reader sees "[2]": the message says the citation cannot be checked, not that
    there is none; without a marker the plain message stays."""
    rule = "efficacy/unsupported-claim"
    dangling = [f for f in check("Our stem cell injections rebuild knee cartilage [2].\n", "p.md") if f.rule == rule]
    plain = [f for f in check("Our stem cell injections rebuild knee cartilage.\n", "p.md") if f.rule == rule]
    assert dangling and "its citation ([2]) points to no source a reader can check" in dangling[0].message
    assert plain and "no study cited" in plain[0].message and "citation (" not in plain[0].message
