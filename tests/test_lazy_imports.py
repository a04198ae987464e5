"""Imports a run does not need are not paid for (issue 12): a `claimcheck check` of a
Markdown page in text or JSON never imports python-docx, the language server (pygls,
lsprotocol), the HTML, SARIF or JUnit reports, rapidfuzz (claims library only) or the
other commands' modules, and with no config file, not jsonschema either (with the
compile cache warm, or empty: the built-in packs ship listed as validated); pathspec only
when there are ignore files or exclude / include patterns to read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.cache import ENV_DIR

ROOT = Path(__file__).resolve().parent.parent
WATCHED = (
    "docx",
    "pygls",
    "lsprotocol",
    "claimcheck.lsp",
    "claimcheck.report.html",
    "claimcheck.report.sarif",
    "claimcheck.report.junit",
    "rapidfuzz",
    "jsonschema",
    # .gitignore patterns: only for walking a folder or a config's exclude / include.
    "pathspec",
    # The other commands' modules: only the command that runs is imported.
    "claimcheck.cli.audit",
    "claimcheck.cli.claims",
    "claimcheck.cli.config",
    "claimcheck.cli.evaluate",
    "claimcheck.cli.explain",
    "claimcheck.cli.init",
    "claimcheck.cli.lsp",
    "claimcheck.cli.rules",
    "claimcheck.cli.train",
    "claimcheck.cli.check",
)
SCRIPT = """
import json, sys
from claimcheck.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
watched = json.loads(sys.stdin.read())
print("\\nIMPORTED=" + json.dumps(sorted(name for name in watched if name in sys.modules)))
"""


def imported(tmp_path: Path, cache: Path, *args: str) -> set[str]:
    env = {**os.environ, ENV_DIR: str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "check", "--fail-on", "never", *args],
        input=json.dumps(WATCHED),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("IMPORTED=")), None)
    assert line is not None, result.stdout[-2000:] + result.stderr[-2000:]
    return set(json.loads(line.removeprefix("IMPORTED=")))


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.md"
    path.write_text("# Knees\n\nOur stem cell injections cure arthritis for good.\n", encoding="utf-8")
    return path


def test_a_plain_run_imports_none_of_the_optional_parts(tmp_path: Path, page: Path) -> None:
    cache = tmp_path / "cache"
    # Fills the compile cache: the built-in packs are listed as validated (checks/validated.py),
    # so even this first run needs no jsonschema; without the cache every file is validated.
    first = imported(tmp_path, cache, page.name)
    assert first == {"claimcheck.cli.check"}
    assert "jsonschema" in imported(tmp_path, cache, "--no-cache", page.name)
    for output in ("text", "json"):
        assert imported(tmp_path, cache, "--format", output, page.name) == {"claimcheck.cli.check"}


def test_the_parts_are_imported_when_used(tmp_path: Path, page: Path) -> None:
    cache = tmp_path / "cache"
    assert {"claimcheck.report.sarif"} <= imported(tmp_path, cache, "--format", "sarif", page.name)
    assert {"claimcheck.report.html"} <= imported(tmp_path, cache, "--format", "html", page.name)
    (tmp_path / ".claimcheck.yaml").write_text("fail_on: never\n", encoding="utf-8")
    assert "pathspec" not in imported(tmp_path, cache, ".")  # a folder with no ignore file
    (tmp_path / ".gitignore").write_text("cache/\n", encoding="utf-8")
    assert "pathspec" in imported(tmp_path, cache, ".")  # its patterns are read
    assert "jsonschema" in imported(tmp_path, cache, page.name)  # a config file is validated
