"""The public API: check a string, or a set of paths.  The CLI is a thin shell over it.

>>> from claimcheck import check_text
>>> [f.rule for f in check_text("Our stem cell therapy cures MS.")]   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.checks.loader import load_rules
from claimcheck.config import Settings, select_rules
from claimcheck.errors import InputError
from claimcheck.findings import Finding
from claimcheck.linter import Linter
from claimcheck.nlp.pipeline import build_pipeline
from claimcheck.sources import format_for_path, parse_source
from claimcheck.sources.base import Source
from claimcheck.sources.reader import SkippedInput, decode_bytes
from claimcheck.sources.walk import Candidate, WalkProblem, walk

if TYPE_CHECKING:
    from claimcheck.inventory import ClaimRecord


@dataclass(frozen=True)
class Notice:
    """Something about an input that is not a finding: skipped, or unreadable (an error)."""

    path: str
    message: str
    error: bool


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    notices: tuple[Notice, ...]
    files_checked: int

    @property
    def input_errors(self) -> bool:
        return any(notice.error for notice in self.notices)


def build_linter(
    settings: Settings | None = None,
    *,
    claims_library: str | Path | None = None,
    publisher_domains: Sequence[str] = (),
    bibliography: str | Path | None = None,
) -> Linter:
    """Load rules and build the pipeline once; reuse the Linter for many checks.

    `claims_library` (approved-claims YAML), `publisher_domains` (links there are
    self-references) and `bibliography` (BibTeX / CSL-JSON) override the settings.
    """
    settings = settings or Settings()
    rules = select_rules(load_rules(settings.packs), settings)
    pipeline_settings = settings.pipeline_settings()
    changes: dict[str, object] = {}
    if claims_library is not None:
        changes["claims_library"] = Path(claims_library)
    if publisher_domains:
        changes["publisher_domains"] = (*pipeline_settings.publisher_domains, *publisher_domains)
    if bibliography is not None:
        changes["bibliography"] = Path(bibliography)
    pipeline_settings = replace(pipeline_settings, **changes) if changes else pipeline_settings
    nlp = build_pipeline(pipeline_settings)
    library = None
    if pipeline_settings.claims_library is not None:
        from claimcheck.library import ClaimsLibrary

        library = ClaimsLibrary.from_file(pipeline_settings.claims_library, nlp)
    return Linter(rules, nlp, library)


def check_text(
    text: str,
    *,
    path: str = "<text>",
    format: str | None = None,
    linter: Linter | None = None,
    settings: Settings | None = None,
) -> list[Finding]:
    """Findings for one text; `format` is text, markdown or html (default: from path)."""
    linter = linter or build_linter(settings)
    source = parse_source(text, path, format or format_for_path(path))
    return next(linter.check_sources([source]))[1]


def read_source(path: str, data: bytes, fmt: str | None, max_bytes: int | None) -> Source:
    fmt = fmt or format_for_path(path)
    if fmt == "docx":
        from claimcheck.sources.docx import read_docx

        return read_docx(data, path)
    return parse_source(decode_bytes(data, path, max_bytes), path, fmt)


def _load(candidate: Candidate, settings: Settings, fmt: str | None) -> Source | Notice:
    name = str(candidate.path)
    try:
        with open(candidate.path, "rb") as handle:
            data = handle.read(settings.max_file_size + 1)
        return read_source(name, data, fmt, settings.max_file_size)
    except SkippedInput as problem:
        return Notice(name, str(problem), error=candidate.explicit)
    except InputError as problem:
        return Notice(name, str(problem), error=True)
    except IsADirectoryError:
        return Notice(name, f"{name}: is a folder", error=True)
    except OSError as problem:
        return Notice(name, f"{name}: cannot read ({problem.strerror or problem})", error=True)


def check_paths(
    paths: Sequence[str],
    *,
    linter: Linter | None = None,
    settings: Settings | None = None,
    format: str | None = None,
) -> Report:
    """Check files and folders (recursively); unreadable inputs become notices, not exceptions."""
    settings = settings or Settings()
    linter = linter or build_linter(settings)
    sources, notices = load_sources(paths, settings, format)
    findings = _check_all(linter, sources)
    return Report(tuple(findings), tuple(notices), len(sources))


def load_sources(paths: Sequence[str], settings: Settings, format: str | None = None) -> tuple[list[Source], list[Notice]]:
    """Read files and folders (recursively) into Sources; problems become notices."""
    notices: list[Notice] = []
    sources: list[Source] = []
    for item in walk(paths, settings.exclude):
        if isinstance(item, WalkProblem):
            notices.append(Notice(item.path, f"{item.path}: {item.message}", error=True))
            continue
        loaded = _load(item, settings, format)
        if isinstance(loaded, Notice):
            notices.append(loaded)
        else:
            sources.append(loaded)
    return sources, notices


def claims_inventory(
    paths: Sequence[str],
    *,
    linter: Linter | None = None,
    settings: Settings | None = None,
    format: str | None = None,
) -> tuple[list[ClaimRecord], list[Notice]]:
    """Every claim in the files, with status, citations and library match (see inventory.py)."""
    from claimcheck.inventory import inventory

    settings = settings or Settings()
    linter = linter or build_linter(settings)
    sources, notices = load_sources(paths, settings, format)
    return inventory(linter, sources), notices


def _check_all(linter: Linter, sources: Iterable[Source]) -> list[Finding]:
    findings: list[Finding] = []
    for _, found in linter.check_sources(sources):
        findings.extend(found)
    return findings
