"""Training the detector from the annotated corpus: one command, fixed seeds.

    claimcheck train corpus            # train + dev -> claimcheck/data/detector/

Units are the pipeline's own sentences (`component.document_units`), labelled by the
gold labels they overlap (corpus/ANNOTATION.md): a `supported: false` label makes its
categories and `claim` positive, a `supported: true` label makes `careful` positive.
Every unit is also seen once more on its own, as a reviewer pasting one sentence would
check it.  The register token a unit is trained with comes from a register model that
did not see its document (out-of-fold), so training sees the same noise as run time.

Thresholds are chosen by k-fold cross-validation over documents of the training
splits (never a heldout split); `choose_thresholds` says how.
"""

from __future__ import annotations

import bisect
import hashlib
import multiprocessing
import random
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from claimcheck.detector.component import document_units
from claimcheck.detector.features import (
    CAREFUL_FROM,
    PLAIN,
    VOCABULARY_FILE,
    Reading,
    UnitContext,
    known_words,
    register_token,
    register_words,
    unit_words,
    write_vocabulary,
)
from claimcheck.detector.model import (
    CAREFUL,
    CATEGORIES,
    CLAIM,
    KIND_LABELS,
    KINDS_DIR,
    REGISTERS,
    THRESHOLDS_FILE,
    UNIT_LABELS,
    kind_label,
)
from claimcheck.errors import ConfigError
from claimcheck.evaluation.gold import LABELS_SUFFIX, GoldDocument, load_document
from claimcheck.sources import format_for_path, parse_source
from claimcheck.sources.base import Source

CATEGORY_BETA = 0.5
# A category the detector reports on its own must be right at least this often out of
# fold: below it, a finding sends the reviewer to the wrong rule more often than not
# ("Regenerative Knee Centre" as a cure claim), so the threshold is raised until it is,
# or the detector leaves the category to the rules (threshold 1.0).
CATEGORY_MIN_PRECISION = 0.6
CAREFUL_MISS = 0.03
CAREFUL_PRECISION = 0.9
ARCHITECTURES = ("bow", "ensemble")
# Registers whose free-text description marks careful prose (label files without register_class).
CAREFUL_REGISTER_WORDS = (
    "careful", "regulator", "patient-education", "patient education", "advocacy", "university research", "journalist",
    "recruitment", "encyclopedia", "consumer warning", "consumer advisory", "consumer bulletin", "hospital", "review",
    "news", "court", "fact-check",
)  # fmt: skip


@dataclass(frozen=True)
class TrainingUnit:
    document: str
    text: str
    context: UnitContext
    cats: dict[str, float]
    rule_hit: bool = False  # an overrulable rule reports a claim on this unit (see `RuleHits`)
    # The categories of every label over the unit, supported or not: the kind of claim it
    # makes or names, whether or not it makes it (ANNOTATION.md §3: a `supported: true`
    # label's categories name the claim that is hedged, negated or quoted).
    kinds: frozenset[str] = frozenset()


# The prose ranges [start, end) where the rules report claims the detector may overrule,
# for one Doc of the pipeline.  Given to training so that thresholds are chosen for the
# combined system (rules and detector), not for the detector alone.
RuleHits = Callable[[Doc], Sequence[tuple[int, int]]]
# A source read into a Doc exactly as `claimcheck check` reads it (`Linter.analyse`):
# with its segments (headings, list items, cells) and links, so that training sees the
# same units and context as the detector at run time.
Analyse = Callable[[Source], Doc]


@dataclass
class TrainingDocument:
    name: str
    careful: bool
    units: list[TrainingUnit] = field(default_factory=list)

    @property
    def sentences(self) -> list[str]:
        return [unit.text for unit in self.units]


