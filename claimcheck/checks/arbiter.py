"""Rules and the learned detector, reconciled: which hits become findings.

The rules explain (a pattern, a rule id, an authority, a suggestion); the detector
reads sentences the patterns have never seen.  Per sentence ("unit"):

- a rule hit where the detector also reads a claim is kept as is;
- a category the detector is confident about, with no hit of that category's rule on
  the unit, becomes a hit of that rule spanning the unit, saying what the sentence
  reads as and how confident the detector is;
- a hit of an overrulable rule on a unit the detector reads as careful prose (P(careful)
  over its cross-validated threshold while P(claim) stays under the claim gate) is
  dropped, or kept at `info` severity;
- a claim hit (a rule's or the detector's) on a unit whose first clause is under a modal
  hedge ("may help", "has the potential to") is reported at `info`, as the rules'
  own `efficacy/hedged-uncited` is: a note for the reviewer, not a failure in CI
  (`model: {hedged: keep}` keeps the rule's severity);
- a sentence that opens by denying proof ("there is no evidence that stem cells...")
  gets no detector finding of a claim of effect: a bag of words sees the claim's words,
  not the denial (the rules read negation themselves).

Which rule reports each category, and which rules may be overruled, is data
(`rules/data/detector.yml`).  The arbiter never sees files or findings: it maps hits
to hits, so everything after it (locations, filters, formatters) is unchanged.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, LOWER, ORTH
from spacy.tokens import Doc

from claimcheck.checks.base import DOCUMENT, Hit
from claimcheck.checks.model import Rule
from claimcheck.checks.termtrie import words_source
from claimcheck.detector.component import UnitScores, scores_of
from claimcheck.detector.features import CAREFUL_FROM, MARKER, REGISTER_NAMES, register_name
from claimcheck.detector.model import UNIT_LABELS, Thresholds, kind_label
from claimcheck.errors import ConfigError
from claimcheck.findings import Severity
from claimcheck.nlp.claims import NOT_AN_AREA, NOT_EFFECT
from claimcheck.nlp.context import NEGATED as NEGATED_STATUS
from claimcheck.nlp.context import RELATIVE_WORDS, CueIndex
from claimcheck.nlp.native_cells import NATIVE_CELLS
from claimcheck.nlp.references import references_of
from claimcheck.nlp.structure import sentences_of, span_table, text_of, tokens_of
from claimcheck.yamlio import load_yaml_cached, strip_lines

FRAGMENT_WORDS = 10
# The detector does not report units shorter than this: a bare "Cerebral palsy" heading
# or "Title" gives it too few words of its own, and its reading is then the context's.
MIN_WORDS = 3
_REFERS_BACK = re.compile(r"\b(?:it|its|they|their|them|these|this|those)\b", re.IGNORECASE)
# The business speaking for itself ("our cells", "we offer"; ANNOTATION B7): a careful
# reading never overrules the rules there.  Words inside quotation marks do not count:
# a news story quoting "our cells cure MS" is reporting, not speaking.
_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us|we're|we’re|we've|we’ve)\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")

COMBINED = "combined"
RULES_ONLY = "rules"
MODEL_ONLY = "model"
MODES = (COMBINED, RULES_ONLY, MODEL_ONLY)
OVERRULED_ACTIONS = ("drop", "info", "keep")
HEDGED_ACTIONS = ("info", "keep")


@dataclass(frozen=True)
class CategoryRule:
    rule: str
    reads_as: str


@dataclass(frozen=True)
class DetectorMap:
    """`rules/data/detector.yml`: category -> reporting rule, and the overrulable rules."""

    categories: Mapping[str, CategoryRule]
    overrulable: frozenset[str]
    # Categories the detector reports only on a unit anchored to what they are about:
    # category -> lexicons whose terms anchor it (see `anchors`).
    anchored_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The registers (as the detector reads the page: marketing, mixed, careful) on which
    # anchoring applies; on the others every unit is anchored.
    anchored_registers: frozenset[str] = frozenset(REGISTER_NAMES)
    # Rules whose hits become notes under a modal hedge, and the hedge words (lower case)
    # that count, from the `hedges` lexicon's spans.
    hedgeable: frozenset[str] = frozenset()
    hedge_words: frozenset[str] = frozenset()
    # Rules whose hit says the rules read the unit's claim as hedged (efficacy/hedged-uncited):
    # the detector's own hedgeable findings there are notes too.
    hedge_readers: frozenset[str] = frozenset()
    # Categories the detector does not report in a sentence that opens by denying proof,
    # the proof words a negation cue must reach and how far (`denied_proof_units`).
    deniable: frozenset[str] = frozenset()
    proof_words: frozenset[str] = frozenset()
    proof_reach: int = 6
    # Categories the detector does not report on a sentence that defines a term or a
    # field (`defining_units`), and the words that make one.
    definable: frozenset[str] = frozenset()
    definition: re.Pattern[str] | None = None
    # Categories not reported on a definition unless it names both a therapy and a
    # condition (`offering_units`): "a field that helps the body repair itself" offers nothing.
    definable_unless_offered: frozenset[str] = frozenset()
    # Categories the detector does not report on a sentence that reports a regulator's
    # approval or decision (`approval_units`), and the pattern that finds one.
    approval_categories: frozenset[str] = frozenset()
    approval: re.Pattern[str] | None = None
    # Categories the detector does not report on a sentence that says what the law
    # requires of a product (`requirement_units`), and the pattern that finds one.
    requirement_categories: frozenset[str] = frozenset()
    requirement: re.Pattern[str] | None = None
    # Categories the detector does not report on a sentence that says how the product is
    # made or given and claims nothing (`preparation_units`), and the pattern of its verbs.
    preparation_categories: frozenset[str] = frozenset()
    preparation: re.Pattern[str] | None = None
    preparation_unless: re.Pattern[str] | None = None  # words that make it a claim again ("so they work")
    # Categories the detector does not report on a unit whose diseases are all of one
    # area ("Knee arthritis can be treated with stem cells" is not many diseases).
    many_areas: frozenset[str] = frozenset()
    # Categories the detector does not report on a unit whose every therapy claim the
    # rules' claims analyzer reads as negated (`negated_units`).
    negated: frozenset[str] = frozenset()
    # Categories the detector does not report on a unit whose every therapy claim the
    # rules' claims analyzer reads with one of `unasserted_statuses` (reported):
    # the page relays or asks what someone else claims (`unasserted_units`).
    unasserted: frozenset[str] = frozenset()
    unasserted_statuses: frozenset[str] = frozenset()
    unasserted_registers: frozenset[str] = frozenset()  # where it applies (empty: everywhere)
    # Categories the detector does not report on a unit that describes a condition: a list
    # item under a lead-in of symptoms, signs or causes (`symptom_lead_in`, `describing_units`).
    describing: frozenset[str] = frozenset()
    symptom_lead_in: re.Pattern[str] | None = None
    outcome_lead_in: re.Pattern[str] | None = None  # "Signs of recovery": the product's effects
    # Categories the detector does not report on a unit whose cell words the analyzers read
    # as the body's own (harmed or declining, `nlp/native_cells.py`) and that names no
    # therapy (`body_cell_units`).
    body_cells: frozenset[str] = frozenset()
    # Categories the detector does not report on a unit whose subject is conventional care
    # and that names no therapy and does not speak for the business (`conventional_units`).
    conventional: frozenset[str] = frozenset()
    # Categories the detector reports only on a unit holding one of their words
    # (`needs_words`): category -> the pattern that finds one (`worded_units`).
    worded: Mapping[str, re.Pattern[str]] = field(default_factory=dict)
    # Categories the detector reports only where it also reads a claimed benefit
    # (`needs_benefit`): category -> (the benefit categories, the share of each one's own
    # threshold its score must reach); and the words that say the benefit or the proof
    # instead ("simply gone", "trusted us"): category -> their pattern.
    benefit: Mapping[str, tuple[tuple[str, ...], float]] = field(default_factory=dict)
    benefit_words: Mapping[str, re.Pattern[str]] = field(default_factory=dict)
    # Registers (as the detector reads the page) on which a unit that is one quotation
    # from end to end is quoted, not said (`quoted_units`): no detector finding there,
    # and overrulable rule hits are overruled.
    quoted_registers: frozenset[str] = frozenset()
    # Registers on which a heading or title (`heading_kinds`) the detector does not read as
    # a claim overrules the rules' hits on it, unless it holds an effect of `heading_effects`
    # (`careful_headings`, `heading_units`).
    heading_registers: frozenset[str] = frozenset()
    heading_kinds: frozenset[str] = frozenset()
    heading_effects: frozenset[str] = frozenset()
    # Categories the detector does not report on a heading or title (`cited_heading_kinds`)
    # whose section cites a source that can substantiate (`cited_sections`, `cited_headings`).
    cited_section_categories: frozenset[str] = frozenset()
    cited_heading_kinds: frozenset[str] = frozenset()
    # The rule that reports a unit read as a claim whose kind no category is sure of (the
    # best-category fallback, `Thresholds.best_category_from`); None: the nearest
    # category's own rule reports it, as before stop 49.
    unclassified: CategoryRule | None = None

    @classmethod
    def load(cls, path: Path, cache: bool = False) -> DetectorMap:
        data = strip_lines(load_yaml_cached(path, ConfigError, cache)) or {}
        try:
            categories = {
                str(name): CategoryRule(str(entry["rule"]), str(entry["reads_as"]))
                for name, entry in (data.get("categories") or {}).items()
            }
            overrulable = frozenset(str(rule) for rule in data.get("overrulable") or ())
            unclassified_entry = data.get("unclassified")
            unclassified = (
                CategoryRule(str(unclassified_entry["rule"]), str(unclassified_entry["reads_as"])) if unclassified_entry else None
            )
            anchored_by = {
                str(category): tuple(str(lexicon) for lexicon in lexicons)
                for category, lexicons in (data.get("anchors") or {}).items()
            }
            registers = data.get("anchored_registers")
            anchored_registers = frozenset(REGISTER_NAMES if registers is None else (str(name) for name in registers))
            hedged = data.get("hedged") or {}
            hedgeable = frozenset(str(rule) for rule in hedged.get("rules") or ())
            hedge_words = frozenset(str(word).lower() for word in hedged.get("words") or ())
            hedge_readers = frozenset(str(rule) for rule in hedged.get("read_by") or ())
            denied = data.get("denied_proof") or {}
            deniable = frozenset(str(category) for category in denied.get("categories") or ())
            proof_words = frozenset(str(word).lower() for word in denied.get("proof_words") or ())
            proof_reach = int(denied.get("reach", 6))
            defining = data.get("definitions") or {}
            definable = frozenset(str(category) for category in defining.get("categories") or ())
            unless_offered = frozenset(str(category) for category in defining.get("unless_offering") or ())
            definition = definition_pattern(defining) if definable or unless_offered else None
            approvals = data.get("approvals") or {}
            approval_categories = frozenset(str(category) for category in approvals.get("categories") or ())
            approval = approval_pattern(approvals) if approval_categories else None
            requirements = data.get("requirements") or {}
            requirement_categories = frozenset(str(category) for category in requirements.get("categories") or ())
            requirement = requirement_pattern(requirements) if requirement_categories else None
            preparations = data.get("preparations") or {}
            preparation_categories = frozenset(str(category) for category in preparations.get("categories") or ())
            preparation = words_pattern(preparations.get("verbs") or []) if preparation_categories else None
            preparation_unless = words_pattern(preparations.get("unless") or []) if preparation_categories else None
            many_areas = frozenset(str(category) for category in data.get("many_areas") or ())
            negated = frozenset(str(category) for category in data.get("negated_claims") or ())
            unasserted_data = data.get("unasserted_claims") or {}
            unasserted = frozenset(str(category) for category in unasserted_data.get("categories") or ())
            unasserted_statuses = frozenset(str(status) for status in unasserted_data.get("statuses") or ())
            unasserted_registers = frozenset(str(name) for name in unasserted_data.get("registers") or ())
            conditions = data.get("described_conditions") or {}
            describing = frozenset(str(category) for category in conditions.get("categories") or ())
            symptom_lead_in = words_pattern(conditions.get("lead_ins") or []) if describing else None
            outcome_lead_in = words_pattern(conditions.get("outcomes") or []) if describing else None
            body_cells = frozenset(str(category) for category in (data.get("body_cells") or {}).get("categories") or ())
            conventional = frozenset(str(category) for category in (data.get("conventional_care") or {}).get("categories") or ())
            worded = {str(category): words_pattern(words) for category, words in (data.get("needs_words") or {}).items()}
            benefit = {
                str(category): (tuple(str(name) for name in entry["categories"]), float(entry["share"]))
                for category, entry in (data.get("needs_benefit") or {}).items()
            }
            benefit_words = {
                str(category): words_pattern(entry["words"])
                for category, entry in (data.get("needs_benefit") or {}).items()
                if entry.get("words")
            }
            quoted_registers = frozenset(str(name) for name in data.get("quoted_registers") or ())
            headings = data.get("careful_headings") or {}
            heading_registers = frozenset(str(name) for name in headings.get("registers") or ())
            heading_kinds = frozenset(str(kind) for kind in headings.get("kinds") or ())
            heading_effects = frozenset(str(effect) for effect in headings.get("keep_effects") or ())
            cited = data.get("cited_sections") or {}
            cited_section_categories = frozenset(str(category) for category in cited.get("categories") or ())
            cited_heading_kinds = frozenset(str(kind) for kind in cited.get("kinds") or ())
        except (KeyError, TypeError, AttributeError, ValueError) as problem:
            raise ConfigError(f"{path}: malformed detector map ({problem})") from None
        unknown = set(anchored_by) - set(categories)
        if unknown:
            raise ConfigError(f"{path}: anchors names unknown categories {sorted(unknown)}")
        _known_registers(path, "anchored_registers", anchored_registers)
        _known_registers(path, "unasserted_claims", unasserted_registers)
        _known_registers(path, "quoted_registers", quoted_registers)
        _known_registers(path, "careful_headings", heading_registers)
        unknown = deniable - set(categories)
        if unknown:
            raise ConfigError(f"{path}: denied_proof names unknown categories {sorted(unknown)}")
        named = definable | unless_offered | approval_categories | requirement_categories | preparation_categories
        named |= many_areas | negated | unasserted | describing | body_cells | conventional | cited_section_categories
        named |= set(worded) | set(benefit) | {name for names, _ in benefit.values() for name in names}
        unknown = named - set(categories)
        if unknown:
            raise ConfigError(
                f"{path}: definitions, approvals, requirements, preparations, many_areas, negated_claims, unasserted_claims,"
                " cited_sections,"
                " described_conditions, body_cells, conventional_care, needs_words or needs_benefit name unknown"
                f" categories {sorted(unknown)}"
            )
        return cls(
            categories=categories,
            overrulable=overrulable,
            unclassified=unclassified,
            anchored_by=anchored_by,
            anchored_registers=anchored_registers,
            hedgeable=hedgeable,
            hedge_words=hedge_words,
            hedge_readers=hedge_readers,
            deniable=deniable,
            proof_words=proof_words,
            proof_reach=proof_reach,
            definable=definable,
            definition=definition,
            definable_unless_offered=unless_offered,
            approval_categories=approval_categories,
            approval=approval,
            requirement_categories=requirement_categories,
            requirement=requirement,
            preparation_categories=preparation_categories,
            preparation=preparation,
            preparation_unless=preparation_unless,
            many_areas=many_areas,
            negated=negated,
            unasserted=unasserted,
            unasserted_statuses=unasserted_statuses,
            unasserted_registers=unasserted_registers,
            describing=describing,
            symptom_lead_in=symptom_lead_in,
            outcome_lead_in=outcome_lead_in,
            body_cells=body_cells,
            conventional=conventional,
            worded=worded,
            benefit=benefit,
            benefit_words=benefit_words,
            quoted_registers=quoted_registers,
            heading_registers=heading_registers,
            heading_kinds=heading_kinds,
            heading_effects=heading_effects,
            cited_section_categories=cited_section_categories,
            cited_heading_kinds=cited_heading_kinds,
        )


def _known_registers(path: Path, key: str, registers: frozenset[str]) -> None:
    """A ConfigError naming the registers under `key` that the detector does not know
    (only those: the known ones listed beside them are not the mistake)."""
    unknown = sorted(registers - set(REGISTER_NAMES))
    if unknown:
        raise ConfigError(f"{path}: {key} names unknown registers {unknown} (known: {', '.join(REGISTER_NAMES)})")


@dataclass(frozen=True)
class UnitMasks:
    """What the caller read in each of a Doc's units, for `Arbiter.verdicts`: one bool per
    unit in each array (None: not computed, so it holds nowhere), built once per Doc.

    `anchored` (category -> bool per unit; a category not in it is anchored everywhere)
    says where a category may be reported; `denied` where the sentence opens by denying
    proof, so the `denied_proof` categories are not reported there; `defining` where it
    defines a term, so the `definitions` categories are not; `one_area` where every disease
    it names is of one area, so the `many_areas` ones are not; `negated` where the rules
    read every therapy claim as negated; `approving` where it reports a regulator's
    approval or decision; `requiring` where it says what the law requires of a product;
    `quoted` where the unit is a quotation on a page that quotes claims to examine them:
    nothing is reported there and rule hits are overruled; `unasserted` where the rules
    read every therapy claim as relayed (`unasserted_units`), so the `unasserted_claims`
    categories are not; `describing` where it describes a condition (`describing_units`),
    so the `described_conditions` categories are not; `offering` where it names both a
    therapy and a condition: on a definition, the `unless_offering` categories are
    reported only there; `preparing` where it says how the product is made or given and
    claims nothing (`preparation_units`), so the `preparations` categories are not;
    `body_cells` where its cell words are the body's own and it names no therapy
    (`body_cell_units`), so the `body_cells` categories are not; `conventional` where its
    subject is conventional care (`conventional_units`), so the `conventional_care`
    categories are not; `heading` where it is a heading or title of a careful page
    (`heading_units`): rule hits there are overruled unless the detector reads a claim;
    `cited_heading` where it is a heading or title whose section cites a source that can
    substantiate (`cited_heading_units`), so the `cited_sections` categories are not; `benefit_worded`
    (category -> bool per unit) where the unit words the benefit a `needs_benefit`
    category needs, whatever the detector's reading of it; `hedged` where its first clause
    is under a modal hedge (passed on to the verdicts)."""

    anchored: Mapping[str, np.ndarray] = field(default_factory=dict)
    hedged: np.ndarray | None = None
    denied: np.ndarray | None = None
    defining: np.ndarray | None = None
    one_area: np.ndarray | None = None
    negated: np.ndarray | None = None
    approving: np.ndarray | None = None
    requiring: np.ndarray | None = None
    quoted: np.ndarray | None = None
    unasserted: np.ndarray | None = None
    describing: np.ndarray | None = None
    body_cells: np.ndarray | None = None
    conventional: np.ndarray | None = None
    offering: np.ndarray | None = None
    preparing: np.ndarray | None = None
    heading: np.ndarray | None = None
    cited_heading: np.ndarray | None = None
    benefit_worded: Mapping[str, np.ndarray] = field(default_factory=dict)


# No unit read as anything: the masks of a caller that computed none.
NO_MASKS = UnitMasks()


@dataclass(frozen=True)
class Verdicts:
    """The detector's decisions for one Doc's units (computed once, read per hit)."""

    units: UnitScores
    claim: np.ndarray  # P(unsupported claim) per unit
    categories: tuple[tuple[tuple[str, float], ...], ...]  # per unit: (category, score) over threshold
    no_claim: np.ndarray  # per unit: read as careful prose, no unsupported claim (rule hits overruled)
    hedged: np.ndarray | None = None  # per unit: its first clause is under a modal hedge
    defining: np.ndarray | None = None  # per unit: it defines a term (`defining_units`)
    approving: np.ndarray | None = None  # per unit: it reports a regulator's approval (`approval_units`)
    requiring: np.ndarray | None = None  # per unit: it says what the law requires (`requirement_units`)
    # per unit: the categories only its claim-kind scores name (`Thresholds.claim_kinds`)
    named: tuple[frozenset[str], ...] = ()
    # per unit: the nearest category's score over its own threshold where the unit is
    # reported only through the best-category fallback, NaN elsewhere (empty: none)
    unclassified: np.ndarray | None = None


class Arbiter:
    """Built once per Linter from its enabled rules, the detector map and thresholds."""

    def __init__(
        self,
        rules: Sequence[Rule],
        detector_map: DetectorMap,
        thresholds: Thresholds,
        labels: Sequence[str] = UNIT_LABELS,
        mode: str = COMBINED,
        overruled: str = "drop",
        hedged: str = "info",
    ):
        if mode not in MODES:
            raise ConfigError(f"detector mode {mode!r}: choose from {', '.join(MODES)}")
        if overruled not in OVERRULED_ACTIONS:
            raise ConfigError(f"detector 'overruled' {overruled!r}: choose from {', '.join(OVERRULED_ACTIONS)}")
        if hedged not in HEDGED_ACTIONS:
            raise ConfigError(f"detector 'hedged' {hedged!r}: choose from {', '.join(HEDGED_ACTIONS)}")
        self.mode = mode
        self.overruled = overruled
        enabled = {rule.id for rule in rules}
        self.hedgeable = detector_map.hedgeable & enabled if hedged == "info" else frozenset()
        self._hedges_to_info = hedged == "info"
        self.hedge_words = detector_map.hedge_words
        self.hedge_readers = detector_map.hedge_readers
        self.deniable = detector_map.deniable
        self.proof_words = detector_map.proof_words
        self.definable = detector_map.definable
        self.definable_unless_offered = detector_map.definable_unless_offered
        self.definition = detector_map.definition
        self.approval_categories = detector_map.approval_categories
        self.approval = detector_map.approval
        self.requirement_categories = detector_map.requirement_categories
        self.requirement = detector_map.requirement
        self.preparation_categories = detector_map.preparation_categories
        self.preparation = detector_map.preparation
        self.preparation_unless = detector_map.preparation_unless
        self.many_areas = detector_map.many_areas
        self.negated = detector_map.negated
        self.unasserted = detector_map.unasserted
        self.unasserted_statuses = detector_map.unasserted_statuses
        self.unasserted_registers = detector_map.unasserted_registers
        self.describing = detector_map.describing
        self.symptom_lead_in = detector_map.symptom_lead_in
        self.outcome_lead_in = detector_map.outcome_lead_in
        self.body_cells = detector_map.body_cells
        self.conventional = detector_map.conventional
        self.quoted_registers = detector_map.quoted_registers
        self.heading_registers = detector_map.heading_registers
        self.heading_kinds = detector_map.heading_kinds
        self.heading_effects = detector_map.heading_effects
        self.cited_section_categories = detector_map.cited_section_categories
        self.cited_heading_kinds = detector_map.cited_heading_kinds
        self.proof_reach = detector_map.proof_reach
        self.thresholds = thresholds
        by_id = {rule.id: rule for rule in rules}
        # Only categories whose reporting rule is enabled: disabling a rule silences
        # the detector's findings of that category too.
        self.reporting: dict[str, tuple[Rule, str]] = {
            category: (by_id[entry.rule], entry.reads_as)
            for category, entry in detector_map.categories.items()
            if entry.rule in by_id and category in thresholds.categories
        }
        self.overrulable = detector_map.overrulable & set(by_id)
        # The rule reporting units read as claims of no sure kind (None: the nearest
        # category's rule does, as before; disabled in the rules: they are not reported).
        self._unclassified: tuple[Rule, str] | None = None
        self._unclassified_dropped = False
        if detector_map.unclassified is not None:
            entry = detector_map.unclassified
            if entry.rule in by_id:
                self._unclassified = (by_id[entry.rule], entry.reads_as)
            else:
                self._unclassified_dropped = True
        self.anchored_by = {category: lexicons for category, lexicons in detector_map.anchored_by.items() if lexicons}
        self.anchored_registers = detector_map.anchored_registers
        self.benefit_words = detector_map.benefit_words
        self.worded = {category: pattern for category, pattern in detector_map.worded.items() if category in self.reporting}
        # Rule hits overruled on a definition: those of the rules reporting a definable category.
        self._definable_rules = frozenset(
            self.reporting[category][0].id for category in detector_map.definable if category in self.reporting
        )
        # Rule hits overruled on a reported approval: those of the rules reporting its categories.
        self._approval_rules = frozenset(
            self.reporting[category][0].id for category in detector_map.approval_categories if category in self.reporting
        )
        # A threshold of 1.0 means the detector leaves the category to the rules (training
        # sets it when no threshold is precise enough out of fold; a config may too).
        self._columns = [
            (labels.index(category), category, thresholds.categories[category])
            for category in self.reporting
            if thresholds.categories[category] < 1.0
        ]
        # Claim-kind scores (`KIND_LABELS`): a unit the detector reports is reported under
        # every category whose claim-kind score reaches its threshold, too.
        self._kind_columns = [
            (labels.index(kind_label(category)), category, threshold)
            for category, threshold in thresholds.claim_kinds.items()
            if category in self.reporting and threshold < 1.0 and kind_label(category) in labels
        ]
        # category -> (column, score floor) of the categories whose reading is its benefit.
        self._benefit = {
            category: [
                (labels.index(name), share * thresholds.categories[name]) for name in names if name in thresholds.categories
            ]
            for category, (names, share) in detector_map.benefit.items()
        }
        self._claim_column = labels.index("claim")
        self._careful_column = labels.index("careful")

    def verdicts(self, units: UnitScores, masks: UnitMasks = NO_MASKS) -> Verdicts:
        """The detector's categories per unit, withheld where `masks` say (`UnitMasks`)."""
        scores = units.scores
        claim = scores[:, self._claim_column] if len(scores) else np.zeros(0, dtype="float32")
        confident = claim >= self.thresholds.claim_from
        per_unit: list[list[tuple[str, float]]] = [[] for _ in range(len(scores))]
        fallback = claim >= self.thresholds.best_category_from
        if units.own_claim is not None and self.thresholds.own_claim_from > 0.0:
            # Read on its own words the sentence must be a claim too: a plain line under a
            # heading that offers a therapy for a disease is not one (`own_claim_from`).
            own_words = units.own_claim >= self.thresholds.own_claim_from
            confident = confident & own_words
            fallback = fallback & own_words
        # Read by the rules as negated, relayed, describing a condition, the body's own cells,
        # conventional care or how the product is made, the claim reading has no category to
        # fall back on.
        for mask in (masks.negated, masks.unasserted, masks.describing, masks.body_cells, masks.conventional, masks.preparing):
            if mask is not None:
                fallback = fallback & ~mask
        # Definitions that offer no therapy for a condition (`unless_offering`).
        offers_nothing = masks.defining
        if offers_nothing is not None and masks.offering is not None:
            offers_nothing = offers_nothing & ~masks.offering
        if offers_nothing is not None and self.definable_unless_offered:
            # Such a definition has no claim to fall back on either.
            fallback = fallback & ~offers_nothing
        if masks.quoted is not None:
            confident = confident & ~masks.quoted
            fallback = fallback & ~masks.quoted
        best_ratio = np.zeros(len(scores), dtype="float32")
        # per unit: the runner-up category, its score, and whether it may be reported (a
        # reading withheld for want of a benefit is not reported under another name).
        best_category: list[tuple[str, float, bool] | None] = [None] * len(scores)
        everywhere = np.ones(len(scores), dtype=bool)
        # Each mask withholds its categories where it holds (see `UnitMasks`).
        withheld = (
            (masks.denied, self.deniable),
            (masks.defining, self.definable),
            (offers_nothing, self.definable_unless_offered),
            (masks.approving, self.approval_categories),
            (masks.requiring, self.requirement_categories),
            (masks.preparing, self.preparation_categories),
            (masks.cited_heading, self.cited_section_categories),
            (masks.one_area, self.many_areas),
            (masks.negated, self.negated),
            (masks.unasserted, self.unasserted),
            (masks.describing, self.describing),
            (masks.body_cells, self.body_cells),
            (masks.conventional, self.conventional),
        )

        def reportable(category: str) -> tuple[np.ndarray, np.ndarray]:
            """Where the category may be reported (`allowed`: over the claim gate and not
            withheld by a mask) and where its benefit is read (`read`)."""
            allowed = confident & masks.anchored[category] if category in masks.anchored else confident
            read = everywhere
            if category in self._benefit:
                read = self._benefit_read(scores, category)
                if category in masks.benefit_worded:
                    read = read | masks.benefit_worded[category]
            for mask, categories in withheld:
                if mask is not None and category in categories:
                    allowed = allowed & ~mask
            return allowed, read

        for column, category, threshold in self._columns:
            allowed, read = reportable(category)
            for row in np.flatnonzero((scores[:, column] >= threshold) & allowed & read):
                per_unit[row].append((category, float(scores[row, column])))
            # The runner-up for units no category reports: the category whose score
            # is highest relative to its own threshold (thresholds differ tenfold).
            ratio = np.where(allowed & fallback, scores[:, column] / max(threshold, 1e-6), 0.0)
            for row in np.flatnonzero(ratio > best_ratio):
                best_ratio[row] = ratio[row]
                best_category[row] = (category, float(scores[row, column]), bool(read[row]))
        share = self.thresholds.best_category_share
        unclassified = np.full(len(scores), np.nan, dtype="float32")
        for row in np.flatnonzero(fallback):
            best = best_category[row]
            if not per_unit[row] and best is not None and best[2] and best_ratio[row] >= share:
                unclassified[row] = best_ratio[row]
                if not self._unclassified_dropped:
                    per_unit[row].append(best[:2])
        # Every other kind of claim a reported unit makes, by the claim-kind scores, where
        # its category could be reported at all.
        named: list[set[str]] = [set() for _ in per_unit] if self._kind_columns else []
        if self._kind_columns:
            reported = np.fromiter((bool(found) for found in per_unit), dtype=bool, count=len(per_unit))
        for column, category, threshold in self._kind_columns:
            allowed, read = reportable(category)
            for row in np.flatnonzero(reported & (scores[:, column] >= threshold) & allowed & read):
                if all(name != category for name, _ in per_unit[row]):
                    per_unit[row].append((category, float(scores[row, column])))
                    named[row].add(category)
        thresholds = self.thresholds
        careful = scores[:, self._careful_column] if len(scores) else np.zeros(0, dtype="float32")
        # A rule hit is overruled on a positive careful reading under the claim gate, or
        # where P(claim) is under `overrule_below`: chosen by cross-validation for the
        # combined system, it is 0 (never) unless the rules are wrong more often than
        # right down there (copy unlike anything trained on scores low too).
        no_claim = ((careful >= thresholds.careful_from) & (claim < thresholds.claim_from)) | (claim < thresholds.overrule_below)
        if units.careful_register >= CAREFUL_FROM:
            # A careful page (the register classifier's reading): under its own cross-validated
            # floor, a rule hit is a claim named, not made (thresholds.yml, 0: never).
            no_claim = no_claim | (claim < thresholds.careful_page_overrule_below)
        if masks.quoted is not None:
            no_claim = no_claim | masks.quoted
        if masks.heading is not None:
            no_claim = no_claim | (masks.heading & (claim < thresholds.claim_from))
        return Verdicts(
            units,
            claim,
            tuple(tuple(found) for found in per_unit),
            no_claim,
            masks.hedged,
            masks.defining,
            masks.approving,
            masks.requiring,
            tuple(frozenset(found) for found in named),
            unclassified if self._unclassified is not None else None,
        )

    def _benefit_read(self, scores: np.ndarray, category: str) -> np.ndarray:
        """Per unit: does the detector read one of `category`'s benefit categories there, at
        the configured share of that category's own threshold (`needs_benefit`)?"""
        read = np.zeros(len(scores), dtype=bool)
        for column, floor in self._benefit[category]:
            read |= scores[:, column] >= floor
        return read

    def arbitrate(
        self,
        text: str,
        hits: Iterable[Hit],
        verdicts: Verdicts,
        supported_marks: Sequence[tuple[int, int]] | None = None,
        cited_marks: Sequence[tuple[int, int]] = (),
    ) -> list[Hit]:
        """`supported_marks`: prose ranges of citation markers that resolve to a source
        able to substantiate (None: every marker counts as one, as before); `cited_marks`:
        those of every citation resolved to a source, whatever it is ("(Lee et al., 2021)"),
        so that a finding does not say a cited sentence has no citation."""
        kept: list[Hit] = []
        explained: set[tuple[int, str]] = set()  # (unit, rule id) pairs a rule already reported
        hedged_by_rules: set[int] = set()  # units whose claim the rules read as hedged
        for hit in hits:
            arbitrated = hit.scope != DOCUMENT and hit.rule.id in self.overrulable
            unit = verdicts.units.unit_at(hit.start, hit.end) if arbitrated else None
            if unit is None:
                kept.append(hit)
                continue
            if self.mode == MODEL_ONLY:
                continue
            explained.add((unit, hit.rule.id))
            if hit.rule.id in self.hedge_readers:
                hedged_by_rules.add(unit)
            defines = verdicts.defining is not None and verdicts.defining[unit] and hit.rule.id in self._definable_rules
            approves = verdicts.approving is not None and verdicts.approving[unit] and hit.rule.id in self._approval_rules
            overruled = verdicts.no_claim[unit] or defines or approves
            if not overruled or self.overruled == "keep" or _speaks_for_itself(text, verdicts.units, unit):
                kept.append(self._hedged(replace(hit, confidence=float(verdicts.claim[unit])), unit, verdicts))
            elif self.overruled == "info":
                kept.append(replace(hit, severity=Severity.INFO, confidence=float(verdicts.claim[unit])))
        for unit, found in enumerate(verdicts.categories):
            # The confidence shown is the claim reading's: per-category scores are not
            # calibrated alike (each has its own threshold), P(claim) is (thresholds.yml).
            score = float(verdicts.claim[unit])
            # The fallback's guess is the unit's first category; kinds the claim-kind scores
            # name beside it are reported under their own rules, at the guess's severity:
            # they name the same sentence, and under the warning share such sentences were
            # claims, out of fold, less often than the detector's other findings.
            fallback = verdicts.unclassified is not None and not np.isnan(verdicts.unclassified[unit])
            noted = (
                fallback
                and self._unclassified is not None
                and verdicts.unclassified[unit] < self.thresholds.best_category_warning_share
            )
            for index, (category, _) in enumerate(found):
                guessed = fallback and index == 0 and self._unclassified is not None
                rule, reads_as = self._unclassified if guessed and self._unclassified else self.reporting[category]
                if (unit, rule.id) in explained:
                    continue
                explained.add((unit, rule.id))
                start, end = int(verdicts.units.starts[unit]), int(verdicts.units.ends[unit])
                if len(text[start:end].split()) < MIN_WORDS:
                    continue
                if _cited(text, start, end, supported_marks):
                    # The detector does not read citation markers: whether this one
                    # supports the sentence is the reference rules' call.  A marker
                    # resolving to nothing checkable ("2. Smith J. Review. 2020.") does
                    # not: such a sentence is as uncited as one with no marker.
                    continue
                if MARKER.search(text, start, end) or any(start <= mark < end for mark, _ in cited_marks):
                    lacking = (
                        "it cites no source claimcheck could confirm supports it, and no hedge or approved wording was found."
                    )
                else:
                    lacking = "no citation, hedge or approved wording was found for it."
                if guessed:
                    nearest = self.reporting[category][1]
                    message = (
                        f"This sentence reads as {reads_as} (learned detector, confidence {score:.2f}), though not"
                        f" clearly of one kind (nearest: {nearest}); {lacking}"
                    )
                    severity = Severity.INFO if noted else None
                    found_hit = Hit(rule, start, end, message, severity=severity, confidence=score, category=category)
                else:
                    message = f"This sentence reads as {reads_as} (learned detector, confidence {score:.2f}); {lacking}"
                    found_hit = Hit(rule, start, end, message, severity=Severity.INFO if noted else None, confidence=score)
                # Where the rules read the sentence's claim as hedged (and said so at info),
                # the detector does not report it again as an unhedged claim.
                named = bool(verdicts.named) and category in verdicts.named[unit]
                kept.append(self._hedged(found_hit, unit, verdicts, rules_hedged=unit in hedged_by_rules, named=named))
        return kept

    def _hedged(self, hit: Hit, unit: int, verdicts: Verdicts, rules_hedged: bool = False, named: bool = False) -> Hit:
        """The hit at `info` when it is a claim under a modal hedge, or one the rules read as
        hedged.  A kind only the claim-kind scores `named` rides on the claim the detector
        reported there, so it is hedged with that claim whatever its rule: "may work better
        than surgery" is not a firmer comparison than it is a claim of effect."""
        if hit.rule.id not in self.hedgeable and not (named and self._hedges_to_info):
            return hit
        if rules_hedged or (verdicts.hedged is not None and verdicts.hedged[unit]):
            return replace(hit, severity=Severity.INFO)
        return hit


