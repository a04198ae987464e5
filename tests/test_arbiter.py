"""The arbiter: how rule hits and the learned detector's scores become the hits reported.

These tests feed hand-made scores, so they hold whatever the shipped model learned.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from claimcheck.checks.arbiter import MODEL_ONLY, Arbiter, CategoryRule, DetectorMap, UnitMasks, worded_units, words_pattern
from claimcheck.checks.base import DOCUMENT, Hit
from claimcheck.checks.model import Rule
from claimcheck.detector.component import UnitScores
from claimcheck.detector.model import KIND_LABELS, UNIT_LABELS, Thresholds
from claimcheck.errors import ConfigError
from claimcheck.findings import Severity

TEXT = "Our cells rebuild knees. Call us today. Stem cells are not approved for knees."
UNITS = [(0, 24), (25, 39), (40, 79)]


def rule(rule_id: str, category: str, severity: Severity = Severity.WARNING) -> Rule:
    return Rule(rule_id, "claim", severity, "msg", category, "why", "who")


EFFICACY = rule("efficacy/unsupported-claim", "efficacy")
UNAPPROVED = rule("efficacy/unapproved-indication", "unapproved", Severity.ERROR)
URGENCY = rule("marketing/urgency", "urgency")
UNRESOLVED = rule("reference/unresolved-citation", "evidence")
DETECTOR_MAP = DetectorMap(
    {
        "efficacy": CategoryRule(EFFICACY.id, "an efficacy claim"),
        "unapproved": CategoryRule(UNAPPROVED.id, "an unapproved use"),
        "urgency": CategoryRule(URGENCY.id, "pressure to buy"),
    },
    frozenset({EFFICACY.id, UNAPPROVED.id, URGENCY.id}),
)
THRESHOLDS = Thresholds(categories=dict.fromkeys(("efficacy", "unapproved", "urgency"), 0.5), claim_from=0.4, careful_from=0.7)


def scores(*rows: dict[str, float]) -> UnitScores:
    table = np.zeros((len(rows), len(UNIT_LABELS)), dtype="float32")
    for index, row in enumerate(rows):
        for label, value in row.items():
            table[index, UNIT_LABELS.index(label)] = value
    starts = np.array([start for start, _ in UNITS[: len(rows)]])
    ends = np.array([end for _, end in UNITS[: len(rows)]])
    return UnitScores(starts, ends, table, careful_register=0.0)


def arbitrate(hits, unit_scores, rules=(EFFICACY, UNAPPROVED, URGENCY, UNRESOLVED), **options):
    arbiter = Arbiter(list(rules), DETECTOR_MAP, THRESHOLDS, **options)
    return arbiter.arbitrate(TEXT, hits, arbiter.verdicts(unit_scores))


def _sentence_units(doc):
    """The Doc's sentences as detector units, every score 0, on a marketing page."""
    from claimcheck.nlp.structure import sentences_of

    infos = sentences_of(doc)
    starts = np.array([info.span.start_char for info in infos])
    ends = np.array([info.span.end_char for info in infos])
    return infos, UnitScores(starts, ends, np.zeros((len(infos), len(UNIT_LABELS)), dtype="float32"), 0.0)


def test_a_rule_hit_the_detector_agrees_with_is_kept_with_its_confidence():
    hit = Hit(EFFICACY, 4, 23, "rule message")
    kept = arbitrate([hit], scores({"claim": 0.9, "efficacy": 0.8}, {}, {}))
    assert [(h.rule.id, h.message, h.confidence) for h in kept] == [(EFFICACY.id, "rule message", pytest.approx(0.9))]


def test_a_low_claim_score_alone_overrules_a_rule_only_under_the_cross_validated_floor():
    # Copy unlike anything the model was trained on scores low without being careful:
    # by default (overrule_below 0) a low score never overrules.
    hit = Hit(EFFICACY, 4, 23, "rule message")
    assert arbitrate([hit], scores({"claim": 0.0, "careful": 0.0}, {}, {})) == [replace(hit, confidence=0.0)]
    floored = replace(THRESHOLDS, overrule_below=0.05)
    arbiter = Arbiter([EFFICACY], DETECTOR_MAP, floored)
    third = Hit(EFFICACY, 44, 78, "rule message")
    assert arbiter.arbitrate(TEXT, [third], arbiter.verdicts(scores({}, {}, {"claim": 0.04}))) == []
    assert len(arbiter.arbitrate(TEXT, [third], arbiter.verdicts(scores({}, {}, {"claim": 0.06})))) == 1


def test_on_a_careful_page_a_rule_hit_under_the_cross_validated_floor_is_overruled():
    # A regulator's page names the claim it warns about; the same words on a selling page
    # are kept.  Only under the floor from thresholds.yml, and only on a careful page.
    floored = replace(THRESHOLDS, careful_page_overrule_below=0.2)
    arbiter = Arbiter([EFFICACY], DETECTOR_MAP, floored)
    third = Hit(EFFICACY, 44, 78, "rule message")

    def kept(claim: float, register: float) -> int:
        units = replace(scores({}, {}, {"claim": claim}), careful_register=register)
        return len(arbiter.arbitrate(TEXT, [third], arbiter.verdicts(units)))

    assert kept(0.1, register=0.9) == 0
    assert kept(0.1, register=0.1) == 1  # a selling page
    assert kept(0.3, register=0.9) == 1  # over the floor
    never = Arbiter([EFFICACY], DETECTOR_MAP, THRESHOLDS)  # the default floor, 0: never
    assert len(never.arbitrate(TEXT, [third], never.verdicts(replace(scores({}, {}, {"claim": 0.1}), careful_register=0.9)))) == 1


def test_the_business_speaking_for_itself_is_never_overruled_as_careful():
    arbiter = Arbiter([EFFICACY], DETECTOR_MAP, THRESHOLDS)
    careful = scores({"claim": 0.1, "careful": 0.95}).scores

    def kept(text: str) -> list[Hit]:
        end = text.index(".") + 1
        units = UnitScores(np.array([0]), np.array([end]), careful, 0.0)
        return arbiter.arbitrate(text, [Hit(EFFICACY, 0, end, "m")], arbiter.verdicts(units))

    assert len(kept("Our cells cure MS. Call us today.")) == 1
    assert kept('It said "our cells cure MS" in ads. Call.') == []


def test_a_confident_category_no_rule_found_is_reported_under_its_rule_spanning_the_unit():
    kept = arbitrate([], scores({"claim": 0.9, "efficacy": 0.7, "unapproved": 0.6}, {}, {}))
    assert sorted((h.rule.id, h.start, h.end) for h in kept) == [(UNAPPROVED.id, 0, 24), (EFFICACY.id, 0, 24)]
    efficacy = next(h for h in kept if h.rule is EFFICACY)
    # The confidence is the claim reading's, calibrated alike for every category.
    assert "reads as an efficacy claim" in efficacy.message and "0.90" in efficacy.message
    assert efficacy.confidence == pytest.approx(0.9)


def test_a_sure_claim_with_no_sure_category_is_reported_under_its_best_category_from_the_cv_floor():
    # Claim 0.9, but no category reaches its threshold: unapproved is closest to its own
    # (0.3 of 0.4) though efficacy's raw score is higher (0.45 of 0.9).
    unsure = scores({"claim": 0.9, "efficacy": 0.45, "unapproved": 0.3}, {}, {})
    per_category = replace(THRESHOLDS, categories={"efficacy": 0.9, "unapproved": 0.4, "urgency": 0.5})
    never = Arbiter([EFFICACY, UNAPPROVED, URGENCY], DETECTOR_MAP, per_category)
    assert never.arbitrate(TEXT, [], never.verdicts(unsure)) == []
    fallback = Arbiter([EFFICACY, UNAPPROVED, URGENCY], DETECTOR_MAP, replace(per_category, best_category_from=0.8))
    reported = fallback.arbitrate(TEXT, [], fallback.verdicts(unsure))
    assert [(h.rule.id, h.start, h.end) for h in reported] == [(UNAPPROVED.id, 0, 24)]
    # Under the floor, nothing.
    lower = scores({"claim": 0.7, "efficacy": 0.45, "unapproved": 0.3}, {}, {})
    assert fallback.arbitrate(TEXT, [], fallback.verdicts(lower)) == []


def test_a_sure_claim_of_no_kind_at_all_is_not_reported_under_the_cv_share():
    """The fallback needs its best category at a share of that category's threshold: a
    sentence read as a claim while every category scores near 0 (descriptive disease
    biology on the user's seed page) names no kind of claim to report."""
    per_category = replace(THRESHOLDS, categories={"efficacy": 0.9, "unapproved": 0.4, "urgency": 0.5}, best_category_from=0.8)
    kindless = scores({"claim": 0.95, "efficacy": 0.05, "unapproved": 0.01}, {}, {})
    kind_known = scores({"claim": 0.95, "efficacy": 0.45, "unapproved": 0.1}, {}, {})
    anywhere = Arbiter([EFFICACY, UNAPPROVED, URGENCY], DETECTOR_MAP, per_category)
    assert [h.rule.id for h in anywhere.arbitrate(TEXT, [], anywhere.verdicts(kindless))] == [EFFICACY.id]
    shared = Arbiter([EFFICACY, UNAPPROVED, URGENCY], DETECTOR_MAP, replace(per_category, best_category_share=0.1))
    assert shared.arbitrate(TEXT, [], shared.verdicts(kindless)) == []
    # efficacy at half its threshold is a kind the model does read
    assert [h.rule.id for h in shared.arbitrate(TEXT, [], shared.verdicts(kind_known))] == [EFFICACY.id]


