"""A rule as written in YAML, after validation: plain data, no behaviour."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from claimcheck.severity import Severity


@dataclass(frozen=True)
class Examples:
    flag: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    # An approved-claims library the examples run with (for `library` rules).
    claims_library: str | None = None


@dataclass(frozen=True)
class Rule:
    """One rule: which check kind runs it, how it is configured and how it explains itself."""

    id: str
    kind: str
    severity: Severity
    message: str
    category: str
    rationale: str
    authority: str
    suggestion: str | None = None
    authority_url: str | None = None
    enabled: bool = True
    options: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    examples: Examples = Examples()
    pack: str = "stemcell"
    origin: str = ""
    # An optional safe rewrite, as data (see claimcheck.fixes); applied only by --fix.
    fix: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    # One line: what the rule flags (`claimcheck rules`); None: the rationale's first sentence.
    flags: str | None = None

    @property
    def summary(self) -> str:
        """What the rule flags, in one line: `flags`, else the rationale's first sentence."""
        if self.flags:
            return self.flags
        text = " ".join(self.rationale.split())
        match = re.match(r"(.+?[.!?])(?:\s|$)", text)
        return match.group(1) if match else text
