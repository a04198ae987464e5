"""What the detector sees of a sentence: its words and a few context tokens.

Words come from one compiled regular expression over the sentence text (lower-cased,
digits folded to 0), not from spaCy Token objects: the same input at training and at
run time whatever tokenizer the pipeline uses, and no per-token Python objects.
Context enters as marker tokens a bag-of-words model can weigh: the segment kind,
the document's register, the heading above and the sentence before (their words
prefixed, so "cure" in a heading is not "cure" in the sentence).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimcheck.errors import ConfigError
from claimcheck.nlp.citations import PATTERNS

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[^\sa-z0-9]")
DIGIT = re.compile(r"[0-9]")
# Quoted copy carries editors' marks: "[sic]" is dropped and "[w]e", "[the cells]" are
# read as the words they restore.
SIC = re.compile(r"\[\s*sic\s*!?\s*\]", re.IGNORECASE)
EDIT = re.compile(r"\[([A-Za-z][^\[\]]{0,40})\]")
# Citation markers are not read: whether a citation supports a claim is for the rules
# (does it resolve, to what), and a model that learnt "[3]" as a sign of care would
# silence "Our therapy cures MS.[1]" on a page whose [1] points nowhere.
MARKER = re.compile("|".join(f"(?:{PATTERNS[kind].pattern})" for kind in ("numeric", "footnote", "superscript", "flattened")))
HEADING_WORDS = 12
PREVIOUS_WORDS = 16
REGISTER_WORDS = 600

# Register buckets from the register classifier's P(careful).
CAREFUL_FROM = 0.7
MARKETING_UNTIL = 0.3


# Every citation marker MARKER removes holds a digit (any script's), a superscript digit
# or "[", and so does every editor's bracket and every digit DIGIT folds: a sentence with
# none of them (most sentences) is only lower-cased and split.
MAY_CHANGE = re.compile(r"[\d\[⁰¹²³⁴⁵⁶⁷⁸⁹]")


def words(text: str) -> list[str]:
    """Lower-cased word and punctuation tokens, digits folded ("94%" -> "00", "%")."""
    if not MAY_CHANGE.search(text):
        return WORD.findall(text.lower())
    text = MARKER.sub(" ", text)
    if "[" in text:
        text = EDIT.sub(r"\1", SIC.sub(" ", text))
    return WORD.findall(DIGIT.sub("0", text.lower()))


# The page registers the detector tells apart, from its P(careful).
REGISTER_NAMES = ("marketing", "mixed", "careful")


def register_name(careful: float) -> str:
    """The page's register bucket: "careful", "marketing" or "mixed" in between."""
    if careful >= CAREFUL_FROM:
        return "careful"
    if careful <= MARKETING_UNTIL:
        return "marketing"
    return "mixed"


def register_token(careful: float | None) -> str:
    """The register as the marker token the model reads ("reg=none" without a register)."""
    return "reg=none" if careful is None else "reg=" + register_name(careful)


@dataclass(frozen=True)
class UnitContext:
    """Where a sentence sits: its segment kind, the heading above and the sentence before."""

    kind: str = "paragraph"
    heading: str = ""
    previous: str = ""
    alone: bool = False  # the only sentence of its file (a snippet pasted on its own)
    # The rules' analyzers' reading of the sentence (`analysis.analysis_markers`), for a
    # model trained with them: negation, hedges, reported speech, claim framing.
    analysis: tuple[str, ...] = ()


# Long words also enter as their first five and last three letters ("s|revol" and
# "x|ing" for "revolutionizing"; "s|revol" for "revolutionary" too): copy no one here
# wrote uses other forms of the claim words the corpus has.  In cross-validation with
# folds by writer (each corpus batch held out whole), claim detection's average
# precision went from 0.864 (words alone) to 0.872 (first letters) and 0.876 (both), and
# every category's rose with it.  Opt-in (`claimcheck train --affixes`): the model
# trained with them on 3,729 documents read a descriptive sentence of the user's seed
# page as a claim and flagged more careful sentences of real copy (README, "The learned
# claim detector").
PREFIX_LETTERS = 5
SUFFIX_LETTERS = 3
AFFIXED_FROM = 7  # letters