def _cited(text: str, start: int, end: int, supported_marks: Sequence[tuple[int, int]] | None) -> bool:
    if not MARKER.search(text, start, end):
        return False
    if supported_marks is None:
        return True
    return any(start <= mark_start < end for mark_start, _ in supported_marks)


def _speaks_for_itself(text: str, units: UnitScores, unit: int) -> bool:
    piece = text[int(units.starts[unit]) : int(units.ends[unit])]
    return bool(_FIRST_PERSON.search(_QUOTED.sub(" ", piece)))


def anchors(doc: Doc, units: UnitScores, text: str, lexicons: Sequence[str]) -> np.ndarray:
    """Which units are about what a category needs: they hold a term of one of the
    lexicons (for claims of effect, `therapies`: a named therapy, "our protocol", "we"),
    refer back to one in the unit before ("they", "it"), or are a short headline of
    promotional copy ("Knees like new!", no full stop).  A sentence about disease
    biology names no therapy, so the detector leaves it to the rules."""
    return _anchored(doc, units, lexicons, _unit_shapes(units, text))


@dataclass(frozen=True)
class _UnitShapes:
    """What anchoring asks of each unit whatever the lexicons: does it refer back ("it",
    "they"), is it a short headline of promotional copy."""

    refers: np.ndarray
    headline: np.ndarray


