"""`claimcheck check PATH...`: lint files, print a report, choose the exit code.

Exit codes: 0 no finding at or above the fail level; 1 findings at or above it;
2 usage, configuration, rule or input error; 3 internal error (a bug).
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

import click

from claimcheck.cli.common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    FAIL_LEVELS,
    cache_option,
    config_option,
    echo_notices,
    emit,
    evidence_options,
    imports_uncollected,
    input_format_option,
    model_option,
    output_option,
    raw_csv_option,
    require_files,
    use_colour,
    with_flags,
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
@cache_option
@input_format_option
@click.option("--stdin-filename", default=None, help="Name (and so format) for text read from '-'.")
@output_option("Write the report to a file.")
@raw_csv_option
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no source excerpts, suggestions or summary.")
@click.option("--no-color", "no_colour", is_flag=True, help="Never colour the output (NO_COLOR is honoured too).")
@click.option("--baseline", "baseline_file", metavar="FILE", help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_file", metavar="FILE", help="Record the current findings in FILE; exit 0.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule on stderr after the report.")
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the config's include/exclude to files named on the command line too (for pre-commit).",
)
@click.option(
    "--min-severity",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity reported [default: warning for text, info otherwise]; failing findings always show.",
)
@click.option(
    "--all-findings",
    is_flag=True,
    help="Report every finding on its own, not one per claim (config: all_findings: true).",
)
@click.option(
    "--fix",
    "apply_fixes",
    is_flag=True,
    help="Apply rules' safe rewrites in place (stdin: print the fixed text; the report goes to stderr).",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff, also rewrites that may change what the copy says (review them).",
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print the rewrites as a unified diff, write nothing; the findings left go to stderr.",
)
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
    no_cache: bool,
    input_format: str | None,
    stdin_filename: str | None,
    output: str | None,
    raw_csv: bool,
    quiet: bool,
    no_colour: bool,
    baseline_file: str | None,
    write_baseline_file: str | None,
    statistics: bool,
    force_exclude: bool,
    min_severity: str | None,
    all_findings: bool,
    apply_fixes: bool,
    unsafe_fixes: bool,
    show_diff: bool,
    claims_library: str | None,
    publisher_domain: tuple[str, ...],
    bibliography: str | None,
    jobs: int | None,
) -> None:
    """Check files and folders (recursively); '-' reads standard input."""
    from claimcheck.cache import install_pattern_cache, keep_new_patterns

    install_pattern_cache(not no_cache)  # before the imports that compile patterns
    with imports_uncollected():
        from claimcheck import api
        from claimcheck.filters import baseline
        from claimcheck.filters.grouping import expand
        from claimcheck.filters.stage import fails_one, shown_level
        from claimcheck.progress import terminal_progress
        from claimcheck.report import FORMATTERS, summary

    if apply_fixes and show_diff:
        raise click.UsageError("use either --fix (write) or --diff (show), not both")
    from claimcheck.config import config_groups

    groups = []  # (settings, the paths they govern): the closest config file governs each path
    for group_settings, group_paths in config_groups(paths, config):
        group_settings = with_flags(group_settings, pipeline, fail_on, disable, enable, no_model, no_cache)
        if all_findings:
            provenance = {**group_settings.provenance, "all_findings": "--all-findings"}
            group_settings = replace(group_settings, all_findings=True, provenance=provenance)
        groups.append((group_settings, group_paths))
    keep_new_patterns(all(group_settings.cache for group_settings, _ in groups))
    settings = groups[0][0]  # output format, minimum severity: the first path's config
    output_format = output_format or settings.format
    known = baseline.load_baseline(baseline_file) if baseline_file else None
    require_files(claims_library, bibliography)
    keep = output_format == "html" or apply_fixes or show_diff
    findings: list = []
    notices: list = []
    files_checked = 0
    checked: list[str] = []
    texts: dict[str, str] = {}
    claims: dict = {}
    governed: dict[str, object] = {}  # path -> the settings of its group
    linters: list = []  # (linter or None, settings, paths of its group)
    for group_settings, group_paths in groups:
        recipe = partial(
            api.build_linter,
            group_settings,
            claims_library=claims_library,
            publisher_domains=publisher_domain,
            bibliography=bibliography,
        )
        # Worker processes build their own linters; this process needs one for stdin and fixes.
        linter = recipe() if "-" in group_paths or apply_fixes or show_diff else None
        file_paths = [path for path in group_paths if path != "-"]
        if force_exclude:
            from claimcheck.sources.walk import excluded

            file_paths = [
                path
                for path in file_paths
                if Path(path).is_dir() or not excluded(path, group_settings.exclude, group_settings.include, group_settings.root)
            ]
        report = (
            api.check_paths(
                file_paths,
                linter=linter,
                settings=group_settings,
                format=input_format,
                claims=keep,
                progress=terminal_progress(sys.stderr),
                jobs=jobs,
                build=recipe,
            )
            if file_paths
            else api.Report((), (), 0)
        )
        findings.extend(report.findings)
        notices.extend(report.notices)
        files_checked += report.files_checked
        checked.extend(report.checked)
        texts.update(report.texts)
        claims.update(report.claims)
        governed.update((path, group_settings) for path in report.checked)
        if "-" in group_paths:
            name = stdin_filename or "<stdin>"
            data = sys.stdin.buffer.read()
            try:
                source = api.read_source(name, data, input_format, group_settings.max_file_size)
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
                governed[name] = group_settings
        linters.append((linter, group_settings, {*report.checked, *(["-"] if "-" in group_paths else [])}))
    echo_notices(notices)
    stream, to_fix = sys.stdout, 0
    if apply_fixes or show_diff:
        from claimcheck.cli.fix import run_fixes

        stdin_name = (stdin_filename or "<stdin>") if "-" in paths else None
        remaining: list = []
        failed = 0
        for linter, _, members in linters:  # each group's findings, fixed with its own rules
            own = [finding for finding in findings if finding.path in members or (finding.path == stdin_name and "-" in members)]
            if not own and "-" not in members and len(linters) > 1:
                continue
            outcome = run_fixes(own, texts, linter, input_format, stdin_name, write=apply_fixes, unsafe=unsafe_fixes)
            remaining.extend(outcome.findings)
            texts.update(outcome.texts)
            to_fix += outcome.changed
            failed += outcome.failed
        findings = remaining
        if any(notice.internal for notice in notices):
            sys.exit(EXIT_INTERNAL)
        if failed or any(notice.error for notice in notices):
            sys.exit(EXIT_ERROR)
        if show_diff or stdin_name is not None:  # stdout holds the diff or the fixed text: the report goes to stderr
            stream = sys.stderr
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

    def failing(finding) -> bool:  # type: ignore[no-untyped-def]
        return fails_one(finding, governed.get(finding.path, settings), fail_on)  # type: ignore[arg-type]

    lowest = shown_level(settings, output_format, min_severity)
    shown = [finding for finding in findings if finding.severity >= lowest or failing(finding)]
    counts = summary(shown, files_checked, hidden=len(findings) - len(shown))
    rendered = (
        ""
        if output_format == "none"
        else FORMATTERS[output_format](
            shown,
            failing=failing,
            sources=texts,
            colour=output is None and use_colour(no_colour, stream),
            summary=None if quiet else counts,
            show_source=not quiet,
            notices=[{"path": notice.path, "message": notice.message, "error": notice.error} for notice in notices],
            rules=_catalogue(api, linters),
            files=checked,
            base_dir=str(Path.cwd()),
            information_uri=_project_uri() if output_format == "sarif" else None,
            claims=claims,
            raw_csv=raw_csv,
        )
    )
    emit(rendered, output, err=stream is sys.stderr)
    if statistics:
        from claimcheck.report.statistics import format_statistics

        click.echo(format_statistics(expand(findings)), err=True, nl=False)
    if any(notice.internal for notice in notices):
        sys.exit(EXIT_INTERNAL)
    if any(notice.error for notice in notices):
        sys.exit(EXIT_ERROR)
    if any(map(failing, findings)):
        sys.exit(EXIT_FINDINGS)
    if show_diff and to_fix:  # like `ruff --diff`: 1 when there is something to fix
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_CLEAN)


def _catalogue(api, linters) -> list:  # type: ignore[no-untyped-def]
    """Every rule a report may name, over the groups' settings (each id once)."""
    rules: dict[str, object] = {}
    for linter, group_settings, _ in linters:
        for rule in linter.catalogue if linter is not None else api.all_rules(group_settings):
            rules.setdefault(rule.id, rule)
    return list(rules.values())


command = check


def _project_uri() -> str | None:
    """The SARIF driver's home page (package metadata: read only for SARIF output)."""
    from claimcheck.report.sarif import project_uri

    return project_uri()
