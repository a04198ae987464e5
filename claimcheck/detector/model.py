"""The trained detector as shipped: small spaCy text classifiers and their thresholds.

`units` is a `textcat_multilabel` over one sentence and its context (see `features`):
one score per label category of corpus/ANNOTATION.md for "this unit is an unsupported
claim of that kind", plus `claim` (any unsupported claim) and `careful` (claim
vocabulary used carefully: negated, reported, hedged and bounded, cited, approved use).
`register` is an exclusive `textcat` over the start of the document: marketing or
careful.  `kinds`, when present, is a third `textcat_multilabel` over the same input:
one claim-kind score per category, learnt from unsupported claims alone, that names
every kind of claim a unit the detector reports makes and decides nothing else.
Thresholds were chosen by cross-validation on the training data and ship beside the
weights (`thresholds.yml`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.pipeline import TextCategorizer
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import load_config
from spacy.vocab import Vocab

from claimcheck.detector.features import REGISTER_WORDS, Reading
from claimcheck.errors import ConfigError
from claimcheck.yamlio import load_yaml_cached, strip_lines

CATEGORIES = (
    "efficacy", "evidence", "establishment", "safety", "cure", "guarantee", "unapproved", "fda",
    "comparison", "disparagement", "testimonial", "statistic", "anti_aging", "urgency",
    "self_citation", "many_diseases",
)  # fmt: skip
CLAIM = "claim"
CAREFUL = "careful"
UNIT_LABELS = (*CATEGORIES, CLAIM, CAREFUL)


def kind_label(category: str) -> str:
    """The label of `category`'s claim-kind score."""
    return f"kind_{category}"


# Optional scores, after UNIT_LABELS: the kinds of claim a sentence that IS an unsupported
# claim makes, learnt from claim units alone (`TrainSettings.claim_kinds`).  They decide
# nothing about whether a sentence is flagged; they name every kind a reported one makes.
KIND_LABELS = tuple(kind_label(category) for category in CATEGORIES)

REGISTERS = ("marketing", "careful")

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "detector"
KINDS_DIR = "kinds"  # the optional claim-kind model, beside `units` and `register`
THRESHOLDS_FILE = "thresholds.yml"


