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
from functools import partial
from pathlib import Path
from typing import Any

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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def main() -> None:
    """Lint health claims in stem-cell and regenerative-medicine marketing copy."""


def _settings(
    config: str | None,
    pipeline: str | None,
    fail_on: str | None,
    disable: Sequence[str],
    enable: Sequence[str],
    paths: Sequence[str] = (),
):
    """The config file (`--config`, else found above the paths) with flags on top."""
    from claimcheck.config import settings_for

    settings = settings_for(paths, config)
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
    return replace(settings, provenance=provenance, **changes) if changes else settings


def emit(rendered: str, output: str | None) -> None:
    """Write a report to `output`, or to standard output."""
    if output:
        try:
            Path(output).write_text(rendered, encoding="utf-8")
        except OSError as problem:
            raise ClaimcheckError(f"cannot write {output}: {problem.strerror or problem}") from None
    else:
        click.echo(rendered, nl=False)


def echo_notices(notices: Sequence[Any]) -> None:
    """Skipped or unreadable inputs, one line each on standard error."""
    for notice in notices:
        click.echo(f"claimcheck: {'error' if notice.error else 'notice'}: {notice.message}", err=True)


def _use_colour(no_colour: bool, stream) -> bool:  # type: ignore[no-untyped-def]
    if no_colour or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif", "junit", "github", "csv", "html"]),
    default=None,
    help="Output format [default: text, or the config's format]; html: a self-contained review page, use with --output.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: warning].",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config file (default: nearest .claimcheck.yaml, setup.cfg [claimcheck] or pyproject.toml [tool.claimcheck]).",
)
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
@click.option("--baseline", "baseline_file", metavar="FILE", help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_file", metavar="FILE", help="Record the current findings in FILE; exit 0.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule on stderr after the report.")
@click.option("--fix", "apply_fixes", is_flag=True, help="Apply rules' safe rewrites in place (stdin: print the fixed text).")
@click.option("--diff", "show_diff", is_flag=True, help="Print the safe rewrites as a unified diff; write nothing.")
@click.option("--claims-library", type=click.Path(dir_okay=False), default=None, help="Approved-claims library (YAML).")
@click.option("--publisher-domain", multiple=True, help="The publisher's domain; links there are self-references (repeatable).")
@click.option("--bibliography", type=click.Path(dir_okay=False), default=None, help="BibTeX (.bib) or CSL-JSON references file.")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes for many files [default: all cores]."
)
def check(
    paths: tuple[str, ...],
    output_format: str | None,
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
    baseline_file: str | None,
    write_baseline_file: str | None,
    statistics: bool,
    apply_fixes: bool,
    show_diff: bool,
    claims_library: str | None,
    publisher_domain: tuple[str, ...],
    bibliography: str | None,
    jobs: int | None,
) -> None:
    """Check files and folders (recursively); '-' reads standard input."""
    from claimcheck import api
    from claimcheck.filters import baseline
    from claimcheck.filters.stage import fails
    from claimcheck.progress import terminal_progress
    from claimcheck.report import FORMATTERS, summary
    from claimcheck.report.sarif import project_uri
    from claimcheck.report.statistics import format_statistics

    if apply_fixes and show_diff:
        raise click.UsageError("use either --fix (write) or --diff (show), not both")
    settings = _settings(config, pipeline, fail_on, disable, enable, paths)
    output_format = output_format or settings.format
    known = baseline.load_baseline(baseline_file) if baseline_file else None
    for given in (claims_library, bibliography):
        if given and not Path(given).is_file():
            raise ClaimcheckError(f"{given}: file not found")
    recipe = partial(
        api.build_linter, settings, claims_library=claims_library, publisher_domains=publisher_domain, bibliography=bibliography
    )
    # Worker processes build their own linters; this process needs one for stdin and fixes.
    linter = recipe() if "-" in paths or apply_fixes or show_diff else None
    file_paths = [path for path in paths if path != "-"]
    keep = output_format == "html" or apply_fixes or show_diff
    report = (
        api.check_paths(
            file_paths,
            linter=linter,
            settings=settings,
            format=input_format,
            claims=keep,
            progress=terminal_progress(sys.stderr),
            jobs=jobs,
            build=recipe,
        )
        if file_paths
        else api.Report((), (), 0)
    )
    findings = list(report.findings)
    notices = list(report.notices)
    files_checked = report.files_checked
    checked = list(report.checked)
    texts: dict[str, str] = dict(report.texts)
    claims = dict(report.claims)
    if "-" in paths:
        name = stdin_filename or "<stdin>"
        data = sys.stdin.buffer.read()
        try:
            source = api.read_source(name, data, input_format, settings.max_file_size)
        except ClaimcheckError as problem:
            notices.append(api.Notice(name, str(problem), error=True))
        else:
            texts[name] = source.original
            if keep:
                found, claims[name] = api.check_source(linter, source)
                findings.extend(found)
            else:
                findings.extend(next(api.run_checks(linter, [source]))[1])
            files_checked += 1
            checked.append(name)
    echo_notices(notices)
    if apply_fixes or show_diff:
        from claimcheck.fixcli import run_fixes

        stdin_name = (stdin_filename or "<stdin>") if "-" in paths else None
        outcome = run_fixes(findings, texts, linter, input_format, stdin_name, write=apply_fixes)
        findings, texts = outcome.findings, outcome.texts
        if outcome.failed or any(notice.error for notice in notices):
            sys.exit(EXIT_ERROR)
        if show_diff:  # like `ruff --diff`: 1 when there is something to fix
            sys.exit(EXIT_FINDINGS if outcome.changed else EXIT_CLEAN)
        if stdin_name is not None:  # stdout holds the fixed text, not a report
            output_format, quiet, output = "none", True, None
    fingerprinting = known is not None or write_baseline_file is not None or output_format == "sarif"
    if (output_format == "text" and not quiet) or fingerprinting:
        for path in {finding.path for finding in findings} - set(texts):
            with contextlib.suppress(OSError, ClaimcheckError):
                texts[path] = api.read_source(path, Path(path).read_bytes(), input_format, None).original
    if write_baseline_file:
        baseline.write_baseline(write_baseline_file, findings, texts)
        click.echo(f"claimcheck: recorded {len(findings)} findings in {write_baseline_file}", err=True)
        sys.exit(EXIT_ERROR if any(notice.error for notice in notices) else EXIT_CLEAN)
    if known is not None:
        total = len(findings)
        findings = baseline.new_findings(findings, texts, known)
        if total > len(findings) and not quiet:
            click.echo(f"claimcheck: {total - len(findings)} findings recorded in {baseline_file} not shown", err=True)
    stream = sys.stdout
    counts = summary(findings, files_checked)
    rendered = (
        ""
        if output_format == "none"
        else FORMATTERS[output_format](
            findings,
            sources=texts,
            colour=output is None and _use_colour(no_colour, stream),
            summary=None if quiet else counts,
            show_source=not quiet,
            notices=[{"path": notice.path, "message": notice.message, "error": notice.error} for notice in notices],
            rules=linter.catalogue if linter is not None else api.all_rules(settings),
            files=checked,
            base_dir=str(Path.cwd()),
            information_uri=project_uri(),
            claims=claims,
        )
    )
    emit(rendered, output)
    if statistics:
        click.echo(format_statistics(findings), err=True, nl=False)
    if any(notice.error for notice in notices):
        sys.exit(EXIT_ERROR)
    if fails(findings, settings, fail_on):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_CLEAN)


