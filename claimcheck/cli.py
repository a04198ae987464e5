"""The command line: parse arguments, call the API, print, choose the exit code.

Exit codes: 0 no finding at or above the fail level; 1 findings at or above it;
2 usage, configuration, rule or input error; 3 internal error (a bug).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import click

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


class _Group(click.Group):
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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def main() -> None:
    """Lint health claims in stem-cell and regenerative-medicine marketing copy."""


def _settings(config: str | None, pipeline: str | None, fail_on: str | None, disable: Sequence[str], enable: Sequence[str]):
    from claimcheck.config import Settings, find_config, load_settings

    if config:
        path = Path(config)
        if not path.is_file():
            raise ClaimcheckError(f"config file {config!r} not found")
        settings = load_settings(path)
    else:
        found = find_config(Path.cwd())
        settings = load_settings(found) if found else Settings()
    changes: dict[str, object] = {}
    if pipeline:
        changes["pipeline"] = pipeline
    if fail_on:
        changes["fail_on"] = fail_on
    if disable:
        changes["disable"] = (*settings.disable, *disable)
    if enable:
        changes["enable"] = (*settings.enable, *enable)
    return replace(settings, **changes) if changes else settings


def _use_colour(no_colour: bool, stream) -> bool:  # type: ignore[no-untyped-def]
    if no_colour or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: warning].",
)
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Config file (default: nearest .claimcheck.yaml).")
@click.option(
    "--pipeline",
    default=None,
    help="spaCy pipeline: 'blank' (default, no model needed) or an installed trained pipeline such as en_core_web_sm.",
)
@click.option("--disable", multiple=True, help="Disable a rule id or glob (repeatable).")
@click.option("--enable", multiple=True, help="Enable a rule id or glob (repeatable).")
@click.option(
    "--input-format",
    type=click.Choice(["text", "markdown", "html", "docx"]),
    default=None,
    help="Read every input as this format instead of choosing by extension.",
)
@click.option("--stdin-filename", default=None, help="Name (and so format) for text read from '-'.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None, help="Write the report to a file.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no source excerpts, suggestions or summary.")
@click.option("--no-color", "no_colour", is_flag=True, help="Never colour the output (NO_COLOR is honoured too).")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes for many files [default: all cores]."
)
def check(
    paths: tuple[str, ...],
    output_format: str,
    fail_on: str | None,
    config: str | None,
    pipeline: str | None,
    disable: tuple[str, ...],
    enable: tuple[str, ...],
    input_format: str | None,
    stdin_filename: str | None,
    output: str | None,
    quiet: bool,
    no_colour: bool,
    jobs: int | None,
) -> None:
    """Check files and folders (recursively); '-' reads standard input."""
    from claimcheck import api
    from claimcheck.findings import Severity
    from claimcheck.report import FORMATTERS, summary

    settings = _settings(config, pipeline, fail_on, disable, enable)
    # Workers build their own linters; the parent needs one only for stdin or in-process runs.
    linter = api.build_linter(settings) if "-" in paths else None
    file_paths = [path for path in paths if path != "-"]
    report = (
        api.check_paths(file_paths, linter=linter, settings=settings, format=input_format, jobs=jobs)
        if file_paths
        else api.Report((), (), 0)
    )
    findings = list(report.findings)
    notices = list(report.notices)
    files_checked = report.files_checked
    texts: dict[str, str] = {}
    if "-" in paths:
        name = stdin_filename or "<stdin>"
        data = sys.stdin.buffer.read()
        try:
            source = api.read_source(name, data, input_format, settings.max_file_size)
        except ClaimcheckError as problem:
            notices.append(api.Notice(name, str(problem), error=True))
        else:
            texts[name] = source.original
            findings.extend(next(linter.check_sources([source]))[1])
            files_checked += 1
    for notice in notices:
        click.echo(f"claimcheck: {'error' if notice.error else 'notice'}: {notice.message}", err=True)
    if output_format == "text" and not quiet:
        for path in {finding.path for finding in findings} - set(texts):
            with contextlib.suppress(OSError, ClaimcheckError):
                texts[path] = api.read_source(path, Path(path).read_bytes(), input_format, None).original
    stream = sys.stdout
    counts = summary(findings, files_checked)
    rendered = FORMATTERS[output_format](
        findings,
        sources=texts,
        colour=output is None and _use_colour(no_colour, stream),
        summary=None if quiet else counts,
        show_source=not quiet,
        notices=[{"path": notice.path, "message": notice.message, "error": notice.error} for notice in notices],
    )
    if output:
        try:
            Path(output).write_text(rendered, encoding="utf-8")
        except OSError as problem:
            raise ClaimcheckError(f"cannot write {output}: {problem.strerror or problem}") from None
    else:
        click.echo(rendered, nl=False)
    if any(notice.error for notice in notices):
        sys.exit(EXIT_ERROR)
    threshold = settings.fail_on
    if threshold != "never" and any(finding.severity >= Severity.parse(threshold) for finding in findings):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_CLEAN)


@main.command(name="rules")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Config file whose packs and overrides apply.")
def list_rules(config: str | None) -> None:
    """List the rules with their severity and what each flags."""
    from claimcheck.checks.loader import load_rules
    from claimcheck.config import select_rules

    settings = _settings(config, None, None, (), ())
    for rule in select_rules(load_rules(settings.packs), settings):
        state = "" if rule.enabled else " (disabled)"
        click.echo(f"{rule.id:<40} {rule.severity.label:<8} {rule.summary}{state}")


@main.command()
@click.argument("rule_id")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Config file whose packs apply.")
def explain(rule_id: str, config: str | None) -> None:
    """Show a rule's rationale, authority, suggestion and examples."""
    from claimcheck.checks.loader import load_rules

    settings = _settings(config, None, None, (), ())
    rules = {rule.id: rule for rule in load_rules(settings.packs)}
    if rule_id not in rules:
        close = [known for known in rules if rule_id.split("/")[-1] in known]
        hint = f" (did you mean {', '.join(close)}?)" if close else " (see 'claimcheck rules')"
        raise ClaimcheckError(f"unknown rule {rule_id!r}{hint}")
    rule = rules[rule_id]
    click.echo(f"{rule.id}  [{rule.severity.label}, kind: {rule.kind}, category: {rule.category}]\n")
    click.echo("Why:\n  " + rule.rationale.replace("\n", "\n  ") + "\n")
    click.echo(f"Authority:\n  {rule.authority}" + (f"\n  {rule.authority_url}" if rule.authority_url else "") + "\n")
    if rule.suggestion:
        click.echo(f"Suggestion:\n  {rule.suggestion}\n")
    if rule.examples.flag:
        click.echo("Flagged:\n" + "\n".join(f"  - {text}" for text in rule.examples.flag) + "\n")
    if rule.examples.accept:
        click.echo("Not flagged:\n" + "\n".join(f"  - {text}" for text in rule.examples.accept))
    click.echo(f"\nDefined in {rule.origin}")


