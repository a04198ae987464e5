"""The eval machinery on a tiny hand-built corpus whose counts are worked out by hand.

Two toy regex rules make the findings predictable, so these tests pin the scoring,
not the linter's quality (the real scores are printed by `claimcheck eval`).
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.api import build_linter
from claimcheck.checks.loader import load_rules
from claimcheck.cli import main
from claimcheck.config import Settings
from claimcheck.evaluation import CategoryMap, CorpusError, default_category_map, discover, evaluate, locate

PACK = """\
rules:
  - id: toy/heals
    kind: regex
    severity: warning
    category: efficacy
    message: "heals"
    rationale: toy rule for the eval test
    authority: none
    options: {pattern: '\\bheals\\b'}
  - id: toy/studies
    kind: regex
    severity: warning
    category: evidence
    message: "studies"
    rationale: toy rule for the eval test
    authority: none
    options: {pattern: '\\bstudies show\\b'}
"""

# One unit per line (text files: a paragraph per line).
DOCUMENT = """\
Stem cells heals every knee.
Studies show great results.
We do not claim it heals anything.
The clinic opens at nine.
Our staff heals with kindness.
It also heals the heart. It heals lungs too.
"""

LABELS = """\
document: a.txt
register: toy
document_labels: [no-references]
labels:
  - text: "Stem cells heals every knee."
    categories: [efficacy]
    supported: false
  - text: "Studies show great results."
    categories: [evidence, efficacy]
    supported: false
  - text: "We do not claim it heals anything."
    categories: [efficacy]
    supported: true
