"""The CLI's process exit (`claimcheck.cli.exit_now`): skipping the interpreter's teardown
loses nothing a caller can see - the exit code, everything written to the standard streams,
the atexit handlers' work - and a running thread is still waited for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.cache import ENV_DIR

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "corpus" / "dev" / "05-copd.md"


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False, timeout=60)


@pytest.mark.parametrize(("flags", "expected"), [(("--fail-on", "never"), 0), (("--fail-on", "warning"), 1)])
def test_a_check_exits_with_its_code_and_its_whole_report(tmp_path: Path, flags: tuple[str, ...], expected: int) -> None:
    env = {**os.environ, ENV_DIR: str(tmp_path / "cache")}
    command = [sys.executable, "-m", "claimcheck", "check", "--format", "json", *flags, str(ROOT / "corpus" / "dev")]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False, timeout=600)
    assert result.returncode == expected, result.stderr[-2000:]
    report = json.loads(result.stdout)  # all of it was flushed: it parses
    assert len({finding["path"] for finding in report["findings"]}) > 10
    assert list((tmp_path / "cache").glob("re-*.marshal"))  # the pattern cache's atexit handler ran


def test_exit_now_runs_atexit_handlers_then_flushes() -> None:
    result = _python(
        "import atexit, sys\n"
        "from claimcheck.cli import exit_now\n"
        "atexit.register(lambda: print('handler'))\n"
        "sys.stdout.write('buffered ')\n"
        "sys.stderr.write('to stderr')\n"
        "exit_now(3)\n"
    )
    assert (result.returncode, result.stdout, result.stderr) == (3, "buffered handler\n", "to stderr")


@pytest.mark.parametrize(("code", "status", "stderr"), [("None", 0, ""), ("'a message'", 1, "a message\n"), ("True", 1, "")])
def test_exit_now_reads_codes_as_sys_exit_does(code: str, status: int, stderr: str) -> None:
    result = _python(f"from claimcheck.cli import exit_now\nexit_now({code})\n")
    assert (result.returncode, result.stderr) == (status, stderr)


def test_exit_now_waits_for_a_running_thread() -> None:
    result = _python(
        "import threading, time\n"
        "from claimcheck.cli import exit_now\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done', flush=True))).start()\n"
        "exit_now(4)\n"
    )
    assert (result.returncode, result.stdout) == (4, "thread done\n")


def test_a_profiled_run_still_writes_its_profile(tmp_path: Path) -> None:
    """`python -m cProfile -o FILE -m claimcheck ...` writes FILE after the program returns."""
    output = tmp_path / "run.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(output), "-m", "claimcheck", "--version"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert output.stat().st_size > 0