@dataclass(frozen=True)
class TrainSettings:
    architecture: str = "bow"
    epochs: int = 12
    folds: int = 5
    seed: int = 13
    ngram_size: int = 2
    length: int = 2**17
    dropout: float = 0.2
    alone_fraction: float = 0.5
    # Larger batches mean fewer optimizer steps over the dense hashed weight table,
    # which is where a bag-of-words model's training time goes.
    batch_size: int = 64
    learn_rate: float = 0.002
    jobs: int = 1  # cross-validation folds trained at once (processes)
    # How documents are put in cross-validation folds: "writer" keeps every writer's batch
    # in one fold (`folds_by_writer`), "document" shuffles documents (`folds_of`).
    folds_by: str = "writer"
    overrule_low: bool = False  # apply the cross-validated P(claim) floor (see choose_thresholds)
    # Give the model the analyzers' reading of each sentence (`analysis`): negation,
    # hedges, reported speech, claim framing, the body's own cells read as biology and
    # what is absent (no therapy, no effect word) as marker tokens.  On by default since
    # stop 42: out of fold on 5,363 documents, claim F1 0.80 against 0.78 without, and
    # fewer false flags on every unseen check (README, "Stop-42 round").
    analysis: bool = True
    # Give the model the affixes of long words too (`features.affixes`); recorded with the
    # weights, so the detector gives a model exactly the input it was trained on.  Off by
    # default: better out of fold with folds by writer, but the model trained with them
    # read a descriptive sentence of the user's seed page as a claim (README).
    affixes: bool = False
    # Read the words of a sentence that names no therapy and in which the claims analyzer
    # found no claim in a namespace of their own (`features.NO_THERAPY`), so that a word
    # weighs in such a sentence only what it weighed in such sentences in training (needs
    # `analysis`).  Opt-in (`claimcheck train --therapy-split`; README, "Stop-47 round").
    therapy_split: bool = False
    # Read a word seen in fewer training documents than this as `features.RARE` (0: every
    # word as itself); the vocabulary is chosen on each fold's training documents alone and,
    # for the final model, on every document, and written beside the weights.  Opt-in
    # (`claimcheck train --min-documents N`; README, "Stop-50 round").
    min_documents: int = 0
    # How much of the sentence before a unit the model reads: "all" of it, or only a lead-in
    # ending with a colon ("lead-ins", `features.Reading.lead_ins_only`).  Opt-in
    # (`claimcheck train --previous lead-ins`; README, "Stop-50 round").
    previous: str = "all"
    # Train each category's score on the kind of claim a unit makes or names (every label's
    # categories, supported or not) instead of on unsupported claims of that kind alone.
    # Whether a claim is unsupported is the `claim` score's job, and the detector reports a
    # category only over the claim gate; a category score that had to learn both what kind
    # of claim it is and whether it is made carefully might read the kind worse.  Opt-in
    # (`claimcheck train --kinds`): trained on four writer folds and scored on the fifth,
    # mean category average precision over the claim gate went 0.564 -> 0.580 on one
    # held fold and 0.590 -> 0.587 on another, claim unchanged (README, "Stop-43 round").
    kinds: bool = False
    # Which units teach the category scores: "all" (every unit; a neutral or careful one is a
    # negative for every category) or "claims" (only units inside an unsupported claim; the
    # others carry no category target, spaCy's missing values).  The detector reports a
    # category only over the claim gate, so the category scores need to tell kinds of claim
    # apart, not claims from the rest, which is the `claim` score's job.  Trained on four
    # writer folds and scored on the fifth (the 5,589 documents of stop 43), twice, mean
    # category average precision over the claim gate went 0.566 -> 0.609 and 0.593 -> 0.646,
    # claim detection's 0.866 -> 0.865 and 0.907 -> 0.906 (README, "Stop-44 round").
    categories_on: str = "all"
    # Train a third classifier, `kinds`: one claim-kind score per category (`KIND_LABELS`),
    # learnt from the units inside unsupported claims only and used for nothing but naming
    # every kind of claim a unit the detector reports makes.  The category scores decide
    # whether the detector reports a unit at all, so they must also tell claims from the
    # rest and are set for precision; a claim that is a comparison and a cure claim was
    # reported under one of them.  A model of its own leaves the unit model, and so every
    # decision to flag a sentence, exactly as trained without it.  Out of fold on the 5,589
    # documents of stop 43, naming kinds this way raised the detector's category recall on
    # the units it reports from 0.41 to 0.50 (mean over categories) at about the same
    # precision (README, "Stop-45 round").
    claim_kinds: bool = False
    # With `claim_kinds`: train the claim-kind model alone, beside weights already trained
    # (`train_claim_kinds`, `claimcheck train --claim-kinds-only`); cross-validation then
    # trains no unit model, and the unit columns of its scores are 0.
    kinds_only: bool = False
    # The hash-table length of the register classifier's bag of n-grams (rows of its
    # weight table; spaCy writes it into the register model's config.cfg).  2**15 rows for
    # a vocabulary of tens of thousands of words and bigrams means many share a row.  Out of
    # fold by writer on 7,254 training documents (register model alone, same epochs and
    # seed), first 600 words: accuracy 0.9640, log loss 0.284 at 2**15; 0.9675, 0.255 at
    # 2**17; 0.9673, 0.245 at 2**18.  Opt-in (`claimcheck train --register-length N`).
    register_length: int = 2**15
    # How many of the register input's `REGISTER_WORDS` words come from the end of a longer
    # document instead of its beginning (`features.register_words`): a selling page's calls
    # to action, prices and footers sit at its end, while its beginning can read like
    # patient education.  First 400 + last 200 words, against the first 600, both at 2**17:
    # accuracy 0.9693 against 0.9675, log loss 0.243 against 0.255, careful pages read as
    # marketing 159 against 170 of 2,523, marketing read as careful 40 against 36 of 4,731.
    # Recorded with the weights; the detector gives the register model the input it was
    # trained on (`Detector.register_tail`).  Opt-in (`claimcheck train --register-tail N`).
    register_tail: int = 0
    # The hash-table length of the claim-kind model's bag of n-grams (`claim_kinds`).  It
    # is 16 columns wide, so each doubling adds 8 MB of package weights at 2**17: the
    # package's weights must stay under 20 MB, and a longer register table has to be paid
    # for somewhere.  The claim-kind model learns from unsupported claims alone, a fifth of
    # the units, so it meets far fewer distinct n-grams than the unit model (same length by
    # default).  Opt-in (`claimcheck train --kinds-length N`).
    kinds_length: int = 2**17

    def recorded(self) -> dict[str, Any]:
        """The settings as written beside the weights (`trained_on.settings` in
        thresholds.yml), where the detector reads the ones that shape its input."""
        return {key: getattr(self, key) for key in self.__dataclass_fields__}

    @property
    def reading(self) -> Reading:
        """How the unit and claim-kind models read a sentence's words: the reading the
        detector will give them from these settings as recorded (`Reading.of`), without the
        vocabulary, which `reading_for` adds."""
        return Reading.of(asdict(self))

    def reading_for(self, documents: Sequence[TrainingDocument]) -> Reading:
        """`reading`, with the vocabulary of `documents` when `min_documents` asks for one."""
        if self.min_documents <= 0:
            return self.reading
        by_document = ([text for unit in document.units for text in (unit.text, unit.context.heading)] for document in documents)
        return replace(self.reading, known=known_words(by_document, self.min_documents))

    @property
    def score_labels(self) -> tuple[str, ...]:
        """The columns of the detector's scores: `UNIT_LABELS`, then `KIND_LABELS` with `claim_kinds`."""
        return (*UNIT_LABELS, *KIND_LABELS) if self.claim_kinds else UNIT_LABELS


def library_versions() -> dict[str, str]:
    """The versions training ran with.  Training is deterministic for one set of them; the
    same corpus and seed under another thinc or NumPy gives other weights (a fresh install
    with spaCy 3.8.18, thinc 8.3.14 and NumPy 2.4.6 did not reproduce weights trained
    earlier), so they are recorded beside the weights."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in ("spacy", "thinc", "numpy"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found


def register_is_careful(gold: GoldDocument) -> bool:
    """The declared register_class, else words of the free-text register (older files)."""
    if gold.register_class in REGISTERS:
        return gold.register_class == "careful"
    register = gold.register.lower()
    return any(word in register for word in CAREFUL_REGISTER_WORDS)


def load_corpus(
    corpus_dir: Path, splits: Sequence[str], analyse: Analyse, rule_hits: RuleHits | None = None, analysis: bool = False
) -> list[TrainingDocument]:
    """Every labelled document of the splits, cut into the pipeline's units and labelled."""
    documents: list[TrainingDocument] = []
    for split in splits:
        folder = corpus_dir / split
        if not folder.is_dir():
            raise ConfigError(f"{corpus_dir}: no {split}/ folder")
        for label_file in sorted(folder.glob(f"*{LABELS_SUFFIX}")):
            documents.append(_training_document(label_file, split, analyse, rule_hits, analysis))
    if not documents:
        raise ConfigError(f"{corpus_dir}: no labelled documents in {', '.join(splits)}")
    return documents


def corpus_digest(corpus_dir: Path, splits: Sequence[str]) -> str:
    """A SHA-256 over every file of the splits (relative path and bytes), recorded with the
    shipped model so a test can tell whether it was trained on the corpus as it is now:
    adding or relabelling a training document without retraining fails that test."""
    digest = hashlib.sha256()
    for split in splits:
        folder = corpus_dir / split
        for path in sorted(item for item in folder.rglob("*") if item.is_file()):
            digest.update(path.relative_to(corpus_dir).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _training_document(
    label_file: Path, split: str, analyse: Analyse, rule_hits: RuleHits | None = None, analysis: bool = False
) -> TrainingDocument:
    gold = load_document(label_file, split)
    raw = gold.path.read_text(encoding="utf-8")
    source = parse_source(raw, str(gold.path), format_for_path(str(gold.path)))
    doc = analyse(source)
    document = TrainingDocument(f"{split}/{gold.path.name}", register_is_careful(gold))
    hit_starts = sorted(start for start, _ in rule_hits(doc)) if rule_hits is not None else []
    for unit in document_units(doc, analysis):
        start, end = source.source_range(unit.start, unit.end)
        cats = dict.fromkeys(UNIT_LABELS, 0.0)
        supported = False
        kinds: set[str] = set()
        for label in gold.labels:
            overlap = min(end, label.end) - max(start, label.start)
            if overlap <= 0 or overlap * 2 < min(end - start, label.end - label.start):
                continue
            kinds.update(category for category in label.categories if category in CATEGORIES)
            if label.supported:
                supported = True
                continue
            cats[CLAIM] = 1.0
            for category in label.categories:
                if category in cats:  # rule-only categories (citation fit) are not detector labels
                    cats[category] = 1.0
        cats[CAREFUL] = 1.0 if supported and not cats[CLAIM] else 0.0
        hit = bisect.bisect_left(hit_starts, unit.start) < bisect.bisect_left(hit_starts, unit.end)
        document.units.append(TrainingUnit(document.name, unit.text, unit.context, cats, hit, frozenset(kinds)))
    return document


# ---------------------------------------------------------------- models


def _bow(settings: TrainSettings, exclusive: bool, length: int) -> dict[str, Any]:
    return {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": exclusive,
        "ngram_size": settings.ngram_size,
        "no_output_layer": False,
        "length": length,
    }


def _unit_model(settings: TrainSettings, length: int | None = None) -> dict[str, Any]:
    bow = _bow(settings, False, length or settings.length)
    if settings.architecture == "bow":
        return bow
    return {
        "@architectures": "spacy.TextCatEnsemble.v2",
        "linear_model": bow,
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2",
                "width": 64,
                "rows": [2000, 1000, 1000, 500],
                "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                "include_static_vectors": False,
            },
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": 64,
                "window_size": 1,
                "maxout_pieces": 3,
                "depth": 2,
            },
        },
    }


