"""The public API: check a string, or a set of paths.  The CLI is a thin shell over it.

>>> from claimcheck import check_text
>>> [f.rule for f in check_text("Our stem cell therapy cures MS.")]   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
    jobs: int | None = 1,
) -> Report:
    """Check files and folders (recursively); unreadable inputs become notices, not exceptions.

    `jobs` > 1 (None or 0: all cores) checks whole files in that many worker processes,
    each building its own Linter from `settings` (a `linter` passed in is used only
    in-process).  Findings and notices come back in the same order whatever `jobs` is;
    runs of a few files stay in-process, where starting workers would cost more.
    """
    from claimcheck.parallel import effective_jobs, map_in_workers

    settings = settings or Settings()
    entries: list[Notice | _Task] = []
    for item in walk(paths, settings.exclude):
        if isinstance(item, WalkProblem):
            entries.append(Notice(item.path, f"{item.path}: {item.message}", error=True))
        else:
            entries.append((item, settings, format))
    tasks = [entry for entry in entries if not isinstance(entry, Notice)]
    workers = effective_jobs(jobs, len(tasks))
    if workers > 1:
        results = map_in_workers(_check_file, tasks, settings, workers)
    else:
        in_process = linter or build_linter(settings)
        results = (_check_file(in_process, task) for task in tasks)
    notices: list[Notice] = []
    findings: list[Finding] = []
    files_checked = 0
    for entry in entries:
        result = entry if isinstance(entry, Notice) else next(results)
        if isinstance(result, Notice):
            notices.append(result)
        else:
            findings.extend(result)
            files_checked += 1
    return Report(tuple(findings), tuple(notices), files_checked)


_Task = tuple[Candidate, Settings, "str | None"]


def _check_file(linter: Linter, task: _Task) -> Notice | list[Finding]:
    """Read, parse and check one file: the unit of work in and out of worker processes."""
    candidate, settings, fmt = task
    loaded = _load(candidate, settings, fmt)
    if isinstance(loaded, Notice):
        return loaded
    return next(linter.check_sources([loaded]))[1]
