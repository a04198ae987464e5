"""Cold start only: claimcheck on one small file against the spaCy floor on that file.

    python benchmarks/coldstart.py [--runs 7] [--file corpus/dev/05-copd.md] [--base DIR]

The cold-start rows of `run.py` without its corpora: every round runs, in turn, the
floor (a fresh Python that imports spaCy and runs a blank English tokenizer plus the
sentencizer over the file), claimcheck with the compile cache warm, claimcheck with an
empty cache (a fresh CLAIMCHECK_CACHE_DIR) and claimcheck `--no-model` (warm), each a
fresh process, so a burst of load from elsewhere hits every row alike.  Prints the
median and best wall and CPU seconds of each row and their ratios to the floor, with
the load average before and after.  `--base DIR` adds the same claimcheck rows for the
claimcheck found in DIR (an export of another commit: `git archive COMMIT claimcheck rules
| tar -x -C DIR`), interleaved with this one's, to compare two versions in one venv.
Every row runs in an empty temporary folder: `python -m` puts the current folder first on
`sys.path`, so run from a checkout, the `--base` rows would import the checkout's
claimcheck, not DIR's (and the page's path is absolute, so no config file is found from
the current folder either).

The row "floor, no teardown" is the floor ending with `os._exit` after its work, as
claimcheck's CLI does (`claimcheck.cli.exit_now`): how much of claimcheck's lead over the
floor is the interpreter teardown that the floor pays and claimcheck skips.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

from run import FLOOR, SMALL_FILE, byte_compile_claimcheck, measure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds; medians are shown")
    parser.add_argument("--file", default=str(SMALL_FILE), help="the page to check")
    parser.add_argument("--base", help="also run the claimcheck in this folder (PYTHONPATH), for a before/after")
    args = parser.parse_args(argv)
    args.file = os.path.abspath(args.file)
    neutral = tempfile.mkdtemp(prefix="claimcheck-cold-cwd-")  # see the module docstring

    claimcheck = [sys.executable, "-m", "claimcheck", "check", "--quiet", "--fail-on", "never"]
    versions = {"": dict(os.environ)}
    if args.base:
        path = os.pathsep.join(filter(None, [os.path.abspath(args.base), os.environ.get("PYTHONPATH")]))
        versions["base "] = {**os.environ, "PYTHONPATH": path}
    no_teardown = FLOOR + "sys.stdout.flush()\nos._exit(0)\n"
    rows: dict[str, tuple[list[str], dict[str, str] | None, str | None]] = {
        "floor": ([sys.executable, "-c", FLOOR, args.file], None, None),
        "floor, no teardown": ([sys.executable, "-c", no_teardown, args.file], None, None),
    }
    for prefix, env in versions.items():
        warm_dir = tempfile.mkdtemp(prefix="claimcheck-cold-warm-")
        measure([*claimcheck, args.file], {**env, "CLAIMCHECK_CACHE_DIR": warm_dir}, neutral)  # fill the warm cache
        rows[f"{prefix}warm cache"] = ([*claimcheck, args.file], env, warm_dir)
        rows[f"{prefix}empty cache"] = ([*claimcheck, args.file], env, "")
        rows[f"{prefix}warm, --no-model"] = ([*claimcheck, "--no-model", args.file], env, warm_dir)
    print(byte_compile_claimcheck())
    print(f"{args.runs} rounds on {args.file}; load average {os.getloadavg()[0]:.2f}", flush=True)
    samples: dict[str, list] = {name: [] for name in rows}
    for _ in range(args.runs):
        for name, (command, env, cache) in rows.items():
            if env is None:
                samples[name].append(measure(command, cwd=neutral))
            elif cache:
                samples[name].append(measure(command, {**env, "CLAIMCHECK_CACHE_DIR": cache}, neutral))
            else:
                with tempfile.TemporaryDirectory(prefix="claimcheck-cold-empty-") as empty:
                    samples[name].append(measure(command, {**env, "CLAIMCHECK_CACHE_DIR": empty}, neutral))
    floor_wall = statistics.median(sample.wall for sample in samples["floor"])
    floor_cpu = statistics.median(sample.cpu for sample in samples["floor"])
    print(f"{'row':<22} {'wall med':>9} {'best':>6} {'cpu med':>8} {'best':>6} {'x floor wall':>13} {'cpu':>6}")
    for name, taken in samples.items():
        wall = statistics.median(sample.wall for sample in taken)
        cpu = statistics.median(sample.cpu for sample in taken)
        best_wall = min(sample.wall for sample in taken)
        best_cpu = min(sample.cpu for sample in taken)
        codes = {sample.exit_code for sample in taken} - {0, 1}
        note = f"  exit codes {sorted(codes)}" if codes else ""
        print(f"{name:<22} {wall:>9.3f} {best_wall:>6.3f} {cpu:>8.3f} {best_cpu:>6.3f} "
              f"{wall / floor_wall:>13.2f} {cpu / floor_cpu:>6.2f}{note}")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
