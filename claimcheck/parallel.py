"""Checking whole files in worker processes.

Each worker builds its own Linter once (from the Linter's recipe: settings and options,
which pickle cheaply; a spaCy pipeline does not) and sends back only findings, which are plain frozen values.  Docs
never cross a process boundary: pickling them costs more than analysing them
(perf-notes.md).  Results come back in input order, so output does not depend on the
number of workers.

Fault isolation: the parent hands each worker up to two items (`HOLD`: the next one
waits in the pipe, so a worker never idles between files while the parent reads a
result) and knows which items every worker holds, in order.  A worker that dies
(killed, out of memory, a crash in native code) or raises costs only the item it was
checking, the first it holds: that item is tried once more in a fresh worker, and if
that fails too its result is `failed(item, reason)`; an item still waiting behind it is
handed out again as if never sent, and every other item is checked as usual.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from claimcheck.errors import ClaimcheckError
from claimcheck.linter import Linter

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many files a run stays in one process: starting workers (each
# importing spaCy and building the pipeline, ~1 s) would cost more than it saves.
MIN_FILES_PER_WORKER = 4

# How often an item is tried in total when its worker dies or raises.
ATTEMPTS = 2

# Items a worker holds at once: the one it checks and the next, already sent.
HOLD = 2


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


def _worker_main(connection: Connection, recipe: Callable[[], Linter], function: Callable[[Linter, Any], Any]) -> None:
    """A worker: build the Linter once, then answer (index, item) messages until None."""
    try:
        linter = recipe()
    except ClaimcheckError as error:  # re-raised in the parent, as one line
        connection.send(("init-error", error))
        return
    connection.send(("ready", None))
    while True:
        message = connection.recv()
        if message is None:
            return
        index, item = message
        try:
            connection.send(("ok", index, function(linter, item)))
        except Exception as error:  # the parent decides: retry once, then report
            summary = f"{error.__class__.__name__}: {error}"
            if os.environ.get("CLAIMCHECK_DEBUG"):
                summary += "\n" + traceback.format_exc()
            connection.send(("raised", index, summary))


class _Worker:
    def __init__(self, context: Any, recipe: Callable[[], Linter], function: Callable[[Linter, Any], Any]):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, recipe, function), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.holding: list[int] = []  # the indices of the items sent to it, in order: it checks the first

    def give(self, index: int, item: Any) -> None:
        self.holding.append(index)
        with contextlib.suppress(OSError):  # it died meanwhile: recv() says so, the item is retried
            self.connection.send((index, item))

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.connection.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():  # pragma: no cover - a worker stuck in native code
            self.process.kill()
            self.process.join()
        self.connection.close()

    def death(self) -> str:
        self.process.join(timeout=5)
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"the worker process was killed by signal {-code}"
        return f"the worker process ended unexpectedly (exit code {code})"


def map_in_workers(
    function: Callable[[Linter, Item], Result],
    items: Sequence[Item],
    recipe: Callable[[], Linter],
    jobs: int,
    failed: Callable[[Item, str], Result] | None = None,
) -> Iterator[Result]:
    """`function(linter, item)` for every item in `jobs` worker processes, results in input order.

    `function` must be a module-level function and `recipe` a picklable callable (a
    `functools.partial` of `build_linter`) that builds the Linter once per worker.  An
    item whose worker raises or dies is tried once more in a fresh worker; if that fails
    too, its result is `failed(item, reason)` (without `failed`, a RuntimeError is raised).
    """
    context = multiprocessing.get_context()
    pending = list(range(len(items)))[::-1]  # a stack: pop() gives the next index
    attempts = [0] * len(items)
    results: dict[int, Result] = {}
    target = min(jobs, len(items))
    workers: list[_Worker] = []
    next_out = 0

    def lost(index: int, reason: str) -> None:
        """The item at `index` failed: try it again, or record the failure."""
        if attempts[index] < ATTEMPTS:
            pending.append(index)
        elif failed is None:
            raise RuntimeError(f"item {index}: {reason}")
        else:
            results[index] = failed(items[index], reason)

    try:
        while True:
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1
            if next_out >= len(items):
                break
            while pending and len(workers) < target:
                workers.append(_Worker(context, recipe, function))
            # One item to every idle worker first; a second one each only while there are
            # enough left that no worker would go idle for it at the end of the run.
            for hold in range(1, HOLD + 1):
                for worker in workers:
                    if worker.ready and len(worker.holding) < hold and pending and (hold == 1 or len(pending) >= len(workers)):
                        index = pending.pop()
                        attempts[index] += 1
                        worker.give(index, items[index])
            by_connection = {worker.connection: worker for worker in workers}
            for connection in wait(list(by_connection)):
                worker = by_connection[connection]  # type: ignore[index]
                try:
                    message = worker.connection.recv()
                except (EOFError, OSError):
                    reason = worker.death()
                    worker.connection.close()
                    workers.remove(worker)
                    if not worker.ready:
                        raise RuntimeError(f"a worker process could not start: {reason}") from None
                    for waiting in reversed(worker.holding[1:]):  # never started: not an attempt
                        attempts[waiting] -= 1
                        pending.append(waiting)
                    if worker.holding:
                        lost(worker.holding[0], reason)
                    continue
                kind = message[0]
                if kind == "init-error":
                    raise message[1]
                if kind == "ready":
                    worker.ready = True
                    continue
                worker.holding.remove(message[1])
                if kind == "ok":
                    results[message[1]] = message[2]
                else:  # "raised"
                    lost(message[1], message[2])
    finally:
        for worker in workers:
            worker.stop()