UNCLASSIFIED = Rule("efficacy/unclassified-claim", "detector", Severity.WARNING, "msg", "unclassified", "why", "who")
WITH_UNCLASSIFIED = replace(DETECTOR_MAP, unclassified=CategoryRule(UNCLASSIFIED.id, "a claim about what the therapy does"))
UNSURE_KIND = replace(THRESHOLDS, categories={"efficacy": 0.9, "unapproved": 0.4, "urgency": 0.5}, best_category_from=0.8)


@pytest.mark.parametrize(
    ("warning_share", "unapproved", "severity"),
    [(0.0, 0.3, None), (0.5, 0.3, None), (0.8, 0.3, Severity.INFO), (1.0, 0.39, Severity.INFO)],
)
def test_a_sure_claim_of_unsure_kind_is_reported_under_its_own_rule_naming_the_nearest_kind(warning_share, unapproved, severity):
    """Not under the nearest category's rule (unapproved use, an error): the kind is a
    guess, so the finding is the unclassified rule's, its category the guess (which
    `claimcheck eval` counts), at warning from the out-of-fold share and at info under it."""
    arbiter = Arbiter(
        [EFFICACY, UNAPPROVED, URGENCY, UNCLASSIFIED],
        WITH_UNCLASSIFIED,
        replace(UNSURE_KIND, best_category_warning_share=warning_share),
    )
    unsure = scores({"claim": 0.9, "efficacy": 0.45, "unapproved": unapproved}, {}, {})
    [hit] = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unsure))
    assert (hit.rule.id, hit.category, hit.severity, hit.start, hit.end) == (UNCLASSIFIED.id, "unapproved", severity, 0, 24)
    assert "not clearly of one kind (nearest: an unapproved use)" in hit.message


def test_a_disabled_unclassified_rule_drops_the_guess_and_a_map_without_it_keeps_the_nearest_rule():
    unsure = scores({"claim": 0.9, "efficacy": 0.45, "unapproved": 0.3}, {}, {})
    disabled = Arbiter([EFFICACY, UNAPPROVED, URGENCY], WITH_UNCLASSIFIED, UNSURE_KIND)
    assert disabled.arbitrate(TEXT, [], disabled.verdicts(unsure)) == []
    unmapped = Arbiter([EFFICACY, UNAPPROVED, URGENCY, UNCLASSIFIED], DETECTOR_MAP, UNSURE_KIND)
    assert [h.rule.id for h in unmapped.arbitrate(TEXT, [], unmapped.verdicts(unsure))] == [UNAPPROVED.id]


def test_a_category_over_its_threshold_is_never_reported_as_unclassified():
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY, UNCLASSIFIED], WITH_UNCLASSIFIED, UNSURE_KIND)
    sure = scores({"claim": 0.9, "efficacy": 0.45, "unapproved": 0.5}, {}, {})
    assert [(h.rule.id, h.category) for h in arbiter.arbitrate(TEXT, [], arbiter.verdicts(sure))] == [(UNAPPROVED.id, None)]


def test_the_detector_leaves_sentences_with_citation_markers_to_the_rules():
    cited = "Our cells rebuild knees[3]. Call us today."
    arbiter = Arbiter([EFFICACY, UNAPPROVED], DETECTOR_MAP, THRESHOLDS)
    unit_scores = UnitScores(np.array([0]), np.array([27]), scores({"claim": 0.9, "efficacy": 0.8}).scores, 0.0)
    assert arbiter.arbitrate(cited, [], arbiter.verdicts(unit_scores)) == []


def test_a_category_score_without_a_claim_reading_adds_nothing():
    # The category is over its threshold but P(claim) is under claim_from.
    assert arbitrate([], scores({"claim": 0.3, "efficacy": 0.9}, {}, {})) == []


def test_the_detector_does_not_repeat_a_category_a_rule_already_reported_on_the_unit():
    hit = Hit(EFFICACY, 4, 23, "rule message")
    kept = arbitrate([hit], scores({"claim": 0.9, "efficacy": 0.9}, {}, {}))
    assert [h.message for h in kept] == ["rule message"]


@pytest.mark.parametrize(
    ("overruled", "expected"),
    [("drop", []), ("info", [Severity.INFO]), ("keep", [None])],
)
def test_an_overrulable_hit_on_a_unit_read_as_careful(overruled, expected):
    hit = Hit(EFFICACY, 44, 78, "rule message")  # the careful third sentence
    kept = arbitrate([hit], scores({}, {}, {"claim": 0.02, "careful": 0.9}), overruled=overruled)
    assert [h.severity for h in kept] == expected


def test_hits_the_detector_may_not_overrule_pass_untouched():
    reference = Hit(UNRESOLVED, 44, 78, "cites nothing")
    document = Hit(EFFICACY, 0, 0, "document", scope=DOCUMENT)
    kept = arbitrate([reference, document], scores({}, {}, {"claim": 0.0, "careful": 1.0}))
    assert kept == [reference, document]


def test_disabling_a_rule_silences_the_detector_for_its_category():
    kept = arbitrate([], scores({"claim": 0.9, "urgency": 0.9}, {}, {}), rules=(EFFICACY, UNAPPROVED))
    assert kept == []


def test_model_only_mode_drops_rule_hits_and_keeps_the_detector_s():
    hit = Hit(URGENCY, 25, 39, "rule says urgency")
    kept = arbitrate([hit], scores({"claim": 0.9, "efficacy": 0.9}, {}, {}), mode=MODEL_ONLY)
    assert [(h.rule.id, h.start) for h in kept] == [(EFFICACY.id, 0)]


def test_unknown_mode_or_action_is_a_config_error():
    with pytest.raises(ConfigError, match="mode"):
        Arbiter([EFFICACY], DETECTOR_MAP, THRESHOLDS, mode="both")
    with pytest.raises(ConfigError, match="overruled"):
        Arbiter([EFFICACY], DETECTOR_MAP, THRESHOLDS, overruled="warn")


def test_categories_that_need_an_anchor_wait_for_an_anchored_unit():
    detector_map = DetectorMap(DETECTOR_MAP.categories, DETECTOR_MAP.overrulable, {"efficacy": ("therapies",)})
    arbiter = Arbiter([EFFICACY, URGENCY], detector_map, THRESHOLDS)
    unit_scores = scores({"claim": 0.9, "efficacy": 0.9}, {"claim": 0.9, "urgency": 0.9}, {})
    unanchored = {"efficacy": np.array([False, False, False])}
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores, UnitMasks(anchored=unanchored)))
    assert [h.rule.id for h in kept] == [URGENCY.id]  # urgency needs no anchor
    kept = arbiter.arbitrate(
        TEXT, [], arbiter.verdicts(unit_scores, UnitMasks(anchored={"efficacy": np.array([True, False, False])}))
    )
    assert sorted(h.rule.id for h in kept) == [EFFICACY.id, URGENCY.id]


def test_anchors_name_a_therapy_refer_back_to_one_or_are_short_promotional_headlines(linter):
    from claimcheck.checks.arbiter import anchors
    from claimcheck.nlp.structure import text_of

    text = (
        "Methotrexate is usually the first drug prescribed for arthritis of the hands and knees. "
        "Our stem cell injections are given in one morning visit at the clinic. "
        "They settle into the joint and calm the swelling over the following weeks. "
        "Inflammation in arthritis comes from many overlapping pathways in the joint lining. "
        "The lining swells. "
        "Knees like new!"
    )
    doc = linter.nlp(text)
    sentences = list(doc.sents)
    starts = np.array([s.start_char for s in sentences])
    ends = np.array([s.end_char for s in sentences])
    unit_scores = UnitScores(starts, ends, np.zeros((len(sentences), len(UNIT_LABELS))), careful_register=0.1)
    assert anchors(doc, unit_scores, text_of(doc), ["therapies"]).tolist() == [False, True, True, False, False, True]
    # Conventional treatment anchors comparison and disparagement.
    assert anchors(doc, unit_scores, text_of(doc), ["treatments"]).tolist()[0] is True


@pytest.mark.parametrize(
    "careful_register, anchored_registers, reported",
    [
        (0.1, frozenset({"careful"}), True),  # a selling page: the pronoun sentence is reported
        (0.9, frozenset({"careful"}), False),  # a careful page: it needs its anchor
        (0.1, frozenset({"marketing", "mixed", "careful"}), False),  # anchoring everywhere
    ],
)
def test_anchoring_applies_only_on_the_page_registers_the_map_lists(linter, careful_register, anchored_registers, reported):
    from claimcheck.checks.arbiter import arbitrate_doc
    from claimcheck.detector.component import SCORES_KEY

    text = "Shockwave sessions are booked on Tuesdays. They calm the flare-ups within a week."
    doc = linter.nlp(text)
    units = [(0, 42), (43, len(text))]
    table = np.zeros((2, len(UNIT_LABELS)), dtype="float32")
    table[1, UNIT_LABELS.index("claim")] = table[1, UNIT_LABELS.index("efficacy")] = 0.9
    starts, ends = np.array([start for start, _ in units]), np.array([end for _, end in units])
    doc.user_data[SCORES_KEY] = UnitScores(starts, ends, table, careful_register=careful_register)
    detector_map = replace(DETECTOR_MAP, anchored_by={"efficacy": ("therapies",)}, anchored_registers=anchored_registers)
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], detector_map, THRESHOLDS)
    kept = arbitrate_doc(arbiter, doc, [])
    assert [(hit.rule.id, hit.start) for hit in kept] == ([(EFFICACY.id, 43)] if reported else [])


