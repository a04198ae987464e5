"""The public API: check a string, or a set of paths.  The CLI is a thin shell over it.

>>> from claimcheck import check_text
>>> [f.rule for f in check_text("Our stem cell therapy cures MS.")]   # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks import KINDS
from claimcheck.checks.arbiter import COMBINED, Arbiter, DetectorMap
from claimcheck.checks.loader import load_rules
from claimcheck.checks.model import Rule
from claimcheck.config import Settings, select_rules
from claimcheck.errors import InputError
from claimcheck.filters.stage import Filters
from claimcheck.filters.suppressions import META_RULES
from claimcheck.findings import Finding
from claimcheck.inventory import ClaimRecord, records_for
from claimcheck.linter import Linter
from claimcheck.nlp.lexicons import builtin_rules_dir
from claimcheck.nlp.pipeline import CACHE_META, DETECTOR_PIPE, build_pipeline
from claimcheck.sources import format_for_path, parse_source
from claimcheck.sources.base import Source
from claimcheck.sources.reader import SkippedInput, check_size, decode_bytes
from claimcheck.sources.walk import Candidate, WalkProblem, walk


@dataclass(frozen=True)
class Notice:
    """Something about an input that is not a finding: skipped, or unreadable (an error).

    `internal` marks claimcheck's own failure on that file (a bug: exit code 3); the
    other files of the run are still checked and reported.
    """

    path: str
    message: str
    error: bool
    internal: bool = False


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    notices: tuple[Notice, ...]
    files_checked: int
    checked: tuple[str, ...] = ()  # the paths of the files read and checked, in order
    # Filled only when asked (check_paths(..., claims=True)): path -> claims in that file.
    claims: Mapping[str, tuple[ClaimRecord, ...]] = field(default_factory=dict)
    # Original text of each checked file, kept only with claims=True (for reports that show it).
    texts: Mapping[str, str] = field(default_factory=dict)

    @property
    def input_errors(self) -> bool:
        return any(notice.error for notice in self.notices)

    @property
    def internal_errors(self) -> bool:
        return any(notice.internal for notice in self.notices)


def build_linter(
    settings: Settings | None = None,
    *,
    claims_library: str | Path | None = None,
    publisher_domains: Sequence[str] = (),
    bibliography: str | Path | None = None,
) -> Linter:
    """Load rules and build the pipeline once; reuse the Linter for many checks.

    The Linter carries the filter stage built from the same settings (suppressions,
    per-path overrides), which `check_text`, `check_paths` and `run_checks` apply.
    `claims_library` (approved-claims YAML), `publisher_domains` (links there are
    self-references) and `bibliography` (BibTeX / CSL-JSON) override the settings.
    """
    settings = settings or Settings()
    rules = all_rules(settings)
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
    checked_rules = [rule for rule in rules if rule.kind in KINDS]
    enabled = [rule for rule in checked_rules if rule.enabled]
    model = settings.model
    arbiter = build_arbiter(nlp, enabled, model.mode, model.overruled, model.hedged) if model.enabled else None
    linter = Linter(checked_rules, nlp, Filters(settings, rules), library, arbiter)
    linter.catalogue = tuple(rules)
    # How to build this same Linter again, in a worker process (a pipeline does not pickle).
    linter.recipe = partial(
        build_linter,
        settings,
        claims_library=claims_library,
        publisher_domains=publisher_domains,
        bibliography=bibliography,
    )
    return linter


def build_arbiter(
    nlp: Language, rules: Sequence[Rule], mode: str = COMBINED, overruled: str = "drop", hedged: str = "info"
) -> Arbiter | None:
    """The arbiter for a pipeline with the learned detector in it (None without one)."""
    if DETECTOR_PIPE not in nlp.pipe_names:
        return None
    detector = nlp.get_pipe(DETECTOR_PIPE).detector
    detector_map = DetectorMap.load(builtin_rules_dir() / "data" / "detector.yml", cache=bool(nlp.meta.get(CACHE_META, False)))
    return Arbiter(rules, detector_map, detector.thresholds, detector.labels, mode=mode, overruled=overruled, hedged=hedged)


def all_rules(settings: Settings) -> list[Rule]:
    """The packs' rules plus claimcheck's own (unused suppressions...), with the config applied."""
    return select_rules([*load_rules(settings.packs, cache=settings.cache), *META_RULES], settings)


def run_checks(linter: Linter, sources: Iterable[Source]) -> Iterator[tuple[Source, list[Finding]]]:
    """Checks, then the linter's filter stage, per source."""
    for source, doc in linter.analyse(sources):
        yield source, _filtered(linter, source, doc)


