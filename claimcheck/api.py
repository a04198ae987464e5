"""The public API: check a string, or a set of paths.  The CLI is a thin shell over it.

>>> from claimcheck import check_text
>>> [f.rule for f in check_text("Our stem cell therapy cures MS.")]   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from claimcheck.checks.loader import load_rules
from claimcheck.config import Settings, select_rules
from claimcheck.errors import InputError
from claimcheck.findings import Finding
from claimcheck.inventory import ClaimRecord, claim_records
from claimcheck.linter import Linter
from claimcheck.nlp.pipeline import build_pipeline
from claimcheck.sources import format_for_path, parse_source
from claimcheck.sources.base import Source
from claimcheck.sources.reader import SkippedInput, decode_bytes
from claimcheck.sources.walk import Candidate, WalkProblem, walk


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
    # Filled only when asked (check_paths(..., claims=True)): path -> claims in that file.
    claims: Mapping[str, tuple[ClaimRecord, ...]] = field(default_factory=dict)
    # Original text of each checked file, kept only with claims=True (for reports that show it).
    texts: Mapping[str, str] = field(default_factory=dict)

    @property
    def input_errors(self) -> bool:
        return any(notice.error for notice in self.notices)


def build_linter(settings: Settings | None = None) -> Linter:
    """Load rules and build the pipeline once; reuse the Linter for many checks."""
    settings = settings or Settings()
    rules = select_rules(load_rules(settings.packs), settings)
    return Linter(rules, build_pipeline(settings.pipeline_settings()))


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
    claims: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Check files and folders (recursively); unreadable inputs become notices, not exceptions.

    `claims=True` also keeps each file's claims inventory and text (from the same
    pipeline run); `progress(done, total)` is called after each file.
    """
    settings = settings or Settings()
    linter = linter or build_linter(settings)
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
    if claims or progress:
        findings, inventory = _check_with_docs(linter, sources, claims, progress)
        texts = {source.path: source.original for source in sources} if claims else {}
        return Report(tuple(findings), tuple(notices), len(sources), inventory, texts)
    findings = _check_all(linter, sources)
    return Report(tuple(findings), tuple(notices), len(sources))


def check_source(linter: Linter, source: Source) -> tuple[list[Finding], tuple[ClaimRecord, ...]]:
    """Findings and claims inventory of one parsed source, from one pipeline run."""
    _, doc = next(linter.analyse([source]))
    return linter.findings_for(source, doc), claim_records(source, doc)


def _check_with_docs(
    linter: Linter,
    sources: Sequence[Source],
    claims: bool,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[Finding], dict[str, tuple[ClaimRecord, ...]]]:
    findings: list[Finding] = []
    inventory: dict[str, tuple[ClaimRecord, ...]] = {}
    for done, (source, doc) in enumerate(linter.analyse(sources), start=1):
        findings.extend(linter.findings_for(source, doc))
        if claims:
            inventory[source.path] = claim_records(source, doc)
        if progress:
            progress(done, len(sources))
    return findings, inventory


def _check_all(linter: Linter, sources: Iterable[Source]) -> list[Finding]:
    findings: list[Finding] = []
    for _, found in linter.check_sources(sources):
        findings.extend(found)
    return findings
