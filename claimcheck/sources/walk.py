"""Finding the files to check under the paths a user gives."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimcheck.sources import EXTENSIONS

SKIPPED_FOLDERS = {"node_modules", "vendor", "__pycache__", "venv", "site-packages", "dist", "build", "_build"}


@dataclass(frozen=True)
class Candidate:
    """A file to read; `explicit` when the user named it rather than its folder."""

    path: Path
    explicit: bool


@dataclass(frozen=True)
class WalkProblem:
    path: str
    message: str


def _excluded(relative: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(os.path.basename(relative), pattern) for pattern in patterns)


def walk(paths: Sequence[str], exclude: Sequence[str] = (), include: Sequence[str] = ()) -> Iterator[Candidate | WalkProblem]:
    """`include` (globs like `exclude`), when given, limits the files found in folders."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from _walk_folder(path, exclude, include)
        elif path.exists() or path.is_symlink():
            yield Candidate(path, explicit=True)
        else:
            yield WalkProblem(name, "no such file or folder")


def _walk_folder(root: Path, exclude: Sequence[str], include: Sequence[str] = ()) -> Iterator[Candidate | WalkProblem]:
    problems: list[WalkProblem] = []

    def on_error(error: OSError) -> None:
        problems.append(WalkProblem(str(error.filename or root), f"cannot read folder ({error.strerror or error})"))

    for folder, subfolders, files in os.walk(root, onerror=on_error, followlinks=False):
        subfolders[:] = sorted(
            sub
            for sub in subfolders
            if not sub.startswith(".")
            and sub not in SKIPPED_FOLDERS
            and not _excluded(os.path.relpath(os.path.join(folder, sub), root), exclude)
        )
        for file_name in sorted(files):
            full = Path(folder) / file_name
            if file_name.startswith(".") or full.suffix.lower() not in EXTENSIONS:
                continue
            if _excluded(os.path.relpath(full, root), exclude):
                continue
            if include and not _excluded(os.path.relpath(full, root), include):
                continue
            yield Candidate(full, explicit=False)
        yield from problems
        problems.clear()