def check_documents(linter: Linter, sources: Iterable[Source]) -> Iterator[tuple[Source, list[Finding], str | None]]:
    """`run_checks`, plus each document's register as the learned detector reads it:
    'marketing', 'careful' or 'mixed' (None when the detector is off)."""
    from claimcheck.detector.component import register_of

    for source, doc in linter.analyse(sources):
        yield source, _filtered(linter, source, doc), register_of(doc)


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
    return next(run_checks(linter, [source]))[1]


def read_source(path: str, data: bytes, fmt: str | None, max_bytes: int | None, size: int | None = None) -> Source:
    """Bytes to a `Source` in the given format (default: by extension); `size` is the
    file's full size when `data` was read only up to the limit."""
    fmt = fmt or format_for_path(path)
    if fmt == "docx":
        from claimcheck.sources.docx import read_docx

        check_size(data, path, max_bytes, size)
        return read_docx(data, path, max_bytes)
    return parse_source(decode_bytes(data, path, max_bytes, size), path, fmt)


def _load(candidate: Candidate, settings: Settings, fmt: str | None) -> Source | Notice:
    name = str(candidate.path)
    try:
        with open(candidate.path, "rb") as handle:
            data = handle.read(settings.max_file_size + 1)
            size = os.fstat(handle.fileno()).st_size
        return read_source(name, data, fmt, settings.max_file_size, size)
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
    jobs: int | None = 1,
    build: Callable[[], Linter] | None = None,
) -> Report:
    """Check files and folders (recursively); unreadable inputs become notices, not exceptions.

    `claims=True` also keeps each file's claims inventory and text (from the same
    pipeline run); `progress(done, total)` is called after each file.  `jobs` > 1 (None
    or 0: all cores) checks whole files in that many worker processes, each rebuilding
    the same Linter once; findings come back in the same order whatever `jobs` is, and
    runs of a few files stay in-process, where starting workers would cost more.
    `build` makes the Linter when none is given (default: from `settings`).
    """
    from claimcheck.parallel import effective_jobs, map_in_workers

    settings = settings or Settings()
    entries: list[Notice | _Task] = []
    for item in walk(paths, settings.exclude, include=settings.include):
        if isinstance(item, WalkProblem):
            entries.append(Notice(item.path, f"{item.path}: {item.message}", error=True))
        else:
            entries.append((item, settings, format, claims))
    tasks = [entry for entry in entries if not isinstance(entry, Notice)]
    workers = effective_jobs(jobs, len(tasks))
    recipe = linter.recipe if linter is not None and linter.recipe else build or partial(build_linter, settings)
    if workers > 1:
        results: Iterator[Notice | _Checked] = map_in_workers(_check_file, tasks, recipe, workers, failed=_failed_file)
    else:
        in_process = linter or recipe()
        results = (_check_file(in_process, task) for task in tasks)
    notices: list[Notice] = []
    findings: list[Finding] = []
    checked: list[_Checked] = []
    for entry in entries:
        result = entry if isinstance(entry, Notice) else next(results)
        if isinstance(result, Notice):
            notices.append(result)
            continue
        # A stopped rule is reported once, by the first file it stopped on (each worker
        # process stops it on its own).
        notices.extend(notice for notice in result.notices if notice.message not in {seen.message for seen in notices})
        findings.extend(result.findings)
        checked.append(result)
        if progress:
            progress(len(checked), len(tasks))
    return Report(
        findings=tuple(findings),
        notices=tuple(notices),
        files_checked=len(checked),
        checked=tuple(result.path for result in checked),
        claims={result.path: result.claims for result in checked} if claims else {},
        texts={result.path: result.text for result in checked if result.text is not None},
    )


