"""Measure claimcheck against the spaCy floor and proselint, in one run, on the same files.

    python benchmarks/run.py [--corpus DIR] [--runs 3] [--no-proselint]

Without --corpus, the corpus is generated first (benchmarks/generate.py, fixed seed) into
a temporary folder.  Every measurement is a fresh process; the table shows the median of
--runs runs of wall-clock time, the CPU time (user + system, the process and its
workers) and the peak resident memory of the largest single process.  The machine may be
shared: the load average is printed, and CPU time is the steadier figure when it is high.

(a) floor: a fresh Python that imports spaCy and runs a blank English tokenizer plus the
    rule-based sentencizer over the same files - no spaCy-based linter can be faster.
(b) proselint (PyPI, installed into benchmarks/.venv-proselint on first use): `proselint check DIR`.
(c) claimcheck --jobs 1, --jobs 2 and the default (all cores).
(d) a warm re-run with a result cache: claimcheck has no result cache, so there is no row.
Plus the cold start on one small file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROSELINT_VENV = HERE / ".venv-proselint"
SMALL_FILE = ROOT / "corpus" / "dev" / "05-copd.md"

FLOOR = r"""
import sys, os
import spacy
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
paths = []
for folder, subfolders, files in os.walk(sys.argv[1]):
    subfolders.sort()
    paths.extend(os.path.join(folder, name) for name in sorted(files) if name.endswith((".md", ".html", ".txt")))
sentences = 0
for path in paths:  # one file at a time, as a linter would
    with open(path, encoding="utf-8") as handle:
        doc = nlp(handle.read())
    sentences += sum(1 for _ in doc.sents)
print(len(paths), "files", sentences, "sentences")
"""


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mb: float
    exit_code: int


def measure(command: list[str]) -> Sample:
    """Run a command to completion; wall time, CPU of it and its children, largest RSS."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss (KB on Linux) is the largest single process among it and its waited-for children.
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


@dataclass
class Row:
    name: str
    command: list[str]
    samples: list[Sample]

    @property
    def wall(self) -> float:
        return statistics.median(sample.wall for sample in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(sample.cpu for sample in self.samples)

    @property
    def peak(self) -> float:
        return max(sample.peak_mb for sample in self.samples)


def proselint_command() -> list[str] | None:
    exe = PROSELINT_VENV / "bin" / "proselint"
    if not exe.exists():
        print(f"installing proselint from PyPI into {PROSELINT_VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(PROSELINT_VENV)
        result = subprocess.run([str(PROSELINT_VENV / "bin" / "pip"), "install", "-q", "proselint"], check=False)
        if result.returncode != 0 or not exe.exists():
            print("proselint could not be installed; its row is skipped", flush=True)
            return None
    # proselint 0.16 takes `proselint check PATHS` (older releases took `proselint PATHS`).
    help_text = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=False).stdout
    return [str(exe), "check"] if "check" in help_text else [str(exe)]


def corpus_stats(folder: Path) -> tuple[int, int, int]:
    files = [path for path in folder.rglob("*") if path.suffix in {".md", ".html", ".txt"}]
    data = [path.read_bytes() for path in files]
    return len(files), sum(map(len, data)), sum(len(chunk.split()) for chunk in data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, help="folder to check (default: generate one into a temporary folder)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown")
    parser.add_argument("--no-proselint", action="store_true", help="skip proselint (no PyPI access)")
    args = parser.parse_args(argv)

    temporary = None
    corpus = args.corpus
    if corpus is None:
        temporary = tempfile.mkdtemp(prefix="claimcheck-bench-")
        corpus = Path(temporary) / "corpus"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(corpus)], check=True)
    try:
        return run(corpus, args.runs, not args.no_proselint)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)