def units_at(units: UnitScores, offsets: np.ndarray) -> np.ndarray:
    """The unit holding each text offset (-1 for an offset between or outside units), by
    binary search over the units' starts: units are sorted and do not overlap."""
    offsets = np.asarray(offsets, dtype=np.int64)
    starts = np.asarray(units.starts, dtype=np.int64)
    ends = np.asarray(units.ends, dtype=np.int64)
    if not len(offsets) or not len(starts):
        return np.full(len(offsets), -1, dtype=np.int64)
    rows = np.searchsorted(starts, offsets, side="right") - 1
    inside = (rows >= 0) & (offsets < ends[np.maximum(rows, 0)])
    return np.where(inside, rows, -1)


def _unit_shapes(units: UnitScores, text: str) -> _UnitShapes:
    """Computed once per Doc: one regex pass over the text, matches placed in their unit
    by binary search, instead of one search per unit and lexicon set."""
    count = len(units.starts)
    found = np.fromiter((match.start() for match in _REFERS_BACK.finditer(text)), dtype=np.int64)
    refers = np.zeros(count, dtype=bool)
    rows = units_at(units, found)
    refers[rows[rows >= 0]] = True
    pieces = [text[start:end].strip() for start, end in zip(units.starts, units.ends, strict=True)]
    headline = np.fromiter(
        (len(piece.split()) <= FRAGMENT_WORDS and not piece.endswith((".", "?", ":")) for piece in pieces),
        dtype=bool,
        count=count,
    ) & (units.careful_register < CAREFUL_FROM)
    return _UnitShapes(refers, headline)


