"""`cli.common.imports_uncollected`: the heavy imports of a command run with the cyclic
garbage collector paused, and what they made is frozen out of later collections; the
collector is on again afterwards, and a second use in the same process changes nothing."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from claimcheck.cli.common import imports_uncollected

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import gc
from claimcheck.cli.common import imports_uncollected

collections = []
gc.callbacks.append(lambda phase, info: collections.append(info["generation"]) if phase == "start" else None)
with imports_uncollected():
    paused = not gc.isenabled()
    import spacy  # noqa: F401
print(paused, collections.count(2), gc.isenabled(), gc.get_freeze_count() > 100_000)
frozen = gc.get_freeze_count()
with imports_uncollected():
    print(gc.isenabled(), gc.get_freeze_count() == frozen)
"""


def test_the_first_imports_run_uncollected_then_are_frozen() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[:2] == ["True 0 True True", "True True"]


def test_once_spacy_is_imported_nothing_is_paused_or_frozen() -> None:
    import spacy  # noqa: F401

    frozen = gc.get_freeze_count()
    with imports_uncollected():
        assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
