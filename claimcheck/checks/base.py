"""What every check kind shares: the `Hit` it yields and the registry of kinds."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.model import Rule
from claimcheck.findings import Severity

SPAN = "span"
DOCUMENT = "document"


@dataclass(frozen=True)
class Hit:
    """A rule matched: prose offsets (unused for document scope) and the rendered message."""

    rule: Rule
    start: int
    end: int
    message: str
    scope: str = SPAN
    # Set by the arbiter: a severity other than the rule's (an overruled hit kept as
    # info) and the learned detector's confidence in the unit's reading.
    severity: Severity | None = None
    confidence: float | None = None
    # Prose ranges of the words a document-scope finding rests on (a product's tissue,
    # processing, route, uses): reported as the finding's `supporting` locations.
    supporting: tuple[tuple[int, int], ...] = ()
    # Set by the arbiter where the detector names a kind of claim under a rule of no kind
    # (`efficacy/unclassified-claim`): the finding's category, in place of the rule's.
    category: str | None = None


class RuleStopped(Exception):
    """A check gave up on a rule (its pattern ran over its time budget): the Linter drops
    the rule for the rest of the run and reports `message` once, as a notice."""

    def __init__(self, rule: Rule, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message


class Check(Protocol):
    def __call__(self, doc: Doc) -> Iterable[Hit]: ...


@dataclass(frozen=True)
class Kind:
    """A check kind: the options it accepts (JSON schema) and how to compile a rule."""

    name: str
    options_schema: dict[str, Any]
    compile: Callable[[Rule, Language], Check]
    description: str


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, **fields: object) -> str:
    """Fill a message template; unknown placeholders stay visible instead of failing,
    and a template that cannot be filled (checked when the rule loads:
    `template_problem`) is shown as written."""
    try:
        return template.format_map(_Fields({key: value for key, value in fields.items() if value is not None}))
    except (ValueError, IndexError, AttributeError, TypeError, KeyError):
        return template


def template_problem(template: str) -> str | None:
    """Why a message template cannot be filled ("{" alone, a positional field...), or None."""
    try:
        template.format_map(_Fields())
        template.format_map(_Fields(text="words", therapy="therapy", condition="condition", effect="effect"))
    except (ValueError, IndexError, AttributeError, TypeError, KeyError) as problem:
        return f"{problem} (write a literal brace as {{{{ or }}}})"
    return None