@main.command(name="rules")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Config file whose packs and overrides apply.")
def list_rules(config: str | None) -> None:
    """List the rules with their severity and what each flags."""
    from claimcheck.api import all_rules

    settings = _settings(config, None, None, (), ())
    for rule in all_rules(settings):
        state = "" if rule.enabled else " (disabled)"
        click.echo(f"{rule.id:<40} {rule.severity.label:<8} {rule.summary}{state}")


@main.command()
@click.argument("rule_id")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Config file whose packs apply.")
def explain(rule_id: str, config: str | None) -> None:
    """Show a rule's rationale, authority, suggestion and examples."""
    from claimcheck.api import all_rules

    settings = _settings(config, None, None, (), ())
    rules = {rule.id: rule for rule in all_rules(settings)}
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
    if rule.fix:
        from claimcheck.fixes import describe_fix

        click.echo(f"Safe fix (applied by 'check --fix'):\n  {describe_fix(rule.fix)}\n")
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


@main.command()
def lsp() -> None:
    """Run the language server over stdin/stdout (start it from your editor)."""
    try:
        from claimcheck.lsp.server import main as serve
    except ImportError as problem:
        raise ClaimcheckError(f"the language server cannot start: {problem} (reinstall claimcheck)") from None
    serve()


from claimcheck.claims_cli import claims  # noqa: E402 - registered after the group exists
from claimcheck.configcmd import config_command, init_command  # noqa: E402 - they reuse _settings above

main.add_command(init_command)
main.add_command(config_command)
main.add_command(claims)

if __name__ == "__main__":  # pragma: no cover
    main()