def affixes(tokens: list[str]) -> list[str]:
    """The affix markers of a sentence's long words, word by word: prefix then suffix."""
    found: list[str] = []
    for word in tokens:
        if len(word) >= AFFIXED_FROM and word.isalpha():
            found.append("s|" + word[:PREFIX_LETTERS])
            found.append("x|" + word[-SUFFIX_LETTERS:])
    return found


# A sentence that names no therapy and in which the claims analyzer found no claim (a line
# of disease biology, logistics, an everyday remark) has its words read in a namespace of
# their own with `Reading.therapy_split` ("n|closes"): a bag of words otherwise gives such a
# sentence the weight its words earned in claims about a therapy ("... closes wounds"), and
# a short one with a single claim-heavy word reads as a claim whatever it is about.
NO_THERAPY = "n|"
_NO_THERAPY_NAMED = "a|lex=therapies:none"
_CLAIM_FOUND = "a|claim="


# A word seen in fewer than `TrainSettings.min_documents` training documents is read as
# RARE (`Reading.known`): a bag of words gives a word met in one or two documents the
# weight of their labels, so one writer's pet word ("recalibration" in one clinic's
# claims) decides any sentence that uses it, and copy no one here wrote is full of such
# words.  The words kept are written beside the weights (VOCABULARY_FILE).
RARE = "<rare>"
# How much of the sentence before a unit the model reads (`TrainSettings.previous`): "all"
# of it, or only a lead-in (`Reading.lead_ins_only`).
LEAD_INS = "lead-ins"
VOCABULARY_FILE = "vocabulary.txt"


@dataclass(frozen=True)
class Reading:
    """The optional ways a model reads a sentence's words.  Recorded with the weights
    (`TrainSettings`), so the detector gives a model exactly the input it was trained on."""

    affixes: bool = False  # long words' affixes too (`affixes`)
    therapy_split: bool = False  # words of therapy-less sentences in their own namespace (`NO_THERAPY`)
    known: frozenset[str] | None = None  # words read as themselves, the others as RARE (None: all)
    # The sentence before is read only where it leads in to this one (it ends with a colon:
    # "What patients notice:" over a list), not wherever it stands: an appeal to evidence
    # followed by a descriptive sentence otherwise lends it the reading of a claim.
    lead_ins_only: bool = False

    @classmethod
    def of(cls, settings: Mapping[str, Any] | None, directory: Path | None = None) -> Reading:
        """The reading a model's recorded training settings ask for (plain without any);
        a model trained with `min_documents` reads its known words from `directory`."""
        if not isinstance(settings, Mapping):
            return cls()
        known = None
        if int(settings.get("min_documents") or 0) > 0 and directory is not None:
            known = read_vocabulary(directory / VOCABULARY_FILE)
        return cls(
            bool(settings.get("affixes", False)),
            bool(settings.get("therapy_split", False)),
            known,
            settings.get("previous", "all") == LEAD_INS,
        )

    def fold(self, tokens: list[str]) -> list[str]:
        """The words outside `known` as RARE (punctuation and markers are words too)."""
        known = self.known
        if known is None:
            return tokens
        return [token if token in known else RARE for token in tokens]


def known_words(documents: Iterable[Iterable[str]], min_documents: int) -> frozenset[str]:
    """The words (`words`) of at least `min_documents` documents, each given as its texts."""
    seen: dict[str, int] = {}
    for texts in documents:
        for word in {word for text in texts for word in words(text)}:
            seen[word] = seen.get(word, 0) + 1
    return frozenset(word for word, count in seen.items() if count >= min_documents)


def write_vocabulary(path: Path, known: frozenset[str]) -> None:
    path.write_text("".join(word + "\n" for word in sorted(known)), encoding="utf-8")


