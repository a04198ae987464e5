"""What every command shares: exit codes, the error handling of the group, settings
from `--config` and flags, writing a report, printing notices, and the options that
read the same in several commands.

Every command module imports this one; this one imports no command.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from claimcheck.errors import ClaimcheckError
from claimcheck.sources import FORMATS as INPUT_FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
FAIL_LEVELS = ("error", "warning", "info", "never")

F = TypeVar("F", bound=Callable[..., Any])


class ClaimcheckGroup(click.Group):
    """Turns every expected error into one line and exit 2, never a traceback."""

    def main(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("standalone_mode", True)
        try:
            return super().main(*args, **kwargs)
        except ClaimcheckError as error:  # raised outside a command's own handling
            click.echo(f"claimcheck: error: {error}", err=True)
            sys.exit(EXIT_ERROR)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except ClaimcheckError as error:
            click.echo(f"claimcheck: error: {error}", err=True)
            ctx.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("claimcheck: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader went away (`claimcheck rules | head`): stop quietly, as `cat` does.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_CLEAN)
        except RecursionError:
            click.echo("claimcheck: error: input is nested too deeply to read", err=True)
            ctx.exit(EXIT_ERROR)
        except Exception as error:
            if os.environ.get("CLAIMCHECK_DEBUG"):
                raise
            click.echo(
                f"claimcheck: internal error: {error.__class__.__name__}: {error} "
                "(this is a bug; set CLAIMCHECK_DEBUG=1 for details and report it)",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


@contextlib.contextmanager
def imports_uncollected() -> Iterator[None]:
    """Import a command's heavy modules (spaCy, NumPy, claimcheck's analyzers) with the
    cyclic garbage collector paused, then freeze what they made (`gc.freeze`).

    Importing allocates about a million objects that live as long as the process. The
    collector walked all of them in each of its full collections, which the growing heap
    set off while importing and building: ~0.1 s of CPU in a one-page `claimcheck check`
    (issue 12, stop 48). Paused, it runs no collection; frozen, those objects are left out
    of later ones, so a collection walks only what the run has made since. Reference
    counting frees non-cyclic garbage as before, and the collector runs as usual after.
    Only the first use in a process pauses anything: once the modules are imported there
    is nothing to gain, and a process that runs many commands (a test session) does not
    freeze the objects of every command before it.
    """
    if "spacy" in sys.modules or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def settings_from_options(
    config: str | None,
    pipeline: str | None,
    fail_on: str | None,
    disable: Sequence[str],
    enable: Sequence[str],
    paths: Sequence[str] = (),
    no_model: bool = False,
    no_cache: bool = False,
):  # type: ignore[no-untyped-def]
    """The config file (`--config`, else found above the paths) with flags on top."""
    from claimcheck.config import settings_for

    return with_flags(settings_for(paths, config), pipeline, fail_on, disable, enable, no_model, no_cache)


def with_flags(
    settings: Any,
    pipeline: str | None,
    fail_on: str | None,
    disable: Sequence[str],
    enable: Sequence[str],
    no_model: bool = False,
    no_cache: bool = False,
) -> Any:
    """Command-line flags over settings from a config file (the flags win)."""
    changes: dict[str, object] = {}
    provenance = dict(settings.provenance)
    for key, flag, value in (("pipeline", "--pipeline", pipeline), ("fail_on", "--fail-on", fail_on)):
        if value:
            changes[key] = value
            provenance[key] = flag
    for key, flag, values in (("disable", "--disable", disable), ("enable", "--enable", enable)):
        if values:
            changes[key] = (*getattr(settings, key), *values)
            provenance[key] = f"{provenance[key]} + {flag}" if key in provenance else flag
    if no_model:
        changes["model"] = replace(settings.model, enabled=False)
        provenance["model"] = "--no-model"
    if no_cache:
        changes["cache"] = False
        provenance["cache"] = "--no-cache"
    return replace(settings, provenance=provenance, **changes) if changes else settings


def emit(rendered: str, output: str | None, err: bool = False) -> None:
    """Write a report to `output`, or to standard output (standard error with `err`)."""
    if output:
        try:
            Path(output).write_text(rendered, encoding="utf-8")
        except OSError as problem:
            raise ClaimcheckError(f"cannot write {output}: {problem.strerror or problem}") from None
    else:
        click.echo(rendered, nl=False, err=err)


def echo_notices(notices: Sequence[Any]) -> None:
    """Skipped or unreadable inputs, one line each on standard error."""
    for notice in notices:
        click.echo(f"claimcheck: {'error' if notice.error else 'notice'}: {notice.message}", err=True)


def use_colour(no_colour: bool, stream) -> bool:  # type: ignore[no-untyped-def]
    if no_colour or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def require_files(*given: str | None) -> None:
    """Optional input files named by flags must exist (a clear error before any work)."""
    for path in given:
        if path and not Path(path).is_file():
            raise ClaimcheckError(f"{path}: file not found")


# ---------------------------------------------------------------- shared options


def config_option(help: str) -> Callable[[F], F]:
    return click.option("--config", type=click.Path(dir_okay=False), default=None, help=help)


def input_format_option(function: F) -> F:
    return click.option(
        "--input-format",
        type=click.Choice(INPUT_FORMATS),
        default=None,
        help="Read every input as this format instead of choosing by extension.",
    )(function)


def output_option(help: str) -> Callable[[F], F]:
    return click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None, help=help)


def raw_csv_option(function: F) -> F:
    return click.option(
        "--raw-csv",
        is_flag=True,
        help="CSV: write cells as they are, for programs; by default a cell starting with = + - @ "
        "(a spreadsheet formula) gets a ' in front.",
    )(function)


def model_option(function: F) -> F:
    return click.option(
        "--no-model",
        is_flag=True,
        help="Run the rules alone, without the learned claim detector (config: 'model: false').",
    )(function)


def cache_option(function: F) -> F:
    return click.option(
        "--no-cache",
        is_flag=True,
        help="Build rules, lexicons and matchers afresh, without reading or writing the compile cache "
        "(config: 'cache: false'; the folder is CLAIMCHECK_CACHE_DIR or the user cache folder).",
    )(function)


def evidence_options(function: F) -> F:
    """--claims-library, --publisher-domain and --bibliography: what the linter is built with."""
    for option in reversed(
        (
            click.option(
                "--claims-library", type=click.Path(dir_okay=False), default=None, help="Approved-claims library (YAML)."
            ),
            click.option(
                "--publisher-domain", multiple=True, help="The publisher's domain; links there are self-references (repeatable)."
            ),
            click.option(
                "--bibliography", type=click.Path(dir_okay=False), default=None, help="BibTeX (.bib) or CSL-JSON references file."
            ),
        )
    ):
        function = option(function)
    return function