@pytest.mark.parametrize(
    ("sentence", "worded"),
    [
        # An appeal to research is `evidence` (ANNOTATION B37): no word says the matter is settled.
        ("Every step of our protocol is evidence-based.", False),
        ("Our exosome scalp protocol is backed by science, not hype.", False),
        ("It's clinically tested and built on years of lab research.", False),
        # Proof, a settled science, a debate over, a first or a breakthrough.
        ("Our knee protocol is clinically proven.", True),
        ("The research on these cells is rock-solid.", True),
        ("The debate about whether it works is over.", True),
        ("Science doesn’t lie.", True),
        ("The clinic unveils the world's first exosome nebulizer.", True),
    ],
)
def test_the_detector_reports_establishment_only_on_a_unit_holding_a_word_of_settled_proof(sentence, worded):
    from claimcheck.checks.arbiter import worded_units

    pattern = _shipped_map().worded["establishment"]
    assert worded_units(_one_unit(sentence), sentence, pattern).tolist() == [worded]


def test_needs_words_gates_the_detector_but_not_the_rules(linter):
    from claimcheck.checks.arbiter import arbitrate_doc, words_pattern
    from claimcheck.detector.component import SCORES_KEY

    text = "Our protocol is evidence-based. Our protocol is clinically proven."
    doc = linter.nlp(text)
    units = [(0, 31), (32, len(text))]
    table = np.zeros((2, len(UNIT_LABELS)), dtype="float32")
    table[:, UNIT_LABELS.index("claim")] = table[:, UNIT_LABELS.index("efficacy")] = 0.9
    starts, ends = np.array([start for start, _ in units]), np.array([end for _, end in units])
    doc.user_data[SCORES_KEY] = UnitScores(starts, ends, table, careful_register=0.1)
    detector_map = replace(DETECTOR_MAP, worded={"efficacy": words_pattern(["proven"])})
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], detector_map, THRESHOLDS)
    assert [(hit.rule.id, hit.start) for hit in arbitrate_doc(arbiter, doc, [])] == [(EFFICACY.id, 32)]
    rule_hit = Hit(EFFICACY, 0, 30, "rule message")
    kept = arbitrate_doc(arbiter, doc, [rule_hit])
    assert [(hit.rule.id, hit.start) for hit in kept] == [(EFFICACY.id, 0), (EFFICACY.id, 32)]
    assert kept[0].message == "rule message"


def test_needs_words_must_name_known_categories(tmp_path):
    path = tmp_path / "detector.yml"
    path.write_text("categories: {}\nneeds_words: {establishment: [proven]}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="needs_words"):
        DetectorMap.load(path)


def test_anchored_registers_must_name_known_registers(tmp_path):
    path = tmp_path / "detector.yml"
    path.write_text("categories: {}\nanchored_registers: [careful, academic]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="academic"):
        DetectorMap.load(path)
    path.write_text("categories: {}\n", encoding="utf-8")
    assert DetectorMap.load(path).anchored_registers == frozenset({"marketing", "mixed", "careful"})


@pytest.mark.parametrize(
    "key",
    [
        "anchored_registers: [careful, academic]",
        "unasserted_claims: {registers: [careful, academic]}",
        "quoted_registers: [careful, academic]",
    ],
)
def test_an_unknown_register_is_named_alone_whichever_key_lists_it(tmp_path, key):
    path = tmp_path / "detector.yml"
    path.write_text(f"categories: {{}}\n{key}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        DetectorMap.load(path)
    named = str(raised.value).split(" (known:")[0]
    assert named.endswith("names unknown registers ['academic']"), named
    assert key.split(":")[0] in named


def test_a_rule_hit_on_careful_prose_under_the_claim_gate_is_overruled():
    thresholds = Thresholds(THRESHOLDS.categories, claim_from=0.4, careful_from=0.7)
    arbiter = Arbiter([EFFICACY], DETECTOR_MAP, thresholds)
    hit = Hit(EFFICACY, 44, 78, "rule message")
    careful = scores({}, {}, {"claim": 0.3, "careful": 0.8})  # over the gate, but careful
    assert arbiter.arbitrate(TEXT, [hit], arbiter.verdicts(careful)) == []
    unsure = scores({}, {}, {"claim": 0.3, "careful": 0.5})  # neither careful nor no claim
    assert len(arbiter.arbitrate(TEXT, [hit], arbiter.verdicts(unsure))) == 1
    claimed = scores({}, {}, {"claim": 0.6, "careful": 0.9})  # the claim reading wins
    assert len(arbiter.arbitrate(TEXT, [hit], arbiter.verdicts(claimed))) == 1


HEDGED_MAP = replace(DETECTOR_MAP, hedgeable=frozenset({EFFICACY.id, UNAPPROVED.id}), hedge_words=frozenset({"may"}))


@pytest.mark.parametrize("hedged, severity", [("info", Severity.INFO), ("keep", None)])
def test_a_claim_under_a_modal_hedge_is_a_note_unless_configured_otherwise(hedged, severity):
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], HEDGED_MAP, THRESHOLDS, hedged=hedged)
    unit_scores = scores({"claim": 0.9, "efficacy": 0.8}, {"claim": 0.9, "urgency": 0.8}, {})
    under_hedge = np.array([True, True, False])
    rule_hit = Hit(UNAPPROVED, 4, 23, "rule message")
    kept = arbiter.arbitrate(TEXT, [rule_hit], arbiter.verdicts(unit_scores, UnitMasks(hedged=under_hedge)))
    by_rule = {hit.rule.id: hit.severity for hit in kept}
    # The rule's hit and the detector's own finding are notes; urgency is not a hedgeable claim.
    assert by_rule == {UNAPPROVED.id: severity, EFFICACY.id: severity, URGENCY.id: None}


@pytest.mark.parametrize("read_by, severity", [(frozenset({"efficacy/hedged-uncited"}), Severity.INFO), (frozenset(), None)])
def test_the_detector_does_not_restate_as_unhedged_a_claim_the_rules_read_as_hedged(read_by, severity):
    hedged_rule = rule("efficacy/hedged-uncited", "efficacy", Severity.INFO)
    detector_map = replace(
        HEDGED_MAP,
        overrulable=HEDGED_MAP.overrulable | {hedged_rule.id},
        hedge_readers=read_by,
    )
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY, hedged_rule], detector_map, THRESHOLDS)
    unit_scores = scores({"claim": 0.9, "efficacy": 0.8}, {"claim": 0.9, "efficacy": 0.8}, {})
    rules_hedged = Hit(hedged_rule, 4, 23, "rule message")
    kept = arbiter.arbitrate(TEXT, [rules_hedged], arbiter.verdicts(unit_scores))
    by_unit = {(hit.rule.id, hit.start): hit.severity for hit in kept}
    # The rules' hedged reading of unit 0 makes the detector's efficacy finding there a note;
    # unit 1, which no rule read as hedged, keeps the rule's severity.
    assert by_unit[(EFFICACY.id, 0)] == severity
    assert by_unit[(EFFICACY.id, 25)] is None
    assert by_unit[(hedged_rule.id, 4)] is None


def test_hedged_units_need_the_hedge_in_their_first_clause(linter):
    from claimcheck.checks.arbiter import hedged_units

    text = "These cells may ease knee pain. Our cells rebuild knees, and may help hips. Cells rebuild knees."
    doc = linter.nlp(text)
    starts = np.array([0, 32, 76])
    ends = np.array([31, 75, 95])
    units = UnitScores(starts, ends, np.zeros((3, len(UNIT_LABELS)), dtype="float32"), 0.0)
    assert hedged_units(doc, units, frozenset({"may"})).tolist() == [True, False, False]


def test_an_unknown_hedged_action_is_a_config_error():
    with pytest.raises(ConfigError, match="hedged"):
        Arbiter([EFFICACY], DETECTOR_MAP, THRESHOLDS, hedged="drop")


def test_a_denied_proof_silences_the_detectors_claims_of_effect_but_not_the_rules():
    denying = replace(DETECTOR_MAP, deniable=frozenset({"efficacy"}))
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], denying, THRESHOLDS)
    unit_scores = scores({"claim": 0.9, "efficacy": 0.8, "urgency": 0.8}, {}, {})
    denied = np.array([True, False, False])
    rule_hit = Hit(UNAPPROVED, 4, 23, "rule message")
    kept = arbiter.arbitrate(TEXT, [rule_hit], arbiter.verdicts(unit_scores, UnitMasks(denied=denied)))
    # No detector efficacy finding on the denied unit; the rule's hit and urgency stay.
    assert sorted(hit.rule.id for hit in kept) == sorted([UNAPPROVED.id, URGENCY.id])
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores))
    assert EFFICACY.id in {hit.rule.id for hit in kept}