def _naming(doc: Doc, units: UnitScores, lexicons: Sequence[str]) -> np.ndarray:
    """Per unit: a term of one of the lexicons (a `doc.spans` group) starts inside it."""
    starts = sorted(start for lexicon in lexicons for start in span_table(doc, lexicon).start_char)
    term_starts = np.fromiter(starts, dtype=np.int64, count=len(starts))
    return np.searchsorted(term_starts, units.starts) < np.searchsorted(term_starts, units.ends)


def offering_units(doc: Doc, units: UnitScores) -> np.ndarray:
    """Per unit: it names a therapy and a condition, so even said as a definition ("A cell
    therapy is a treatment that uses cord cells for autism") it offers the one for the other."""
    return _naming(doc, units, ("therapies",)) & _naming(doc, units, ("conditions",))


def _anchored(doc: Doc, units: UnitScores, lexicons: Sequence[str], shapes: _UnitShapes) -> np.ndarray:
    named = _naming(doc, units, lexicons)
    before = np.concatenate(([False], named[:-1]))
    return named | (before & shapes.refers) | shapes.headline


# A subject of one to six words at the start of the unit, with no punctuation in it.
# An aside naming it otherwise may follow: "Osteoarthritis, often called wear-and-tear
# arthritis, is a condition ...".
_OPENING_SUBJECT = (
    r"\s*(?P<subject>[^\s,;:.!?]+(?:\s+[^\s,;:.!?]+){0,5}?)"
    r"(?:,\s+(?:often|also|sometimes|commonly|usually)\s+(?:called|known\s+as|referred\s+to\s+as)\s+[^,;:.!?]{1,60},)?\s+"
)
# Subjects that are the business, the reader, a pronoun or a clause ("... arthritis,
# which is a kind of ..." is a claim with a definition hung on it).
_PERSONAL = re.compile(r"\b(?:we|our|ours|us|you|your|i|my|this|these|it|they|which|that|who)\b", re.IGNORECASE)


