"""A copy of the project's own files, for tests that pip-install it or run it as a
GitHub Action / pre-commit hook would: without caches, the corpus or .git."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALL_FILES = ("claimcheck", "rules", "setup.cfg", "pyproject.toml", "README.md")


def copy_project(target: Path, names: Sequence[str] = INSTALL_FILES) -> Path:
    target.mkdir(parents=True)
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    return target