def _train(
    pipe_name: str,
    labels: Sequence[str],
    model: dict[str, Any],
    data: list[tuple[list[str], dict[str, float]]],
    settings: TrainSettings,
) -> Language:
    """A blank English pipeline with one text classifier, trained on (words, cats) pairs."""
    fix_random_seed(settings.seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe(pipe_name, config={"model": model})
    for label in labels:
        textcat.add_label(label)
    examples = []
    for words, cats in data:
        # One Doc as both sides: a text classifier reads only the reference's cats,
        # and a second Doc per example doubles the cost of building the data.
        doc = Doc(nlp.vocab, words=words)
        doc.cats = dict(cats)
        examples.append(Example(doc, doc))
    optimizer = nlp.initialize(lambda: examples[: min(len(examples), 500)])
    optimizer.learn_rate = settings.learn_rate
    order = random.Random(settings.seed)
    for _epoch in range(settings.epochs):
        order.shuffle(examples)
        for batch in minibatch(examples, size=settings.batch_size):
            # The pipe's own update: `nlp.update` would copy every example of every batch.
            textcat.update(batch, sgd=optimizer, drop=settings.dropout)
    return nlp


def _predict(nlp: Language, pipe_name: str, inputs: Sequence[list[str]]) -> np.ndarray:
    docs = [Doc(nlp.vocab, words=words) for words in inputs]
    return np.asarray(nlp.get_pipe(pipe_name).predict(docs), dtype="float32")


def _register_data(documents: Sequence[TrainingDocument], tail: int = 0) -> list[tuple[list[str], dict[str, float]]]:
    data = []
    for document in documents:
        cats = {"marketing": float(not document.careful), "careful": float(document.careful)}
        data.append((register_words(document.sentences, tail=tail), cats))
        # Short excerpts too: a pasted paragraph must get a register as well as a page.
        for start in range(0, len(document.units), 3):
            data.append((register_words(document.sentences[start : start + 3], tail=tail), cats))
    return data


def train_register(documents: Sequence[TrainingDocument], settings: TrainSettings) -> Language:
    bow = _bow(settings, True, settings.register_length)
    return _train("textcat", REGISTERS, bow, _register_data(documents, settings.register_tail), settings)


def careful_scores(register: Language, inputs: Sequence[list[str]]) -> np.ndarray:
    column = list(register.get_pipe("textcat").labels).index("careful")
    return _predict(register, "textcat", inputs)[:, column]


def _is_alone_copy(unit: TrainingUnit, fraction: float) -> bool:
    digest = hashlib.sha1(f"{unit.document}\0{unit.text}".encode()).digest()
    return digest[0] < 256 * fraction


def folds_of(count: int, k: int, seed: int) -> list[list[int]]:
    """Indices 0..count-1 in k folds, shuffled with the seed (a document is never split)."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def writer_of(document_name: str) -> str:
    """The writer's batch a training document belongs to: `train/zq-012-....md` -> `train/zq`.

    Batches of `train/` are named by their first dash-separated word (ANNOTATION.md), one
    writer's brief each; any other split (dev) counts as one batch of its own.
    """
    split, _, file_name = document_name.partition("/")
    if split != "train" or "-" not in file_name:
        return split
    return f"{split}/{file_name.split('-', 1)[0]}"


def folds_by_writer(names: Sequence[str], k: int, seed: int) -> list[list[int]]:
    """Indices of `names` in k folds, every writer's batch whole in one fold.

    Documents of one batch share a writer's voice, topics and templates; split across
    folds, the out-of-fold scores reward remembering the writer, and thresholds chosen on
    them are too trusting for copy nobody on the project wrote.  Batches go largest first
    into the fold with fewest documents (ties broken by a seeded shuffle), so folds stay
    near equal in size.
    """
    batches: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        batches.setdefault(writer_of(name), []).append(index)
    order = sorted(batches)
    random.Random(seed).shuffle(order)
    order.sort(key=lambda batch: -len(batches[batch]))
    k = max(1, min(k, len(order)))
    folds: list[list[int]] = [[] for _ in range(k)]
    for batch in order:
        smallest = min(range(k), key=lambda i: (len(folds[i]), i))
        folds[smallest].extend(batches[batch])
    return [sorted(fold) for fold in folds]


@dataclass(frozen=True)
class RegisterScores:
    """Out-of-fold P(careful) for each document, and for each unit read on its own."""

    documents: dict[str, float]
    alone: dict[tuple[str, int], float]


def out_of_fold_register(
    documents: Sequence[TrainingDocument], folds: Sequence[Sequence[int]], settings: TrainSettings
) -> RegisterScores:
    """Register scores from models that never saw the document.  Trained on all
    documents, the register model would score them near-perfectly and teach the unit
    model to trust its token more than it deserves on new copy."""
    by_document: dict[str, float] = {}
    alone: dict[tuple[str, int], float] = {}
    tail = settings.register_tail  # the input the final register model, and the detector, give it
    for held in folds:
        held_set = set(held)
        model = train_register([d for i, d in enumerate(documents) if i not in held_set], settings)
        test = [documents[i] for i in held]
        for document, score in zip(
            test, careful_scores(model, [register_words(d.sentences, tail=tail) for d in test]), strict=True
        ):
            by_document[document.name] = float(score)
        keys = [
            (d.name, index) for d in test for index, unit in enumerate(d.units) if _is_alone_copy(unit, settings.alone_fraction)
        ]
        by_name = documents_by_name(test)
        texts = [[by_name[name].units[index].text] for name, index in keys]
        for key, score in zip(keys, careful_scores(model, [register_words(t, tail=tail) for t in texts]), strict=True):
            alone[key] = float(score)
    return RegisterScores(by_document, alone)


def documents_by_name(documents: Sequence[TrainingDocument]) -> dict[str, TrainingDocument]:
    return {document.name: document for document in documents}


def unit_data(
    documents: Sequence[TrainingDocument],
    register: RegisterScores,
    alone_copies: bool = True,
    reading: Reading = PLAIN,
    kinds: bool = False,
    categories_on: str = "all",
) -> list[tuple[list[str], dict[str, float]]]:
    """Model inputs for every unit (and a context-free copy of some), with register tokens,
    and their targets: the gold labels, or with `kinds` the training targets of
    `TrainSettings.kinds` (categories by the kind of claim, supported or not); with
    `categories_on="claims"` a unit outside an unsupported claim has no category targets
    (`TrainSettings.categories_on`)."""
    data = []
    for document in documents:
        token = register_token(register.documents[document.name])
        for index, unit in enumerate(document.units):
            cats = training_targets(unit) if kinds else unit.cats
            if categories_on == CLAIMS_ONLY and cats.get(CLAIM, 0.0) < 0.5:
                cats = {label: value for label, value in cats.items() if label not in CATEGORIES}
            data.append((unit_words(unit.text, unit.context, token, reading=reading), cats))
            score = register.alone.get((document.name, index)) if alone_copies else None
            if score is not None:
                alone = UnitContext(alone=True, analysis=unit.context.analysis)
                data.append((unit_words(unit.text, alone, register_token(score), reading=reading), cats))
    return data


CLAIMS_ONLY = "claims"
CATEGORY_SOURCES = ("all", CLAIMS_ONLY)


def kind_data(
    documents: Sequence[TrainingDocument], register: RegisterScores, reading: Reading = PLAIN
) -> list[tuple[list[str], dict[str, float]]]:
    """The claim-kind model's inputs and targets (`TrainSettings.claim_kinds`): the units
    inside unsupported claims only (with their context-free copies), each with its gold
    categories as `KIND_LABELS`."""
    data = []
    for words, cats in unit_data(documents, register, reading=reading):
        if cats.get(CLAIM, 0.0) >= 0.5:
            data.append((words, {kind_label(category): float(cats[category] >= 0.5) for category in CATEGORIES}))
    return data


def training_targets(unit: TrainingUnit) -> dict[str, float]:
    """The unit's targets with each category set by the kind of claim it makes or names;
    `claim` and `careful` stay as labelled (see `TrainSettings.kinds`)."""
    return {**unit.cats, **{category: float(category in unit.kinds) for category in CATEGORIES}}


def train_units(data: list[tuple[list[str], dict[str, float]]], settings: TrainSettings) -> Language:
    return _train("textcat_multilabel", UNIT_LABELS, _unit_model(settings), data, settings)


def train_kinds(data: list[tuple[list[str], dict[str, float]]], settings: TrainSettings) -> Language:
    """The claim-kind model: the unit model's architecture over the claim units' inputs."""
    return _train("textcat_multilabel", KIND_LABELS, _unit_model(settings, settings.kinds_length), data, settings)


# ---------------------------------------------------------------- cross-validation


@dataclass
class CrossValidation:
    gold: np.ndarray  # (units, labels)
    scores: np.ndarray
    register_gold: np.ndarray
    register_scores: np.ndarray
    units: list[tuple[str, str]] = field(default_factory=list)  # (document, text) per row
    rule_hits: np.ndarray | None = None  # per row: an overrulable rule reports a claim there
    # per row: the out-of-fold P(careful register) of the row's document
    unit_register: np.ndarray | None = None
    labels: tuple[str, ...] = UNIT_LABELS  # the columns of `gold` and `scores`
    # per row: P(claim) of the unit read on its own words (`own_words_inputs`)
    own_claim: np.ndarray | None = None

    def save(self, path: Path) -> None:
        """The out-of-fold arrays as one NumPy .npz file: `labels` (column names), `gold`
        and `scores` (units x labels), `rule_hits`, `documents`, `texts`, `unit_register` and
        `own_claim` (per unit), so
        that a reporting policy (a threshold, a guard of the arbiter) can be tried on the
        training data out of fold without the half hour of cross-validation."""
        documents = np.array([document for document, _ in self.units], dtype=str)
        texts = np.array([text for _, text in self.units], dtype=str)
        hits = self.rule_hits if self.rule_hits is not None else np.zeros(len(self.units), dtype=bool)
        register = self.unit_register if self.unit_register is not None else np.zeros(len(self.units), dtype="float32")
        own_claim = self.own_claim if self.own_claim is not None else np.ones(len(self.units), dtype="float32")
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                labels=np.array(self.labels, dtype=str),
                gold=self.gold,
                scores=self.scores,
                rule_hits=hits,
                documents=documents,
                texts=texts,
                unit_register=register,
                own_claim=own_claim,
            )

    @classmethod
    def load(cls, path: Path) -> CrossValidation:
        """The arrays `save` wrote (without the register's document-level scores, which
        only the register accuracy figure reads): to choose thresholds again, with a
        changed policy, from the scores of a training run (`choose_thresholds`)."""
        with np.load(path, allow_pickle=False) as data:
            labels = tuple(str(label) for label in data["labels"])
            units = list(zip((str(d) for d in data["documents"]), (str(t) for t in data["texts"]), strict=True))
            return cls(
                gold=data["gold"],
                scores=data["scores"],
                register_gold=np.zeros(0, dtype="float32"),
                register_scores=np.zeros(0, dtype="float32"),
                units=units,
                rule_hits=data["rule_hits"],
                unit_register=data["unit_register"],
                labels=labels,
                own_claim=data["own_claim"],
            )

    def disagreements(self, claim_from: float) -> list[dict[str, Any]]:
        """Out-of-fold misses and false flags of the claim decision, for error analysis."""
        claim = UNIT_LABELS.index(CLAIM)
        rows = []
        for row, (document, text) in enumerate(self.units):
            gold, score = bool(self.gold[row, claim] > 0.5), float(self.scores[row, claim])
            if gold != (score >= claim_from):
                top = sorted(CATEGORIES, key=lambda label: -self.scores[row, UNIT_LABELS.index(label)])[:3]
                rows.append(
                    {
                        "kind": "miss" if gold else "false flag",
                        "document": document,
                        "claim_score": round(score, 3),
                        "careful_label": bool(self.gold[row, UNIT_LABELS.index(CAREFUL)] > 0.5),
                        "gold": [label for label in CATEGORIES if self.gold[row, UNIT_LABELS.index(label)] > 0.5],
                        "top": top,
                        "text": text,
                    }
                )
        return rows


def own_words_inputs(
    documents: Sequence[TrainingDocument], register: RegisterScores, reading: Reading = PLAIN
) -> list[list[str]]:
    """Every unit's input read on its own: its words and the analyzers' reading of them,
    with no heading, sentence before or segment kind, and the page's register token; the
    input the detector scores at run time to ask whether a sentence is a claim by its own
    words (`Thresholds.own_claim_from`)."""
    inputs = []
    for document in documents:
        token = register_token(register.documents[document.name])
        for unit in document.units:
            alone = UnitContext(alone=True, analysis=unit.context.analysis)
            inputs.append(unit_words(unit.text, alone, token, reading=reading))
    return inputs


def _fold_scores(
    train_docs: Sequence[TrainingDocument],
    test_docs: Sequence[TrainingDocument],
    register: RegisterScores,
    settings: TrainSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """Scores of test_docs' units by a unit model trained on train_docs (one fold), and
    each unit's P(claim) read on its own words (`own_words_inputs`; 0 with `kinds_only`)."""
    reading = settings.reading_for(train_docs)  # the fold's own vocabulary: no word of test_docs counts
    test = [words for words, _ in unit_data(test_docs, register, alone_copies=False, reading=reading)]
    if settings.kinds_only:
        scores = np.zeros((len(test), len(UNIT_LABELS)), dtype="float32")
        own_claim = np.zeros(len(test), dtype="float32")
    else:
        kinds, categories_on = settings.kinds, settings.categories_on
        data = unit_data(train_docs, register, reading=reading, kinds=kinds, categories_on=categories_on)
        units_nlp = train_units(data, settings)
        scores = _predict(units_nlp, "textcat_multilabel", test)
        own = _predict(units_nlp, "textcat_multilabel", own_words_inputs(test_docs, register, reading))
        own_claim = own[:, UNIT_LABELS.index(CLAIM)].astype("float32")
    if not settings.claim_kinds:
        return scores, own_claim
    kinds_nlp = train_kinds(kind_data(train_docs, register, reading), settings)
    return np.hstack([scores, _predict(kinds_nlp, "textcat_multilabel", test)]), own_claim


def cross_validate(
    documents: Sequence[TrainingDocument],
    folds: Sequence[Sequence[int]],
    register: RegisterScores,
    settings: TrainSettings,
    progress: Callable[[str], None] = lambda _: None,
) -> CrossValidation:
    """Out-of-fold unit scores: each fold scored by a unit model trained on the others.

    Folds train in `settings.jobs` processes; each is seeded on its own, so the scores
    do not depend on how many run at once.
    """
    splits = []
    for held in folds:
        held_set = set(held)
        splits.append(([d for i, d in enumerate(documents) if i not in held_set], [documents[i] for i in held]))
    progress(f"cross-validation: {len(folds)} folds of about {len(splits[0][1])} documents, {settings.jobs} at a time")
    if settings.jobs > 1:
        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=settings.jobs, mp_context=context) as pool:
            trains, tests = [train for train, _ in splits], [test for _, test in splits]
            fold_rows = list(pool.map(_fold_scores, trains, tests, repeat(register), repeat(settings)))
    else:
        fold_rows = [_fold_scores(train_docs, test_docs, register, settings) for train_docs, test_docs in splits]
    score_rows = [scores for scores, _ in fold_rows]
    gold_rows, units, rule_hits = [], [], []
    for _, test_docs in splits:
        test = unit_data(test_docs, register, alone_copies=False, reading=settings.reading)
        # A claim-kind column's gold is its category's: 0 outside unsupported claims.
        columns = [*UNIT_LABELS, *(CATEGORIES if settings.claim_kinds else ())]
        gold_rows.append(np.array([[cats[label] for label in columns] for _, cats in test], dtype="float32"))
        units.extend((document.name, unit.text) for document in test_docs for unit in document.units)
        rule_hits.extend(unit.rule_hit for document in test_docs for unit in document.units)
    names = [d.name for d in documents]
    return CrossValidation(
        np.vstack(gold_rows),
        np.vstack(score_rows),
        np.array([float(d.careful) for d in documents]),
        np.array([register.documents[name] for name in names]),
        units,
        np.array(rule_hits, dtype=bool),
        np.array([register.documents[name] for name, _ in units], dtype="float32"),
        settings.score_labels,
        np.concatenate([own for _, own in fold_rows]),
    )


