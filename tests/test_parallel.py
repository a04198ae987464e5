"""`--jobs`: whole files checked in worker processes give the same, identically ordered output."""

from __future__ import annotations

import os
import shutil
import signal
from functools import partial
from pathlib import Path

from click.testing import CliRunner

from claimcheck.api import build_linter, check_paths
from claimcheck.cli import main
from claimcheck.config import Settings
from claimcheck.linter import Linter
from claimcheck.parallel import HOLD, MIN_FILES_PER_WORKER, effective_jobs, map_in_workers

CORPUS_DEV = Path(__file__).resolve().parent.parent / "corpus" / "dev"


def _tree(tmp_path: Path) -> Path:
    """Twelve dev documents twice (two folders), plus a binary and a bad-UTF-8 file."""
    root = tmp_path / "site"
    documents = [document for document in sorted(CORPUS_DEV.iterdir()) if not document.name.endswith(".labels.yml")][:12]
    for folder in ("a", "b"):
        (root / folder).mkdir(parents=True)
        for document in documents:
            shutil.copy(document, root / folder / document.name)
    (root / "a" / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (root / "b" / "latin1.txt").write_bytes("Stem cells cure arthritis caf\xe9.".encode("latin-1"))
    return root


def test_same_findings_and_notices_with_one_and_two_jobs(tmp_path, shipped_linter: Linter):
    root = _tree(tmp_path)
    serial = check_paths([str(root)], linter=shipped_linter, jobs=1)  # workers build the default: rules + detector
    parallel = check_paths([str(root)], settings=Settings(), jobs=2)
    assert serial.files_checked == parallel.files_checked == 24
    assert len(serial.findings) > 100
    assert serial.findings == parallel.findings
    assert serial.notices == parallel.notices and len(serial.notices) == 2


def test_cli_output_is_byte_identical_for_any_jobs(tmp_path):
    root = _tree(tmp_path)
    runner = CliRunner()
    outputs = [runner.invoke(main, ["check", str(root), "--format", "json", "--jobs", jobs]) for jobs in ("1", "2")]
    assert outputs[0].exit_code == outputs[1].exit_code == 2  # the unreadable files
    assert outputs[0].stdout == outputs[1].stdout
    assert '"findings"' in outputs[0].stdout


def test_small_runs_stay_in_process():
    assert effective_jobs(2, 1) == 1
    assert effective_jobs(2, MIN_FILES_PER_WORKER * 2 - 1) == 1
    assert effective_jobs(2, MIN_FILES_PER_WORKER * 2) == 2
    assert effective_jobs(8, 1000) == 8
    assert effective_jobs(1, 1000) == 1
    assert effective_jobs(None, 1000) >= 1


def _where(linter: Linter, item: int) -> tuple[int, int, int]:
    return item, os.getpid(), len(linter.rules)


def test_workers_build_their_own_linter_and_keep_order():
    results = list(map_in_workers(_where, list(range(40)), partial(build_linter, Settings()), 2))
    assert [item for item, _, _ in results] == list(range(40))
    assert all(pid != os.getpid() for _, pid, _ in results)
    assert all(rules > 0 for _, _, rules in results)


def test_rule_errors_in_workers_are_one_line_errors(tmp_path):
    root = _tree(tmp_path)
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "bad.yml").write_text(
        "rules:\n  - id: x/bad\n    kind: regex\n    severity: warning\n    category: x\n    message: m\n"
        "    rationale: r\n    authority: a\n    options: {pattern: '(unclosed'}\n",
        encoding="utf-8",
    )
    (tmp_path / ".claimcheck.yaml").write_text(f"packs: [{pack}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(root), "--config", str(tmp_path / ".claimcheck.yaml"), "--jobs", "2"])
    assert result.exit_code == 2
    assert "not a valid regular expression" in result.stderr and "Traceback" not in result.stderr


def _no_linter() -> None:
    """A recipe for workers whose function needs no Linter (cheap to restart)."""
    return None


def _tenfold_but_three_kills(linter: None, item: tuple[int, str]) -> tuple[int, int]:
    """3 kills its worker every time; 4 raises the first time it is checked (`marker`)."""
    number, marker = item
    if number == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    if number == 4 and not os.path.exists(marker):
        Path(marker).write_text("raised once", encoding="utf-8")
        raise RuntimeError("a passing failure")
    return number * 10, os.getpid()


def test_an_item_waiting_behind_one_that_kills_its_worker_is_resent_not_lost(tmp_path):
    # One worker holds two items: 3 (which kills it, on both of its attempts) and 4,
    # already sent and waiting.  4 is sent again to the next worker, uncharged: had the
    # two deaths behind 3 counted as its attempts, its own one failure would have been
    # its last instead of being retried.
    assert HOLD == 2
    failures: list[tuple[int, str]] = []

    def failed(item: tuple[int, str], reason: str) -> tuple[int, int]:
        failures.append((item[0], reason))
        return -1, 0

    marker = str(tmp_path / "raised-once")
    items = [(number, marker) for number in range(8)]
    results = list(map_in_workers(_tenfold_but_three_kills, items, _no_linter, 1, failed=failed))
    assert [value for value, _ in results] == [0, 10, 20, -1, 40, 50, 60, 70]
    assert [item for item, _ in failures] == [3]
    assert f"signal {signal.SIGKILL}" in failures[0][1]
    assert os.path.exists(marker)  # 4 did fail once, and its retry succeeded