@pytest.mark.parametrize(
    "sentence, denied",
    [
        ("There is no good evidence that cell injections help autism.", True),
        ("So far, no trial has shown that exosome drips slow Parkinson's disease.", True),
        ("Researchers have not found convincing proof that stem cells repair knees.", True),
        ("At present there isn't enough evidence to support cell therapy for lupus.", True),
        ("We don't need a study to prove that our cells repair knees.", False),  # the business speaks
        ("No more pain, proven results from stem cells.", False),  # the proof is past the clause
        ("Stem cells rebuild knees, and no drug has been shown to do that.", False),  # not the opening clause
        ("Stem cells rebuild cartilage in weeks.", False),
        ("There are no controlled human studies showing that exosomes regrow hair.", True),
        ("No surgery and studies prove stem cells regrow cartilage.", False),  # the surgery is denied
    ],
)
def test_denied_proof_units(linter, sentence, denied):
    from claimcheck.checks.arbiter import denied_proof_units
    from claimcheck.nlp.structure import text_of

    doc = linter.nlp(sentence)
    units = UnitScores(np.array([0]), np.array([len(sentence)]), np.zeros((1, len(UNIT_LABELS)), dtype="float32"), 0.0)
    words = frozenset({"evidence", "shown", "proof", "prove", "proven", "support", "found", "studies"})
    assert denied_proof_units(doc, units, text_of(doc), words, 6).tolist() == [denied]


def test_the_shipped_map_names_known_categories_for_denied_proof():
    from claimcheck.nlp.lexicons import builtin_rules_dir

    shipped = DetectorMap.load(builtin_rules_dir() / "data" / "detector.yml")
    assert {"efficacy", "cure", "unapproved"} <= shipped.deniable <= set(shipped.categories)
    assert "safety" not in shipped.deniable  # "no evidence of harm" is itself a safety claim


def test_a_category_at_threshold_one_is_never_reported_by_the_detector():
    never = Thresholds(
        categories={"efficacy": 1.0, "unapproved": 0.5, "urgency": 0.5}, claim_from=0.4, careful_from=0.7, best_category_from=0.5
    )
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], DETECTOR_MAP, never)
    unit_scores = scores({"claim": 0.99, "efficacy": 1.0, "unapproved": 0.1})
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores))
    # Not efficacy, even at score 1.0 and as the best category: unapproved is the best left.
    assert [hit.rule.id for hit in kept] == [UNAPPROVED.id]


def _shipped_map() -> DetectorMap:
    from claimcheck.nlp.lexicons import builtin_rules_dir

    return DetectorMap.load(builtin_rules_dir() / "data" / "detector.yml")


def _one_unit(sentence: str) -> UnitScores:
    return UnitScores(np.array([0]), np.array([len(sentence)]), np.zeros((1, len(UNIT_LABELS)), dtype="float32"), 0.0)


@pytest.mark.parametrize(
    ("sentence", "defines"),
    [
        ("Regenerative medicine is a broad field that studies how tissues repair.", True),
        ("Exosomes are a type of tiny vesicle released by cells.", True),
        ("Platelet-rich plasma refers to plasma concentrated from your own blood.", True),
        ("A cell therapy is a treatment that uses living cells from a donor.", True),
        # An evaluative word between the article and the kind makes it a claim.
        ("Stem cell therapy is a proven type of treatment for worn knees.", False),
        # The business, the reader or a pronoun as the subject is not a definition.
        ("Our injections are a type of therapy that regrows cartilage.", False),
        ("It is a kind of reset for the immune system.", False),
        # A definition hung on a claim by a relative clause.
        ("MSC therapy reverses arthritis which is a type of joint disease.", False),
        ("Stem cells rebuild cartilage in weeks.", False),
        # What "a" transplant does, said in general, explains the procedure.
        ("A bone marrow transplant replaces diseased marrow with healthy blood-forming cells.", True),
        ("Our stem cell transplant replaces damaged cells in the knee.", False),
        ("Stem cell transplant heals autism.", False),
        ("A single injection replaces months of physical therapy.", False),
        # An aside naming the subject otherwise.
        ("Osteoarthritis, often called wear-and-tear arthritis, is a common condition of the joints.", True),
        ("Our shots, also known as the knee reset, are a type of therapy that regrows cartilage.", False),
    ],
)
def test_definitions_are_read_from_the_opening_of_the_sentence(sentence, defines):
    from claimcheck.checks.arbiter import defining_units

    shipped = _shipped_map()
    assert shipped.definition is not None
    assert defining_units(_one_unit(sentence), sentence, shipped.definition).tolist() == [defines]


def test_on_a_definition_the_detector_and_the_efficacy_rule_give_way_but_unapproved_does_not():
    detector_map = replace(DETECTOR_MAP, definable=frozenset({"efficacy"}))
    arbiter = Arbiter([EFFICACY, UNAPPROVED], detector_map, THRESHOLDS)
    unit_scores = scores({"claim": 0.9, "efficacy": 0.9, "unapproved": 0.9}, {}, {})
    text = "Cell therapy is a field." + TEXT[24:]
    defining = np.array([True, False, False])
    rule_hits = [Hit(EFFICACY, 0, 5, "rule"), Hit(UNAPPROVED, 0, 5, "rule")]
    kept = arbiter.arbitrate(text, rule_hits, arbiter.verdicts(unit_scores, UnitMasks(defining=defining)))
    assert [hit.rule.id for hit in kept] == [UNAPPROVED.id]
    kept = arbiter.arbitrate(text, rule_hits, arbiter.verdicts(unit_scores))
    assert sorted(hit.rule.id for hit in kept) == sorted([EFFICACY.id, UNAPPROVED.id])


@pytest.mark.parametrize(
    ("sentence", "approving"),
    [
        ("With this approval, adults with type 1 diabetes and severe low blood sugar gain an option.", True),
        ("Today's decision is a milestone for cell-based therapies to treat serious diseases.", True),
        ("The agency has approved the product for children with graft-versus-host disease.", True),
        ("FDA approval of the islet cells rested on two single-arm studies.", True),
        # An approval borrowed as proof is a claim.
        ("In 2023 the FDA approved a cell therapy for diabetes, which shows that cell treatment works.", False),
        # The business speaking for itself.
        ("Our FDA-approved lab offers stem cells for autism.", False),
        ("After the FDA decision, we expanded our MS program.", False),
        # "The decision" alone is not a regulator's.
        ("The decision to treat your knee with stem cells is yours.", False),
        ("Stem cells rebuild cartilage in weeks.", False),
    ],
)
def test_sentences_that_report_a_regulators_approval_are_found(sentence, approving):
    from claimcheck.checks.arbiter import approval_units

    shipped = _shipped_map()
    assert shipped.approval is not None and "unapproved" in shipped.approval_categories
    assert approval_units(_one_unit(sentence), sentence, shipped.approval).tolist() == [approving]


def test_on_a_reported_approval_the_detector_and_the_rules_of_its_categories_give_way():
    """The shipped map names unapproved, efficacy and establishment; here only efficacy."""
    detector_map = replace(DETECTOR_MAP, approval_categories=frozenset({"efficacy"}))
    arbiter = Arbiter([EFFICACY, UNAPPROVED], detector_map, THRESHOLDS)
    unit_scores = scores({"claim": 0.9, "efficacy": 0.9, "unapproved": 0.9}, {}, {})
    approving = np.array([True, False, False])
    text = "FDA approval came today." + TEXT[24:]
    rule_hits = [Hit(EFFICACY, 0, 5, "rule"), Hit(UNAPPROVED, 0, 5, "rule")]
    kept = arbiter.arbitrate(text, rule_hits, arbiter.verdicts(unit_scores, UnitMasks(approving=approving)))
    # the efficacy rule's hit and the detector's efficacy reading give way; unapproved is not among them here
    assert [hit.rule.id for hit in kept if hit.start == 0] == [UNAPPROVED.id]
    kept = arbiter.arbitrate(text, rule_hits, arbiter.verdicts(unit_scores))
    assert sorted(hit.rule.id for hit in kept if hit.start == 0) == sorted([EFFICACY.id, UNAPPROVED.id])


@pytest.mark.parametrize(
    ("sentence", "requiring"),
    [
        ("Stem cell products are overseen by regulators, and all of them generally require FDA approval.", True),
        ("Such products need a biologics license before they can be sold.", True),
        ("Cells grown in a lab must be studied under an IND.", True),
        ("Products like these must be approved by the FDA for each use.", True),
        # A requirement denied is the claim clinics make of their own products.
        ("The cells are your own, so the procedure does not require FDA approval.", False),
        ("As a 361 tissue it needs no approval.", False),
        # Standards a product is said to meet are not a requirement stated.
        ("It is made to the standards the FDA requires of approved drugs.", False),
        # The business speaking for itself.
        ("We require FDA approval of every lot we ship.", False),
        ("Our FDA-registered lab prepares your cells.", False),
    ],
)
def test_sentences_that_state_what_the_law_requires_are_found(sentence, requiring):
    from claimcheck.checks.arbiter import requirement_units

    shipped = _shipped_map()
    assert shipped.requirement is not None and "fda" in shipped.requirement_categories
    assert requirement_units(_one_unit(sentence), sentence, shipped.requirement).tolist() == [requiring]


