"""Checking whole files in worker processes.

Each worker builds its own Linter once (from the Linter's recipe: settings and options,
which pickle cheaply; a spaCy pipeline does not) and sends back only findings, which are plain frozen values.  Docs
never cross a process boundary: pickling them costs more than analysing them
(perf-notes.md).  Results come back in input order, so output does not depend on the
number of workers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from claimcheck.errors import ClaimcheckError
from claimcheck.linter import Linter

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many files a run stays in one process: starting workers (each
# importing spaCy and building the pipeline, ~1 s) would cost more than it saves.
MIN_FILES_PER_WORKER = 4

# The worker's Linter (or the error building it): set once by the pool initializer,
# one per worker process.
_worker_linter: Linter | None = None
_worker_error: ClaimcheckError | None = None


def default_jobs() -> int:
    """All usable cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def effective_jobs(requested: int | None, files: int) -> int:
    """How many processes to use for `files` files: 1 (in-process) for small runs."""
    jobs = default_jobs() if requested is None or requested <= 0 else requested
    return max(1, min(jobs, files // MIN_FILES_PER_WORKER))


def _init_worker(recipe: Callable[[], Linter]) -> None:
    global _worker_linter, _worker_error
    try:
        _worker_linter = recipe()
    except ClaimcheckError as error:  # re-raised in the parent by the first task, as one line
        _worker_error = error


def _call(task: tuple[Callable[[Linter, Item], Result], Item]) -> Result:
    function, item = task
    if _worker_error is not None:
        raise _worker_error
    assert _worker_linter is not None, "worker used before its initializer ran"
    return function(_worker_linter, item)


def map_in_workers(
    function: Callable[[Linter, Item], Result], items: Sequence[Item], recipe: Callable[[], Linter], jobs: int
) -> Iterator[Result]:
    """`function(linter, item)` for every item in `jobs` worker processes, results in input order.

    `function` must be a module-level function and `recipe` a picklable callable (a
    `functools.partial` of `build_linter`) that builds the Linter once per worker.
    """
    # Several files per task keeps inter-process traffic low; ~32 tasks per worker
    # keep the load balanced when file sizes vary (no worker idles long at the end).
    chunksize = max(1, len(items) // (jobs * 32))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(recipe,)) as pool:
        yield from pool.map(_call, ((function, item) for item in items), chunksize=chunksize)
