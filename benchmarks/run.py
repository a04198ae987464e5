"""Measure claimcheck against the spaCy floor and proselint, in one run, on the same files.

    python benchmarks/run.py [--corpus DIR] [--dense DIR] [--runs 3] [--no-proselint]

Two corpora, every row measured on both and printed side by side: the varied corpus
(benchmarks/generate.py) and the claim-dense one (benchmarks/dense.py: the dev corpus's
own claim paragraphs, shuffled).  Without --corpus / --dense, each is generated first
(fixed seed) into a temporary folder.  Every measurement is a fresh process; the table shows the median of
--runs runs of wall-clock time, the CPU time (user + system, the process and its
workers) and the peak resident memory of the largest single process.  The machine may be
shared: the load average is printed, and CPU time is the steadier figure when it is high.

(a) floor: a fresh Python that imports spaCy and runs a blank English tokenizer plus the
    rule-based sentencizer over the same files - no spaCy-based linter can be faster.
(b) proselint (PyPI, installed into benchmarks/.venv-proselint on first use): `proselint check DIR`.
(c) claimcheck --jobs 1, --jobs 2 and the default (all cores).
(d) a warm re-run with a result cache: claimcheck has no result cache, so there is no row.
Plus the cold start on one small file (varied: corpus/dev/05-copd.md; dense: the first
page of the dense corpus), with the compile cache warm and with an empty cache (a fresh
CLAIMCHECK_CACHE_DIR per run), against the floor on that same file.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
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
CORPORA = ("varied", "dense")

FLOOR = r"""
import sys, os
import spacy
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
paths = [sys.argv[1]] if os.path.isfile(sys.argv[1]) else []  # one file (the cold-start rows) or a folder
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