def test_on_a_stated_requirement_the_detector_does_not_report_its_categories_but_the_rules_stand():
    requiring_map = replace(DETECTOR_MAP, requirement_categories=frozenset({"efficacy"}))
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], requiring_map, THRESHOLDS)
    unit_scores = scores({"claim": 0.9, "efficacy": 0.8, "urgency": 0.8}, {}, {})
    requiring = np.array([True, False, False])
    rule_hit = Hit(UNAPPROVED, 4, 23, "rule message")
    kept = arbiter.arbitrate(TEXT, [rule_hit], arbiter.verdicts(unit_scores, UnitMasks(requiring=requiring)))
    assert sorted(hit.rule.id for hit in kept) == sorted([UNAPPROVED.id, URGENCY.id])
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores))
    assert EFFICACY.id in {hit.rule.id for hit in kept}


@pytest.mark.parametrize(
    ("text", "one_area"),
    [
        ("Knee arthritis can be treated with stem cells.", [True]),
        ("Our cells help knee arthritis and hip arthritis.", [True]),
        ("Our cells help arthritis, multiple sclerosis and autism.", [False]),
        ("We treat over forty conditions.", [False]),  # names none: left to the detector
        # A list may hold diseases the lexicons do not know.
        ("Our cells help knee arthritis, tinnitus and erectile trouble.", [False]),
    ],
)
def test_units_whose_diseases_are_all_of_one_area(linter, text, one_area):
    from claimcheck.checks.arbiter import one_area_units

    doc = linter.nlp(text)
    units = UnitScores(np.array([0]), np.array([len(text)]), np.zeros((1, len(UNIT_LABELS)), dtype="float32"), 0.0)
    assert one_area_units(doc, units, text).tolist() == one_area


def test_many_diseases_is_not_reported_on_a_unit_of_one_area():
    detector_map = replace(DETECTOR_MAP, many_areas=frozenset({"efficacy"}))
    arbiter = Arbiter([EFFICACY], detector_map, THRESHOLDS)
    unit_scores = scores({"claim": 0.9, "efficacy": 0.9}, {"claim": 0.9, "efficacy": 0.9})
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores, UnitMasks(one_area=np.array([True, False]))))
    assert [(hit.rule.id, hit.start) for hit in kept] == [(EFFICACY.id, UNITS[1][0])]


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Stem cell injections do not cure multiple sclerosis.", [True]),
        ("Stem cell injections cure multiple sclerosis.", [False]),
        # An asserted effect beside the negated one: the claim stands.
        ("Stem cell injections do not just mask knee pain, they heal the joint.", [False]),
        # The business speaking for itself is not spared.
        ("We don't claim our injections cure arthritis overnight.", [False]),
    ],
)
def test_units_whose_therapy_claims_the_rules_read_as_negated(linter, text, negated):
    from claimcheck.checks.arbiter import negated_units

    doc = linter.nlp(text)
    units = UnitScores(np.array([0]), np.array([len(text)]), np.zeros((1, len(UNIT_LABELS)), dtype="float32"), 0.0)
    assert negated_units(doc, units, text).tolist() == negated


def test_a_negated_unit_gets_neither_the_negated_categories_nor_a_best_category_fallback():
    detector_map = replace(DETECTOR_MAP, negated=frozenset({"efficacy"}))
    thresholds = replace(THRESHOLDS, best_category_from=0.5)
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], detector_map, thresholds)
    # Efficacy over its threshold; unapproved under its own but the best fallback.
    unit_scores = scores({"claim": 0.99, "efficacy": 0.9, "unapproved": 0.4})
    assert [h.rule.id for h in arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores))] == [EFFICACY.id]
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores, UnitMasks(negated=np.array([True]))))
    assert kept == []
    # A category the negation does not cover is still reported on its own threshold.
    unit_scores = scores({"claim": 0.99, "urgency": 0.9})
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores, UnitMasks(negated=np.array([True]))))
    assert [h.rule.id for h in kept] == [URGENCY.id]


@pytest.mark.parametrize(
    ("text", "relayed"),
    [
        ("The ads said stem cell infusions would cure autism.", [True]),
        ("Will stem cell injections rebuild my knee cartilage?", [True]),
        ("Stem cell infusions cure autism.", [False]),
        # The business speaking for itself is not spared.
        ("Our patients tell us the stem cell injections healed their knees, as the ads said.", [False]),
    ],
)
def test_units_whose_therapy_claims_the_rules_read_as_relayed_or_asked(linter, text, relayed):
    from claimcheck.checks.arbiter import unasserted_units

    doc = linter.nlp(text)
    units = UnitScores(np.array([0]), np.array([len(text)]), np.zeros((1, len(UNIT_LABELS)), dtype="float32"), 0.0)
    assert unasserted_units(doc, units, text, frozenset({"reported", "question"})).tolist() == relayed


def test_an_unasserted_unit_gets_neither_its_categories_nor_a_best_category_fallback():
    detector_map = replace(DETECTOR_MAP, unasserted=frozenset({"efficacy"}), unasserted_statuses=frozenset({"reported"}))
    thresholds = replace(THRESHOLDS, best_category_from=0.5)
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], detector_map, thresholds)
    unit_scores = scores({"claim": 0.99, "efficacy": 0.9, "unapproved": 0.4})
    assert arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores, UnitMasks(unasserted=np.array([True])))) == []
    unit_scores = scores({"claim": 0.99, "urgency": 0.9})
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores, UnitMasks(unasserted=np.array([True]))))
    assert [h.rule.id for h in kept] == [URGENCY.id]


SYMPTOM_PAGE = (
    "Hip arthritis\n\n"
    "Common signs\n\n"
    "- Stiffness first thing in the morning\n"
    "- A limp after a long walk\n\n"
    "What we treat:\n\n"
    "- Worn hip cartilage\n"
    "- Torn labrum\n\n"
    "Signs of recovery\n\n"
    "- Walking without a limp\n\n"
    "Our view of the causes\n\n"
    "- Cartilage that has lost its repair signals\n"
)


def test_list_items_under_a_lead_in_of_symptoms_describe_the_condition(linter):
    from claimcheck.checks.arbiter import describing_units
    from claimcheck.nlp.lexicons import builtin_rules_dir
    from claimcheck.nlp.structure import text_of

    shipped = DetectorMap.load(builtin_rules_dir() / "data" / "detector.yml")
    lead_in = shipped.symptom_lead_in
    assert lead_in is not None
    doc = linter.nlp(SYMPTOM_PAGE)
    infos, units = _sentence_units(doc)
    text = text_of(doc)
    described = {
        text[info.span.start_char : info.span.end_char].strip("- "): flag
        for info, flag in zip(infos, describing_units(doc, units, text, lead_in, shipped.outcome_lead_in).tolist(), strict=True)
    }
    assert described["Stiffness first thing in the morning"] and described["A limp after a long walk"]
    # Under an offering lead-in the items are the page's offer.
    assert not described["Worn hip cartilage"] and not described["Torn labrum"]
    # Under a lead-in of outcomes they are the product's effects.
    assert not described["Walking without a limp"]
    # A lead-in in the business's voice is its own account.
    assert not described["Cartilage that has lost its repair signals"]


QUOTED_PAGE = (
    '"Our lab is FDA-registered."\n'
    '"Our exosomes halt the progression of Alzheimer\'s disease".\n'
    '"I walked without a cane after two weeks," Ruth said.\n'
    '"I was back on the court within a month."\n'
    "Our cells repair knees.\n"
)


def _line_units(text: str) -> UnitScores:
    starts, ends, at = [], [], 0
    for line in text.splitlines(keepends=True):
        starts.append(at)
        ends.append(at + len(line.rstrip("\n")))
        at += len(line)
    table = np.zeros((len(starts), len(UNIT_LABELS)), dtype="float32")
    return UnitScores(np.array(starts), np.array(ends), table, careful_register=0.9)


def test_quoted_units_are_one_quotation_end_to_end_and_not_a_patient_speaking():
    from claimcheck.checks.arbiter import quoted_units

    # a quotation; one with its full stop outside; an attributed quote; a patient's own
    # words (a testimonial, even on a careful page); a plain sentence
    assert quoted_units(_line_units(QUOTED_PAGE), QUOTED_PAGE).tolist() == [True, True, False, False, False]


LABELLED_QUOTES = (
    'Myth 2: "Stem cell shots regrow a worn hip."\n'
    '- Claim: "Our exosomes end tinnitus."\n'
    "Myth 3: stem cell shots are unsafe.\n"
    'Fact 1: "Most hip pain eases with exercise."\n'
)


def test_a_quotation_after_a_myth_or_claim_label_is_still_one_quotation():
    from claimcheck.checks.arbiter import quoted_units

    assert quoted_units(_line_units(LABELLED_QUOTES), LABELLED_QUOTES).tolist() == [True, True, False, False]