def _alternation(data: Mapping[str, object], key: str) -> str:
    """A regex alternation of the word list `data[key]`, longest first, any run of
    whitespace between a phrase's words; one that never matches when the list is empty."""
    items = sorted((str(item).lower() for item in data.get(key) or ()), key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(item).replace("\\ ", r"\s+") for item in items) or "(?!)"


def definition_pattern(data: Mapping[str, object]) -> re.Pattern[str]:
    """The shapes of a sentence that says what a term, a field or a kind of thing is, built
    from `rules/data/detector.yml` `definitions` word lists: "<subject> is a <up to three
    words> <kind>" ("Regenerative medicine is a broad field ..."), "<subject> refers to
    ...", and "<subject> is a <treatment word> that uses / involves ..." (what a
    treatment consists of).  Evaluative words ("proven", "safe") may not sit between the
    article and the kind: "X is a proven therapy that ..." is a claim, not a definition."""

    words = partial(_alternation, data)

    modifier = rf"(?:(?!(?:{words('not_modifiers')})\b)[\w'’-]+\s+)"
    shapes = (
        rf"(?:is|are)\s+(?:a|an|the|one)\s+{modifier}{{0,3}}?(?:{words('kinds')})s?\b",
        rf"(?:{words('defining_verbs')})\b",
        rf"(?:is|are)\s+(?:a|an|the)\s+{modifier}{{0,2}}?(?:{words('treatments')})s?\s+(?:that\s+|which\s+)?(?:{words('consists')})\b",
        # "A stem cell transplant replaces diseased marrow with healthy cells": what a kind of
        # procedure does, said of "a" transplant in general (`defining_units` checks the "A").
        *(rf"(?<={re.escape(name)}\s)(?P<generic_{number}>[a-z]+s)\b" for number, name in enumerate(_procedures(data))),
    )
    return re.compile(_OPENING_SUBJECT + "(?:" + "|".join(shapes) + ")", re.IGNORECASE)


def _procedures(data: Mapping[str, object]) -> list[str]:
    return [str(name) for name in data.get("procedures") or ()]  # type: ignore[attr-defined]


_GENERIC_ARTICLE = re.compile(r"(?:a|an)\s", re.IGNORECASE)


def defining_units(units: UnitScores, text: str, pattern: re.Pattern[str]) -> np.ndarray:
    """Which units define a term, a field or a kind of thing (`definition_pattern`), with a
    subject that is not the business, the reader or a pronoun: "Regenerative medicine is
    a field that studies repair" explains a word; the detector, reading the words "repair"
    and "regenerative" on a clinic page, took such sentences for claims."""
    defining = np.zeros(len(units.starts), dtype=bool)
    for unit, (start, end) in enumerate(zip(units.starts.tolist(), units.ends.tolist(), strict=True)):
        found = pattern.match(text, int(start), int(end))
        if found is None or _PERSONAL.search(found.group("subject")) or _speaks_for_itself(text, units, unit):
            continue
        generic = any(name.startswith("generic_") and value for name, value in found.groupdict().items())
        if generic and not _GENERIC_ARTICLE.match(found.group("subject")):
            continue  # "Our stem cell transplant restores ...", "Stem cell transplant heals ...": no definition
        defining[unit] = True
    return defining


