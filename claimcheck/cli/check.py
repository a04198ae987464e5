"""`claimcheck check PATH...`: lint files, print a report, choose the exit code.

Exit codes: 0 no finding at or above the fail level; 1 findings at or above it;
2 usage, configuration, rule or input error; 3 internal error (a bug).
"""

from __future__ import annotations

import contextlib
import os
import sys
from functools import partial
from pathlib import Path

import click

from claimcheck.cli.common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    FAIL_LEVELS,
    config_option,
    echo_notices,
    emit,
    evidence_options,
    input_format_option,
    model_option,
    output_option,
    raw_csv_option,
    require_files,
    settings_from_options,
    use_colour,
)
from claimcheck.errors import ClaimcheckError


@click.command(name="check")
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
    type=click.Choice(FAIL_LEVELS),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: warning].",
)
@config_option("Config file (default: nearest .claimcheck.yaml, setup.cfg [claimcheck] or pyproject.toml [tool.claimcheck]).")
@click.option(
    "--pipeline",
    default=None,
    help="spaCy pipeline: 'blank' (default, no model needed) or an installed trained pipeline such as en_core_web_sm.",
)
@click.option("--disable", multiple=True, help="Disable a rule id or glob (repeatable).")
@click.option("--enable", multiple=True, help="Enable a rule id or glob (repeatable).")
@model_option
@input_format_option
@click.option("--stdin-filename", default=None, help="Name (and so format) for text read from '-'.")
@output_option("Write the report to a file.")
@raw_csv_option
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no source excerpts, suggestions or summary.")
@click.option("--no-color", "no_colour", is_flag=True, help="Never colour the output (NO_COLOR is honoured too).")
@click.option("--baseline", "baseline_file", metavar="FILE", help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_file", metavar="FILE", help="Record the current findings in FILE; exit 0.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule on stderr after the report.")
@click.option("--fix", "apply_fixes", is_flag=True, help="Apply rules' safe rewrites in place (stdin: print the fixed text).")
@click.option("--diff", "show_diff", is_flag=True, help="Print the safe rewrites as a unified diff; write nothing.")
@evidence_options
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
    no_model: bool,
    input_format: str | None,
    stdin_filename: str | None,
    output: str | None,
    raw_csv: bool,
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
    settings = settings_from_options(config, pipeline, fail_on, disable, enable, paths, no_model)
    output_format = output_format or settings.format
    known = baseline.load_baseline(baseline_file) if baseline_file else None
    require_files(claims_library, bibliography)
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
            if keep:
                found, claims[name] = api.check_source(linter, source)
            else:
                found = next(api.run_checks(linter, [source]))[1]
        except ClaimcheckError as problem:
            notices.append(api.Notice(name, str(problem), error=True))
        except RecursionError:
            notices.append(api.Notice(name, f"{name}: input is nested too deeply to read", error=True))
        except Exception as error:  # a bug: reported for this input, the files' findings are kept
            if os.environ.get("CLAIMCHECK_DEBUG"):
                raise
            notices.append(api.internal_error(name, f"{error.__class__.__name__}: {error}"))
        else:
            texts[name] = source.original
            findings.extend(found)
            notices.extend(api.Notice(name, note, error=True) for note in source.notes)
            notices.extend(api.Notice(name, message, error=True) for message in linter.take_stopped())
            files_checked += 1
            checked.append(name)
    echo_notices(notices)
    if apply_fixes or show_diff:
        from claimcheck.cli.fix import run_fixes

        stdin_name = (stdin_filename or "<stdin>") if "-" in paths else None
        outcome = run_fixes(findings, texts, linter, input_format, stdin_name, write=apply_fixes)
        findings, texts = outcome.findings, outcome.texts
        if any(notice.internal for notice in notices):
            sys.exit(EXIT_INTERNAL)
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
    if fingerprinting:
        # A fingerprint hashes the sentence around a finding, read from the file again
        # here: a file that changed or vanished meanwhile gives a coarser fingerprint.
        stale = [
            api.Notice(
                path,
                f"{path}: changed or vanished since it was checked; the baseline fingerprints "
                "of its findings leave out the sentence around them",
                error=False,
            )
            for path in baseline.stale_paths(findings, texts)
        ]
        echo_notices(stale)
        notices.extend(stale)
    if write_baseline_file:
        baseline.write_baseline(write_baseline_file, findings, texts)
        click.echo(f"claimcheck: recorded {len(findings)} findings in {write_baseline_file}", err=True)
        if any(notice.internal for notice in notices):
            sys.exit(EXIT_INTERNAL)
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
            colour=output is None and use_colour(no_colour, stream),
            summary=None if quiet else counts,
            show_source=not quiet,
            notices=[{"path": notice.path, "message": notice.message, "error": notice.error} for notice in notices],
            rules=linter.catalogue if linter is not None else api.all_rules(settings),
            files=checked,
            base_dir=str(Path.cwd()),
            information_uri=project_uri(),
            claims=claims,
            raw_csv=raw_csv,
        )
    )
    emit(rendered, output)
    if statistics:
        click.echo(format_statistics(findings), err=True, nl=False)
    if any(notice.internal for notice in notices):
        sys.exit(EXIT_INTERNAL)
    if any(notice.error for notice in notices):
        sys.exit(EXIT_ERROR)
    if fails(findings, settings, fail_on):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_CLEAN)


command = check