def test_a_quoted_unit_gets_no_detector_finding_and_its_rule_hits_are_overruled():
    text = '"Our cells rebuild knees."'
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], DETECTOR_MAP, THRESHOLDS)
    unit_scores = _line_units(text)
    unit_scores.scores[0, UNIT_LABELS.index("claim")] = 0.99
    unit_scores.scores[0, UNIT_LABELS.index("unapproved")] = 0.9
    hit = Hit(EFFICACY, 0, len(text), "rule message")
    kept = arbiter.arbitrate(text, [hit], arbiter.verdicts(unit_scores))
    assert [h.rule.id for h in kept] == [EFFICACY.id, UNAPPROVED.id]
    assert arbiter.arbitrate(text, [hit], arbiter.verdicts(unit_scores, UnitMasks(quoted=np.array([True])))) == []


def test_quoted_claims_are_read_as_quoted_on_careful_pages_only():
    from claimcheck.nlp.lexicons import builtin_rules_dir

    shipped = DetectorMap.load(builtin_rules_dir() / "data" / "detector.yml")
    assert shipped.quoted_registers == frozenset({"careful"})


def test_quoted_registers_must_name_known_registers(tmp_path):
    path = tmp_path / "detector.yml"
    path.write_text("categories: {}\nquoted_registers: [sceptical]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="quoted_registers"):
        DetectorMap.load(path)


@pytest.mark.parametrize(
    ("sentence", "preparing"),
    [
        # How the product is made or given, and nothing it does.
        ("The cells are taken from your bone marrow, cultivated for two weeks and then given back to you as an infusion.", True),
        ("Our exosomes are purified from the culture fluid of donor cells and come in a sealed vial.", True),
        ("The cells are of umbilical cord, multiplied in laboratory, and applied by vein in 2 sessions.", True),
        ("Bone marrow is drawn from the hip, spun in a centrifuge and injected into the knee the same day.", True),
        # An effect, a disease, or the words of an effect the lexicon lacks make it a claim.
        ("Cells harvested from your hip are injected into the knee, where they rebuild cartilage.", False),
        ("Cells harvested from your own fat are injected for knee osteoarthritis.", False),
        ("The cells are cultured and injected around the eye, where they nourish the retina.", False),
        ("Our cells are tested for potency so they work.", False),
        ("Pulp cells fill jaw defects as well as bone taken from your hip.", False),
        # No verb of making or giving.
        ("Our cells are the purest on the market.", False),
    ],
)
def test_units_that_say_how_the_product_is_made_or_given(linter, sentence, preparing):
    from claimcheck.checks.arbiter import preparation_units

    shipped = _shipped_map()
    assert shipped.preparation is not None
    doc = linter.nlp(sentence)
    found = preparation_units(doc, _one_unit(sentence), sentence, shipped.preparation, shipped.preparation_unless)
    assert found.tolist() == [preparing]


def test_on_a_preparation_the_detector_does_not_report_its_categories_but_the_rules_stand():
    detector_map = replace(DETECTOR_MAP, preparation_categories=frozenset({"efficacy", "unapproved"}))
    thresholds = replace(THRESHOLDS, best_category_from=0.5)
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], detector_map, thresholds)
    unit_scores = scores({"claim": 0.9, "efficacy": 0.9, "unapproved": 0.9, "urgency": 0.3}, {"claim": 0.9, "efficacy": 0.9})
    preparing = np.array([True, False])
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores, UnitMasks(preparing=preparing)))
    # Neither the categories nor a best-category fallback on the first unit; the second is reported.
    assert [(hit.rule.id, hit.start) for hit in kept] == [(EFFICACY.id, UNITS[1][0])]
    rule_hit = Hit(EFFICACY, 0, 5, "rule")
    kept = arbiter.arbitrate(TEXT, [rule_hit], arbiter.verdicts(unit_scores, UnitMasks(preparing=preparing)))
    assert rule_hit.message in [hit.message for hit in kept]


def test_the_detector_reports_a_testimonial_only_where_it_reads_a_benefit():
    detector_map = replace(DETECTOR_MAP, benefit={"urgency": (("efficacy", "unapproved"), 0.1)})
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], detector_map, THRESHOLDS)
    # Efficacy at 0.06 is over a tenth of its threshold (0.5): the benefit is read.
    unit_scores = scores({"claim": 0.9, "urgency": 0.9, "efficacy": 0.06}, {"claim": 0.9, "urgency": 0.9, "efficacy": 0.04})
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores))
    assert [(hit.rule.id, hit.start) for hit in kept] == [(URGENCY.id, UNITS[0][0])]
    # A word of the benefit ("simply gone", "trusted us") stands in for the reading.
    worded = {"urgency": np.array([False, True])}
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores, UnitMasks(benefit_worded=worded)))
    assert [(hit.rule.id, hit.start) for hit in kept] == [(URGENCY.id, UNITS[0][0]), (URGENCY.id, UNITS[1][0])]


def test_a_testimonial_withheld_for_want_of_a_benefit_is_not_reported_under_another_category():
    detector_map = replace(DETECTOR_MAP, benefit={"urgency": (("efficacy",), 0.1)})
    thresholds = replace(THRESHOLDS, best_category_from=0.5)
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], detector_map, thresholds)
    # A sure claim whose only category over threshold is the withheld one: no fallback.
    unit_scores = scores({"claim": 0.99, "urgency": 0.9, "efficacy": 0.01, "unapproved": 0.3})
    assert arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores)) == []
    # Nor where it is the best category by its score relative to its threshold.
    unit_scores = scores({"claim": 0.99, "urgency": 0.4, "efficacy": 0.01, "unapproved": 0.3})
    assert arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores)) == []
    # Where another category is the best, that one is reported.
    unit_scores = scores({"claim": 0.99, "urgency": 0.2, "efficacy": 0.01, "unapproved": 0.3})
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores))
    assert [hit.rule.id for hit in kept] == [UNAPPROVED.id]


@pytest.mark.parametrize(
    ("sentence", "worded"),
    [
        ("Patients tell us the gritty feeling is simply gone.", True),
        ("Three starters trusted us with their shoulders this season.", True),
        ("I was diagnosed with lupus at twenty-six, two months after my wedding.", False),
        ("Thank you, as always, for reading, and for telling your friends about us.", False),
    ],
)
def test_the_shipped_map_words_a_testimonials_benefit(sentence, worded):
    from claimcheck.checks.arbiter import worded_units

    pattern = _shipped_map().benefit_words["testimonial"]
    assert worded_units(_one_unit(sentence), sentence, pattern).tolist() == [worded]


def test_the_shipped_map_asks_a_testimonial_for_a_benefit():
    shipped = _shipped_map()
    categories, share = shipped.benefit["testimonial"]
    assert {"efficacy", "cure", "anti_aging"} <= set(categories) and 0 < share < 1


def test_needs_benefit_must_name_known_categories(tmp_path):
    path = tmp_path / "detector.yml"
    path.write_text(
        "categories: {testimonial: {rule: marketing/testimonial, reads_as: x}}\n"
        "needs_benefit: {testimonial: {categories: [efficacy], share: 0.1}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="needs_benefit"):
        DetectorMap.load(path)


def _markdown_doc(linter, text: str, careful_register: float, claim: float = 0.0):
    from claimcheck.detector.component import SCORES_KEY
    from claimcheck.nlp.structure import sentences_of
    from claimcheck.sources import parse_source

    ((_, doc),) = linter.analyse([parse_source(text, "page.md", "markdown")])
    infos = sentences_of(doc)
    starts = np.array([info.span.start_char for info in infos])
    ends = np.array([info.span.end_char for info in infos])
    table = np.zeros((len(infos), len(UNIT_LABELS)), dtype="float32")
    table[:, UNIT_LABELS.index("claim")] = claim
    doc.user_data[SCORES_KEY] = UnitScores(starts, ends, table, careful_register=careful_register)
    return doc, infos


@pytest.mark.parametrize(
    ("heading", "careful_register", "claim", "overruled"),
    [
        # A careful page's headline names the topic of the story below.
        ("Clinic chain settles with state over stem cell ads", 0.95, 0.0, True),
        ("Platelet-rich plasma for hair loss", 0.95, 0.0, True),
        # A headline that says the therapy heals states it.
        ("Stem cell gel heals spinal cord injury, researchers find", 0.95, 0.0, False),
        # The detector reads a claim there, or the page sells.
        ("Platelet-rich plasma for hair loss", 0.95, 0.9, False),
        ("Platelet-rich plasma for hair loss", 0.1, 0.0, False),
    ],
)
def test_rule_hits_on_a_careful_pages_headings_are_overruled(linter, heading, careful_register, claim, overruled):
    from claimcheck.checks.arbiter import arbitrate_doc

    text = f"# {heading}\n\nThe state said the clinic's adverts went too far.\n"
    doc, infos = _markdown_doc(linter, text, careful_register, claim)
    assert infos[0].segment_kind == "heading"
    detector_map = replace(
        DETECTOR_MAP,
        heading_registers=frozenset({"careful"}),
        heading_kinds=frozenset({"heading", "title"}),
        heading_effects=frozenset({"cure", "remission", "repair"}),
    )
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], detector_map, THRESHOLDS)
    span = infos[0].span
    body = infos[1].span
    hits = [Hit(EFFICACY, span.start_char, span.end_char, "rule"), Hit(EFFICACY, body.start_char, body.end_char, "body")]
    kept = [hit.message for hit in arbitrate_doc(arbiter, doc, hits)]
    # The paragraph is no heading: its hit stands whatever the page.
    assert kept == (["body"] if overruled else ["rule", "body"])


