"""The command line: the `claimcheck` group and its commands, one module each.

`main` is the command group; `run` (the console script, `claimcheck = claimcheck.cli:run`,
and what `python -m claimcheck` runs) calls it and then ends the process without tearing
the interpreter down (`exit_now`).  A command module defines one click command as `command`
and imports only `cli.common` (plus the API it calls, lazily where that is slow);
adding a command is one module here and one entry in `COMMANDS` below.  A command's
module is imported only when that command runs (or `--help` lists them all): a
`claimcheck check` does not pay for the audit, training or config commands' imports.
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import threading
from typing import NoReturn

import click

from claimcheck.cli.common import ClaimcheckGroup
from claimcheck.version import __version__

# Command name -> its module in claimcheck/cli.
COMMANDS = {
    "audit": "audit",
    "check": "check",
    "claims": "claims",
    "config": "config",
    "eval": "evaluate",
    "explain": "explain",
    "init": "init",
    "lsp": "lsp",
    "rules": "rules",
    "train": "train",
}


class _LazyGroup(ClaimcheckGroup):
    """Lists the commands by name and imports a command's module when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command: click.Command = importlib.import_module(f"claimcheck.cli.{module}").command
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def main() -> None:
    """Lint health claims in stem-cell and regenerative-medicine marketing copy."""


def run() -> NoReturn:
    """The process entry point: the command, then `exit_now` with its exit code."""
    try:
        main()
    except SystemExit as done:
        exit_now(done.code)
    exit_now(0)  # pragma: no cover - click's standalone mode always raises SystemExit


def exit_now(code: object) -> NoReturn:
    """End the process as `sys.exit(code)` would, without the interpreter's teardown.

    Once a command has written its report there is nothing left to do but exit, yet
    Python's finalization (clearing some 1,500 modules, spaCy's and NumPy's among them,
    and freeing every object one by one) costs a one-page `claimcheck check` about
    0.25 s of CPU, a fifth of the run (issue 12, stop 48). What finalization does that a
    caller can observe is done here: the atexit handlers run (the compile cache writes
    its new patterns, multiprocessing joins its children, temporary folders are removed),
    and the standard streams are flushed (a failed flush gives 120, as Python's own exit
    does). Every file claimcheck writes is closed by a `with` block before this point.
    Where that is not enough, the ordinary exit is taken: a thread that is not a daemon
    is still running (Python would wait for it), Python's development mode is on (it
    reports unclosed resources at teardown), or a profiler or tracer is set (`python -m
    cProfile` writes its report after the program returns, and a tracer may do the same).
    """
    if (
        sys.flags.dev_mode
        or sys.getprofile() is not None
        or sys.gettrace() is not None
        or any(
            thread.is_alive() and not thread.daemon and thread is not threading.main_thread() for thread in threading.enumerate()
        )
    ):
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): printed to stderr, status 1
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            status = 120
    os._exit(status)


__all__ = ["COMMANDS", "exit_now", "main", "run"]
