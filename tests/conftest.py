"""Shared fixtures: the pipeline and default linter are built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.api import build_linter
from claimcheck.config import Settings
from claimcheck.linter import Linter

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def linter() -> Linter:
    return build_linter(Settings())


@pytest.fixture(scope="session")
def check(linter: Linter):
    from claimcheck.api import check_text

    def run(text: str, path: str = "<text>", fmt: str | None = None):
        return check_text(text, path=path, format=fmt, linter=linter)

    return run