def approval_pattern(data: Mapping[str, object]) -> re.Pattern[str]:
    """A sentence that reports a regulator's approval or decision, built from
    `rules/data/detector.yml` `approvals` word lists: "With this approval, ...", "Today's
    decision ...", "The agency's authorization ...", "FDA approval of ...", "The FDA has
    approved ...", "the agency cleared ...".  "The approval" needs an approval noun
    (`nouns`); a decision or an action (`events`) counts only as this, today's or the
    regulator's ("the decision to treat" is not one).  A sentence that draws a lesson from
    the approval ("..., which shows that cell treatment works", `borrowed`) is not one:
    it borrows the approval as proof."""

    words = partial(_alternation, data)

    actors = words("regulators")
    # "..., which shows that cell treatment for diabetes works": an approval borrowed as proof.
    borrowed = rf"(?![^.!?]*\b(?:{words('borrowed')})\b)"
    own = rf"(?:this|today['’]s|(?:the\s+)?(?:{actors})(?:['’]s?)?)"
    shapes = (
        rf"\b{own}\s+(?:{words('nouns')}|{words('events')})\b",
        rf"\b(?:the|its|their)\s+(?:{words('nouns')})\b",
        rf"\b(?:{actors})\s+(?:(?:has|have|had|today|recently|formally)\s+)*(?:{words('verbs')})\b",
    )
    return re.compile(rf"^{borrowed}.*?(?:" + "|".join(shapes) + ")", re.IGNORECASE | re.DOTALL)


def _matching_units(units: UnitScores, text: str, pattern: re.Pattern[str]) -> np.ndarray:
    """Which units `pattern` matches from their start, where the business does not speak
    for itself."""
    matching = np.zeros(len(units.starts), dtype=bool)
    for unit, (start, end) in enumerate(zip(units.starts.tolist(), units.ends.tolist(), strict=True)):
        if pattern.match(text, int(start), int(end)) and not _speaks_for_itself(text, units, unit):
            matching[unit] = True
    return matching


def approval_units(units: UnitScores, text: str, pattern: re.Pattern[str]) -> np.ndarray:
    """Which units report a regulator's approval or decision (`approval_pattern`): the
    indication such a sentence names is the approved one ("With this approval, the first
    cell therapy for adults with type 1 diabetes ..."), not an offer by the page.  Not
    where the business speaks for itself ("our FDA-approved cells ...")."""
    return _matching_units(units, text, pattern)


def words_pattern(words: object) -> re.Pattern[str]:
    """Any of `words` (a `needs_words` list) as whole words, any run of whitespace or a
    hyphen between a phrase's words ("rock solid", "rock-solid").  Compiled as a prefix
    tree (`termtrie.words_source`): the same matches as the alternation of the words
    longest first, and the page scans of `worded_units` ran 3-6x faster."""
    if not isinstance(words, list | tuple):
        raise TypeError(f"needs_words: a list of words expected, not {words!r}")
    return re.compile(rf"\b(?:{words_source(str(word) for word in words)})\b", re.IGNORECASE)


def worded_units(units: UnitScores, text: str, pattern: re.Pattern[str]) -> np.ndarray:
    """Which units hold a match of `pattern` (`needs_words`): a bag of words reads "evidence-based"
    and "backed by science" close to "clinically proven", but only a word that says the
    question is settled ("proven", "the science is clear", "a breakthrough", "no longer
    experimental") makes an establishment claim of an appeal to research (ANNOTATION B37).

    One scan of the page finds the units a match could lie in (every unit a match of the
    scan overlaps: a match that ran across a unit's edge could hide one inside it), and
    only those are searched on their own; searching every unit of the page took 4% of a
    claim-dense run's time under the profiler (50 pages, 17,415 searches)."""
    found = np.zeros(len(units.starts), dtype=bool)
    if not len(units.starts):
        return found
    starts, ends = units.starts, units.ends
    in_order = not ((np.diff(starts) < 0).any() or (ends[:-1] > starts[1:]).any())
    candidates = _units_overlapped(pattern, text, starts, ends) if in_order else range(len(starts))
    for unit in candidates:
        found[unit] = pattern.search(text, int(starts[unit]), int(ends[unit])) is not None
    return found


def _units_overlapped(pattern: re.Pattern[str], text: str, starts: np.ndarray, ends: np.ndarray) -> list[int]:
    """The units (in page order, none overlapping) that a match of one scan overlaps."""
    overlapped: set[int] = set()
    for match in pattern.finditer(text, int(starts[0]), int(ends[-1])):
        first = int(np.searchsorted(ends, match.start(), side="right"))
        last = int(np.searchsorted(starts, max(match.end(), match.start() + 1), side="left"))
        overlapped.update(range(first, last))
    return sorted(overlapped)


_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")


def describing_units(
    doc: Doc, units: UnitScores, text: str, lead_in: re.Pattern[str], outcomes: re.Pattern[str] | None = None
) -> np.ndarray:
    """Which units describe a condition rather than offer anything for it: list items
    whose lead-in names symptoms, signs or causes ("Common symptoms:", a "Signs to watch
    for" heading: "- Chest tightness", "- Tingling down the arm").  A list under
    "Conditions we treat" is an offer (ANNOTATION B28), and one under a lead-in of
    `outcomes` ("Signs of recovery our patients report") lists the product's effects.  (A
    sentence that opens with a condition and names no therapy is not spared: on a selling
    page "Pain eases as the bone heals" is the product's effect, and sparing such
    sentences cost 18 claims on the pending set for 16 neutral ones.)"""
    return _symptom_list_items(doc, units, text, lead_in, outcomes)


def body_cell_units(doc: Doc, units: UnitScores) -> np.ndarray:
    """Which units speak of the body's own cells and of no therapy: a cell word the
    analyzers read as harmed or declining ("years of steroids deplete the patient's own
    progenitor cells", `nlp/native_cells.py`) and no therapy, product or business left
    in the unit.  Disease biology on a selling page: what the cells suffer is not what
    the product does."""
    return _naming(doc, units, (NATIVE_CELLS,)) & ~_naming(doc, units, ("therapies",))


# Words before a treatment that still leave it the subject: "Conventional immunosuppressants,
# such as ...", "Long-term steroids reduce ...", "Most knee replacements last ...".
_SUBJECT_WORDS = 3


def conventional_units(doc: Doc, units: UnitScores, text: str) -> np.ndarray:
    """Which units are about conventional care itself: a conventional treatment (lexicon
    `treatments`: a drug, a procedure) opens the sentence as its subject ("Conventional
    immunosuppressants reduce the intensity of the attack"), no therapy is named, and the
    business does not speak ("we", "our").  What a drug does is not what the product
    does (ANNOTATION: how conventional treatments work is neutral); a comparison or a
    disparagement of it is still the detector's to report."""
    count = len(units.starts)
    found = np.zeros(count, dtype=bool)
    treatments = span_table(doc, "treatments").start_char
    if not count or not treatments:
        return found
    rows = units_at(units, np.fromiter(treatments, dtype=np.int64, count=len(treatments)))
    for row, start_char in zip(rows.tolist(), treatments, strict=True):
        if row >= 0 and not found[row]:
            opening = text[int(units.starts[row]) : start_char]
            found[row] = len(opening.split()) <= _SUBJECT_WORDS
    for row in np.flatnonzero(found):
        if _FIRST_PERSON.search(text, int(units.starts[row]), int(units.ends[row])):
            found[row] = False
    return found & ~_naming(doc, units, ("therapies",))


_BARE_LINE_WORDS = 6


def _bare_line(line: str) -> bool:
    """A short line with no closing punctuation: a heading on a page without markup."""
    return bool(line) and line[-1] not in ".!?" and len(line.split()) <= _BARE_LINE_WORDS


def _symptom_list_items(
    doc: Doc, units: UnitScores, text: str, lead_in: re.Pattern[str], outcomes: re.Pattern[str] | None
) -> np.ndarray:
    """List items under a lead-in of symptoms or causes: the nearest sentence before them that
    is not a list item, if it ends with a colon or is a heading (or a short line with no
    full stop, as a plain-text page writes one), or else the last heading."""
    found = np.zeros(len(units.starts), dtype=bool)
    infos = sentences_of(doc)
    if len(infos) != len(units.starts):
        return found  # units are the Doc's sentences; anything else is not ours to read
    heading = ""
    nearest = ""
    for row, info in enumerate(infos):
        piece = text[info.span.start_char : info.span.end_char]
        listed = info.segment_kind == "list_item" or _BULLET.match(piece) is not None
        if not listed:
            nearest = piece
            if info.segment_kind in {"heading", "title"}:
                heading = piece
            continue
        stripped = nearest.rstrip()
        source = stripped if stripped.endswith(":") or stripped == heading.rstrip() or _bare_line(stripped) else heading
        found[row] = (
            bool(source)
            and lead_in.search(source) is not None
            and (outcomes is None or outcomes.search(source) is None)
            and not _FIRST_PERSON.search(source)  # "Our root-cause view": the business's own account
        )
    return found


