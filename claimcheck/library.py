"""The approved-claims library: claim wordings a medical/legal review signed off,
each tied to its references, scope and expiry date.

A claim found in the copy is compared with every entry, on lower-case lemmas with
fuzzy token matching (rapidfuzz), so "MSC injections may reduce pain" matches the
approved "MSC injection may reduce pain" and tolerates a typo.  The outcome is:

* "approved": every content word of the wording (or of a variant) is there (the
  share needed is the entry's `threshold`), no hedge was dropped, no stronger word
  added, and the claim is within the entry's scope;
* "overstated": the claim is about the same thing (most topic words match) but drops
  the hedge ("may"), adds absolute words ("eliminates", "permanently") or leaves the
  approved scope (the condition is missing);
* "expired": it would be approved or overstated, but the entry's expiry date passed.

Approved claims count as substantiated (the claim gets the `cited` flag, so rules
treat it like a cited claim); the other outcomes are reported by `library` rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.errors import ConfigError
from claimcheck.nlp import context
from claimcheck.nlp.claims import CLAIMS_KEY, Claim, claims_of
from claimcheck.schema import validate
from claimcheck.yamlio import line_of, load_yaml, strip_lines

if TYPE_CHECKING:  # jsonschema and rapidfuzz are imported when a claims library is used
    import jsonschema

LIBRARY_KEY = "claimcheck.library_matches"
DEFAULT_THRESHOLD = 85
_TOKEN_SIMILARITY = 85
# Share of an entry's topic words (content words other than hedges, effect verbs and
# absolute words) a claim must contain to be "about the same thing".
_SAME_TOPIC = 0.75

ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": r"^[A-Za-z0-9][\w.-]*$"},
        "claim": {"type": "string", "minLength": 3},
        "variants": {"type": "array", "items": {"type": "string", "minLength": 3}},
        "threshold": {"type": "integer", "minimum": 50, "maximum": 100},
        "references": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
        "scope": {
            "type": "object",
            "properties": {
                "products": {"type": "array", "items": {"type": "string", "minLength": 1}},
                "conditions": {"type": "array", "items": {"type": "string", "minLength": 1}},
            },
            "additionalProperties": False,
        },
        "expires": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "approved_by": {"type": "string"},
        "notes": {"type": "string"},
    },
    "required": ["id", "claim", "references"],
    "additionalProperties": False,
}
FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"description": {"type": "string"}, "claims": {"type": "array", "minItems": 1}},
    "required": ["claims"],
    "additionalProperties": False,
}

_HEDGES = frozenset(
    {"may", "might", "could", "can", "some", "possibly", "potentially", "likely", "help", "appear", "suggest", "modest"}
)
_STRONG = frozenset(
    {
        "cure",
        "eliminate",
        "eradicate",
        "erase",
        "guarantee",
        "guaranteed",
        "permanent",
        "permanently",
        "complete",
        "completely",
        "always",
        "reverse",
        "end",
        "stop",
        "all",
        "every",
        "everyone",
        "100",
        "prove",
        "proven",
        "never",
        "totally",
        "fully",
        "forever",
        "definitely",
        "restore",
        "regenerate",
        "heal",
        "rid",
    }
)
_EFFECTS = frozenset({"reduce", "relieve", "ease", "improve", "lessen", "lower", "decrease", "treat", "support", "repair"})
_STOP = frozenset(
    {
        "a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "with", "by", "at", "from", "be", "is", "are", "was",
        "were", "have", "has", "had", "our", "your", "their", "its", "this", "that", "these", "those", "it", "they", "we",
        "you", "patient", "people", "who", "which", "as", "than", "into", "after", "also",
    }
)  # fmt: skip


@dataclass(frozen=True)
class LibraryEntry:
    id: str
    claim: str
    variants: tuple[str, ...]
    threshold: int
    references: tuple[str, ...]
    products: tuple[str, ...]
    conditions: tuple[str, ...]
    expires: dt.date | None
    origin: str


@dataclass(frozen=True)
class LibraryMatch:
    """How one claim in the copy relates to one library entry."""

    claim_start: int
    claim_end: int
    entry: LibraryEntry
    outcome: str  # approved | overstated | expired
    score: int
    reasons: tuple[str, ...]


def matches_of(doc: Doc) -> dict[int, LibraryMatch]:
    """Library matches by claim start offset (empty when no library is in use)."""
    return doc.user_data.get(LIBRARY_KEY, {})


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def load_library(path: Path) -> tuple[LibraryEntry, ...]:
    """Entries from a YAML library file; any problem is a one-line ConfigError with file:line."""
    raw = load_yaml(path, ConfigError)
    return parse_library(raw, str(path))


def parse_library(raw: Any, where: str) -> tuple[LibraryEntry, ...]:
    data = strip_lines(raw) if raw is not None else None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: a claims library is a mapping with a 'claims' list")
    _validate(FILE_SCHEMA, data, where)
    entries: list[LibraryEntry] = []
    seen: set[str] = set()
    for raw_entry in raw["claims"]:
        line = line_of(raw_entry)
        item = strip_lines(raw_entry)
        label = item.get("id", "?") if isinstance(item, dict) else "?"
        place = f"{where}:{line}: claim {label!r}" if line else f"{where}: claim {label!r}"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: each entry of 'claims' must be a mapping")
        item = {key: _iso(value) for key, value in item.items()}
        _validate(ENTRY_SCHEMA, item, place)
        expires = None
        if "expires" in item:
            try:
                expires = dt.date.fromisoformat(item["expires"])
            except ValueError:
                raise ConfigError(f"{place}: expires: {item['expires']!r} is not a real date (YYYY-MM-DD)") from None
        if item["id"] in seen:
            raise ConfigError(f"{place}: duplicate id")
        seen.add(item["id"])
        scope = item.get("scope", {})
        entries.append(
            LibraryEntry(
                id=item["id"],
                claim=item["claim"].strip(),
                variants=tuple(variant.strip() for variant in item.get("variants", [])),
                threshold=item.get("threshold", DEFAULT_THRESHOLD),
                references=tuple(item["references"]),
                products=tuple(scope.get("products", [])),
                conditions=tuple(scope.get("conditions", [])),
                expires=expires,
                origin=f"{where}:{line}" if line else where,
            )
        )
    return tuple(entries)


def _hint(error: jsonschema.ValidationError, path: str) -> str | None:
    if error.validator == "pattern" and path == "expires":
        return f"expires: {error.instance!r} is not a date (write YYYY-MM-DD)"
    return None


def _validate(schema: dict[str, Any], data: Any, where: str) -> None:
    validate(schema, data, where, ConfigError, _hint)


@dataclass(frozen=True)
class _Form:
    tokens: tuple[str, ...]

    @property
    def content(self) -> tuple[str, ...]:
        return tuple(token for token in self.tokens if token not in _STOP)

    @property
    def topic(self) -> tuple[str, ...]:
        return tuple(token for token in self.content if token not in _HEDGES | _STRONG | _EFFECTS)


class ClaimsLibrary:
    """A loaded library, prepared once for a pipeline (wordings lemmatised with it)."""

    def __init__(self, entries: Sequence[LibraryEntry], nlp: Language, today: dt.date | None = None):
        self.entries = tuple(entries)
        self._today = today
        lemmatizer = nlp.get_pipe("claimcheck_lemmas")
        self._forms = [
            (entry, [_Form(_lemmas(lemmatizer(nlp.make_doc(text)))) for text in (entry.claim, *entry.variants)])
            for entry in self.entries
        ]

    @classmethod
    def from_file(cls, path: Path, nlp: Language, today: dt.date | None = None) -> ClaimsLibrary:
        return cls(load_library(path), nlp, today)

    def annotate(self, doc: Doc) -> Doc:
        """Match every claim; approved claims become cited, all outcomes are stored."""
        today = self._today or dt.date.today()
        matches: dict[int, LibraryMatch] = {}
        claims = claims_of(doc)
        text_lower = doc.text.lower()
        updated: list[Claim] = []
        for claim in claims:
            span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
            tokens = _lemmas(span) if span is not None else ()
            sentence = text_lower[claim.start : claim.end]
            best = self._best(claim, _Form(tokens), sentence, text_lower, today)
            if best is not None:
                matches[claim.start] = best
                if best.outcome == "approved":
                    claim = dataclasses.replace(claim, flags=claim.flags | {context.CITED})
            updated.append(claim)
        doc.user_data[CLAIMS_KEY] = updated
        doc.user_data[LIBRARY_KEY] = matches
        return doc

    def _best(self, claim: Claim, form: _Form, sentence: str, document: str, today: dt.date) -> LibraryMatch | None:
        best: LibraryMatch | None = None
        best_rank: tuple[int, int] = (0, 0)
        if not claim.asserted:
            return None  # negated, asked, reported or investigational: not the author's claim
        for entry, forms in self._forms:
            if entry.products and not any(product.lower() in document for product in entry.products):
                continue
            for approved in forms:
                outcome = _compare(approved, form, entry, sentence)
                if outcome is None:
                    continue
                kind, score, reasons = outcome
                # The closest entry wins: fewest differences, then the most words in common.
                rank = (-len(reasons), score)
                if best is not None and rank <= best_rank:
                    continue
                if entry.expires is not None and entry.expires < today:
                    kind, reasons = "expired", (f"the entry expired on {entry.expires.isoformat()}", *reasons)
                best, best_rank = LibraryMatch(claim.start, claim.end, entry, kind, score, reasons), rank
        return best


def _lemmas(tokens: Iterable[Any]) -> tuple[str, ...]:
    return tuple(token.lemma_ for token in tokens if (token.is_alpha or token.like_num) and not token.is_space)


def _present(word: str, tokens: Sequence[str]) -> bool:
    if word in tokens:
        return True
    from rapidfuzz import fuzz

    return any(fuzz.ratio(word, token) >= _TOKEN_SIMILARITY for token in tokens if abs(len(token) - len(word)) <= 3)


def _compare(approved: _Form, written: _Form, entry: LibraryEntry, sentence: str) -> tuple[str, int, tuple[str, ...]] | None:
    content = approved.content
    if not content:
        return None
    coverage = round(100 * sum(_present(word, written.tokens) for word in content) / len(content))
    topic = set(approved.topic or content)
    topic_share = sum(_present(word, written.tokens) for word in topic) / len(topic)
    if topic_share < _SAME_TOPIC:
        return None
    reasons: list[str] = []
    hedges = [word for word in approved.content if word in _HEDGES]
    if hedges and not any(word in written.tokens for word in _HEDGES):
        reasons.append(f"drops the approved qualifier '{hedges[0]}'")
    stronger = sorted({word for word in written.tokens if word in _STRONG} - set(approved.tokens))
    if stronger:
        reasons.append(f"adds '{', '.join(stronger)}'")
    from rapidfuzz import fuzz

    if entry.conditions and not any(fuzz.partial_ratio(condition.lower(), sentence) >= 90 for condition in entry.conditions):
        reasons.append(f"leaves the approved scope ({', '.join(entry.conditions)})")
    if reasons:
        return "overstated", coverage, tuple(reasons)
    if coverage >= entry.threshold:
        return "approved", coverage, ()
    return None