"""

MAPPING = CategoryMap(
    span={"toy/heals": frozenset({"efficacy"}), "toy/studies": frozenset({"evidence"})},
    document={},
    headlines={"claims": frozenset({"efficacy"}), "citations": frozenset({"evidence", "self_citation"})},
)


@pytest.fixture
def tiny(tmp_path: Path):
    corpus = tmp_path / "corpus"
    for split in ("dev", "heldout"):
        (corpus / split).mkdir(parents=True)
    (corpus / "dev" / "a.txt").write_text(DOCUMENT, encoding="utf-8")
    (corpus / "dev" / "a.labels.yml").write_text(LABELS, encoding="utf-8")
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "toy.yml").write_text(PACK, encoding="utf-8")
    linter = build_linter(Settings(packs=(str(pack),)))
    return corpus, linter


def _counts(counts) -> tuple[int, int, int]:
    return counts.tp, counts.fp, counts.fn


def test_sentence_and_span_counts_on_a_hand_built_corpus(tiny):
    corpus, linter = tiny
    result = evaluate(corpus, linter, "dev", MAPPING)
    # Units: 3 labels + neutral sentences "The clinic opens...", "Our staff heals...",
    # "It also heals the heart.", "It heals lungs too." (4).
    # overall: L1 and L2 found (tp 2); L3 (supported), staff, heart, lungs flagged (fp 4).
    assert _counts(result.sentence["overall"]) == (2, 4, 0)
    # efficacy: L1 found; L2 gold efficacy but only an evidence finding (fn); 4 fp as above.
    assert _counts(result.sentence["efficacy"]) == (1, 4, 1)
    assert _counts(result.sentence["evidence"]) == (1, 0, 0)
    assert _counts(result.sentence["safety"]) == (0, 0, 0)
    assert result.sentence["efficacy"].precision == pytest.approx(1 / 5)
    assert result.sentence["efficacy"].recall == pytest.approx(1 / 2)
    assert result.sentence["efficacy"].f1 == pytest.approx(2 * 0.2 * 0.5 / 0.7)
    # span level: 6 findings, judged one by one.
    assert _counts(result.span["overall"]) == (2, 4, 0)
    assert _counts(result.span["efficacy"]) == (1, 4, 1)
    assert _counts(result.headlines["claims"]) == (1, 4, 1)
    assert _counts(result.headlines["citations"]) == (1, 0, 0)
    assert (result.supported_flagged, result.supported_total) == (1, 1)
    assert (result.neutral_flagged, result.neutral_total) == (3, 4)
    # no document rule: the gold no-references label is a miss.
    assert _counts(result.document_level["no-references"]) == (0, 0, 1)
    misses = [error.text for error in result.errors["efficacy"] if error.kind == "miss"]
    assert misses == ["Studies show great results."]
    false_positives = {error.text for error in result.errors["efficacy"] if error.kind == "false positive"}
    assert false_positives == {
        "We do not claim it heals anything.",
        "Our staff heals with kindness.",
        "It also heals the heart.",
        "It heals lungs too.",
    }


def test_span_level_counts_each_finding(tiny):
    corpus, linter = tiny
    (corpus / "dev" / "a.txt").write_text(DOCUMENT.replace("every knee.", "every knee, heals hips."), encoding="utf-8")
    (corpus / "dev" / "a.labels.yml").write_text(LABELS.replace("every knee.", "every knee, heals hips."), encoding="utf-8")
    result = evaluate(corpus, linter, "dev", MAPPING)
    assert _counts(result.sentence["efficacy"]) == (1, 4, 1)  # the unit still counts once
    assert _counts(result.span["efficacy"]) == (2, 4, 1)  # two correct findings in it


def test_occurrence_picks_the_repeated_text(tiny):
    corpus, linter = tiny
    text = DOCUMENT + "Stem cells heals every knee.\n"
    (corpus / "dev" / "a.txt").write_text(text, encoding="utf-8")
    first = "    categories: [efficacy]\n    supported: false\n"
    labels = LABELS.replace(first, first + "    occurrence: 2\n", 1)
    (corpus / "dev" / "a.labels.yml").write_text(labels, encoding="utf-8")
    [document] = discover(corpus, "dev")
    assert document.labels[0].start == text.rindex("Stem cells heals every knee.")
    result = evaluate(corpus, linter, "dev", MAPPING)
    # The first copy is now an unlabelled sentence with a finding: one more false positive.
    assert _counts(result.sentence["efficacy"]) == (1, 5, 1)


def test_document_labels_are_scored(tiny, tmp_path):
    corpus, _ = tiny
    pack = tmp_path / "pack"
    (pack / "doc.yml").write_text(
        textwrap.dedent(
            """\
            rules:
              - id: toy/no-refs
                kind: document
                severity: warning
                category: no_references
                message: "no refs"
                rationale: toy
                authority: none
                options: {when: [claims, appeals], require: references}
            """
        ),
        encoding="utf-8",
    )
    linter = build_linter(Settings(packs=(str(pack),)))
    mapping = CategoryMap(MAPPING.span, {"toy/no-refs": "no-references"}, MAPPING.headlines)
    (corpus / "dev" / "a.txt").write_text("Our stem cell therapy repairs damaged cartilage.\n", encoding="utf-8")
    (corpus / "dev" / "a.labels.yml").write_text(
        "document: a.txt\ndocument_labels: [no-disclaimer]\nlabels: []\n", encoding="utf-8"
    )
    result = evaluate(corpus, linter, "dev", mapping)
    # The split's label files never use no-references: a finding there is not counted.
    assert _counts(result.document_level["no-references"]) == (0, 0, 0)
    assert result.unscored_labels["dev"] == ["no-references", "many-diseases", "hctp-status"]
    assert _counts(result.document_level["no-disclaimer"]) == (0, 0, 1)
    # Once one of its files uses the label, every page of the split is scored for it.
    (corpus / "dev" / "b.txt").write_text("Knees are joints.\n", encoding="utf-8")
    (corpus / "dev" / "b.labels.yml").write_text(
        "document: b.txt\ndocument_labels: [no-references]\nlabels: []\n", encoding="utf-8"
    )
    result = evaluate(corpus, linter, "dev", mapping)
    assert _counts(result.document_level["no-references"]) == (0, 1, 1)
    assert _counts(result.document_level["no-disclaimer"]) == (0, 0, 1)
    assert _counts(result.document_level["overall"]) == (0, 1, 2)


@pytest.mark.parametrize(
    "bad, message",
    [
        ("Stem cells heals every knee.", "not found"),
        ("[efficacy]", "categories"),
        ("[evidence, efficacy]", "'categories' must be a list of names"),
        ("[no-references]", "'document_labels' must be a list of names"),
    ],
)
def test_bad_labels_are_corpus_errors(tiny, bad, message):
    corpus, linter = tiny
    replacement = {
        "Stem cells heals every knee.": "Stem cells heal every knee.",
        "[efficacy]": "[miracle]",
        # a label pasted into the wrong list: a mapping where names belong
        "[evidence, efficacy]": "[{text: x}]",
        "[no-references]": "[{text: x}]",
    }[bad]
    (corpus / "dev" / "a.labels.yml").write_text(LABELS.replace(bad, replacement, 1), encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        evaluate(corpus, linter, "dev", MAPPING)


def test_locate_counts_occurrences():
    assert locate("abcabc", "abc", 1) == 0
    assert locate("abcabc", "abc", 2) == 3
    assert locate("abcabc", "abc", 3) is None


def test_every_default_rule_is_mapped_to_label_categories():
    mapping = default_category_map()
    rules = load_rules(("stemcell",))
    assert mapping.unmapped(rules) == []
    known = {rule.id for rule in rules}
    assert set(mapping.span) | set(mapping.document) <= known
    assert {"unsupported efficacy claims", "missing citations"} <= set(mapping.headlines)


def test_an_unclassified_detector_finding_counts_for_the_kind_it_names():
    from claimcheck.findings import Finding, Severity

    mapping = default_category_map()
    finding = Finding("p", 1, 1, 1, 9, "efficacy/unclassified-claim", Severity.INFO, "m", "t", category="cure")
    assert mapping.span_categories(finding) == {"cure"}
    assert mapping.span_categories(replace(finding, category="unclassified")) == frozenset()
    assert "efficacy/unclassified-claim naming one of them" in mapping.definition("unsupported efficacy claims")


def test_a_finding_that_a_citation_cannot_carry_a_claim_counts_as_an_unsupported_efficacy_claim():
    # ANNOTATION labels a claim resting on a mouse study, another disease or a registry
    # listing `efficacy` beside its fit category; the finding reports the claim, so the
    # efficacy headline must count it (it scored such flagged claims as misses before).
    mapping = default_category_map()
    efficacy = mapping.headlines["unsupported efficacy claims"]
    for rule in ("evidence/weak-support", "evidence/off-target-citation", "evidence/registration-not-results"):
        assert mapping.span[rule] & efficacy, rule
        assert rule in mapping.definition("unsupported efficacy claims")
    assert not mapping.span["evidence/uncited-appeal"] & efficacy


def test_eval_command_json_and_text(tiny):
    corpus, _ = tiny
    runner = CliRunner()
    result = runner.invoke(main, ["eval", str(corpus), "--split", "dev", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["split"] == "dev" and data["documents"] == 1
    assert set(data["headlines"]) >= {"unsupported efficacy claims", "missing citations"}
    assert "efficacy" in data["sentence"] and "overall" in data["span"]
    text = runner.invoke(main, ["eval", str(corpus), "--split", "dev"])
    assert text.exit_code == 0
    assert "unsupported efficacy claims" in text.output and "Findings on neutral" in text.output
    missing = runner.invoke(main, ["eval", str(corpus), "--split", "heldout"])
    assert missing.exit_code == 2 and "no *.labels.yml" in missing.output