def requirement_pattern(data: Mapping[str, object]) -> re.Pattern[str]:
    """A sentence that says what the law requires of a product, built from
    `rules/data/detector.yml` `requirements` word lists: "all stem cell products require
    FDA approval", "such products need a biologics license", "they must be studied under
    an IND".  The requirement's object follows its verb with at most a few determiners
    and modifiers between ("require premarket approval").  Not where the requirement is
    denied anywhere in the sentence ("it does not need FDA approval", "needs no approval",
    "never requires an IND"): that is the claim clinics make of their own products."""

    words = partial(_alternation, data)

    denied = rf"(?![^.!?]*\b(?:{words('denials')})\b)"
    between = rf"(?:(?:{words('between')})\s+){{0,3}}"
    return re.compile(rf"^{denied}.*?\b(?:{words('verbs')})\s+{between}(?:{words('objects')})", re.IGNORECASE | re.DOTALL)


def heading_units(doc: Doc, units: UnitScores, kinds: frozenset[str], keep_effects: frozenset[str]) -> np.ndarray:
    """Which units are headings or titles (segment `kinds`) holding no effect of
    `keep_effects`: on a page the detector reads as careful, "Clinic chain settles with state
    over stem cell ads", "Platelet-rich plasma for hair loss" or "FDA-registered" name the
    topic of what follows (ANNOTATION B5, B31); a headline that says a therapy heals or
    reverses a disease ("Stem cell gel heals spinal cord injury, researchers find") still
    states it, and the rules stand there."""
    found = np.zeros(len(units.starts), dtype=bool)
    infos = sentences_of(doc)
    if len(infos) != len(units.starts):
        return found  # units are the Doc's sentences; anything else is not ours to read
    for row, info in enumerate(infos):
        found[row] = info.segment_kind in kinds
    table = span_table(doc, "effects")
    effects = [start for start, label in zip(table.start_char, table.label, strict=True) if label in keep_effects]
    rows = units_at(units, np.fromiter(effects, dtype=np.int64, count=len(effects)))
    found[rows[rows >= 0]] = False
    return found


def cited_heading_units(
    doc: Doc, units: UnitScores, kinds: frozenset[str], supported_marks: Sequence[tuple[int, int]]
) -> np.ndarray:
    """Which units are headings or titles (segment `kinds`) over a section that cites a
    source able to substantiate: "What the research has shown" above paragraphs whose
    markers resolve to trials names the topic of what follows, and the section's own
    sentences answer for their citations; over uncited copy it is an appeal like any
    other.  A heading's section runs to the next heading; a title's is the whole page."""
    found = np.zeros(len(units.starts), dtype=bool)
    infos = sentences_of(doc)
    if len(infos) != len(units.starts) or not supported_marks:
        return found  # units are the Doc's sentences; anything else is not ours to read
    marks = sorted(start for start, _ in supported_marks)
    heading_rows = [row for row, info in enumerate(infos) if info.segment_kind in {"heading", "title"}]
    for position, row in enumerate(heading_rows):
        if infos[row].segment_kind not in kinds:
            continue
        start = infos[row].span.end_char
        later = heading_rows[position + 1 :]
        end = infos[later[0]].span.start_char if later and infos[row].segment_kind != "title" else len(text_of(doc))
        index = bisect_left(marks, start)
        found[row] = index < len(marks) and marks[index] < end
    return found


def preparation_units(
    doc: Doc, units: UnitScores, text: str, pattern: re.Pattern[str], unless: re.Pattern[str] | None = None
) -> np.ndarray:
    """Which units say how the product is made or given and claim nothing: they hold a
    verb of making or giving (`preparations` `verbs` in `rules/data/detector.yml`: "The
    cells are harvested from your hip, spun in a centrifuge and injected into the knee",
    "Our exosomes are purified from the culture fluid of donor cells") and no term of the
    `effects` lexicon and no disease (a body part or tissue is where it goes, not what it
    treats), nor one of `unless`, the words of an effect the lexicon does not hold ("...,
    where they nourish the retina", "so they work").  A bag of words reads "cells",
    "cord", "cultured" and "injected" as the words of a claim; "cells harvested from your
    hip rebuild the knee" or "... for your arthritis" is one, and is not spared."""
    found = np.zeros(len(units.starts), dtype=bool)
    for unit, (start, end) in enumerate(zip(units.starts.tolist(), units.ends.tolist(), strict=True)):
        found[unit] = pattern.search(text, int(start), int(end)) is not None and (
            unless is None or unless.search(text, int(start), int(end)) is None
        )
    if not found.any():
        return found
    conditions, effect_terms = span_table(doc, "conditions"), span_table(doc, "effects")
    diseases = [start for start, label in zip(conditions.start_char, conditions.label, strict=True) if label not in NOT_AN_AREA]
    effects = [start for start, label in zip(effect_terms.start_char, effect_terms.label, strict=True) if label != NOT_EFFECT]
    claiming = [*effects, *diseases]
    rows = units_at(units, np.fromiter(claiming, dtype=np.int64, count=len(claiming)))
    found[rows[rows >= 0]] = False
    return found


def requirement_units(units: UnitScores, text: str, pattern: re.Pattern[str]) -> np.ndarray:
    """Which units say what the law requires of a product (`requirement_pattern`):
    "all stem cell products require FDA approval" states the rule a regulator enforces,
    not a claim of approval.  Not where the business speaks for itself ("our cells
    require no approval" is denied anyway; "we must have approval" is about itself)."""
    return _matching_units(units, text, pattern)


_LIST_MARK = re.compile(r"[,;]")


def one_area_units(doc: Doc, units: UnitScores, text: str) -> np.ndarray:
    """Which units name diseases, all of them of one area (ANNOTATION §5), and hold no
    list (no comma or semicolon): such a unit cannot offer one therapy for many unrelated
    diseases, whatever its words suggest to the detector.  A unit naming none ("we treat
    over 40 conditions") is not one of them, nor is a list, whose other items may be
    diseases the lexicons do not know ("..., tinnitus and erectile trouble")."""
    areas: list[set[str]] = [set() for _ in range(len(units.starts))]
    conditions = span_table(doc, "conditions")
    diseases = [
        (start, label) for start, label in zip(conditions.start_char, conditions.label, strict=True) if label not in NOT_AN_AREA
    ]
    rows = units_at(units, np.fromiter((start for start, _ in diseases), dtype=np.int64, count=len(diseases)))
    for (_, label), row in zip(diseases, rows.tolist(), strict=True):
        if row >= 0:
            areas[row].add(label)
    starts, ends = units.starts, units.ends
    listless = (not _LIST_MARK.search(text, int(start), int(end)) for start, end in zip(starts, ends, strict=True))
    return np.fromiter(
        (len(found) == 1 and plain for found, plain in zip(areas, listless, strict=True)), dtype=bool, count=len(areas)
    )


def negated_units(doc: Doc, units: UnitScores, text: str) -> np.ndarray:
    """Which units hold therapy claims, every one of them read as negated by the rules'
    claims analyzer ("the capacity of a preparation is not fixed", "the cells do not
    cure MS"): a bag of words sees the claim's words, not the negation.  The analyzer
    prefers an asserted effect over a negated one, so "they don't just mask pain, they
    heal" is not negated.  Not where the business speaks for itself."""
    return unasserted_units(doc, units, text, frozenset({NEGATED_STATUS}))


def unasserted_units(doc: Doc, units: UnitScores, text: str, statuses: frozenset[str]) -> np.ndarray:
    """Which units hold therapy claims, every one of them read by the rules' claims
    analyzer with one of `statuses` (negated; reported: "the ads said the infusions could
    improve speech", "according to the complaint, ..."): a bag of words sees the claim's words, not who makes it.  One claim
    read otherwise (asserted, hedged, cited) keeps the unit, and so does a unit in
    which the business speaks for itself ("our patients tell us it works")."""
    matched = np.zeros(len(units.starts), dtype=bool)
    other = np.zeros(len(units.starts), dtype=bool)
    claims = span_table(doc, "claims")
    rows = units_at(units, np.fromiter(claims.start_char, dtype=np.int64, count=len(claims)))
    for label, row in zip(claims.label, rows.tolist(), strict=True):
        if row >= 0:
            (matched if label in statuses else other)[row] = True
    spoken = np.fromiter(
        (matched[row] and _speaks_for_itself(text, units, row) for row in range(len(matched))), dtype=bool, count=len(matched)
    )
    return matched & ~other & ~spoken


_OPENING = '"“'
_CLOSING = '"”'
# A patient's own words ("I was back on the court", "my pain"): a quoted testimonial, which
# careful pages (a newsletter, a news story) also print as the patient's experience.
_PATIENT_VOICE = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|[Mm]y|me|[Mm]ine)\b")
_LIST_LEAD = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)]|\(?[a-z][.)])?\s*")
# A label that puts up the quotation after it as a claim to examine ('Myth 5: "..."',
# 'Claim: "..."'): the unit is still one quotation (ANNOTATION B43, B45).
_CLAIM_LABEL = re.compile(r"^(?:myths?|misconceptions?|claims?)(?:\s*(?:#|no\.?)?\s*\d{1,2})?\s*:\s*", re.IGNORECASE)