def test_careful_headings_must_name_known_registers(tmp_path):
    path = tmp_path / "detector.yml"
    path.write_text("categories: {}\ncareful_headings: {registers: [news], kinds: [heading]}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"careful_headings names unknown registers \['news'\]"):
        DetectorMap.load(path)


def test_on_a_definition_an_unapproved_use_is_reported_only_where_a_therapy_and_a_condition_are_named():
    detector_map = replace(DETECTOR_MAP, definable=frozenset({"efficacy"}), definable_unless_offered=frozenset({"unapproved"}))
    arbiter = Arbiter([EFFICACY, UNAPPROVED], detector_map, THRESHOLDS)
    unit_scores = scores({"claim": 0.9, "efficacy": 0.9, "unapproved": 0.9}, {}, {})
    defining = np.array([True, False, False])

    def reported(offering: list[bool]) -> list[str]:
        verdicts = arbiter.verdicts(unit_scores, UnitMasks(defining=defining, offering=np.array(offering)))
        return [hit.rule.id for hit in arbiter.arbitrate(TEXT, [], verdicts) if hit.start == 0]

    assert reported([False, False, False]) == []  # "Regenerative medicine is a field that helps repair"
    assert reported([True, False, False]) == [UNAPPROVED.id]  # "... a treatment that uses cord cells for autism"
    # Nor does a sure claim reading fall back on another category there.
    unsure = scores({"claim": 0.99, "efficacy": 0.1, "unapproved": 0.9, "urgency": 0.4}, {}, {})
    fallback = Arbiter([EFFICACY, UNAPPROVED, URGENCY], detector_map, replace(THRESHOLDS, best_category_from=0.8))
    verdicts = fallback.verdicts(unsure, UnitMasks(defining=defining, offering=np.array([False, False, False])))
    assert [hit for hit in fallback.arbitrate(TEXT, [], verdicts) if hit.start == 0] == []


@pytest.mark.parametrize(
    ("sentence", "offers"),
    [
        ("Regenerative medicine is a field that focuses on helping the body repair itself.", False),
        ("Osteoarthritis, often called wear-and-tear arthritis, is a common condition of the joints.", False),
        ("Stem cell therapy is a treatment that uses donor cells for multiple sclerosis.", True),
    ],
)
def test_a_definition_offers_a_use_when_it_names_a_therapy_and_a_condition(linter, sentence, offers):
    from claimcheck.checks.arbiter import offering_units

    doc = linter.nlp(sentence)
    assert offering_units(doc, _one_unit(sentence)).tolist() == [offers]


def test_a_heading_over_a_cited_section_is_no_appeal_and_one_over_uncited_copy_still_is(linter):
    from claimcheck.checks.arbiter import cited_heading_units
    from claimcheck.nlp.references import references_of
    from claimcheck.sources import format_for_path, parse_source

    page = (
        "# Knee care\n\n## What the research has shown\n\nA trial found less pain at a year [1].\n\n"
        "## Why research backs us\n\nResearch shows our injections work.\n\n"
        "## References\n\n1. Lee A, et al. A knee trial. Knee. 2021;9:1-9. doi:10.1000/knee.4\n"
    )
    _, doc = next(linter.analyse([parse_source(page, "page.md", format_for_path("page.md"))]))
    infos, units = _sentence_units(doc)
    found = references_of(doc)
    supported = [(item.mark.start, item.mark.end) for item in found.resolved if found.supports(item)]
    cited = cited_heading_units(doc, units, frozenset({"heading", "title"}), supported)
    assert [infos[row].span.text for row in np.flatnonzero(cited)] == ["What the research has shown"]
    # With nothing that can substantiate, no heading is spared.
    assert not cited_heading_units(doc, units, frozenset({"heading", "title"}), []).any()
    # The shipped map withholds evidence there, and only evidence.
    from claimcheck.nlp.lexicons import builtin_rules_dir

    shipped = DetectorMap.load(builtin_rules_dir() / "data" / "detector.yml")
    assert shipped.cited_section_categories == frozenset({"evidence"})


BODY_CELLS_PAGE = (
    "# Lupus and the marrow\n\n"
    "Years of steroids deplete the patient's own progenitor cells. "
    "Lupus depletes your stem cells, and our infusions replace them. "
    "Stem cells in aged skin divide more slowly. "
    "Our stem cells calm lupus.\n"
)


def test_units_of_the_body_s_own_cells_that_name_no_therapy_are_biology(linter):
    from claimcheck.checks.arbiter import body_cell_units
    from claimcheck.nlp.structure import text_of

    doc = linter.nlp(BODY_CELLS_PAGE)
    infos, units = _sentence_units(doc)
    text = text_of(doc)
    biology = {
        text[info.span.start_char : info.span.end_char]: flag
        for info, flag in zip(infos, body_cell_units(doc, units).tolist(), strict=True)
    }
    assert biology["Years of steroids deplete the patient's own progenitor cells."]
    assert biology["Stem cells in aged skin divide more slowly."]
    # the product is named beside the body's cells: the unit may claim
    assert not biology["Lupus depletes your stem cells, and our infusions replace them."]
    assert not biology["Our stem cells calm lupus."]
    assert not biology["# Lupus and the marrow"]


def test_the_detector_reports_no_body_cells_category_on_biology_nor_falls_back():
    body_map = replace(DETECTOR_MAP, body_cells=frozenset({"efficacy"}))
    biology = np.array([True, False, False])
    sure = scores({"claim": 0.95, "efficacy": 0.9}, {"claim": 0.95, "efficacy": 0.9}, {})
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], body_map, THRESHOLDS)
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(sure, UnitMasks(body_cells=biology)))
    assert [(h.rule.id, h.start) for h in kept] == [(EFFICACY.id, 25)]
    # nor under the best-category fallback
    unsure = scores({"claim": 0.99, "efficacy": 0.2, "unapproved": 0.3}, {}, {})
    fallback = Arbiter([EFFICACY, UNAPPROVED, URGENCY], body_map, replace(THRESHOLDS, best_category_from=0.9))
    assert fallback.arbitrate(TEXT, [], fallback.verdicts(unsure, UnitMasks(body_cells=biology))) == []
    assert fallback.arbitrate(TEXT, [], fallback.verdicts(unsure)) != []


def test_body_cells_must_name_known_categories(tmp_path):
    path = tmp_path / "detector.yml"
    path.write_text("categories: {}\nbody_cells: {categories: [efficacy]}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"body_cells.*efficacy"):
        DetectorMap.load(path)


CONVENTIONAL_PAGE = (
    "Conventional immunosuppressants, such as methotrexate, calm the attack for a while. "
    "Most knee replacements ease pain for years. "
    "Unlike steroids, our cells rebuild cartilage. "
    "After one visit, patients stop their pain medication.\n"
)


def test_units_about_conventional_care_itself_name_it_as_their_subject(linter):
    from claimcheck.checks.arbiter import conventional_units
    from claimcheck.nlp.structure import text_of

    doc = linter.nlp(CONVENTIONAL_PAGE)
    _, units = _sentence_units(doc)
    text = text_of(doc)
    about = conventional_units(doc, units, text).tolist()
    # the drug and the operation are the subjects; the business speaks in the third; the
    # fourth names the drug only as what patients stop
    assert about == [True, True, False, False]


def test_the_detector_reports_no_conventional_care_category_on_it():
    care_map = replace(DETECTOR_MAP, conventional=frozenset({"efficacy"}))
    about_care = np.array([True, False, False])
    sure = scores({"claim": 0.95, "efficacy": 0.9}, {"claim": 0.95, "efficacy": 0.9}, {})
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], care_map, THRESHOLDS)
    kept = arbiter.arbitrate(TEXT, [], arbiter.verdicts(sure, UnitMasks(conventional=about_care)))
    assert [(h.rule.id, h.start) for h in kept] == [(EFFICACY.id, 25)]


def test_worded_units_are_the_units_each_searched_alone_finds():
    """One scan of the page, then the units it points at: the same units a search of every
    unit finds, also where a phrase runs across two units or units come out of order."""
    pattern = words_pattern(["clinically proven", "proven", "breakthrough"])
    text = "Backed by research.\nClinically\nproven in knees. A breakthrough! Not proven here"
    bounds = [(0, 19), (20, 30), (31, 47), (48, 62), (63, 80)]

    def each_alone(order):
        return [pattern.search(text, start, end) is not None for start, end in order]

    for order in (bounds, [bounds[2], bounds[0], bounds[4], bounds[1], bounds[3]]):
        starts, ends = np.array([b[0] for b in order]), np.array([b[1] for b in order])
        units = UnitScores(starts, ends, np.zeros((len(order), len(UNIT_LABELS)), dtype="float32"), 0.0)
        assert worded_units(units, text, pattern).tolist() == each_alone(order)
    assert each_alone(bounds) == [False, False, True, True, True]


# ---------------------------------------------------------------- claim-kind scores

KIND_LABELS_TOO = (*UNIT_LABELS, *KIND_LABELS)
WITH_KINDS = replace(THRESHOLDS, claim_kinds={"unapproved": 0.3, "urgency": 1.0})