def _precision_recall(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = int((predicted & gold).sum())
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(gold.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def _f_beta(precision: float, recall: float, beta: float) -> float:
    if not precision or not recall:
        return 0.0
    return (1 + beta**2) * precision * recall / (beta**2 * precision + recall)


def _threshold_for(scores: np.ndarray, gold: np.ndarray, grid: np.ndarray, beta: float) -> tuple[float, float, float, float]:
    """(threshold, precision, recall, F1) of the grid threshold with the best out-of-fold
    F-beta (beta < 1 weighs precision more than recall)."""
    rows = [(float(t), *_precision_recall(scores >= t, gold)) for t in grid]
    return max(rows, key=lambda row: (_f_beta(row[1], row[2], beta), -row[0]))


def _category_threshold(scores: np.ndarray, gold: np.ndarray, grid: np.ndarray) -> tuple[float, float, float, float]:
    """(threshold, precision, recall, F1) with the best out-of-fold F-beta among the grid
    thresholds whose precision reaches `CATEGORY_MIN_PRECISION`; (1.0, 0, 0, 0) when none
    does: the detector then never reports the category on its own."""
    rows = [(float(t), *_precision_recall(scores >= t, gold)) for t in grid]
    precise = [row for row in rows if row[1] >= CATEGORY_MIN_PRECISION and row[2] > 0]
    if not precise:
        return 1.0, 0.0, 0.0, 0.0
    return max(precise, key=lambda row: (_f_beta(row[1], row[2], CATEGORY_BETA), -row[0]))


def _careful_threshold(
    careful: np.ndarray,
    careful_gold: np.ndarray,
    claim: np.ndarray,
    claim_gold: np.ndarray,
    claim_from: float,
    grid: np.ndarray,
) -> float:
    """The lowest P(careful) from which overruling rules on units under the claim gate is
    right `CAREFUL_PRECISION` of the time (the units are labelled careful) and costs at
    most `CAREFUL_MISS` of all true claims; 1.0 (never overrule) when none is."""
    total = max(int(claim_gold.sum()), 1)
    for threshold in grid:
        vetoed = (careful >= threshold) & (claim < claim_from)
        if not vetoed.any():
            continue
        precise = float(careful_gold[vetoed].mean()) >= CAREFUL_PRECISION
        if precise and int((claim_gold & vetoed).sum()) / total <= CAREFUL_MISS:
            return float(threshold)
    return 1.0


def _floor_rows(
    rule_hits: np.ndarray,
    reported: np.ndarray,
    claim: np.ndarray,
    vetoed: np.ndarray,
    claim_gold: np.ndarray,
    floors: np.ndarray,
    where: np.ndarray,
) -> list[tuple[float, float, float, float, int]]:
    """(floor, precision, recall, F1, false flags among `where`) of the combined system out
    of fold for each floor: a rule hit is kept unless `vetoed` or, among the units `where`
    says, its P(claim) is under the floor; the detector's own findings (`reported`) stay."""
    rows = []
    for below in floors:
        flagged = (rule_hits & ~(vetoed | (where & (claim < below)))) | reported
        rows.append((float(below), *_precision_recall(flagged, claim_gold), int((flagged & where & ~claim_gold).sum())))
    return rows


def _best_floor(rows: list[tuple[float, float, float, float, int]]) -> tuple[float, float, float, float, int]:
    """The row with the best F1 (to three places), the lowest floor among ties."""
    return max(rows, key=lambda row: (round(row[3], 3), -row[0]))


def _overrule_threshold(
    rule_hits: np.ndarray | None,
    reported: np.ndarray,
    claim: np.ndarray,
    careful: np.ndarray,
    claim_gold: np.ndarray,
    claim_from: float,
) -> tuple[float, dict[str, Any]]:
    """The P(claim) under which a rule hit is overruled even without a careful reading,
    chosen for the out-of-fold F1 of the combined system: units flagged by a rule the
    detector does not overrule, or reported by the detector itself.  0.0 (never) without
    rule hits to simulate with.  Each grid step's figures are kept for thresholds.yml."""
    if rule_hits is None or not rule_hits.any():
        return 0.0, {}
    careful_veto = careful & (claim < claim_from)
    everywhere = np.ones(len(claim), dtype=bool)
    floors = np.round(np.arange(0.0, claim_from + 1e-9, 0.01), 2)
    rows = _floor_rows(rule_hits, reported, claim, careful_veto, claim_gold, floors, everywhere)
    best = _best_floor(rows)
    rules_alone = _precision_recall(rule_hits, claim_gold)
    table = {
        name: {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
        for name, (p, r, f) in (("rules_only", rules_alone), ("never_overrule_low", rows[0][1:4]), ("chosen", best[1:4]))
    }
    return best[0], table


def _careful_page_threshold(
    rule_hits: np.ndarray | None,
    reported: np.ndarray,
    claim: np.ndarray,
    vetoed: np.ndarray,
    claim_gold: np.ndarray,
    claim_from: float,
    on_careful_page: np.ndarray,
) -> tuple[float, dict[str, Any]]:
    """The P(claim) under which a rule hit on a page read as careful is overruled, chosen
    for the combined system's out-of-fold F1 (ties: the lower floor; 0.0, never, without
    rule hits).  Regulator, news and research pages name the claims they warn about, and
    the rules read the words; whether the register's reading is sure enough to silence
    them under a claim score is for the out-of-fold figures to say."""
    if rule_hits is None or not rule_hits.any() or not on_careful_page.any():
        return 0.0, {}
    floors = np.round(np.arange(0.0, claim_from + 1e-9, 0.02), 2)
    rows = _floor_rows(rule_hits, reported, claim, vetoed, claim_gold, floors, on_careful_page)
    best = _best_floor(rows)
    table = {
        name: {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "careful_page_false_flags": c}
        for name, (_, p, r, f, c) in (("never", rows[0]), ("chosen", best))
    }
    return best[0], table


# Shares of its own threshold the best category must reach for a fallback finding.
BEST_CATEGORY_SHARES = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)


def _best_category_threshold(
    rule_hits: np.ndarray | None,
    reported: np.ndarray,
    claim: np.ndarray,
    careful: np.ndarray,
    claim_gold: np.ndarray,
    claim_from: float,
    ratio: np.ndarray | None = None,
) -> tuple[float, dict[str, Any]]:
    """The P(claim) from which a unit that no category's threshold reports is reported
    under its best category anyway, chosen for the combined system's out-of-fold
    F-beta with beta `CATEGORY_BETA` (1.0: never).  Per-category thresholds are set for
    precision, so a sentence can read as a claim with confidence while no single
    category is sure of its kind; whether reporting those pays is a question for the
    out-of-fold figures, not for taste.  Precision weighs more here as for the
    categories: such a finding cannot name what kind of claim it saw, and on real
    clinic pages the sentences it adds are as often plain description (what a session
    involves, a list of conditions) as claims; F1 picked 0.48 and doubled the careful
    sentences flagged on pages no one here wrote.

    With `ratio` (per unit, the best category's score over its own threshold), the
    fallback may also need that category at a share of its threshold
    (`BEST_CATEGORY_SHARES`, chosen with the floor; the table's `share`): a sentence the
    model reads as a claim of no kind at all (every category near 0), as it read
    descriptive disease biology on the user's seed page, is not reported under one."""
    hits = rule_hits if rule_hits is not None else np.zeros(len(claim), dtype=bool)
    kept = hits & ~(careful & (claim < claim_from))
    shares = BEST_CATEGORY_SHARES if ratio is not None else (0.0,)
    rows = []
    for share in shares:
        kind_known = ratio >= share if ratio is not None and share > 0 else np.ones(len(claim), dtype=bool)
        for start in [*np.round(np.arange(claim_from, 0.981, 0.02), 2), 1.0]:
            flagged = kept | reported | ((claim >= start) & kind_known)
            precision, recall, f1 = _precision_recall(flagged, claim_gold)
            rows.append((float(start), float(share), precision, recall, f1, _f_beta(precision, recall, CATEGORY_BETA)))
    best = max(rows, key=lambda row: (round(row[5], 3), row[0], row[1]))
    never = next(row for row in rows if row[0] == 1.0 and row[1] == 0.0)
    table: dict[str, Any] = {
        name: {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "f_beta": round(fb, 3)}
        for name, (_, _, p, r, f, fb) in (("never", never), ("chosen", best))
    }
    if ratio is not None:
        table["chosen"]["share"] = best[1] if best[0] < 1.0 else 0.0
    return best[0], table


# Shares of its own threshold from which a fallback finding is reported at its rule's
# severity rather than at info (`_fallback_warning_share`).
WARNING_SHARES = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7)


def _fallback_warning_share(
    fallback_only: np.ndarray, ratio: np.ndarray, claim_gold: np.ndarray, target: float
) -> tuple[float, dict[str, Any]]:
    """The lowest share of `WARNING_SHARES` from which the units reported only through the
    best-category fallback (whose best category reaches that share of its own threshold)
    are unsupported claims, out of fold, at least as often as the combined system's
    findings are (`target`, its chosen precision): from there a fallback finding is a
    warning, under it a note (info).  Its kind is a guess either way (the nearest
    category, right for about half of them), so the rule that reports it is one of no
    kind; whether it is worth a reviewer's stop is this figure's call.  1.0 (never a
    warning) when no share reaches the target."""
    rows: dict[str, dict[str, float]] = {}
    chosen = 1.0
    for share in WARNING_SHARES:
        inside = fallback_only & (ratio >= share)
        count = int(inside.sum())
        precision = float(claim_gold[inside].mean()) if count else 0.0
        rows[f"{share:g}"] = {"units": count, "precision": round(precision, 3)}
        if chosen == 1.0 and count and precision >= target:
            chosen = float(share)
    return chosen, {"target_precision": round(target, 3), "from_share": rows, "chosen": chosen}


OWN_CLAIM_FLOORS = np.round(np.arange(0.0, 0.501, 0.02), 2)


def _own_claim_threshold(
    rule_hits: np.ndarray | None,
    reported: np.ndarray,
    claim: np.ndarray,
    careful: np.ndarray,
    claim_gold: np.ndarray,
    claim_from: float,
    own_claim: np.ndarray | None,
) -> tuple[float, dict[str, Any]]:
    """The P(claim) a unit read on its own words (`own_words_inputs`) must reach for the
    detector to report it, chosen for the combined system's out-of-fold F1 (ties: the lower
    floor; 0.0, never, without those scores).  The unit model reads the heading above and
    the sentence before as well as the sentence, and under a heading that offers a therapy
    for a disease, or after a sentence that promises, a plain line ("Bring your latest scan
    with you.") can score as a claim on its context alone; a rule hit is kept either way."""
    if own_claim is None or not reported.any():
        return 0.0, {}
    hits = rule_hits if rule_hits is not None else np.zeros(len(claim), dtype=bool)
    kept = hits & ~(careful & (claim < claim_from))
    rows = []
    for floor in OWN_CLAIM_FLOORS:
        own = reported & (own_claim >= floor)
        flagged = kept | own
        withheld = int((reported & ~own & ~kept).sum())
        rows.append((float(floor), *_precision_recall(flagged, claim_gold), withheld))
    best = _best_floor(rows)
    table = {
        name: {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "withheld": withheld}
        for name, (_, p, r, f, withheld) in (("never", rows[0]), ("chosen", best))
    }
    return best[0], table


def _claim_kind_thresholds(
    cv: CrossValidation, among: np.ndarray, grid: np.ndarray
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Per category, the claim-kind threshold (`KIND_LABELS`) chosen as a category's is
    (`_category_threshold`), `among` the units the claim-kind scores speak for: those the
    detector reports out of fold, or without a unit model's out-of-fold scores
    (`train_claim_kinds`), the unsupported claims.  The table's recall counts every
    unsupported claim of the category.  Nothing when there are no claim-kind scores."""
    chosen: dict[str, float] = {}
    table: dict[str, dict[str, float]] = {}
    if KIND_LABELS[0] not in cv.labels:
        return chosen, table
    for category in CATEGORIES:
        gold = cv.gold[:, cv.labels.index(category)] > 0.5
        kind = np.where(among, cv.scores[:, cv.labels.index(kind_label(category))], 0.0)
        threshold, precision, recall, f1 = _category_threshold(kind, gold, grid)
        chosen[category] = threshold
        table[category] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
    return chosen, table


def choose_thresholds(cv: CrossValidation, overrule_low: bool = False) -> dict[str, Any]:
    """Thresholds from out-of-fold scores.

    The claim gate (`claim_from`: from here the detector reports claims no rule found)
    has the best out-of-fold F1 for "is an unsupported claim"; each category's
    threshold, among units over that gate, the best F-beta with beta `CATEGORY_BETA`
    (precision weighs more: a wrong category sends the reviewer to the wrong rule) among
    those with precision at least `CATEGORY_MIN_PRECISION`.
    Rule hits are overruled from `careful_from` (careful prose under the claim gate):
    the lowest threshold at which the overruled units are labelled careful
    `CAREFUL_PRECISION` of the time, costing at most `CAREFUL_MISS` of true claims; and
    under `overrule_below` (P(claim) so low that the rule is more often wrong than right),
    chosen for the combined system's out-of-fold F1 when the rules' hits are known.
    That floor is only applied with `overrule_low` (`claimcheck train --overrule-low`);
    otherwise it is recorded as `suggested_overrule_below` and the floor is 0: the
    long pseudo-scientific prose the tool exists for (mechanistic immunology in a clinic blog)
    is unlike the training copy and scores near 0, and a floor would silence the rules
    exactly there, which out-of-fold F1 on the training copy cannot show.
    A unit the detector would report must also read as a claim on its own words, from
    `own_claim_from`, chosen for the combined system's out-of-fold F1 (`_own_claim_threshold`).
    """
    grid = np.round(np.arange(0.02, 0.981, 0.02), 2)
    claim = cv.scores[:, UNIT_LABELS.index(CLAIM)]
    claim_gold = cv.gold[:, UNIT_LABELS.index(CLAIM)] > 0.5
    claim_from, claim_precision, claim_recall, claim_f1 = _threshold_for(claim, claim_gold, grid, 1.0)
    over_gate = claim >= claim_from
    chosen: dict[str, float] = {}
    table: dict[str, dict[str, float]] = {}
    for column, label in enumerate(UNIT_LABELS):
        if label not in CATEGORIES:
            continue
        gold = cv.gold[:, column] > 0.5
        scores = np.where(over_gate, cv.scores[:, column], 0.0)
        threshold, precision, recall, f1 = _category_threshold(scores, gold, grid)
        chosen[label] = threshold
        table[label] = {
            "gold": int(gold.sum()),
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
        }
    careful = cv.scores[:, UNIT_LABELS.index(CAREFUL)]
    careful_gold = cv.gold[:, UNIT_LABELS.index(CAREFUL)] > 0.5
    careful_from = _careful_threshold(careful, careful_gold, claim, claim_gold, claim_from, grid)
    reported = np.zeros(len(claim), dtype=bool)
    # per unit, the best reportable category's score over its threshold (the arbiter's runner-up)
    ratio = np.zeros(len(claim), dtype="float32")
    for label, threshold in chosen.items():
        if threshold < 1.0:  # 1.0: never reported by the detector on its own
            column = cv.scores[:, UNIT_LABELS.index(label)]
            reported |= column >= threshold
            ratio = np.maximum(ratio, column / max(threshold, 1e-6))
    reported &= over_gate
    best_category_from, fallback = _best_category_threshold(
        cv.rule_hits, reported, claim, careful >= careful_from, claim_gold, claim_from, ratio
    )
    best_category_share = float(fallback["chosen"].get("share", 0.0))
    by_category = reported.copy()
    reported |= (claim >= best_category_from) & (ratio >= best_category_share)
    own_claim_from, own_words = _own_claim_threshold(
        cv.rule_hits, reported, claim, careful >= careful_from, claim_gold, claim_from, cv.own_claim
    )
    if cv.own_claim is not None:
        reported &= cv.own_claim >= own_claim_from
    fallback_only = reported & ~by_category
    claim_kinds, kind_table = _claim_kind_thresholds(cv, reported, grid)
    overrule_below, combined = _overrule_threshold(cv.rule_hits, reported, claim, careful >= careful_from, claim_gold, claim_from)
    warning_share, warning_table = _fallback_warning_share(
        fallback_only, ratio, claim_gold, float(combined["chosen"]["precision"]) if combined else 1.0
    )
    fallback["warning"] = warning_table
    applied_floor = overrule_below if overrule_low else 0.0
    vetoed = ((careful >= careful_from) & (claim < claim_from)) | (claim < applied_floor)
    on_careful_page = cv.unit_register >= CAREFUL_FROM if cv.unit_register is not None else np.zeros(len(claim), dtype=bool)
    careful_page_below, careful_page = _careful_page_threshold(
        cv.rule_hits, reported, claim, vetoed, claim_gold, claim_from, on_careful_page
    )
    calibration = []
    for low in np.arange(0.0, 1.0, 0.1):
        inside = (claim >= low) & (claim < low + 0.1 + (1e-9 if low >= 0.9 else 0))
        calibration.append(
            {
                "claim_score": f"{low:.1f}-{low + 0.1:.1f}",
                "units": int(inside.sum()),
                "share_claims": round(float(claim_gold[inside].mean()), 3) if inside.any() else None,
            }
        )
    register_accuracy = float(((cv.register_scores >= 0.5) == (cv.register_gold > 0.5)).mean()) if len(cv.register_gold) else 0.0
    return {
        "categories": chosen,
        "claim_from": claim_from,
        "careful_from": careful_from,
        "overrule_below": overrule_below if overrule_low else 0.0,
        "best_category_from": best_category_from,
        "best_category_share": best_category_share,
        "best_category_warning_share": warning_share,
        "careful_page_overrule_below": careful_page_below,
        "own_claim_from": own_claim_from,
        **({"claim_kinds": claim_kinds} if claim_kinds else {}),
        "cross_validation": {
            "combined": combined,
            "careful_page": careful_page,
            "best_category": fallback,
            **({"own_words": own_words} if own_words else {}),
            "suggested_overrule_below": overrule_below,
            "claim": {
                "precision": round(claim_precision, 3),
                "recall": round(claim_recall, 3),
                "f1": round(claim_f1, 3),
            },
            "per_category": table,
            **({"per_claim_kind": kind_table} if kind_table else {}),
            "claim_calibration": calibration,
            "register_accuracy": round(register_accuracy, 3),
        },
    }


# ---------------------------------------------------------------- the command


@dataclass(frozen=True)
class TrainingReport:
    documents: int
    units: int
    claims: int
    careful: int
    thresholds: dict[str, Any]
    out_dir: Path
    cross_validation: CrossValidation | None = None


def training_folds(documents: Sequence[TrainingDocument], settings: TrainSettings) -> list[list[int]]:
    """Cross-validation folds by writer (`TrainSettings.folds_by`) when the documents come
    from two writers or more, else by document."""
    if settings.folds_by == "writer" and len({writer_of(d.name) for d in documents}) >= 2:
        return folds_by_writer([d.name for d in documents], settings.folds, settings.seed)
    return folds_of(len(documents), min(settings.folds, len(documents)), settings.seed)


def write_thresholds(path: Path, thresholds: dict[str, Any]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("# Chosen by cross-validation on the training splits (never a heldout split): claimcheck train\n")
        yaml.safe_dump(thresholds, handle, sort_keys=False, width=120)


def train_detector(
    corpus_dir: Path,
    out_dir: Path,
    analyse: Analyse,
    splits: Sequence[str] = ("train", "dev"),
    settings: TrainSettings | None = None,
    progress: Callable[[str], None] = lambda _: None,
    rule_hits: RuleHits | None = None,
) -> TrainingReport:
    """Train both models on `splits`, choose thresholds by cross-validation, write `out_dir`.

    `analyse` reads a source as claimcheck's pipeline without the detector does, so the
    documents are cut into the units, with the context, the detector scores at run time;
    `rule_hits` (where the rules report claims) lets the thresholds be chosen for the
    rules and the detector combined.
    """
    settings = settings or TrainSettings()
    if settings.architecture not in ARCHITECTURES:
        raise ConfigError(f"unknown architecture {settings.architecture!r} (choose from {', '.join(ARCHITECTURES)})")
    progress(f"reading {', '.join(splits)} from {corpus_dir}")
    documents = load_corpus(corpus_dir, splits, analyse, rule_hits, settings.analysis)
    folds = training_folds(documents, settings)
    progress(f"{len(documents)} documents, {sum(len(d.units) for d in documents)} units; register scores out of fold")
    register = out_of_fold_register(documents, folds, settings)
    cv = cross_validate(documents, folds, register, settings, progress)
    thresholds = choose_thresholds(cv, settings.overrule_low)
    progress("training the final models on every document")
    register_nlp = train_register(documents, settings)
    reading = settings.reading_for(documents)
    data = unit_data(documents, register, reading=reading, kinds=settings.kinds, categories_on=settings.categories_on)
    units_nlp = train_units(data, settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    units_nlp.to_disk(out_dir / "units")
    if reading.known is not None:
        write_vocabulary(out_dir / VOCABULARY_FILE, reading.known)
    elif (out_dir / VOCABULARY_FILE).is_file():
        (out_dir / VOCABULARY_FILE).unlink()  # a model reading every word: no stale vocabulary beside it
    if settings.claim_kinds:
        train_kinds(kind_data(documents, register, reading), settings).to_disk(out_dir / KINDS_DIR)
    elif (out_dir / KINDS_DIR).is_dir():
        shutil.rmtree(out_dir / KINDS_DIR)  # thresholds without claim kinds: no stale kinds model beside them
    register_nlp.to_disk(out_dir / "register")
    units = [unit for document in documents for unit in document.units]
    thresholds["trained_on"] = {
        "splits": list(splits),
        "documents": len(documents),
        "corpus_sha256": corpus_digest(corpus_dir, splits),
        "units": len(units),
        "claim_units": sum(unit.cats[CLAIM] > 0 for unit in units),
        "careful_units": sum(unit.cats[CAREFUL] > 0 for unit in units),
        "settings": settings.recorded(),
        "libraries": library_versions(),
    }
    write_thresholds(out_dir / THRESHOLDS_FILE, thresholds)
    return TrainingReport(
        len(documents),
        len(units),
        thresholds["trained_on"]["claim_units"],
        thresholds["trained_on"]["careful_units"],
        thresholds,
        out_dir,
        cv,
    )


def train_claim_kinds(
    corpus_dir: Path,
    out_dir: Path,
    analyse: Analyse,
    splits: Sequence[str] = ("train", "dev"),
    settings: TrainSettings | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Train the claim-kind model alone (`TrainSettings.claim_kinds`) beside the weights in
    `out_dir`, and add its thresholds to their `thresholds.yml`; the unit and register
    models, and every other threshold, stay as they are, so every decision to flag a
    sentence does too.  The inputs are read as the unit model was trained to read them
    (its recorded `analysis`, `affixes` and `therapy_split`).  Thresholds are chosen by cross-validation
    among the unsupported claims (no unit model is cross-validated here to say which units
    it reports).  Returns the updated thresholds."""
    path = out_dir / THRESHOLDS_FILE
    if not (out_dir / "units").is_dir() or not path.is_file():
        raise ConfigError(f"no trained detector in {out_dir} to add claim kinds to (run 'claimcheck train' first)")
    existing = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    trained = (existing.get("trained_on") or {}).get("settings") or {}
    settings = settings or TrainSettings()
    settings = replace(
        settings,
        claim_kinds=True,
        kinds_only=True,
        analysis=bool(trained.get("analysis", settings.analysis)),
        affixes=bool(trained.get("affixes", settings.affixes)),
        therapy_split=bool(trained.get("therapy_split", settings.therapy_split)),
        min_documents=int(trained.get("min_documents", settings.min_documents) or 0),
        previous=str(trained.get("previous", settings.previous)),
        # The register tokens of the kind model's inputs come from register models trained
        # as the one beside it was.
        # Weights that record neither were trained with the defaults.
        register_length=int(trained.get("register_length", TrainSettings.register_length)),
        register_tail=int(trained.get("register_tail", TrainSettings.register_tail) or 0),
    )
    progress(f"reading {', '.join(splits)} from {corpus_dir}")
    documents = load_corpus(corpus_dir, splits, analyse, None, settings.analysis)
    folds = training_folds(documents, settings)
    register = out_of_fold_register(documents, folds, settings)
    cv = cross_validate(documents, folds, register, settings, progress)
    grid = np.round(np.arange(0.02, 0.981, 0.02), 2)
    chosen, table = _claim_kind_thresholds(cv, cv.gold[:, UNIT_LABELS.index(CLAIM)] > 0.5, grid)
    progress("training the claim-kind model on every document")
    # Read as the unit model beside it reads (its vocabulary, written when it was trained).
    reading = Reading.of(trained, out_dir) if settings.min_documents else settings.reading
    train_kinds(kind_data(documents, register, reading), settings).to_disk(out_dir / KINDS_DIR)
    existing["claim_kinds"] = chosen
    existing.setdefault("cross_validation", {})["per_claim_kind"] = table
    existing["claim_kinds_trained_on"] = {
        "splits": list(splits),
        "documents": len(documents),
        "corpus_sha256": corpus_digest(corpus_dir, splits),
        "claim_units": sum(unit.cats[CLAIM] > 0 for document in documents for unit in document.units),
        "settings": settings.recorded(),
        "libraries": library_versions(),
    }
    write_thresholds(path, existing)
    return existing
