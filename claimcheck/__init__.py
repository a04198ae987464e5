"""claimcheck: a linter for health claims in stem-cell and regenerative-medicine copy.

Pipeline: sources (read a file into prose + offset map) -> nlp (spaCy Doc and the
analyzers: terms, citations, claims, evidence) -> checks (rules from YAML) ->
findings -> filters -> report (formatters).
"""

from __future__ import annotations

from typing import Any

from claimcheck.version import __version__

__all__ = ["Finding", "Settings", "Severity", "__version__", "build_linter", "check_paths", "check_text"]


def __getattr__(name: str) -> Any:
    # Importing spaCy costs about a second; `claimcheck --version` should not pay it.
    if name in {"check_text", "check_paths", "build_linter"}:
        from claimcheck import api

        return getattr(api, name)
    if name == "Finding":
        from claimcheck.findings import Finding

        return Finding
    if name == "Severity":
        from claimcheck.severity import Severity

        return Severity
    if name == "Settings":
        from claimcheck.config import Settings

        return Settings
    raise AttributeError(name)