def measure(command: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> Sample:
    """Run a command to completion; wall time, CPU of it and its children, largest RSS."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
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
    empty_cache: bool = False  # run with a fresh, empty CLAIMCHECK_CACHE_DIR each time

    def sample(self) -> Sample:
        if not self.empty_cache:
            return measure(self.command)
        with tempfile.TemporaryDirectory(prefix="claimcheck-cache-") as cache:
            return measure(self.command, {**os.environ, "CLAIMCHECK_CACHE_DIR": cache})

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
    parser.add_argument("--corpus", type=Path, help="the varied corpus (default: generate.py into a temporary folder)")
    parser.add_argument("--dense", type=Path, help="the claim-dense corpus (default: dense.py into a temporary folder)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown")
    parser.add_argument("--no-proselint", action="store_true", help="skip proselint (no PyPI access)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as temporary:
        folders = {"varied": args.corpus, "dense": args.dense}
        for name, script in (("varied", "generate.py"), ("dense", "dense.py")):
            if folders[name] is None:
                folders[name] = Path(temporary) / name
                subprocess.run([sys.executable, str(HERE / script), str(folders[name])], check=True)
        return run(folders, args.runs, not args.no_proselint)


def rows_for(corpus: Path, small: Path, proselint: list[str] | None) -> list[Row]:
    """The measurements of one corpus, in the order printed."""
    claimcheck = [sys.executable, "-m", "claimcheck", "check", "--quiet", "--fail-on", "never"]
    floor = [sys.executable, "-c", FLOOR]
    commands: list[tuple[str, list[str], bool]] = [("(a) spaCy floor: tokenizer + sentencizer", [*floor, str(corpus)], False)]
    if proselint:
        commands.append(("(b) proselint check", [*proselint, str(corpus)], False))
    commands += [
        ("(c) claimcheck --jobs 1", [*claimcheck, "--jobs", "1", str(corpus)], False),
        ("(c) claimcheck --jobs 2", [*claimcheck, "--jobs", "2", str(corpus)], False),
        ("claimcheck (default: all cores)", [*claimcheck, str(corpus)], False),
        ("claimcheck --no-model (rules alone)", [*claimcheck, "--no-model", str(corpus)], False),
        ("floor on one small file", [*floor, str(small)], False),
        ("cold start --no-model, warm cache", [*claimcheck, "--no-model", str(small)], False),
        ("cold start, warm cache", [*claimcheck, str(small)], False),
        ("cold start, empty cache", [*claimcheck, str(small)], True),
        ("cold start, --no-cache", [*claimcheck, "--no-cache", str(small)], False),
    ]
    return [Row(name, command, [], empty) for name, command, empty in commands]


def byte_compile_claimcheck() -> str:
    """Compile claimcheck's modules to bytecode once, as pip does when it installs a wheel.

    The floor imports spaCy from site-packages, where pip wrote bytecode at install time.
    An editable install has none until a run writes it, and a shell with
    PYTHONDONTWRITEBYTECODE set (this project's CI machines) never does, so every cold
    start would recompile about a hundred modules: a cost of that set-up, not of the tool.
    Compiling explicitly is what a normal install gives; the line printed says it was done.
    """
    spec = importlib.util.find_spec("claimcheck")
    if spec is None or not spec.submodule_search_locations:
        return "claimcheck is not importable here: nothing byte-compiled"
    package = Path(next(iter(spec.submodule_search_locations)))
    compileall.compile_dir(package, quiet=1)
    modules = sum(1 for _ in package.rglob("*.py"))
    setting = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "not set"
    return f"byte-compiled {modules} claimcheck modules in {package}, as pip does at install (PYTHONDONTWRITEBYTECODE {setting})"


def run(folders: dict[str, Path], runs: int, with_proselint: bool) -> int:
    proselint = proselint_command() if with_proselint else None
    small = {"varied": SMALL_FILE, "dense": min(folders["dense"].glob("*.md"))}
    table = {name: rows_for(folders[name], small[name], proselint) for name in CORPORA}
    for name in CORPORA:
        files, size, words = corpus_stats(folders[name])
        print(f"{name} corpus: {folders[name]} - {files} files, {size / 1e6:.2f} MB, {words:,} words; "
              f"cold start on {small[name]}")  # fmt: skip
    print(f"{runs} runs each; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}", flush=True)
    print(byte_compile_claimcheck(), flush=True)
    # Warm the compile cache once, so "warm cache" rows measure a second or later run.
    subprocess.run(table["varied"][-3].command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    # Rounds: every command once per round, so a burst of load from elsewhere on the
    # machine hits all rows alike instead of one row's runs.
    for round_number in range(1, runs + 1):
        for name in CORPORA:
            for row in table[name]:
                row.samples.append(row.sample())
        print(f"  round {round_number}/{runs} done (load average {os.getloadavg()[0]:.2f})", flush=True)
    for name in CORPORA:
        for row in table[name]:
            bad = [sample.exit_code for sample in row.samples if sample.exit_code not in (0, 1)]
            if bad:
                print(f"  {name}: {row.name}: unexpected exit codes {bad}", flush=True)

    print()
    print(f"{'measurement (median)':<42} |{'varied: wall s':>15} {'cpu s':>7} {'MB':>5} {'x floor':>8} |"
          f"{'dense: wall s':>14} {'cpu s':>7} {'MB':>5} {'x floor':>8}")  # fmt: skip
    for index, row in enumerate(table["varied"]):
        cells = []
        for name in CORPORA:
            this = table[name][index]
            base = _floor_for(table[name], index)
            cells.append(f"{this.wall:>14.2f} {this.cpu:>7.2f} {this.peak:>5.0f} {this.wall / base.wall:>8.2f}")
        print(f"{row.name:<42} |{cells[0]} |{cells[1]}")
    print("(d) warm re-run with a result cache: n/a - claimcheck has no result cache")
    print("x floor: bulk rows against the floor on the whole corpus; cold-start rows against the floor on the same one file")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    for name in CORPORA:
        for label, value, unit, ok in checks(table[name]):
            print(f"{'PASS' if ok else 'MISS'}  {name}: {label}: {value:.2f} {unit}")
    return 0


def _floor_for(rows: list[Row], index: int) -> Row:
    """The floor a row is compared with: the one-file floor for cold starts, else the corpus floor."""
    one_file = next(i for i, row in enumerate(rows) if row.name == "floor on one small file")
    return rows[one_file] if index >= one_file else rows[0]


def checks(rows: list[Row]) -> list[tuple[str, float, str, bool]]:
    """Issue 12's targets, for one corpus."""
    by_name = {row.name: row for row in rows}
    floor = rows[0]
    default = by_name["claimcheck (default: all cores)"]
    jobs1 = by_name["(c) claimcheck --jobs 1"]
    jobs2 = by_name["(c) claimcheck --jobs 2"]
    small_floor = by_name["floor on one small file"]
    warm = by_name["cold start, warm cache"]
    empty = by_name["cold start, empty cache"]
    rules_cold = by_name["cold start --no-model, warm cache"]
    rules_only = by_name["claimcheck --no-model (rules alone)"]
    proselint = by_name.get("(b) proselint check")
    peak = max(row.peak for row in rows if "claimcheck" in row.name or "cold start" in row.name)
    result = [
        ("default run <= 2.0x the spaCy floor", default.wall / floor.wall, "x", default.wall <= 2.0 * floor.wall),
        ("--jobs 2 >= 1.8x faster than --jobs 1", jobs1.wall / jobs2.wall, "x", jobs1.wall >= 1.8 * jobs2.wall),
        ("cold start, warm cache <= 1.3x the floor on that file", warm.wall / small_floor.wall, "x",
         warm.wall <= 1.3 * small_floor.wall),
        ("cold start, empty cache <= 1.8x the floor on that file", empty.wall / small_floor.wall, "x",
         empty.wall <= 1.8 * small_floor.wall),
        ("the detector adds <= 0.3 s to a cold start", warm.wall - rules_cold.wall, "s", warm.wall - rules_cold.wall <= 0.3),
        ("the detector's share of a default run", default.wall / rules_only.wall, "x", True),
        ("claimcheck peak memory < 300 MB (largest process)", peak, "MB", peak < 300),
    ]  # fmt: skip
    if proselint:
        result.insert(1, ("default run >= 2.5x faster than proselint", proselint.wall / default.wall, "x",
                          proselint.wall >= 2.5 * default.wall))  # fmt: skip
    return result


if __name__ == "__main__":
    sys.exit(main())