@main.command(name="eval")
@click.argument("corpus_dir", required=False, default="corpus", type=click.Path(file_okay=False))
@click.option("--split", type=click.Choice(["dev", "heldout", "all"]), default="heldout", show_default=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--examples", default=10, show_default=True, type=click.IntRange(min=0), help="Errors listed per worst category.")
@click.option("--show-heldout-errors", is_flag=True, help="Also list heldout errors (never while tuning rules).")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Config file whose packs and overrides apply.")
def evaluate(
    corpus_dir: str, split: str, output_format: str, examples: int, show_heldout_errors: bool, config: str | None
) -> None:
    """Score the linter against the annotated corpus (precision, recall, F1)."""
    from claimcheck import api
    from claimcheck.evaluation import evaluate as run_evaluation
    from claimcheck.report.evaluation import format_evaluation_json, format_evaluation_text

    if not Path(corpus_dir).is_dir():
        raise ClaimcheckError(f"corpus folder {corpus_dir!r} not found")
    settings = _settings(config, None, None, (), ())
    result = run_evaluation(Path(corpus_dir), api.build_linter(settings), split)
    if output_format == "json":
        click.echo(format_evaluation_json(result, show_heldout_errors=show_heldout_errors), nl=False)
    else:
        click.echo(format_evaluation_text(result, examples=examples, show_heldout_errors=show_heldout_errors), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
