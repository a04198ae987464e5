"""The learned detector as shipped and as trained: it loads from the package, it can be
switched off, its thresholds come from cross-validation, and training is reproducible."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from claimcheck.cli import main
from claimcheck.cli.train import rule_hits_for_training
from claimcheck.detector.features import Reading, words
from claimcheck.detector.model import CATEGORIES, DEFAULT_DIR, KIND_LABELS, UNIT_LABELS, Detector, kind_label
from claimcheck.detector.training import (
    RegisterScores,
    TrainSettings,
    corpus_digest,
    folds_by_writer,
    kind_data,
    load_corpus,
    train_detector,
    train_units,
    unit_data,
    writer_of,
)
from claimcheck.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
# A plain claim no rule pattern matches: no effect word next to a therapy word.
UNMATCHED_CLAIM = "Most of our knee patients are back on the tennis court within a few weeks of their injection."


def test_the_shipped_detector_loads_from_the_package_and_is_small():
    detector = Detector.load(DEFAULT_DIR)
    assert set(detector.thresholds.categories) == set(CATEGORIES)
    assert 0 < detector.thresholds.claim_from < 1 and 0 < detector.thresholds.careful_from <= 1
    size = sum(path.stat().st_size for path in DEFAULT_DIR.rglob("*") if path.is_file())
    assert size < 20 * 2**20


def test_shipped_thresholds_record_cross_validation_on_training_splits_only():
    data = yaml.safe_load((DEFAULT_DIR / "thresholds.yml").read_text(encoding="utf-8"))
    assert set(data["trained_on"]["splits"]) <= {"train", "dev"}
    assert data["cross_validation"]["per_category"].keys() == set(CATEGORIES)
    assert len(data["cross_validation"]["claim_calibration"]) == 10


def test_the_shipped_detector_was_trained_on_the_corpus_as_it_is_now():
    """`claimcheck train corpus` reproduces the shipped model: a training document added,
    removed or relabelled since it was trained fails here until the model is retrained."""
    trained_on = yaml.safe_load((DEFAULT_DIR / "thresholds.yml").read_text(encoding="utf-8"))["trained_on"]
    assert trained_on["corpus_sha256"] == corpus_digest(ROOT / "corpus", trained_on["splits"])


def test_the_corpus_digest_changes_with_any_training_file(tmp_path):
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "a.md").write_text("Our cells rebuild knees.\n", encoding="utf-8")
    before = corpus_digest(tmp_path, ["train"])
    (tmp_path / "train" / "a.md").write_text("Our cells rebuild hips.\n", encoding="utf-8")
    assert corpus_digest(tmp_path, ["train"]) != before
    (tmp_path / "train" / "a.md").rename(tmp_path / "train" / "b.md")
    assert len({before, corpus_digest(tmp_path, ["train"])}) == 2


def _check_json(*args: str, text: str = UNMATCHED_CLAIM) -> list[dict]:
    result = CliRunner().invoke(main, ["check", "-", "--format", "json", *args], input=text)
    assert result.exit_code in (0, 1), result.output
    return [f for f in json.loads(result.output)["findings"] if f["scope"] == "span"]


def test_the_detector_reports_a_claim_no_rule_matches_with_its_confidence():
    findings = _check_json()
    assert findings, "the detector should read this as an unsupported claim"
    assert all(0 < f["confidence"] <= 1 and "learned detector" in f["message"] for f in findings)


def test_no_model_runs_the_rules_alone(tmp_path):
    assert _check_json("--no-model") == []
    config = tmp_path / ".claimcheck.yaml"
    config.write_text("model: false\n", encoding="utf-8")
    assert _check_json("--config", str(config)) == []


def test_a_category_threshold_set_in_config_is_used(tmp_path):
    config = tmp_path / ".claimcheck.yaml"
    config.write_text("model:\n  thresholds: {" + ", ".join(f"{c}: 1.0" for c in CATEGORIES) + "}\n", encoding="utf-8")
    assert _check_json("--config", str(config)) == []


def test_an_unknown_category_in_the_thresholds_is_a_config_error(tmp_path):
    config = tmp_path / ".claimcheck.yaml"
    config.write_text("model:\n  thresholds: {efficacyy: 0.5}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-", "--config", str(config)], input="Hello.")
    assert result.exit_code == 2
    assert "efficacyy" in result.output and "Traceback" not in result.output


def test_a_missing_weights_folder_is_one_clear_error(tmp_path):
    config = tmp_path / ".claimcheck.yaml"
    config.write_text("model:\n  path: nowhere\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-", "--config", str(config)], input="Hello.")
    assert result.exit_code == 2
    assert "no trained detector" in result.output


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> Path:
    """Eight dev documents as a training split: enough for two folds, quick to train."""
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "train").mkdir()
    labels = sorted((ROOT / "corpus" / "dev").glob("*.labels.yml"))[:8]
    for label_file in labels:
        shutil.copy(label_file, corpus / "train")
        document = yaml.safe_load(label_file.read_text(encoding="utf-8"))["document"]
        shutil.copy(label_file.parent / document, corpus / "train")
    return corpus


def test_training_twice_gives_the_same_model(tiny_corpus, tmp_path, linter):
    settings = TrainSettings(
        epochs=2,
        folds=2,
        length=2**12,
        jobs=1,
        analysis=True,
        affixes=True,
        therapy_split=True,
        register_length=2**12,
        register_tail=50,
    )
    analyse = _analyse_with(linter)
    hits = rule_hits_for_training(linter)
    reports = [train_detector(tiny_corpus, tmp_path / name, analyse, ("train",), settings, rule_hits=hits) for name in ("a", "b")]
    assert reports[0].thresholds == reports[1].thresholds
    # The thresholds were chosen for the rules and the detector combined.
    combined = reports[0].thresholds["cross_validation"]["combined"]
    assert set(combined) == {"rules_only", "never_overrule_low", "chosen"}
    assert combined["chosen"]["f1"] >= combined["never_overrule_low"]["f1"]
    assert 0.0 <= reports[0].thresholds["overrule_below"] <= reports[0].thresholds["claim_from"]
    inputs = [["our", "cells", "rebuild", "knees", "."], ["call", "us", "today", "."]]
    scores = [Detector.load(report.out_dir).score_units(inputs) for report in reports]
    assert np.array_equal(scores[0], scores[1])
    assert (tmp_path / "a" / "thresholds.yml").is_file()
    # Trained with the analyzers' markers (`--analysis`), affixes (`--affixes`) and the
    # no-therapy namespace (`--therapy-split`), the loaded model is given them.
    assert all(Detector.load(report.out_dir).reads_analysis for report in reports)
    assert all(Detector.load(report.out_dir).reading == Reading(affixes=True, therapy_split=True) for report in reports)
    # The register model's length (in its spaCy config) and tail, as trained.
    assert all(Detector.load(report.out_dir).register_tail == 50 for report in reports)
    assert "length = 4096" in (tmp_path / "a" / "register" / "config.cfg").read_text(encoding="utf-8")


def test_a_model_trained_without_the_analyzers_markers_is_not_given_them(tiny_corpus, tmp_path, linter):
    settings = TrainSettings(epochs=1, folds=2, length=2**10, jobs=1, analysis=False)  # no markers; no affixes (the default)
    report = train_detector(tiny_corpus, tmp_path / "plain", _analyse_with(linter), ("train",), settings)
    assert report.thresholds["trained_on"]["settings"]["analysis"] is False
    # The library versions training ran with are recorded: weights are reproducible for them.
    import spacy
    import thinc

    assert report.thresholds["trained_on"]["libraries"]["spacy"] == spacy.__version__
    assert report.thresholds["trained_on"]["libraries"]["thinc"] == thinc.__version__
    assert report.thresholds["trained_on"]["settings"]["affixes"] is False
    detector = Detector.load(report.out_dir)
    assert report.thresholds["trained_on"]["settings"]["therapy_split"] is False
    assert not detector.reads_analysis and detector.reading == Reading()
    assert report.thresholds["trained_on"]["settings"]["register_length"] == 2**15
    assert report.thresholds["trained_on"]["settings"]["register_tail"] == 0 and detector.register_tail == 0
    assert "length = 32768" in (report.out_dir / "register" / "config.cfg").read_text(encoding="utf-8")


def _analyse_with(linter):
    return lambda source: next(linter.analyse([source]))[1]


def test_training_reads_documents_as_check_does(linter, tmp_path):
    """Headings and list items reach training as they reach the detector at run time."""
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "page.md").write_text(
        "# Knees like new\n\nOur stem cell injections rebuild knee cartilage.\n\n- Faster recovery\n", encoding="utf-8"
    )
    (tmp_path / "train" / "page.labels.yml").write_text(
        "document: page.md\nregister_class: marketing\ndocument_labels: []\nlabels:\n"
        "  - text: Our stem cell injections rebuild knee cartilage.\n    supported: false\n    categories: [efficacy]\n",
        encoding="utf-8",
    )
    documents = load_corpus(tmp_path, ("train",), _analyse_with(linter), rule_hits_for_training(linter))
    units = documents[0].units
    assert [(unit.text, unit.context.kind) for unit in units] == [
        ("Knees like new", "heading"),
        ("Our stem cell injections rebuild knee cartilage.", "paragraph"),
        ("Faster recovery", "list_item"),
    ]
    assert units[1].context.heading == "Knees like new"
    assert units[1].cats["claim"] == 1.0 and units[0].cats["claim"] == 0.0
    assert units[1].rule_hit and not units[0].rule_hit


def test_category_scores_learn_the_kind_of_claim_and_the_claim_score_whether_it_is_unsupported(linter, tmp_path):
    """With `kinds` (`claimcheck train --kinds`), a careful sentence teaches the category it names; the
    cross-validation gold stays the unsupported claims, which is what the detector reports."""
    documents, register = _claim_careful_plain(linter, tmp_path)
    claim, careful, plain = (cats for _, cats in unit_data(documents, register, alone_copies=False, kinds=True))
    assert (claim["cure"], claim["unapproved"], claim["evidence"], claim["claim"]) == (1.0, 1.0, 0.0, 1.0)
    assert (careful["cure"], careful["evidence"], careful["unapproved"]) == (1.0, 1.0, 0.0)
    assert (careful["claim"], careful["careful"]) == (0.0, 1.0)
    assert not any(plain.values())
    gold = [cats for _, cats in unit_data(documents, register, alone_copies=False)]
    assert gold[0] == claim and gold[1]["cure"] == 0.0 and gold[1]["careful"] == 1.0


def test_categories_on_claims_leaves_other_units_without_category_targets(linter, tmp_path):
    """With `categories_on="claims"` (`claimcheck train --categories-on claims`) only units inside
    an unsupported claim teach the category scores; the careful and the plain unit keep their
    `claim` and `careful` targets and have no category target at all (spaCy's missing values),
    and a model trains on such data."""
    documents, register = _claim_careful_plain(linter, tmp_path)
    data = unit_data(documents, register, alone_copies=False, categories_on="claims")
    claim, careful, plain = (cats for _, cats in data)
    assert (claim["cure"], claim["unapproved"], claim["evidence"], claim["claim"]) == (1.0, 1.0, 0.0, 1.0)
    assert not set(CATEGORIES) & set(careful) and not set(CATEGORIES) & set(plain)
    assert (careful["claim"], careful["careful"], plain["claim"], plain["careful"]) == (0.0, 1.0, 0.0, 0.0)
    # Every unit keeps all its targets by default.
    assert all(set(CATEGORIES) <= set(cats) for _, cats in unit_data(documents, register, alone_copies=False))
    nlp = train_units(data * 4, TrainSettings(epochs=1, length=2**10))
    scores = nlp.get_pipe("textcat_multilabel").predict([nlp.make_doc("our cells cure arthritis .")])
    assert np.asarray(scores).shape == (1, len(CATEGORIES) + 2)


def test_claim_kinds_are_taught_by_unsupported_claims_alone(linter, tmp_path):
    """The claim-kind model (`claimcheck train --claim-kinds`) learns from the units inside
    unsupported claims only, each with its gold categories as `KIND_LABELS`; the careful and
    the plain unit teach it nothing."""
    documents, register = _claim_careful_plain(linter, tmp_path)
    data = kind_data(documents, register)
    texts = [" ".join(words) for words, _ in data]
    assert data and all("cure" in text for text in texts)  # the claim unit and its context-free copy only
    targets = data[0][1]
    assert set(targets) == set(KIND_LABELS)
    assert (targets[kind_label("cure")], targets[kind_label("unapproved")], targets[kind_label("evidence")]) == (1.0, 1.0, 0.0)


def _model_bytes(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_claim_kinds_leave_every_decision_to_flag_as_trained_without_them(tiny_corpus, tmp_path):
    """The claim-kind model is a classifier of its own: the unit and register models, and
    every threshold but the claim kinds', are exactly those trained without it."""
    args = ["train", str(tiny_corpus), "--splits", "train", "--epochs", "1", "--folds", "2", "--jobs", "1"]
    for name, extra in (("plain", []), ("kinds", ["--claim-kinds", "--kinds-length", "4096"])):
        result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / name), *extra])
        assert result.exit_code == 0, result.output
    plain, kinds = tmp_path / "plain", tmp_path / "kinds"
    assert _model_bytes(plain / "units") == _model_bytes(kinds / "units")
    assert _model_bytes(plain / "register") == _model_bytes(kinds / "register")
    assert not (plain / "kinds").exists() and (kinds / "kinds").is_dir()
    # `--kinds-length` shapes the claim-kind model alone (the unit model keeps its 2**17).
    assert "length = 4096" in (kinds / "kinds" / "config.cfg").read_text(encoding="utf-8")
    assert "length = 131072" in (kinds / "units" / "config.cfg").read_text(encoding="utf-8")
    before = yaml.safe_load((plain / "thresholds.yml").read_text(encoding="utf-8"))
    after = yaml.safe_load((kinds / "thresholds.yml").read_text(encoding="utf-8"))
    assert "claim_kinds" not in before and set(after["claim_kinds"]) == set(CATEGORIES)
    for key in ("categories", "claim_from", "careful_from", "best_category_from", "careful_page_overrule_below"):
        assert before[key] == after[key], key
    detector = Detector.load(kinds)
    assert detector.labels == (*UNIT_LABELS, *KIND_LABELS)
    assert detector.score_units([["our", "cells", "cure", "knees"]]).shape == (1, len(UNIT_LABELS) + len(KIND_LABELS))
    assert Detector.load(plain).labels == UNIT_LABELS