def quoted_units(units: UnitScores, text: str) -> np.ndarray:
    """Which units are one quotation from end to end ('"Our lab is FDA-registered."', a
    list of '- "Your arthritis can be gone for good."' items): on a page the detector reads
    as careful (a regulator's myths page, an alert, a workshop handout), a line quoted on
    its own is a claim put up to be examined (ANNOTATION B5); on a selling page it is a
    testimonial, and this reading is not used there.  A label before the quotation ('Myth 5:
    "..."') does not change it.  Nor is it for a patient's own words
    (`_PATIENT_VOICE`), which careful pages quote as testimony too."""
    quoted = np.zeros(len(units.starts), dtype=bool)
    for row, (start, end) in enumerate(zip(units.starts.tolist(), units.ends.tolist(), strict=True)):
        piece = _CLAIM_LABEL.sub("", _LIST_LEAD.sub("", text[start:end])).rstrip()
        if len(piece) < 3 or piece[0] not in _OPENING:
            continue
        if piece[-1] == "." and piece[-2:-1] in ('"', "”"):
            piece = piece[:-1]  # '"...".': the full stop outside the quotation marks
        inner = piece[1:-1]
        quoted[row] = (
            piece[-1] in _CLOSING and not any(mark in inner for mark in _OPENING + _CLOSING) and not _PATIENT_VOICE.search(inner)
        )
    return quoted


def hedged_units(doc: Doc, units: UnitScores, words: frozenset[str]) -> np.ndarray:
    """Which units have a modal hedge (a `hedges` lexicon term made of `words`: "may",
    "has the potential to") in their first clause, up to the first comma or clause
    break.  Only the first: "Our cells cure MS, and may help lupus too" asserts before
    it hedges."""
    hedged = np.zeros(len(units.starts), dtype=bool)
    text = text_of(doc)
    hedges = span_table(doc, "hedges")
    # (token start, char start, char end) of each hedge made of `words`; the term's text is
    # cut from the Doc's text, as `Span.text` would join it.
    spans = [
        (start, start_char, end_char)
        for start, start_char, end_char in zip(hedges.start, hedges.start_char, hedges.end_char, strict=True)
        if set(text[start_char:end_char].lower().split()) & words
    ]
    if not spans:
        return hedged
    breaks = CueIndex.of(doc).clause_break
    token_starts = doc.to_array(IDX) if len(doc) else np.zeros(0, dtype=np.int64)
    effect_starts = sorted(span_table(doc, "effects").start)
    lower = tokens_of(doc).lower
    for start, start_char, end_char in spans:
        unit = units.unit_at(start_char, end_char)
        if unit is None or hedged[unit]:
            continue
        first = int(np.searchsorted(token_starts, units.starts[unit]))
        hedged[unit] = (
            not any(breaks[first:start])
            and "," not in doc[first:start].text
            and not _in_relative_clause_after_effect(lower, effect_starts, first, start)
        )
    return hedged


def _in_relative_clause_after_effect(lower: Sequence[str], effect_starts: Sequence[int], first: int, hedge: int) -> bool:
    """ "It can help take pressure off nerves that might be causing pain": the hedge is in a
    relative clause after the claimed effect and qualifies its object, not the claim.  ("A
    treatment that may help MS" hedges: no effect comes before the relative word.)"""
    relative = next((at for at in range(hedge - 1, first - 1, -1) if lower[at] in RELATIVE_WORDS), None)
    if relative is None:
        return False
    at = bisect_left(effect_starts, first)
    return at < len(effect_starts) and effect_starts[at] < relative


def denied_proof_units(doc: Doc, units: UnitScores, text: str, proof_words: frozenset[str], reach: int) -> np.ndarray:
    """Which units open by denying proof: a negation cue in the opening clause (after at
    most a short lead-in such as "So far," or "At present,"), followed within `reach` words
    of the same clause, before an "and" or "or", by a word of proof ("there is no evidence
    that", "no trial has shown", "have not found proof", "there are no human studies").
    Not where the business speaks for itself: "we don't need a study to prove it works"
    still claims."""
    denied = np.zeros(len(units.starts), dtype=bool)
    negations = span_table(doc, "negations")
    if not negations or not proof_words:
        return denied
    cues = CueIndex.of(doc)
    breaks = np.asarray(cues.clause_break, dtype=bool)
    strings = doc.vocab.strings
    comma = np.isin(doc.to_array(ORTH), [strings.add(mark) for mark in (",", ";", ":")])
    lower = doc.to_array(LOWER)
    joins = np.isin(lower, [strings.add(word) for word in ("and", "or", "nor")])
    proof = np.isin(lower, [strings.add(word) for word in proof_words])
    token_starts = doc.to_array(IDX)
    for start, end, start_char, end_char in zip(
        negations.start, negations.end, negations.start_char, negations.end_char, strict=True
    ):
        unit = units.unit_at(start_char, end_char)
        if unit is None or denied[unit]:
            continue
        first = int(np.searchsorted(token_starts, units.starts[unit]))
        lead = np.flatnonzero(breaks[first:start] | comma[first:start])
        if len(lead) > 1 or (len(lead) == 1 and lead[0] > 3):
            continue  # the denial is not in the opening clause
        window_end = min(end + reach, len(doc))
        stop = np.flatnonzero(breaks[end:window_end] | comma[end:window_end] | joins[end:window_end])
        if len(stop):
            window_end = end + int(stop[0])
        if proof[end:window_end].any() and not _speaks_for_itself(text, units, unit):
            denied[unit] = True
    return denied


def arbitrate_doc(arbiter: Arbiter, doc: Doc, hits: list[Hit]) -> list[Hit]:
    """Apply the arbiter to one Doc's hits when the detector scored it."""
    scores = scores_of(doc)
    if scores is None:
        return hits
    text = text_of(doc)
    anchored: dict[str, np.ndarray] = {}
    if register_name(scores.careful_register) in arbiter.anchored_registers:
        shapes = _unit_shapes(scores, text)
        by_lexicons = {lexicons: _anchored(doc, scores, lexicons, shapes) for lexicons in set(arbiter.anchored_by.values())}
        anchored = {category: by_lexicons[lexicons] for category, lexicons in arbiter.anchored_by.items()}
    for category, pattern in arbiter.worded.items():
        holds = worded_units(scores, text, pattern)
        anchored[category] = anchored[category] & holds if category in anchored else holds
    benefit_worded = {category: worded_units(scores, text, pattern) for category, pattern in arbiter.benefit_words.items()}
    hedged = hedged_units(doc, scores, arbiter.hedge_words) if arbiter.hedgeable else None
    denied = denied_proof_units(doc, scores, text, arbiter.proof_words, arbiter.proof_reach) if arbiter.deniable else None
    defining = defining_units(scores, text, arbiter.definition) if arbiter.definition is not None else None
    offering = offering_units(doc, scores) if arbiter.definable_unless_offered and defining is not None else None
    approving = approval_units(scores, text, arbiter.approval) if arbiter.approval is not None else None
    requiring = requirement_units(scores, text, arbiter.requirement) if arbiter.requirement is not None else None
    preparing = None
    if arbiter.preparation is not None:
        preparing = preparation_units(doc, scores, text, arbiter.preparation, arbiter.preparation_unless)
    one_area = one_area_units(doc, scores, text) if arbiter.many_areas else None
    negated = negated_units(doc, scores, text) if arbiter.negated else None
    unasserted = None
    registers = arbiter.unasserted_registers
    in_register = not registers or register_name(scores.careful_register) in registers
    if arbiter.unasserted and arbiter.unasserted_statuses and in_register:
        unasserted = unasserted_units(doc, scores, text, arbiter.unasserted_statuses)
    describing = None
    if arbiter.describing and arbiter.symptom_lead_in is not None:
        describing = describing_units(doc, scores, text, arbiter.symptom_lead_in, arbiter.outcome_lead_in)
    body_cells = body_cell_units(doc, scores) if arbiter.body_cells else None
    conventional = conventional_units(doc, scores, text) if arbiter.conventional else None
    quoted = None
    if register_name(scores.careful_register) in arbiter.quoted_registers:
        quoted = quoted_units(scores, text)
    heading = None
    if arbiter.heading_kinds and register_name(scores.careful_register) in arbiter.heading_registers:
        heading = heading_units(doc, scores, arbiter.heading_kinds, arbiter.heading_effects)
    found = references_of(doc)
    supported = [(item.mark.start, item.mark.end) for item in found.resolved if found.supports(item)]
    cited_heading = None
    if arbiter.cited_section_categories and supported:
        cited_heading = cited_heading_units(doc, scores, arbiter.cited_heading_kinds, supported)
    masks = UnitMasks(
        anchored=anchored,
        hedged=hedged,
        denied=denied,
        defining=defining,
        one_area=one_area,
        negated=negated,
        approving=approving,
        requiring=requiring,
        quoted=quoted,
        unasserted=unasserted,
        describing=describing,
        body_cells=body_cells,
        conventional=conventional,
        offering=offering,
        preparing=preparing,
        heading=heading,
        cited_heading=cited_heading,
        benefit_worded=benefit_worded,
    )
    verdicts = arbiter.verdicts(scores, masks)
    return arbiter.arbitrate(text, hits, verdicts, supported, [(item.mark.start, item.mark.end) for item in found.resolved])