@dataclass(frozen=True)
class Thresholds:
    """Per-category thresholds, the claim gate and the careful-prose threshold."""

    categories: Mapping[str, float]
    claim_from: float = 0.5  # from this P(claim) on, the detector reports claims no rule found
    # From this P(careful) on (and under claim_from), a rule hit is overruled as careful prose.
    careful_from: float = 1.0
    # Under this P(claim) a rule hit is overruled even without a careful reading (0: never).
    overrule_below: float = 0.0
    # From this P(claim) on, a unit with no category over its threshold is reported under
    # its best category (highest score relative to its threshold); 1.0 (never) by default.
    best_category_from: float = 1.0
    # ... and only where that category scores at least this share of its own threshold
    # (0: anywhere); chosen with `best_category_from` by cross-validation.
    best_category_share: float = 0.0
    # A unit reported through that fallback is reported at its rule's severity where the
    # best category reaches this share of its own threshold, at info under it (0: always
    # at the rule's severity); chosen out of fold (`claimcheck train`).
    best_category_warning_share: float = 0.0
    # On a page the register classifier reads as careful (regulator, news, research,
    # patient education), a rule hit under this P(claim) is overruled (0: never): such
    # pages name claims to warn about them, and the rules read the words, not the voice.
    careful_page_overrule_below: float = 0.0
    # The detector reports a unit no rule found only where the unit read on its own words
    # (no heading, no sentence before) scores at least this P(claim) too (0: never asked):
    # a plain line under a heading that offers a therapy for a disease is not a claim.
    own_claim_from: float = 0.0
    # Per category: from this claim-kind score on (`KIND_LABELS`), a unit the detector
    # reports is reported under that category too (empty: weights without those scores).
    claim_kinds: Mapping[str, float] = field(default_factory=dict)
    details: Mapping[str, object] = field(default_factory=dict, compare=False)

    @classmethod
    def load(cls, path: Path, cache: bool = False) -> Thresholds:
        data = strip_lines(load_yaml_cached(path, ConfigError, cache)) or {}
        try:
            return cls(
                categories={str(k): float(v) for k, v in data["categories"].items()},
                claim_from=float(data.get("claim_from", 0.5)),
                careful_from=float(data.get("careful_from", 1.0)),
                overrule_below=float(data.get("overrule_below", 0.0)),
                best_category_from=float(data.get("best_category_from", 1.0)),
                best_category_share=float(data.get("best_category_share", 0.0)),
                best_category_warning_share=float(data.get("best_category_warning_share", 0.0)),
                careful_page_overrule_below=float(data.get("careful_page_overrule_below", 0.0)),
                own_claim_from=float(data.get("own_claim_from", 0.0)),
                claim_kinds={str(k): float(v) for k, v in (data.get("claim_kinds") or {}).items()},
                details=data,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as problem:
            raise ConfigError(f"{path}: malformed detector thresholds ({problem})") from None

    def with_overrides(self, overrides: Mapping[str, float]) -> Thresholds:
        unknown = set(overrides) - set(self.categories)
        if unknown:
            raise ConfigError(f"detector thresholds: unknown categories {sorted(unknown)} (known: {', '.join(self.categories)})")
        merged = {**self.categories, **{k: float(v) for k, v in overrides.items()}}
        return replace(self, categories=merged)


class Detector:
    """Loaded once per pipeline; scores lists of model inputs (word lists) in batches.

    The two classifiers are loaded as bare components into the vocab of the pipeline
    that runs them, not as pipelines of their own: a spaCy pipeline builds a tokenizer
    with its special cases when loaded, which would cost a second of every cold start.
    """

    def __init__(
        self,
        units: TextCategorizer,
        register: TextCategorizer,
        vocab: Vocab,
        thresholds: Thresholds,
        source: str = "",
        kinds: TextCategorizer | None = None,
    ):
        self._units = units
        self._register = register
        # The optional claim-kind model (`KIND_LABELS`); its scores follow the unit model's.
        self._kinds = kinds
        self.vocab = vocab
        self.thresholds = thresholds
        self.source = source
        labels = tuple(self._units.labels)
        if labels != UNIT_LABELS:
            raise ConfigError(f"{source}: detector labels {labels} are not {UNIT_LABELS}")
        if kinds is not None and tuple(kinds.labels) != KIND_LABELS:
            raise ConfigError(f"{source}: claim-kind labels {tuple(kinds.labels)} are not {KIND_LABELS}")
        self.labels: tuple[str, ...] = (*UNIT_LABELS, *KIND_LABELS) if kinds is not None else UNIT_LABELS
        self._careful_column = tuple(self._register.labels).index("careful")
        self._hash_cache: dict[str, int] = {}
        # Scores of units already seen, by their input (`component._unit_scores`).
        self.unit_memo: dict[tuple[object, ...], np.ndarray] = {}
        # Whether the model was trained with the analyzers' markers in its input (see
        # `analysis`); a model trained without them must not be given them.
        trained_on = thresholds.details.get("trained_on") or {}
        settings = trained_on.get("settings") if isinstance(trained_on, Mapping) else None
        self.reads_analysis = bool(settings.get("analysis", False)) if isinstance(settings, Mapping) else False
        # Likewise the affixes of long words and the no-therapy namespace (`features.Reading`):
        # read only by a model trained with them.
        self.reading = Reading.of(settings, Path(source))
        # How many of the register input's words come from the end of a long document
        # (`TrainSettings.register_tail`, `features.register_words`): as the register model
        # was trained; 0, the first words alone, for weights that do not record it.
        tail = (settings.get("register_tail") or 0) if isinstance(settings, Mapping) else 0
        if not isinstance(tail, int) or isinstance(tail, bool) or not 0 <= tail < REGISTER_WORDS:
            raise ConfigError(f"{source}: register_tail {tail!r} is not a whole number in 0..{REGISTER_WORDS - 1}")
        self.register_tail: int = tail
        # The batch scorer of each classifier (by id), when it scores exactly as spaCy does.
        self._scorers: dict[int, _BagOfNgrams] = self._batch_scorers()

    @classmethod
    def load(cls, directory: Path | str = DEFAULT_DIR, nlp: Language | None = None) -> Detector:
        directory = Path(directory)
        if not (directory / "units").is_dir() or not (directory / "register").is_dir():
            raise ConfigError(f"no trained detector in {directory} (run 'claimcheck train corpus', or use --no-model)")
        host = nlp if nlp is not None else spacy.blank("en")
        units = _load_component(host, directory / "units", "textcat_multilabel")
        register = _load_component(host, directory / "register", "textcat")
        kinds = _load_component(host, directory / KINDS_DIR, "textcat_multilabel") if (directory / KINDS_DIR).is_dir() else None
        # The pipeline's compile-cache switch (nlp.meta, set by build_pipeline) covers the thresholds file.
        thresholds = Thresholds.load(directory / THRESHOLDS_FILE, cache=bool(host.meta.get("claimcheck_cache", False)))
        return cls(units, register, host.vocab, thresholds, str(directory), kinds)

    def score_units(self, inputs: Sequence[list[str]]) -> np.ndarray:
        """(len(inputs), len(self.labels)) scores in [0, 1]."""
        if not inputs:
            return np.zeros((0, len(self.labels)), dtype="float32")
        # The words' hashes are the same input to both classifiers: computed once.
        hashed = self._batch_hashes(inputs) if id(self._units) in self._scorers else None
        scores = np.asarray(self._predict(self._units, inputs, hashed), dtype="float32")
        if self._kinds is None:
            return scores
        return np.hstack([scores, np.asarray(self._predict(self._kinds, inputs, hashed), dtype="float32")])

    def careful_register(self, inputs: Sequence[list[str]]) -> np.ndarray:
        """P(careful register) for each document input."""
        if not inputs:
            return np.zeros(0, dtype="float32")
        return np.asarray(self._predict(self._register, inputs), dtype="float32")[:, self._careful_column]

    def _predict(
        self, component: TextCategorizer, inputs: Sequence[list[str]], hashed: tuple[np.ndarray, np.ndarray] | None = None
    ) -> np.ndarray:
        """Scores of one classifier; `hashed`: the inputs' `_batch_hashes`, if already computed."""
        scorer = self._scorers.get(id(component))
        if scorer is not None:
            hashes, rows = hashed if hashed is not None else self._batch_hashes(inputs)
            return scorer.predict(hashes, rows, len(inputs))
        return component.predict([Doc(self.vocab, words=words) for words in inputs])

    def _batch_hashes(self, inputs: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Every word's ORTH hash, the batch's inputs end to end, and each word's input row."""
        cache = self._hash_cache
        if len(cache) > _HASH_CACHE_LIMIT:
            cache.clear()
        found: list[int] = []
        for words in inputs:
            for word in words:
                value = cache.get(word)
                if value is None:
                    value = cache[word] = get_string_id(word)
                found.append(value)
        hashes = np.fromiter(found, dtype=np.uint64, count=len(found))
        lengths = np.fromiter((len(words) for words in inputs), dtype=np.int64, count=len(inputs))
        return hashes, np.repeat(np.arange(len(inputs), dtype=np.int64), lengths)

    def _batch_scorers(self) -> dict[int, _BagOfNgrams]:
        """Batch scorers for the two classifiers, if scoring from word hashes gives exactly
        what scoring spaCy Docs does; none otherwise (then Docs are scored).

        A bag-of-words model reads nothing of a Doc but its words' hashes, and building
        a Doc per sentence (a vocabulary entry per new word), then counting n-grams one
        sentence at a time, was most of the detector's cost.  Checked once at load on a
        probe, so a spaCy whose models read more falls back to Docs instead of scoring
        wrongly."""
        # "number" is one of spaCy's reserved symbols, whose ids are not string hashes.
        probe = [
            ["our", "cells", "rebuild", "knees", "kind=heading", "h|knee", "our", "cells"],
            ["the", "number", "zzqx", "."],
            ["x"],
        ]
        scorers: dict[int, _BagOfNgrams] = {}
        try:
            for component in (self._units, self._register, *((self._kinds,) if self._kinds is not None else ())):
                scorer = _BagOfNgrams(component)
                fast = scorer.predict(*self._batch_hashes(probe), len(probe))
                slow = component.predict([Doc(self.vocab, words=words) for words in probe])
                if not np.allclose(np.asarray(fast), np.asarray(slow), atol=1e-6):
                    return {}
                scorers[id(component)] = scorer
        except Exception:  # any failure of the shortcut means: use Docs
            return {}
        return scorers


_HASH_CACHE_LIMIT = 500_000  # words; cleared when exceeded (an audit of many sites meets many)


class _BagOfNgrams:
    """spaCy's bag-of-n-grams text classifier (`TextCatBOW`), run on a whole batch at once.

    The model counts each input's distinct word n-gram hashes, weighs them in a sparse
    linear layer and applies its output activation.  spaCy counts the n-grams one input
    at a time (a NumPy `unique` per sentence); here one sort over the batch does it, and
    the model's own linear and output layers do the rest, so the weights are the trained
    ones and the sums run in the same order.
    """

    def __init__(self, component: TextCategorizer):
        nodes = {node.name: node for node in component.model.walk()}
        self._ngram_size = int(nodes["extract_ngrams"].attrs["ngram_size"])
        self._ops = nodes["extract_ngrams"].ops
        self._linear = nodes["resizable(sparse_linear)"]
        output = [nodes[name] for name in ("logistic", "softmax_activation") if name in nodes]
        if len(output) != 1 or len(nodes) != 8:  # not the architecture this was written for
            raise ValueError(f"unexpected text classifier layers: {sorted(nodes)}")
        self._output = output[0]

    def predict(self, hashes: np.ndarray, rows: np.ndarray, count: int) -> np.ndarray:
        keys, owners = [hashes], [rows]
        for size in range(2, self._ngram_size + 1):
            grams = self._ops.ngrams(size, hashes)
            within = rows[: len(grams)] == rows[size - 1 :]  # n-grams never span two inputs
            keys.append(grams[within])
            owners.append(rows[: len(grams)][within])
        key, owner = np.concatenate(keys), np.concatenate(owners)
        order = _by_owner_then_key(owner, key, count)
        key, owner = key[order], owner[order]
        first = np.ones(len(key), dtype=bool)
        first[1:] = (key[1:] != key[:-1]) | (owner[1:] != owner[:-1])
        starts = np.flatnonzero(first)
        counts = np.diff(np.append(starts, len(key))).astype("float32")
        lengths = np.bincount(owner[starts], minlength=count).astype("int32")
        return self._output.predict(self._linear.predict((key[starts], counts, lengths)))


def _by_owner_then_key(owner: np.ndarray, key: np.ndarray, count: int) -> np.ndarray:
    """The order that sorts (owner, key) pairs by owner, then key: `np.lexsort((key,
    owner))` up to the order of equal pairs, which are counted as one.  One sort by key,
    then a stable sort by owner, which for up to 65,536 inputs is a radix sort of 16-bit
    numbers; lexsort's two indirect merge sorts took twice as long."""
    if count > 1 << 16:
        return np.lexsort((key, owner))
    by_key = np.argsort(key)
    return by_key[np.argsort(owner[by_key].astype(np.uint16), kind="stable")]


def _load_component(nlp: Language, folder: Path, name: str) -> TextCategorizer:
    """A trained text classifier saved by `Language.to_disk`, loaded as a bare component.

    With the compile cache on (`nlp.meta`, set by build_pipeline), its large weight
    tables are mapped from the shipped file instead of read and decoded (`_map_weights`).
    """
    try:
        config = load_config(folder / "config.cfg")
        component = nlp.create_pipe(name, config={"model": config["components"][name]["model"]})
        if not (nlp.meta.get("claimcheck_cache", False) and _map_weights(component, folder / name)):
            component.from_disk(folder / name, exclude=["vocab"])
    except (OSError, ValueError, KeyError) as problem:
        raise ConfigError(f"{folder}: cannot load the detector ({problem})") from None
    return component


# Weight tables at least this large are memory-mapped from the compile cache (`_map_weights`).
_MAPPED_BYTES = 1 << 20
_KEPT_TABLES = 8  # weight tables kept in the cache folder: three models, and the previous ones


def _map_weights(component: TextCategorizer, folder: Path) -> bool:
    """Load `component` from `folder` (its `cfg` and `model` files) with its large weight
    tables memory-mapped, copy-on-write, from copies in the compile cache folder; False
    if that cannot be done (then the caller loads it the ordinary way).

    Reading the two 9.4 MB bag-of-words tables and decoding them (msgpack, then copies)
    cost ~30 ms of every start and ~35 MB of memory, of which a one-page run touches a few
    pages: each n-gram reads one row.  The first load writes each large table as a `.npy`
    file into the cache folder (atomically, so a mapped file is never rewritten in place)
    and keeps the rest of the model (dims, attributes, small arrays) as a cache entry,
    keyed by the model file's path, size and modification time, as Python's bytecode
    cache keys a module.  Each mapped table's first and last values are compared with the
    entry's copy of them on every load; a table that is missing, unreadable or does not
    match is written again (and if that fails, the ordinary load is taken).
    """
    import srsly

    from claimcheck.cache import cache_dir, cached

    model_file = folder / "model"
    try:
        stat = model_file.stat()
        cfg = srsly.read_json(folder / "cfg")
        layout = cached(
            "weights",
            f"{model_file.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{sorted(cfg.items())!r}",
            lambda: _weights_layout(model_file, cache_dir()),
        )
        arrays = _mapped(component, layout, cache_dir())
        if arrays is None and layout is not None:  # a table missing or damaged: written again
            for _, _, name, _, _ in layout[1]:
                (cache_dir() / name).unlink(missing_ok=True)
            layout = _weights_layout(model_file, cache_dir())
            arrays = _mapped(component, layout, cache_dir())
        if layout is None or arrays is None:
            return False
        component.cfg.update(cfg)
        component.model.from_dict(layout[0])
        for node, param, array in arrays:
            node.set_param(param, array)
    except Exception:  # anything unexpected: the ordinary load decides
        return False
    return True


_Layout = tuple[dict, list[tuple[int, str, str, np.ndarray, np.ndarray]]]


def _mapped(component: TextCategorizer, layout: _Layout | None, folder: Path) -> list[tuple[object, str, np.ndarray]] | None:
    """(node, parameter, mapped table) for each table of `layout`, or None if one is
    missing, unreadable, or does not start and end with the values the layout recorded."""
    if layout is None:
        return None
    nodes = list(component.model.walk())
    arrays = []
    for index, param, name, head, tail in layout[1]:
        try:
            array = np.load(folder / name, mmap_mode="c", allow_pickle=False)
        except (OSError, ValueError):
            return None
        if array.dtype != head.dtype or array.ndim != 1 or len(array) < len(head):
            return None
        if not (np.array_equal(array[: len(head)], head) and np.array_equal(array[len(array) - len(tail) :], tail)):
            return None
        arrays.append((nodes[index], param, array))
    return arrays


def _weights_layout(model_file: Path, folder: Path) -> _Layout | None:
    """The model file's content with its large flat arrays written to `.npy` files in
    `folder` and left out, and for each: node, parameter, file name, first and last 64
    values.  None if a file cannot be written."""
    import io

    import srsly

    from claimcheck.cache import prune, write_atomically

    message = srsly.msgpack_loads(model_file.read_bytes())
    mapped = []
    for index, params in enumerate(message["params"]):
        for param, value in params.items():
            if not isinstance(value, np.ndarray) or value.nbytes < _MAPPED_BYTES or value.ndim != 1:
                continue
            buffer = io.BytesIO()
            np.save(buffer, np.ascontiguousarray(value), allow_pickle=False)
            data = buffer.getvalue()
            name = f"table-{hashlib.sha256(data).hexdigest()[:40]}.npy"
            if not (folder / name).is_file() and not write_atomically(folder / name, ".table-", data):
                return None
            mapped.append((index, param, name, value[:64].copy(), value[-64:].copy()))
            params[param] = None
    prune(folder, "table", _KEPT_TABLES, ".npy")
    return message, mapped