def run(corpus: Path, runs: int, with_proselint: bool) -> int:
    files, size, words = corpus_stats(corpus)
    claimcheck = [sys.executable, "-m", "claimcheck", "check", "--quiet", "--fail-on", "never"]
    commands: list[tuple[str, list[str]]] = [
        ("(a) spaCy floor: tokenizer + sentencizer", [sys.executable, "-c", FLOOR, str(corpus)]),
    ]
    if with_proselint and (proselint := proselint_command()):
        commands.append(("(b) proselint check", [*proselint, str(corpus)]))
    commands += [
        ("(c) claimcheck --jobs 1", [*claimcheck, "--jobs", "1", str(corpus)]),
        ("(c) claimcheck --jobs 2", [*claimcheck, "--jobs", "2", str(corpus)]),
        ("claimcheck (default: all cores)", [*claimcheck, str(corpus)]),
        ("claimcheck --no-model (rules alone)", [*claimcheck, "--no-model", str(corpus)]),
        ("cold start --no-model: one small file", [*claimcheck, "--no-model", str(SMALL_FILE)]),
        ("cold start: claimcheck on one small file", [*claimcheck, str(SMALL_FILE)]),
    ]
    print(f"corpus: {corpus} - {files} files, {size / 1e6:.2f} MB, {words:,} words; {runs} runs each; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
    # Rounds: every command once per round, so a burst of load from elsewhere on the
    # machine hits all rows alike instead of one row's runs.
    rows = [Row(name, command, []) for name, command in commands]
    for round_number in range(1, runs + 1):
        for row in rows:
            row.samples.append(measure(row.command))
        print(f"  round {round_number}/{runs} done (load average {os.getloadavg()[0]:.2f})", flush=True)
    for row in rows:
        bad = [sample.exit_code for sample in row.samples if sample.exit_code not in (0, 1)]
        if bad:
            print(f"  {row.name}: unexpected exit codes {bad}", flush=True)

    floor = rows[0]
    print()
    print(f"{'measurement (median)':<44} {'wall s':>8} {'best s':>8} {'cpu s':>8} {'peak MB':>8} {'x floor':>8}")
    for row in rows:
        best = min(sample.wall for sample in row.samples)
        print(f"{row.name:<44} {row.wall:>8.2f} {best:>8.2f} {row.cpu:>8.2f} {row.peak:>8.0f} {row.wall / floor.wall:>8.2f}")
    print("(d) warm re-run with a result cache: n/a - claimcheck has no result cache")
    print(f"load average after: {os.getloadavg()[0]:.2f}")

    default = next(row for row in rows if row.name.startswith("claimcheck (default"))
    jobs1 = next(row for row in rows if row.name.endswith("--jobs 1"))
    jobs2 = next(row for row in rows if row.name.endswith("--jobs 2"))
    cold = rows[-1]
    cold_rules = rows[-2]
    rules_only = next(row for row in rows if row.name.startswith("claimcheck --no-model"))
    proselint = next((row for row in rows if row.name.startswith("(b)")), None)
    peak = max(row.peak for row in rows if "claimcheck" in row.name)
    checks = [
        ("default run <= 2.5x the spaCy floor", default.wall / floor.wall, "x", default.wall <= 2.5 * floor.wall),
        ("--jobs 2 >= 1.6x faster than --jobs 1", jobs1.wall / jobs2.wall, "x", jobs1.wall >= 1.6 * jobs2.wall),
        ("cold start on one small file < 1.6 s", cold.wall, "s", cold.wall < 1.6),
        ("the detector adds <= 0.3 s to a cold start", cold.wall - cold_rules.wall, "s", cold.wall - cold_rules.wall <= 0.3),
        ("the detector's share of a default run", default.wall / rules_only.wall, "x", True),
        ("claimcheck peak memory < 500 MB (largest process)", peak, "MB", peak < 500),
    ]
    if proselint:
        checks.insert(1, ("default run >= 2x faster than proselint", proselint.wall / default.wall, "x",
                          proselint.wall >= 2 * default.wall))  # fmt: skip
    print()
    for label, value, unit, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}  {label}: {value:.2f} {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
