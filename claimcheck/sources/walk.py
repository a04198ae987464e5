"""Finding the files to check under the paths a user gives.

Inside a folder, a file is checked when it has a supported extension, is not
hidden, is not under a hidden folder or a dependency/build folder (`SKIPPED_FOLDERS`),
is not ignored by a ``.gitignore`` or ``.claimcheckignore`` in the walked tree or by
the config's ``exclude`` patterns, and (when the config lists ``include`` globs)
matches one of them.  Patterns use .gitignore syntax (via pathspec) and config
patterns are relative to the folder being walked.  A file named on the command line
is always checked (the user asked for it), unless `--force-exclude` asks for the
config's patterns to apply to named files too (`excluded`; what pre-commit needs, as it
names every staged file).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.sources import EXTENSIONS

if TYPE_CHECKING:
    import pathspec

SKIPPED_FOLDERS = frozenset(
    {
        "node_modules",
        "bower_components",
        "jspm_packages",
        "vendor",
        "third_party",
        "__pycache__",
        "venv",
        "env",
        "site-packages",
        "dist",
        "build",
        "_build",
        "target",
    }
)
IGNORE_FILES = (".gitignore", ".claimcheckignore")


@dataclass(frozen=True)
class Candidate:
    """A file to read; `explicit` when the user named it rather than its folder."""

    path: Path
    explicit: bool


@dataclass(frozen=True)
class WalkProblem:
    path: str
    message: str


@dataclass(frozen=True)
class _Rules:
    """The ignore patterns of one folder, for paths relative to that folder."""

    base: str  # relative to the walked root, "" for the root itself
    spec: pathspec.PathSpec

    def decision(self, relative: str) -> bool | None:
        """True: ignored, False: re-included by a "!" pattern, None: no pattern matched."""
        if self.base:
            if not relative.startswith(self.base + "/"):
                return None
            relative = relative[len(self.base) + 1 :]
        return self.spec.check_file(relative).include


def walk(paths: Sequence[str], exclude: Sequence[str] = (), include: Sequence[str] = ()) -> Iterator[Candidate | WalkProblem]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from _walk_folder(path, exclude, include)
        elif path.exists() or path.is_symlink():
            yield Candidate(path, explicit=True)
        else:
            yield WalkProblem(name, "no such file or folder")


def _ignored(relative: str, rules: Sequence[_Rules]) -> bool:
    ignored = False
    for rule in rules:
        decision = rule.decision(relative)
        if decision is not None:
            ignored = decision
    return ignored


def _spec(lines: Sequence[str]) -> pathspec.PathSpec:
    """.gitignore patterns, compiled.  pathspec is imported here, when a folder is walked or
    a config has exclude / include patterns: its import (~25 ms, with the backends it
    probes) is not paid by a run on named files (issue 12)."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _read_ignore_files(folder: str, base: str, problems: list[WalkProblem]) -> list[_Rules]:
    found = []
    for name in IGNORE_FILES:
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
            found.append(_Rules(base, _spec(lines)))
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or error
            problems.append(WalkProblem(path, f"cannot use this ignore file ({reason})"))
    return found


def _walk_folder(root: Path, exclude: Sequence[str], include: Sequence[str]) -> Iterator[Candidate | WalkProblem]:
    problems: list[WalkProblem] = []
    config = [_Rules("", _spec(exclude))] if exclude else []
    wanted = _spec(include) if include else None
    by_folder: dict[str, list[_Rules]] = {}

    def on_error(error: OSError) -> None:
        problems.append(WalkProblem(str(error.filename or root), f"cannot read folder ({error.strerror or error})"))

    for folder, subfolders, files in os.walk(root, onerror=on_error, followlinks=False):
        relative_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        base = "" if relative_folder == "." else relative_folder
        parent = by_folder.get(os.path.dirname(base), []) if base else []
        rules = [*parent, *_read_ignore_files(folder, base, problems)]
        by_folder[base] = rules
        every = [*rules, *config]

        def relative(name: str, base: str = base) -> str:
            return f"{base}/{name}" if base else name

        subfolders[:] = sorted(
            sub
            for sub in subfolders
            if not sub.startswith(".") and sub not in SKIPPED_FOLDERS and not _ignored(relative(sub) + "/", every)
        )
        for file_name in sorted(files):
            if file_name.startswith(".") or Path(file_name).suffix.lower() not in EXTENSIONS:
                continue
            path = relative(file_name)
            if _ignored(path, every) or (wanted is not None and not wanted.match_file(path)):
                continue
            yield Candidate(Path(folder) / file_name, explicit=False)
        yield from problems
        problems.clear()
    yield from problems  # a folder that could not be read last reports after the walk


def excluded(path: str | Path, exclude: Sequence[str], include: Sequence[str], base: str | Path | None) -> bool:
    """Would the config's `exclude` / `include` leave out this named file?  Patterns are
    matched against its path relative to `base` (the config file's folder; the current
    folder when there is none or the file is outside it)."""
    if not exclude and not include:
        return False
    absolute = os.path.abspath(path)
    relative = None
    for folder in (base, os.getcwd()):
        if folder is None:
            continue
        candidate = os.path.relpath(absolute, os.path.abspath(folder))
        if candidate != os.pardir and not candidate.startswith(os.pardir + os.sep):
            relative = Path(candidate).as_posix()
            break
    if relative is None:
        relative = Path(path).as_posix()
    parts = relative.split("/")
    # A pattern for a folder ("drafts/") excludes the files below it, as in a walk.
    for depth in range(1, len(parts) + 1):
        prefix = "/".join(parts[:depth]) + ("/" if depth < len(parts) else "")
        if exclude and _spec(exclude).match_file(prefix):
            return True
    return bool(include) and not _spec(include).match_file(relative)