_Task = tuple[Candidate, Settings, "str | None", bool]


@dataclass(frozen=True)
class _Checked:
    """One file's results: plain values, so they cross from a worker process cheaply."""

    path: str
    findings: tuple[Finding, ...]
    claims: tuple[ClaimRecord, ...]
    text: str | None
    notices: tuple[Notice, ...] = ()  # what was refused in the file, rules stopped on it


def _check_file(linter: Linter, task: _Task) -> Notice | _Checked:
    """Read, parse and check one file: the unit of work in and out of worker processes.

    Nothing that goes wrong here escapes: an unexpected exception (a bug) becomes an
    internal-error notice for this file alone, and the run goes on with the next file.
    """
    candidate, settings, fmt, keep_claims = task
    try:
        loaded = _load(candidate, settings, fmt)
        if isinstance(loaded, Notice):
            return loaded
        findings, inventory = _check_sources(linter, [loaded], keep_claims)
    except RecursionError:
        name = str(candidate.path)
        return Notice(name, f"{name}: input is nested too deeply to read", error=True)
    except Exception as error:
        if os.environ.get("CLAIMCHECK_DEBUG"):
            raise
        return internal_error(str(candidate.path), f"{error.__class__.__name__}: {error}")
    notices = [Notice(loaded.path, note, error=True) for note in loaded.notes]
    notices.extend(Notice(loaded.path, message, error=True) for message in linter.take_stopped())
    return _Checked(
        loaded.path,
        tuple(findings),
        inventory.get(loaded.path, ()),
        loaded.original if keep_claims else None,
        tuple(notices),
    )


def internal_error(path: str, reason: str) -> Notice:
    """The notice for claimcheck's own failure on one file (exit code 3 at the end)."""
    return Notice(
        path,
        f"internal error while checking {path}: {reason} (this is a bug; set CLAIMCHECK_DEBUG=1 for details and report it)",
        error=True,
        internal=True,
    )


def _failed_file(task: _Task, reason: str) -> Notice:
    """A file whose worker process raised or died twice."""
    return internal_error(str(task[0].path), reason)


def load_sources(paths: Sequence[str], settings: Settings, format: str | None = None) -> tuple[list[Source], list[Notice]]:
    """Read files and folders (recursively) into Sources; problems become notices."""
    notices: list[Notice] = []
    sources: list[Source] = []
    for item in walk(paths, settings.exclude, include=settings.include):
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
    settings = settings or Settings()
    report = check_paths(paths, linter=linter or build_linter(settings), settings=settings, format=format, claims=True)
    return [record for path in report.checked for record in report.claims[path]], list(report.notices)


def check_source(linter: Linter, source: Source) -> tuple[list[Finding], tuple[ClaimRecord, ...]]:
    """Findings and claims inventory of one parsed source, from one pipeline run."""
    findings, inventory = _check_sources(linter, [source], claims=True)
    return findings, inventory[source.path]


def _filtered(linter: Linter, source: Source, doc: Doc) -> list[Finding]:
    found = linter.findings_for(source, doc)
    return linter.filters(source, found) if linter.filters else found


def _check_sources(
    linter: Linter,
    sources: Sequence[Source],
    claims: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Finding], dict[str, tuple[ClaimRecord, ...]]]:
    """One pipeline run per source: findings through the filter stage, and claims if asked."""
    findings: list[Finding] = []
    inventory: dict[str, tuple[ClaimRecord, ...]] = {}
    for done, (source, doc) in enumerate(linter.analyse(sources), start=1):
        findings.extend(_filtered(linter, source, doc))
        if claims:
            inventory[source.path] = tuple(records_for(source, doc, linter.citation_window))
        if progress:
            progress(done, len(sources))
    return findings, inventory
