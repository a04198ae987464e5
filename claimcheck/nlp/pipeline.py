"""Building the spaCy pipeline once per run: tokenizer, lemmas, sentences, analyzers.

The default ("blank") needs nothing but what pip installs: a blank English tokenizer,
the shipped lemma table and rule-based components.  A trained pipeline (a package
name such as "en_core_web_sm", or a folder) can be asked for; its own components run
first, then claimcheck's analyzers, which work the same on both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language

from claimcheck.errors import ConfigError
from claimcheck.nlp import citations, claims, evidence, lemmas, native_cells, products, references, sentences  # noqa: F401 - registers factories
from claimcheck.nlp.lexicons import Lexicon, builtin_rules_dir, load_lexicons, preload_builtin_lexicons
from claimcheck.nlp.shipped_terms import OWN_TOKENIZER
from claimcheck.nlp.terms import TermMatcher
from claimcheck.nlp.tokenizer import TOKENIZER, adjust_tokenizer
from claimcheck.yamlio import load_yaml_cached, strip_lines

BLANK = "blank"
CACHE_META = "claimcheck_cache"  # nlp.meta key: may components use the compile cache?
DETECTOR_PIPE = "claimcheck_detector"
ANALYZERS = (
    "claimcheck_terms",
    "claimcheck_products",
    "claimcheck_native_cells",
    "claimcheck_citations",
    "claimcheck_references",
    "claimcheck_claims",
    "claimcheck_evidence",
)


@dataclass(frozen=True)
class PipelineSettings:
    pipeline: str = BLANK
    lexicon_dirs: tuple[Path, ...] = ()
    extra_terms: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)
    citation_window: int = 0
    # The publisher's own domains: links there are self-references, not evidence.
    publisher_domains: tuple[str, ...] = ()
    # A BibTeX (.bib) or CSL-JSON file read as every document's bibliography.
    bibliography: Path | None = None
    # An approved-claims library (YAML); applied by the Linter after the pipeline.
    claims_library: Path | None = None
    # The learned detector (claimcheck/detector): on by default; a folder of weights
    # other than the shipped ones, and per-category threshold overrides.
    detector: bool = True
    detector_dir: Path | None = None
    detector_thresholds: Mapping[str, float] = field(default_factory=dict)
    # The compile cache (claimcheck/cache.py) for lexicons, matcher terms and lemmas.
    cache: bool = True


def approved_condition_terms(rules_dir: Path, cache: bool = False) -> list[str]:
    path = rules_dir / "data" / "approved_products.yml"
    if not path.exists():
        return []
    data = strip_lines(load_yaml_cached(path, ConfigError, cache)) or {}
    terms: list[str] = []
    for product in data.get("products", []) or []:
        terms.extend(product.get("condition_terms", []) or [])
    return terms


def _load_base(choice: str) -> Language:
    if choice == BLANK:
        # claimcheck's tokenizer from the start (built once), not spaCy's default adjusted after.
        return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    try:
        nlp = spacy.load(choice, exclude=["ner"])
    except OSError:
        raise ConfigError(
            f"pipeline {choice!r} is not installed (install the package, e.g. 'pip install .[trained]', "
            "or use the default 'blank' pipeline)"
        ) from None
    if nlp.lang != "en":
        raise ConfigError(f"pipeline {choice!r} is for language {nlp.lang!r}; claimcheck needs English")
    return nlp


def build_pipeline(settings: PipelineSettings | None = None) -> Language:
    settings = settings or PipelineSettings()
    rules_dir = builtin_rules_dir()
    nlp = _load_base(settings.pipeline)
    if settings.pipeline != BLANK:
        adjust_tokenizer(nlp)
    # Read by the components' factories (lemma table, phrase matchers) as they are built.
    nlp.meta[CACHE_META] = settings.cache
    # The blank pipeline's tokenizer is claimcheck's own: the shipped term splits hold for it.
    nlp.meta[OWN_TOKENIZER] = settings.pipeline == BLANK
    # Our lower-case lookup lemmas replace a trained lemmatizer's, so that lexicon
    # matching behaves identically on both paths.
    nlp.add_pipe("claimcheck_lemmas", last=True)
    if "parser" in nlp.pipe_names or "senter" in nlp.pipe_names:
        nlp.add_pipe("claimcheck_sentences", before="parser" if "parser" in nlp.pipe_names else "senter")
    else:
        nlp.add_pipe("claimcheck_sentences")
    lexicons = load_lexicons((rules_dir / "lexicons", *settings.lexicon_dirs), settings.extra_terms, cache=settings.cache)
    if settings.cache:
        preload_builtin_lexicons()
    # validate=False: confection would type-check every one of the lexicons' thousands of
    # terms on every start (about 50 ms); load_lexicons has already checked them.
    nlp.add_pipe(
        "claimcheck_terms",
        config={
            "lexicons": {
                name: {cat: list(terms) for cat, terms in lexicon.categories.items()} for name, lexicon in lexicons.items()
            }
        },
        validate=False,
    )
    nlp.add_pipe("claimcheck_products")
    nlp.add_pipe("claimcheck_native_cells")
    nlp.add_pipe("claimcheck_citations")
    nlp.add_pipe(
        "claimcheck_references",
        config={
            "publisher_domains": list(settings.publisher_domains),
            "bibliography": str(settings.bibliography) if settings.bibliography else "",
        },
    )
    nlp.add_pipe(
        "claimcheck_claims",
        config={
            "approved_conditions": approved_condition_terms(rules_dir, settings.cache),
            "citation_window": settings.citation_window,
        },
    )
    nlp.add_pipe("claimcheck_evidence", config={"citation_window": settings.citation_window})
    if settings.detector:
        # Imported here: a rules-only run never loads the model or its module.
        from claimcheck.detector import component  # noqa: F401 - registers the factory

        nlp.add_pipe(
            DETECTOR_PIPE,
            config={
                "model_dir": str(settings.detector_dir or ""),
                "thresholds": dict(settings.detector_thresholds),
            },
        )
    nlp.meta["claimcheck_lexicons"] = sorted(lexicons)
    return nlp


@Language.factory("claimcheck_terms", default_config={"lexicons": {}})
def make_term_matcher(nlp: Language, name: str, lexicons: dict[str, dict[str, list[str]]]) -> TermMatcher:
    lemmatizer = nlp.get_pipe("claimcheck_lemmas")
    loaded = {key: Lexicon(key, {category: tuple(terms) for category, terms in value.items()}) for key, value in lexicons.items()}
    return TermMatcher(nlp, loaded, lemmatizer)
