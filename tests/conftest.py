"""Shared fixtures: the pipelines and linters are built once per test session.

`linter` runs the rules alone and reports every finding on its own (no folding into
one finding per claim): most tests pin what a rule does, and a retrained detector or
another rule flagging the same sentence must not change them.  `shipped_linter` is what users get by default (rules
plus the learned detector); tests of the product as a whole use it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.api import build_linter
from claimcheck.config import ModelSettings, Settings
from claimcheck.linter import Linter

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def linter() -> Linter:
    return build_linter(Settings(model=ModelSettings(enabled=False), all_findings=True))


@pytest.fixture(scope="session")
def shipped_linter() -> Linter:
    return build_linter(Settings())


@pytest.fixture(scope="session")
def check(linter: Linter):
    from claimcheck.api import check_text

    def run(text: str, path: str = "<text>", fmt: str | None = None):
        return check_text(text, path=path, format=fmt, linter=linter)

    return run


def pytest_configure(config: pytest.Config) -> None:
    """Tests never write into the user's cache folder: a fresh compile cache for the session
    (inherited by the CLI subprocesses the tests start)."""
    import os
    import tempfile

    from claimcheck.cache import ENV_DIR

    if ENV_DIR not in os.environ:
        os.environ[ENV_DIR] = tempfile.mkdtemp(prefix="claimcheck-test-cache-")
        config._claimcheck_cache_dir = os.environ[ENV_DIR]  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    folder = getattr(config, "_claimcheck_cache_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