def read_vocabulary(path: Path) -> frozenset[str]:
    try:
        return frozenset(path.read_text(encoding="utf-8").split("\n")) - {""}
    except OSError as error:
        raise ConfigError(f"{path}: the model was trained with a vocabulary and it cannot be read ({error.strerror})") from error


PLAIN = Reading()


def names_no_therapy(analysis: Sequence[str]) -> bool:
    """The analyzers' markers say the sentence names no therapy and makes no claim they read."""
    return _NO_THERAPY_NAMED in analysis and not any(marker.startswith(_CLAIM_FOUND) for marker in analysis)


def unit_words(
    text: str,
    context: UnitContext | None,
    register: str,
    tokenize: Callable[[str], list[str]] = words,
    reading: Reading = PLAIN,
) -> list[str]:
    """The model's input for one sentence: its words (and, for a model trained with them,
    their affixes, or the no-therapy namespace: `Reading`), then context markers.
    `tokenize` is `words` or a memo of it (`WordMemo`): a document's sentences come back
    as the next one's `previous` and its headings over many units, and are read once."""
    tokens = tokenize(text) or ["<empty>"]
    tokens = [*reading.fold(tokens), *affixes(tokens)] if reading.affixes else reading.fold(tokens)
    if reading.therapy_split and context is not None and names_no_therapy(context.analysis):
        tokens = [NO_THERAPY + token for token in tokens]
    if context is None:  # no context at all: the sentence as a pasted snippet
        return [*tokens, "ctx=none", register]
    extra = [f"kind={context.kind}", register]
    if context.alone:
        extra.append("ctx=alone")
    heading = reading.fold([word for word in tokenize(context.heading)[:HEADING_WORDS] if word.isalnum()])
    before = context.previous
    if reading.lead_ins_only and not before.rstrip().endswith(":"):
        before = ""
    previous = reading.fold([word for word in tokenize(before)[-PREVIOUS_WORDS:] if word.isalnum()])
    extra.extend("h|" + word for word in heading)
    extra.extend("p|" + word for word in previous)
    return [*tokens, *extra, *context.analysis]


class WordMemo:
    """`words`, remembered for one batch of documents (made per call of the detector, so
    nothing outlives the batch).  Its lists are shared: callers copy, never mutate."""

    def __init__(self) -> None:
        self._found: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = words(text)
        return found


def register_words(sentences: Sequence[str], tokenize: Callable[[str], list[str]] = words, tail: int = 0) -> list[str]:
    """The register classifier's input: the document's first `REGISTER_WORDS` words,
    sentence by sentence; with `tail` (`TrainSettings.register_tail`), a document longer
    than that gives its first `REGISTER_WORDS - tail` words and then its last `tail` (a
    selling page's calls to action, prices and footers sit at its end).  A document of at
    most `REGISTER_WORDS` words gives the same input whatever the tail.  Only the
    sentences at either end are tokenized: no more than a tail's worth from the end."""
    if not 0 <= tail < REGISTER_WORDS:
        raise ValueError(f"register tail {tail} is not in 0..{REGISTER_WORDS - 1}")
    found: list[str] = []
    # With a tail, read one word past REGISTER_WORDS: whether the document is longer.
    enough = REGISTER_WORDS + 1 if tail else REGISTER_WORDS
    for sentence in sentences:
        found.extend(tokenize(sentence))
        if len(found) >= enough:
            break
    if len(found) <= REGISTER_WORDS or not tail:
        return found[:REGISTER_WORDS] or ["<empty>"]
    ending: list[list[str]] = []
    count = 0
    for sentence in reversed(sentences):
        ending.append(tokenize(sentence))
        count += len(ending[-1])
        if count >= tail:
            break
    last = [word for chunk in reversed(ending) for word in chunk][-tail:]
    return [*found[: REGISTER_WORDS - tail], *last]
