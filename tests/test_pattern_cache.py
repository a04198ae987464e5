"""The compile cache's `re` patterns (cache.install_pattern_cache): a pattern made from a
stored entry equals the one `re` compiles itself, and --no-cache writes none."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

from claimcheck import cache

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "corpus" / "dev" / "05-copd.md"


def _run(folder: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, cache.ENV_DIR: str(folder)}
    command = [sys.executable, "-m", "claimcheck", "check", "--format", "json", "--fail-on", "never", *flags, str(PAGE)]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=True)


def test_stored_patterns_equal_what_re_compiles(tmp_path: Path) -> None:
    first = _run(tmp_path)
    stored = list(tmp_path.glob("re-*.marshal"))
    assert len(stored) == 1
    table = marshal.loads(stored[0].read_bytes())
    assert len(table) > 100
    compiler = re._compiler if hasattr(re, "_compiler") else __import__("sre_compile")  # type: ignore[attr-defined]
    import _sre

    for (pattern, flags), entry in table.items():
        made = _sre.compile(pattern, *entry)
        own = compiler.compile(pattern, flags)
        assert made == own and made.groupindex == own.groupindex and made.groups == own.groups, pattern
    assert _run(tmp_path).stdout == first.stdout  # the second run reads them: same findings


def test_no_cache_writes_no_patterns(tmp_path: Path) -> None:
    _run(tmp_path, "--no-cache")
    assert not list(tmp_path.glob("re-*.marshal"))