def test_claim_kinds_only_adds_the_kind_model_beside_weights_already_trained(tiny_corpus, tmp_path):
    import numpy as np

    out = tmp_path / "model"
    args = ["train", str(tiny_corpus), "--splits", "train", "--epochs", "1", "--folds", "2", "--jobs", "1", "--out", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    units, before = _model_bytes(out / "units"), yaml.safe_load((out / "thresholds.yml").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, [*args, "--claim-kinds-only"])
    assert result.exit_code == 0, result.output
    assert "claim-kind model and thresholds added" in result.output
    after = yaml.safe_load((out / "thresholds.yml").read_text(encoding="utf-8"))
    assert _model_bytes(out / "units") == units and (out / "kinds").is_dir()
    added = {"claim_kinds", "claim_kinds_trained_on"}
    assert set(after) - set(before) == added
    assert {key: value for key, value in after.items() if key not in added | {"cross_validation"}} == {
        key: value for key, value in before.items() if key != "cross_validation"
    }
    detector = Detector.load(out)
    scores = detector.score_units([["our", "cells", "cure", "knees"]])
    assert scores.shape == (1, len(UNIT_LABELS) + len(KIND_LABELS)) and np.isfinite(scores).all()
    # Without weights to add to: one clear error.
    empty = CliRunner().invoke(main, [*args[:-1], str(tmp_path / "none"), "--claim-kinds-only"])
    assert empty.exit_code == 2 and "no trained detector" in empty.output


def test_sarif_carries_the_detector_s_confidence_as_rank():
    result = CliRunner().invoke(main, ["check", "-", "--format", "sarif"], input=UNMATCHED_CLAIM)
    results = json.loads(result.output)["runs"][0]["results"]
    ranked = [r for r in results if "rank" in r]
    assert ranked and all(0 < r["rank"] <= 100 and r["properties"]["confidence"] > 0 for r in ranked)


def test_train_refuses_a_heldout_split(tmp_path):
    result = CliRunner().invoke(main, ["train", str(ROOT / "corpus"), "--splits", "train,heldout2", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "heldout2" in result.output and "never trained on" in result.output
    assert not any(tmp_path.iterdir())


def test_train_command_writes_a_model_the_checker_loads(tiny_corpus, tmp_path):
    out = tmp_path / "model"
    args = ["train", str(tiny_corpus), "--splits", "train", "--out", str(out), "--epochs", "1", "--folds", "2", "--jobs", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "trained on 8 documents" in result.output
    config = tmp_path / ".claimcheck.yaml"
    config.write_text(f"model:\n  path: {out}\n", encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", "-", "--config", str(config)], input=UNMATCHED_CLAIM)
    assert checked.exit_code in (0, 1) and "Traceback" not in checked.output


def test_train_can_save_the_out_of_fold_scores_for_policy_studies(tiny_corpus, tmp_path):
    import numpy as np

    scores = tmp_path / "oof.npz"
    args = ["train", str(tiny_corpus), "--splits", "train", "--out", str(tmp_path / "model"), "--epochs", "1"]
    result = CliRunner().invoke(main, [*args, "--folds", "2", "--jobs", "1", "--scores", str(scores)])
    assert result.exit_code == 0, result.output
    with np.load(scores) as saved:
        units = len(saved["texts"])
        assert units > 0 and saved["scores"].shape == saved["gold"].shape == (units, len(saved["labels"]))
        assert list(saved["labels"])[-2:] == ["claim", "careful"]
        assert len(saved["rule_hits"]) == len(saved["documents"]) == units
        assert all(name.startswith("train/") for name in saved["documents"])
        assert ((saved["scores"] >= 0) & (saved["scores"] <= 1)).all()
        assert len(saved["unit_register"]) == units and ((saved["unit_register"] >= 0) & (saved["unit_register"] <= 1)).all()
        # each unit's P(claim) read on its own words, scored out of fold too
        assert len(saved["own_claim"]) == units and ((saved["own_claim"] >= 0) & (saved["own_claim"] <= 1)).all()
        assert not np.array_equal(saved["own_claim"], saved["scores"][:, list(saved["labels"]).index("claim")])
    # the saved arrays choose the same thresholds again (a changed policy is tried this way)
    from claimcheck.detector.training import CrossValidation, choose_thresholds

    loaded = CrossValidation.load(scores)
    assert loaded.units[0][0].startswith("train/") and loaded.scores.shape == (units, len(loaded.labels))
    chosen = yaml.safe_load((tmp_path / "model" / "thresholds.yml").read_text(encoding="utf-8"))
    again = choose_thresholds(loaded)
    for key in ("categories", "claim_from", "careful_from", "best_category_from", "best_category_warning_share"):
        assert again[key] == chosen[key], key


def test_a_fallback_finding_is_a_warning_from_the_lowest_share_as_precise_as_the_system():
    from claimcheck.detector.training import _fallback_warning_share

    fallback_only = np.array([True] * 6 + [False])
    ratio = np.array([0.02, 0.04, 0.15, 0.25, 0.6, 0.8, 0.9], dtype="float32")
    gold = np.array([False, False, True, False, True, True, False])
    # from 0.3 on the fallback units (0.6, 0.8) are all claims; from 0.2: 2 of 3
    share, table = _fallback_warning_share(fallback_only, ratio, gold, target=0.9)
    assert share == 0.3 and table["from_share"]["0.2"] == {"units": 3, "precision": 0.667}
    # from 0.05 on: 3 of 4; from 0: 3 of 6
    assert _fallback_warning_share(fallback_only, ratio, gold, target=0.6)[0] == 0.05
    # never as precise as the system: every fallback finding is a note
    assert _fallback_warning_share(fallback_only, ratio, ~gold, target=0.9)[0] == 1.0


def test_scoring_from_word_hashes_equals_scoring_spacy_docs():
    """The shortcut past one spaCy Doc per sentence changes no score (reserved symbols
    such as "number" included), and the detector falls back to Docs if it ever would."""
    detector = Detector.load(DEFAULT_DIR)
    assert detector._scorers  # the batch path is taken
    inputs = [
        ["ask", "for", "the", "trial's", "nct", "number", "kind=list_item", "reg=careful"],
        ["our", "cells", "rebuild", "worn", "knees", "h|knees", "p|call", "reg=marketing"],
        ["<empty>", "ctx=alone", "reg=none"],
    ]
    # ... and a whole page's sentences in one batch: n-grams are counted per sentence,
    # never across two (repeated words and sentences included).
    page = (Path(__file__).resolve().parent.parent / "corpus" / "dev" / "05-copd.md").read_text(encoding="utf-8")
    inputs += [[*words(line), "kind=paragraph", "reg=marketing"] for line in page.splitlines() if line.strip()] * 2
    fast_units, fast_register = detector.score_units(inputs), detector.careful_register(inputs)
    detector._scorers = {}  # now the Doc path
    assert np.array_equal(fast_units, detector.score_units(inputs))
    assert np.array_equal(fast_register, detector.careful_register(inputs))


def test_the_best_category_floor_is_chosen_by_out_of_fold_f_beta():
    from claimcheck.detector.training import _best_category_threshold

    claim = np.array([0.9, 0.9, 0.9, 0.3, 0.1, 0.95])
    reported = np.array([False, False, False, False, False, True])  # only the last unit has a sure category
    no_hits = np.zeros(6, dtype=bool)
    careful = np.zeros(6, dtype=bool)
    # Sure claims with no sure category are real claims: reporting them pays.
    gold = np.array([True, True, True, False, False, True])
    floor, table = _best_category_threshold(no_hits, reported, claim, careful, gold, claim_from=0.2)
    assert 0.3 < floor <= 0.9 and table["chosen"]["f1"] > table["never"]["f1"]
    # ... and when they are mostly not claims, never (1.0).
    gold = np.array([False, False, True, False, False, True])
    floor, table = _best_category_threshold(no_hits, reported, claim, careful, gold, claim_from=0.2)
    assert floor == 1.0 and table["chosen"] == table["never"]


def test_the_best_category_share_is_chosen_with_the_floor():
    """Sure claims whose best category is near 0 are not claims, those with a kind are: the
    fallback pays only with a share, and the share chosen keeps the kindless ones out."""
    from claimcheck.detector.training import _best_category_threshold

    # Six sure claims of no sure category (three with a kind, three without), four units a
    # category reports, one claim missed.
    claim = np.array([0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.9, 0.9, 0.9, 0.9, 0.1])
    ratio = np.array([0.6, 0.5, 0.4, 0.01, 0.02, 0.03, 2.0, 2.0, 2.0, 2.0, 0.0])
    gold = np.array([True, True, True, False, False, False, True, True, True, True, True])
    reported = np.array([False] * 6 + [True] * 4 + [False])
    nothing = np.zeros(len(claim), dtype=bool)
    floor, table = _best_category_threshold(nothing, reported, claim, nothing, gold, 0.2, ratio)
    assert floor <= 0.95 and 0.03 < table["chosen"]["share"] <= 0.4
    assert table["chosen"]["precision"] == 1.0
    # Without the ratios there is no share to choose, and reporting all six does not pay.
    floor, table = _best_category_threshold(nothing, reported, claim, nothing, gold, 0.2)
    assert floor == 1.0 and "share" not in table["chosen"]


def test_the_careful_page_floor_is_chosen_by_out_of_fold_f1_and_only_touches_careful_pages():
    from claimcheck.detector.training import _careful_page_threshold

    # Units 0-3 on a careful page, 4-5 on a selling page; the rules hit them all.
    hits = np.ones(6, dtype=bool)
    claim = np.array([0.05, 0.1, 0.15, 0.25, 0.05, 0.1])
    on_careful = np.array([True, True, True, True, False, False])
    nothing = np.zeros(6, dtype=bool)
    # On the careful page the rules name claims (not made): overruling under 0.2 pays, and
    # the selling page's low-scored hits, real claims, are kept.
    gold = np.array([False, False, False, True, True, True])
    floor, table = _careful_page_threshold(hits, nothing, claim, nothing, gold, 0.3, on_careful)
    assert 0.15 < floor <= 0.25 and table["chosen"]["f1"] > table["never"]["f1"]
    assert table["chosen"]["careful_page_false_flags"] == 0 and table["never"]["careful_page_false_flags"] == 3
    # When the careful page's hits are real claims, never.
    gold = np.ones(6, dtype=bool)
    floor, table = _careful_page_threshold(hits, nothing, claim, nothing, gold, 0.3, on_careful)
    assert floor == 0.0 and table["chosen"] == table["never"]


def test_the_best_category_floor_weighs_precision_over_recall():
    """One real claim among four category-less sure ones raises F1 but not F0.5: never report them."""
    from claimcheck.detector.training import _best_category_threshold, _f_beta, _precision_recall

    claim = np.array([0.9, 0.9, 0.9, 0.9, 0.95, 0.1, 0.1, 0.1, 0.1])
    reported = np.array([False, False, False, False, True, False, False, False, False])
    gold = np.array([True, False, False, False, True, True, True, True, True])
    nothing = np.zeros(len(claim), dtype=bool)
    with_them = _precision_recall(reported | (claim >= 0.9), gold)
    without = _precision_recall(reported, gold)
    assert with_them[2] > without[2]  # F1 alone would report them
    assert _f_beta(*with_them[:2], 0.5) < _f_beta(*without[:2], 0.5)
    floor, table = _best_category_threshold(nothing, reported, claim, nothing, gold, claim_from=0.2)
    assert floor == 1.0 and table["chosen"]["f_beta"] == table["never"]["f_beta"]


def test_a_category_threshold_must_be_precise_enough_or_the_category_is_left_to_the_rules():
    from claimcheck.detector.training import CATEGORY_MIN_PRECISION, _category_threshold

    grid = np.round(np.arange(0.02, 0.981, 0.02), 2)
    scores = np.array([0.9, 0.8, 0.7, 0.3, 0.3, 0.3, 0.3, 0.3])
    gold = np.array([True, True, False, True, False, False, False, True])
    threshold, precision, recall, _ = _category_threshold(scores, gold, grid)
    assert precision >= CATEGORY_MIN_PRECISION and threshold > 0.3  # not the low, imprecise one
    noise = np.array([0.9, 0.9, 0.5, 0.5])
    threshold, precision, recall, _ = _category_threshold(noise, np.array([False, True, False, False]), grid)
    assert (threshold, recall) == (1.0, 0.0)


def test_the_batch_order_of_ngrams_is_lexsorts():
    """Sorting n-grams by input, then hash (radix sort of the input numbers) gives the
    order `np.lexsort` gave, so the sparse layer sums in the same order."""
    from claimcheck.detector.model import _by_owner_then_key

    generator = np.random.default_rng(7)
    for count, size in ((1, 5), (40, 3_000), (70_000, 200_000)):
        owner = generator.integers(0, count, size)
        key = generator.integers(0, 2**64 - 1, size, dtype=np.uint64, endpoint=True)
        key[::3] = key[0]  # repeated keys, within and across inputs
        order = _by_owner_then_key(owner, key, count)
        expected = np.lexsort((key, owner))
        assert np.array_equal(owner[order], owner[expected]) and np.array_equal(key[order], key[expected])


def test_remembered_unit_scores_are_the_scores_of_a_fresh_detector(monkeypatch):
    """A unit seen before takes its remembered row (`component._unit_scores`): the same
    scores as scoring it afresh, whether it repeats within a page, across pages, or the
    memo was cleared on the way."""
    from claimcheck.detector import component
    from claimcheck.detector.component import score_docs
    from claimcheck.nlp.pipeline import PipelineSettings, build_pipeline
    from claimcheck.sources import parse_source

    nlp = build_pipeline(PipelineSettings(cache=False))
    page = (Path(__file__).resolve().parent.parent / "corpus" / "dev" / "05-copd.md").read_text(encoding="utf-8")
    texts = [page, page + "\n\nCall us today.\n\nCall us today.\n", "# Heading\n\nCall us today.\n"]
    docs = [nlp(nlp.tokenizer(parse_source(text, "page.md", "markdown").prose)) for text in texts]
    detector = nlp.get_pipe("claimcheck_detector").detector

    def fresh(doc):
        detector.unit_memo.clear()
        return score_docs(detector, [doc])[0].scores

    expected = [fresh(doc) for doc in docs]
    detector.unit_memo.clear()
    warm = [result.scores for result in score_docs(detector, docs)]  # repeats within the batch
    again = [score_docs(detector, [doc])[0].scores for doc in docs]  # every unit remembered
    monkeypatch.setattr(component, "_MEMO_LIMIT", 5)
    detector.unit_memo.clear()
    cleared = [score_docs(detector, [doc])[0].scores for doc in reversed(docs)][::-1]
    assert len(detector.unit_memo) == len(expected[1])  # cleared, then filled by the longer page (the first page only repeats it)
    for scores in (warm, again, cleared):
        assert all(np.array_equal(a, b) for a, b in zip(expected, scores, strict=True))


def test_the_own_words_reading_is_the_unit_scored_alone_and_only_over_the_claim_gate():
    """`own_claim`: the sentence's P(claim) with no heading or sentence before, the input
    training scored out of fold (`own_words_inputs`); asked only where the detector could
    report, and not at all by weights with no floor."""
    from dataclasses import replace

    from claimcheck.detector.component import document_units, score_docs
    from claimcheck.detector.features import UnitContext, register_token, unit_words
    from claimcheck.nlp.pipeline import PipelineSettings, build_pipeline
    from claimcheck.sources import parse_source

    nlp = build_pipeline(PipelineSettings(cache=False))
    text = "# Stem cells for knee arthritis\n\nOur cells rebuild worn cartilage.\n\nBring your latest X-ray with you.\n"
    doc = nlp(nlp.tokenizer(parse_source(text, "page.md", "markdown").prose))
    detector = nlp.get_pipe("claimcheck_detector").detector
    shipped = detector.thresholds
    try:
        detector.thresholds = replace(shipped, own_claim_from=0.2, claim_from=0.0, best_category_from=1.0)
        everywhere = score_docs(detector, [doc])[0]
        units = document_units(doc, detector.reads_analysis)
        token = register_token(everywhere.careful_register)
        alone = [unit_words(u.text, UnitContext(alone=True, analysis=u.context.analysis), token) for u in units]
        expected = detector.score_units(alone)[:, UNIT_LABELS.index("claim")]
        assert np.allclose(everywhere.own_claim, expected)
        assert not np.allclose(everywhere.own_claim, everywhere.scores[:, UNIT_LABELS.index("claim")])
        detector.thresholds = replace(shipped, own_claim_from=0.2, claim_from=1.0, best_category_from=1.0)
        assert (score_docs(detector, [doc])[0].own_claim == 1.0).all()  # nothing over the gate: nothing asked
        detector.thresholds = replace(shipped, own_claim_from=0.0)
        assert score_docs(detector, [doc])[0].own_claim is None
    finally:
        detector.thresholds = shipped


def test_the_own_words_floor_is_chosen_by_out_of_fold_f1_and_never_touches_rule_hits():
    from claimcheck.detector.training import _own_claim_threshold

    # Units 0-3 reported by the detector alone, 4 by a rule; 5 a claim nothing finds.
    reported = np.array([True, True, True, True, False, False])
    hits = np.array([False, False, False, False, True, False])
    claim = np.array([0.9, 0.9, 0.9, 0.9, 0.2, 0.1])
    own = np.array([0.8, 0.6, 0.05, 0.1, 0.01, 0.1])
    nothing = np.zeros(6, dtype=bool)
    # The two that are claims only by their context are not claims: a floor pays.
    gold = np.array([True, True, False, False, True, True])
    floor, table = _own_claim_threshold(hits, reported, claim, nothing, gold, 0.5, own)
    assert 0.1 < floor <= 0.6 and table["chosen"]["f1"] > table["never"]["f1"]
    assert table["chosen"]["withheld"] == 2 and table["chosen"]["recall"] == table["never"]["recall"]
    # When they are claims after all, never; and without own-words scores, never.
    floor, table = _own_claim_threshold(hits, reported, claim, nothing, np.ones(6, dtype=bool), 0.5, own)
    assert floor == 0.0 and table["chosen"] == table["never"]
    assert _own_claim_threshold(hits, reported, claim, nothing, gold, 0.5, None) == (0.0, {})


def test_a_writers_batch_is_named_by_its_first_word_and_dev_is_one_batch():
    assert writer_of("train/zq-012-knee-clinic.md") == "train/zq"
    assert writer_of("train/a-001-knee-landing.md") == "train/a"
    assert writer_of("dev/05-copd.md") == "dev"
    assert writer_of("dev/14-reviewed-page.md") == writer_of("dev/01-knee.md")


def test_folds_by_writer_keep_each_batch_whole_and_stay_near_equal():
    names = [f"train/a-{i:03}.md" for i in range(6)] + [f"train/b-{i:03}.md" for i in range(5)]
    names += [f"train/c-{i:03}.md" for i in range(3)] + [f"dev/{i:02}.md" for i in range(4)]
    folds = folds_by_writer(names, 3, seed=13)
    assert sorted(i for fold in folds for i in fold) == list(range(len(names)))
    for fold in folds:
        writers = {writer_of(names[i]) for i in fold}
        for writer in writers:  # a writer held out is held out whole
            assert all(i in fold for i, name in enumerate(names) if writer_of(name) == writer)
    assert sorted(len(fold) for fold in folds) == [5, 6, 7]
    assert folds == folds_by_writer(names, 3, seed=13)  # reproducible


def _claim_careful_plain(linter, tmp_path):
    """A one-page training corpus: an unsupported cure claim, a careful sentence naming the same
    kind of claim, and a plain one; with its register scores."""
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "page.md").write_text(
        "Our cells cure arthritis.\n\nNo trial has shown that cells cure arthritis.\n\nCall us.\n", encoding="utf-8"
    )
    (tmp_path / "train" / "page.labels.yml").write_text(
        "document: page.md\nregister_class: marketing\ndocument_labels: []\nlabels:\n"
        "  - text: Our cells cure arthritis.\n    supported: false\n    categories: [cure, unapproved]\n"
        "  - text: No trial has shown that cells cure arthritis.\n    supported: true\n    categories: [cure, evidence]\n",
        encoding="utf-8",
    )
    documents = load_corpus(tmp_path, ("train",), _analyse_with(linter))
    register = RegisterScores({documents[0].name: 0.0}, {})
    return documents, register


def test_a_model_trained_with_a_vocabulary_reads_rare_words_as_one_token(tiny_corpus, tmp_path, linter):
    settings = TrainSettings(epochs=1, folds=2, length=2**10, jobs=1, min_documents=3, previous="lead-ins")
    reports = [train_detector(tiny_corpus, tmp_path / name, _analyse_with(linter), ("train",), settings) for name in ("a", "b")]
    assert reports[0].thresholds["trained_on"]["settings"]["min_documents"] == 3
    assert reports[0].thresholds["trained_on"]["settings"]["previous"] == "lead-ins"
    detectors = [Detector.load(report.out_dir) for report in reports]
    known = detectors[0].reading.known
    assert known is not None and (tmp_path / "a" / "vocabulary.txt").is_file()
    assert detectors[0].reading.lead_ins_only  # recorded with the weights, given back at run time
    # Words of three or more of the eight documents only: common words are kept, a word
    # invented here is not.
    assert {"the", "stem", "cells", "."} <= known and "zyxqorbital" not in known
    assert detectors[0].reading == detectors[1].reading
    inputs = [["our", "cells", "rebuild", "knees", "."], ["zyxqorbital", "recalibration", "."]]
    assert np.array_equal(detectors[0].score_units(inputs), detectors[1].score_units(inputs))
    # Retrained without one, the stale vocabulary is removed and every word read as itself.
    plain = train_detector(tiny_corpus, tmp_path / "a", _analyse_with(linter), ("train",), replace(settings, min_documents=0))
    assert not (plain.out_dir / "vocabulary.txt").exists() and Detector.load(plain.out_dir).reading.known is None


def test_the_register_settings_are_recorded_where_the_detector_reads_them(monkeypatch):
    """`register_length` and `register_tail` are written beside the weights; a detector whose
    recorded settings give a tail builds the register input with it, one without builds
    the first words as before."""
    from claimcheck.detector.component import document_units, score_docs
    from claimcheck.detector.features import REGISTER_WORDS, register_words
    from claimcheck.nlp.pipeline import PipelineSettings, build_pipeline
    from claimcheck.sources import parse_source

    recorded = TrainSettings(register_length=2**17, register_tail=200).recorded()
    assert recorded["register_length"] == 2**17 and recorded["register_tail"] == 200
    defaults = TrainSettings().recorded()
    assert defaults["register_length"] == 2**15 and defaults["register_tail"] == 0

    nlp = build_pipeline(PipelineSettings(cache=False))
    shipped = nlp.get_pipe("claimcheck_detector").detector
    assert shipped.register_tail == 0  # the shipped weights record no tail: the first words

    def detector_with(settings):
        details = {**shipped.thresholds.details, "trained_on": {"settings": settings}}
        thresholds = replace(shipped.thresholds, details=details)
        return Detector(shipped._units, shipped._register, shipped.vocab, thresholds, shipped.source, shipped._kinds)

    text = "".join(f"Our clinic treats knees in visit number {i} of the year.\n\n" for i in range(80))
    text += "Book now: the injection costs 900 dollars today.\n"
    doc = nlp(nlp.tokenizer(parse_source(text, "page.md", "markdown").prose))
    sentences = [unit.text for unit in document_units(doc, shipped.reads_analysis)]
    first = register_words(sentences)
    assert len(first) == REGISTER_WORDS and "book" not in first
    for settings, expected in (
        (recorded, register_words(sentences, tail=200)),
        ({**recorded, "register_tail": 0}, first),
        ({key: value for key, value in recorded.items() if key != "register_tail"}, first),
    ):
        detector = detector_with(settings)
        asked: list[list[str]] = []

        def careful_register(inputs, detector=detector, asked=asked):
            asked.extend(inputs)
            return Detector.careful_register(detector, inputs)

        monkeypatch.setattr(detector, "careful_register", careful_register)
        score_docs(detector, [doc])
        assert asked == [expected]
    assert "book" in register_words(sentences, tail=200) and register_words(sentences, tail=200) != first
    with pytest.raises(ConfigError, match="register_tail"):
        detector_with({**recorded, "register_tail": REGISTER_WORDS})


def test_train_refuses_a_register_length_that_is_not_a_power_of_two(tmp_path):
    for option, value, message in (
        ("--register-length", "3000", "3000 is not a power of two"),
        ("--register-length", "512", "not in the range x>=1024"),
        ("--register-tail", "600", "not in the range 0<=x<=599"),
        ("--kinds-length", "5000", "5000 is not a power of two"),
    ):
        result = CliRunner().invoke(main, ["train", str(tmp_path), "--out", str(tmp_path / "model"), option, value])
        assert result.exit_code == 2, result.output
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and message in errors[0] and option in errors[0]
        assert "Traceback" not in result.output
    assert not (tmp_path / "model").exists()