def kind_scores(*rows: dict[str, float]) -> UnitScores:
    """Like `scores`, for weights with claim-kind scores after the unit labels."""
    table = np.zeros((len(rows), len(KIND_LABELS_TOO)), dtype="float32")
    for index, row in enumerate(rows):
        for label, value in row.items():
            table[index, KIND_LABELS_TOO.index(label)] = value
    starts = np.array([start for start, _ in UNITS[: len(rows)]])
    ends = np.array([end for _, end in UNITS[: len(rows)]])
    return UnitScores(starts, ends, table, careful_register=0.0)


def _reported(unit_scores: UnitScores, thresholds: Thresholds = WITH_KINDS) -> list[str]:
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], DETECTOR_MAP, thresholds, KIND_LABELS_TOO)
    return [hit.rule.id for hit in arbiter.arbitrate(TEXT, [], arbiter.verdicts(unit_scores))]


def test_a_reported_claim_is_named_by_every_kind_its_claim_kind_scores_read():
    # Reported as efficacy; its unapproved score is under that category's threshold, but
    # the claim-kind score, learnt on claims alone, reads an unapproved use too.
    row = {"claim": 0.9, "efficacy": 0.8, "unapproved": 0.2, "kind_unapproved": 0.6}
    assert _reported(kind_scores(row)) == [EFFICACY.id, UNAPPROVED.id]
    # Under the claim-kind threshold, or at 1.0 (never), or without claim-kind thresholds: efficacy alone.
    assert _reported(kind_scores({**row, "kind_unapproved": 0.2})) == [EFFICACY.id]
    assert _reported(kind_scores({**row, "kind_urgency": 0.99})) == [EFFICACY.id, UNAPPROVED.id]
    assert _reported(kind_scores(row), THRESHOLDS) == [EFFICACY.id]


def test_claim_kind_scores_never_flag_a_sentence_the_detector_does_not_report():
    # Over the claim gate, but no category over its threshold: not reported, so not named.
    assert _reported(kind_scores({"claim": 0.9, "efficacy": 0.3, "kind_unapproved": 0.95})) == []
    # A claim-kind score is no claim reading either.
    assert _reported(kind_scores({"claim": 0.1, "kind_efficacy": 0.9, "kind_unapproved": 0.9})) == []


@pytest.mark.parametrize(("warning_share", "severity"), [(0.0, None), (1.0, Severity.INFO)])
def test_kinds_named_beside_an_unsure_guess_take_the_guess_s_severity(warning_share, severity):
    """A sentence reported only through the best-category fallback is a note under the
    warning share; a kind the claim-kind scores name on it is the same sentence and no
    surer a claim, so it is not an error where the guess is a note."""
    thresholds = replace(UNSURE_KIND, claim_kinds={"unapproved": 0.3}, best_category_warning_share=warning_share)
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY, UNCLASSIFIED], WITH_UNCLASSIFIED, thresholds, KIND_LABELS_TOO)
    unsure = kind_scores({"claim": 0.9, "efficacy": 0.45, "unapproved": 0.1, "kind_unapproved": 0.6})
    found = {hit.rule.id: hit.severity for hit in arbiter.arbitrate(TEXT, [], arbiter.verdicts(unsure))}
    assert found == {UNCLASSIFIED.id: severity, UNAPPROVED.id: severity}
    # A kind named beside a category the detector is sure of keeps its rule's severity.
    sure = kind_scores({"claim": 0.9, "efficacy": 0.95, "kind_unapproved": 0.6})
    assert {hit.severity for hit in arbiter.arbitrate(TEXT, [], arbiter.verdicts(sure))} == {None}


def test_claim_kind_scores_respect_the_masks_that_withhold_a_category():
    arbiter = Arbiter(
        [EFFICACY, UNAPPROVED, URGENCY], replace(DETECTOR_MAP, negated=frozenset({"unapproved"})), WITH_KINDS, KIND_LABELS_TOO
    )
    row = kind_scores({"claim": 0.9, "efficacy": 0.8, "kind_unapproved": 0.9})
    negated = UnitMasks(negated=np.array([True]))
    assert [hit.rule.id for hit in arbiter.arbitrate(TEXT, [], arbiter.verdicts(row, negated))] == [EFFICACY.id]


def test_a_detector_finding_on_a_sentence_citing_an_author_and_year_does_not_say_it_has_no_citation():
    text = "Our cells rebuild knees (Lee, 2021). Call us today."
    arbiter = Arbiter([EFFICACY, UNAPPROVED], DETECTOR_MAP, THRESHOLDS)
    unit_scores = UnitScores(np.array([0]), np.array([36]), scores({"claim": 0.9, "efficacy": 0.8}).scores, 0.0)
    verdicts = arbiter.verdicts(unit_scores)
    (cited,) = arbiter.arbitrate(text, [], verdicts, [], cited_marks=[(24, 35)])
    assert "cites no source claimcheck could confirm supports it" in cited.message
    assert "no citation" not in cited.message
    (uncited,) = arbiter.arbitrate(text, [], verdicts, [])
    assert "no citation, hedge or approved wording was found" in uncited.message


def test_a_kind_named_only_by_claim_kind_scores_is_hedged_with_the_claim_it_rides_on():
    # efficacy is hedgeable, urgency is not; urgency here is named only by its claim-kind score.
    detector_map = replace(DETECTOR_MAP, hedgeable=frozenset({EFFICACY.id}))
    thresholds = replace(THRESHOLDS, claim_kinds={"urgency": 0.3})
    row = kind_scores({"claim": 0.9, "efficacy": 0.8, "kind_urgency": 0.9})
    hedged = UnitMasks(hedged=np.array([True]))

    def severities(**options) -> dict[str, Severity]:
        arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], detector_map, thresholds, KIND_LABELS_TOO, **options)
        return {hit.rule.id: hit.severity for hit in arbiter.arbitrate(TEXT, [], arbiter.verdicts(row, hedged))}

    assert severities() == {EFFICACY.id: Severity.INFO, URGENCY.id: Severity.INFO}
    # Reported by its own category score, urgency keeps its rule's severity under a hedge.
    own = kind_scores({"claim": 0.9, "efficacy": 0.8, "urgency": 0.9})
    arbiter = Arbiter([EFFICACY, UNAPPROVED, URGENCY], detector_map, thresholds, KIND_LABELS_TOO)
    assert {hit.rule.id: hit.severity for hit in arbiter.arbitrate(TEXT, [], arbiter.verdicts(own, hedged))}[URGENCY.id] is None
    # hedged: keep (the config's choice) leaves every severity alone.
    assert severities(hedged="keep") == {EFFICACY.id: None, URGENCY.id: None}


def _with_own_claim(unit_scores: UnitScores, *own: float) -> UnitScores:
    return replace(unit_scores, own_claim=np.array(own, dtype="float32"))


def test_a_unit_that_is_no_claim_on_its_own_words_is_not_reported_by_the_detector():
    # Scored with its context the first sentence reads as a claim; read on its own it does not.
    gated = Arbiter([EFFICACY, UNAPPROVED, URGENCY], DETECTOR_MAP, replace(THRESHOLDS, own_claim_from=0.2))
    context_only = _with_own_claim(scores({"claim": 0.9, "efficacy": 0.9}, {}, {}), 0.05, 1.0, 1.0)
    assert gated.arbitrate(TEXT, [], gated.verdicts(context_only)) == []
    own_claim = _with_own_claim(scores({"claim": 0.9, "efficacy": 0.9}, {}, {}), 0.3, 1.0, 1.0)
    assert [h.rule.id for h in gated.arbitrate(TEXT, [], gated.verdicts(own_claim))] == [EFFICACY.id]
    # Without a floor (weights trained before it, or 0) the own-words reading is not asked.
    ungated = Arbiter([EFFICACY, UNAPPROVED, URGENCY], DETECTOR_MAP, THRESHOLDS)
    assert [h.rule.id for h in ungated.arbitrate(TEXT, [], ungated.verdicts(context_only))] == [EFFICACY.id]


def test_the_own_words_floor_leaves_rule_hits_alone():
    gated = Arbiter([EFFICACY, UNAPPROVED, URGENCY], DETECTOR_MAP, replace(THRESHOLDS, own_claim_from=0.2))
    hit = Hit(EFFICACY, 4, 23, "rule message")
    context_only = _with_own_claim(scores({"claim": 0.9, "efficacy": 0.9}, {}, {}), 0.05, 1.0, 1.0)
    assert [h.message for h in gated.arbitrate(TEXT, [hit], gated.verdicts(context_only))] == ["rule message"]


def test_the_own_words_floor_also_holds_for_the_best_category_fallback():
    fallback = replace(THRESHOLDS, best_category_from=0.6, own_claim_from=0.2)
    gated = Arbiter([EFFICACY, UNAPPROVED, URGENCY], DETECTOR_MAP, fallback)
    # no category over its threshold: the fallback would report efficacy
    context_only = _with_own_claim(scores({"claim": 0.9, "efficacy": 0.3}, {}, {}), 0.05, 1.0, 1.0)
    assert gated.arbitrate(TEXT, [], gated.verdicts(context_only)) == []
    own_claim = _with_own_claim(scores({"claim": 0.9, "efficacy": 0.3}, {}, {}), 0.5, 1.0, 1.0)
    assert [h.rule.id for h in gated.arbitrate(TEXT, [], gated.verdicts(own_claim))] == [EFFICACY.id]
