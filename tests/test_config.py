"""Configuration: discovery order, the three file kinds, extends, schema errors,
rule_options, per-path overrides, `init` and `config`."""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claimcheck.api import all_rules, check_paths, check_text
from claimcheck.cli import main
from claimcheck.cli.init import STARTER
from claimcheck.config import ModelSettings, PathOverride, Settings, find_config, load_settings, settings_for
from claimcheck.errors import ConfigError
from claimcheck.filters.stage import Filters, fails
from claimcheck.report import FORMATTERS
from claimcheck.severity import Severity
from claimcheck.sources import parse_source

CLAIM = "Our stem cell therapy cures multiple sclerosis.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- discovery ---------------------------------------------------------------------


def test_discovery_order_within_a_folder(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.claimcheck]\nfail_on = 'info'\n")
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    write(tmp_path / "setup.cfg", "[claimcheck]\nfail_on = error\n")
    assert find_config(tmp_path) == tmp_path / "setup.cfg"
    write(tmp_path / ".claimcheck.yml", "fail_on: never\n")
    assert find_config(tmp_path) == tmp_path / ".claimcheck.yml"
    write(tmp_path / ".claimcheck.yaml", "fail_on: warning\n")
    assert find_config(tmp_path) == tmp_path / ".claimcheck.yaml"


def test_nearest_folder_wins_and_files_without_our_section_are_skipped(tmp_path):
    write(tmp_path / ".claimcheck.yaml", "fail_on: error\n")
    inner = tmp_path / "site" / "blog"
    write(inner / "post.md", CLAIM)
    # Packaging files without a claimcheck section do not stop the search.
    write(tmp_path / "site" / "setup.cfg", "[metadata]\nname = x\n")
    write(tmp_path / "site" / "pyproject.toml", "[tool.black]\nline-length = 90\n")
    assert find_config(inner / "post.md") == tmp_path / ".claimcheck.yaml"
    write(tmp_path / "site" / "pyproject.toml", "[tool.claimcheck]\nfail_on = 'never'\n")
    assert find_config(inner / "post.md") == tmp_path / "site" / "pyproject.toml"
    assert find_config(tmp_path / "elsewhere.md") == tmp_path / ".claimcheck.yaml"


def test_check_discovers_config_from_the_checked_path_not_the_cwd(tmp_path, monkeypatch):
    site = tmp_path / "site"
    write(site / ".claimcheck.yaml", "fail_on: never\n")
    page = write(site / "page.txt", CLAIM)
    monkeypatch.chdir(tmp_path)
    assert run("check", str(page)).exit_code == 0
    assert run("check", str(page), "--fail-on", "error").exit_code == 1  # the flag beats the file


def test_stdin_uses_the_config_of_the_current_folder(tmp_path, monkeypatch):
    write(tmp_path / ".claimcheck.yaml", "disable: ['efficacy/*', 'document/*']\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "-", "--format", "json"], input=CLAIM, catch_exceptions=False)
    assert json.loads(result.output)["findings"] == []


def test_paths_under_different_configs_are_an_error(tmp_path):
    write(tmp_path / "a" / ".claimcheck.yaml", "fail_on: never\n")
    write(tmp_path / "b" / ".claimcheck.yaml", "fail_on: error\n")
    with pytest.raises(ConfigError, match="different config files"):
        settings_for([str(tmp_path / "a"), str(tmp_path / "b")])
    assert settings_for([str(tmp_path / "a"), str(tmp_path / "a" / "x.md")]).fail_on == "never"


def test_config_flag_accepts_each_kind(tmp_path):
    cfg = write(tmp_path / "other" / "my.cfg", "[claimcheck]\nfail_on = info\n")
    toml = write(tmp_path / "other" / "pyproject.toml", "[tool.claimcheck]\nfail_on = 'error'\n")
    yml = write(tmp_path / "other" / "team.yaml", "fail_on: never\n")
    assert settings_for([str(tmp_path)], cfg).fail_on == "info"
    assert settings_for([str(tmp_path)], toml).fail_on == "error"
    assert settings_for([str(tmp_path)], yml).fail_on == "never"
    with pytest.raises(ConfigError, match="not found"):
        settings_for([], tmp_path / "missing.yaml")
    plain = write(tmp_path / "plain" / "setup.cfg", "[metadata]\nname = x\n")
    with pytest.raises(ConfigError, match=r"setup.cfg: no \[claimcheck\] section"):
        settings_for([], plain)


# -- the file kinds ------------------------------------------------------------------


def test_setup_cfg_values_lists_and_mappings(tmp_path):
    path = write(
        tmp_path / "setup.cfg",
        """\
        [metadata]
        name = site
        [claimcheck]
        packs = stemcell
        disable = marketing/*, evidence/uncited-appeal
        enable =
            efficacy/cure-claim
        severity = {"document/*": info}
        citation_window = 2
        overrides = [{paths: ["blog/**"], disable: [document/no-disclaimer],
            fail_on: error}]
        rule_options = {"marketing/hype": {unless: [negated]}}
        pipeline = blank
        """,
    )
    settings = load_settings(path)
    assert settings.packs == ("stemcell",)
    assert settings.disable == ("marketing/*", "evidence/uncited-appeal")
    assert settings.enable == ("efficacy/cure-claim",)
    assert settings.severity == {"document/*": "info"}
    assert settings.citation_window == 2
    assert settings.overrides[0].paths == ("blog/**",) and settings.overrides[0].fail_on == "error"
    assert settings.rule_options == {"marketing/hype": {"unless": ["negated"]}}
    assert settings.source_of("disable") == f"{path} [claimcheck] disable"


def test_setup_cfg_errors_name_file_section_and_key(tmp_path):
    path = write(tmp_path / "setup.cfg", "[claimcheck]\ncitation_window = lots\n")
    with pytest.raises(ConfigError, match=r"setup.cfg \[claimcheck\]: citation_window: expected integer, got 'lots'"):
        load_settings(path)
    write(path, "[claimcheck]\nfail_level = error\n")
    with pytest.raises(ConfigError, match=r"setup.cfg \[claimcheck\]: unknown key 'fail_level' \(allowed: .*fail_on"):
        load_settings(path)
    write(path, "[claimcheck]\nseverity = {unclosed\n")
    with pytest.raises(ConfigError, match=r"setup.cfg \[claimcheck\] severity.*invalid YAML"):
        load_settings(path)


def test_pyproject_table(tmp_path):
    path = write(
        tmp_path / "pyproject.toml",
        """\
        [project]
        name = "site"

        [tool.claimcheck]
        disable = ["marketing/*"]
        fail_on = "error"
        severity = {"evidence/*" = "info"}

        [[tool.claimcheck.overrides]]
        paths = ["legal/*.md"]
        disable = ["document/*"]
        """,
    )
    settings = load_settings(path)
    assert settings.disable == ("marketing/*",) and settings.fail_on == "error"
    assert settings.severity == {"evidence/*": "info"}
    assert settings.overrides[0].disable == ("document/*",)
    assert settings.source_of("fail_on") == f"{path} [tool.claimcheck] fail_on"


def test_pyproject_errors(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.claimcheck]\nfail_on = 3\n")
    with pytest.raises(ConfigError, match=r"\[tool.claimcheck\]: fail_on: 3 is not allowed \(choose from error, warning"):
        load_settings(path)
    write(path, "[tool.claimcheck\nfail_on = 'x'\n")
    assert find_config(tmp_path) == path  # broken but meant for us: reported, not skipped
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(path)


# -- schema errors through the CLI: one line, exit 2 -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("packs: stemcell\n", "packs: expected array, got 'stemcell'"),
        (
            "overrides: [{paths: [a], colour: red}]\n",
            "unknown key 'colour' under 'overrides.0' (allowed: disable, fail_on, paths, severity)",
        ),
        ("overrides: [{disable: [x]}]\n", "overrides.0: 'paths' is required"),
        ("format: pdf\n", "format: 'pdf' is not allowed (choose from " + ", ".join(sorted(FORMATTERS))),
        ("severity: {'efficacy/*': fatal}\n", "'fatal' is not allowed (choose from error, warning, info)"),
        ("- a list\n", "the config must be a mapping"),
        ("rule_options: {'marketing/hype': 3}\n", "rule_options.marketing/hype: expected object, got 3"),
    ],
)
def test_schema_errors_are_one_line(tmp_path, text, expected):
    config = write(tmp_path / ".claimcheck.yaml", text)
    page = write(tmp_path / "p.txt", "x")
    result = run("check", str(page))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert f"{config}: " in result.output and expected in result.output


# -- extends -------------------------------------------------------------------------


def test_extends_merges_with_the_child_winning(tmp_path):
    base = write(
        tmp_path / "org" / "base.yaml",
        """\
        packs: [stemcell, ./org-rules]
        disable: ["marketing/*"]
        severity: {"evidence/*": error, "document/*": info}
        fail_on: error
        claims_library: claims.yml
        """,
    )
    child = write(
        tmp_path / "site" / ".claimcheck.yaml",
        """\
        extends: ../org/base.yaml
        severity: {"evidence/*": info}
        fail_on: info
        """,
    )
    settings = load_settings(child)
    assert settings.fail_on == "info"
    assert settings.severity == {"evidence/*": "info", "document/*": "info"}
    assert settings.disable == ("marketing/*",)
    # Paths in the parent are relative to the parent.
    assert settings.packs == ("stemcell", str((tmp_path / "org" / "org-rules").resolve()))
    assert settings.claims_library == str((tmp_path / "org" / "claims.yml").resolve())
    assert settings.config_files == (str(child), str(base))
    assert settings.source_of("fail_on") == f"{child}:fail_on"
    assert settings.source_of("disable") == f"{base}:disable"
    assert settings.source_of("severity") == f"{base}:severity + {child}:severity"


def test_extends_a_pyproject_and_errors(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.claimcheck]\nfail_on = 'never'\n")
    child = write(tmp_path / "sub" / ".claimcheck.yaml", "extends: ../pyproject.toml\n")
    assert load_settings(child).fail_on == "never"
    write(child, "extends: nowhere.yaml\n")
    with pytest.raises(ConfigError, match=r"\.claimcheck\.yaml:extends: file 'nowhere.yaml' not found"):
        load_settings(child)


def test_extends_cycle_is_an_error(tmp_path):
    write(tmp_path / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "b.yaml", "extends: c.yaml\n")
    write(tmp_path / "c.yaml", "extends: a.yaml\n")
    cycle = r"c.yaml:extends: 'extends' makes a cycle: .*a.yaml -> .*b.yaml -> .*c.yaml -> .*a.yaml"
    with pytest.raises(ConfigError, match=cycle):
        load_settings(tmp_path / "a.yaml")
    write(tmp_path / "self.yaml", "extends: ./self.yaml\n")
    with pytest.raises(ConfigError, match="cycle"):
        load_settings(tmp_path / "self.yaml")


# -- rules: patterns, severity, rule_options -------------------------------------------


def test_patterns_must_match_a_rule(tmp_path):
    path = write(tmp_path / ".claimcheck.yaml", "overrides: [{paths: [x], disable: [efficacy/nope]}]\n")
    with pytest.raises(ConfigError, match=r"overrides\[0\]: no rule matches 'efficacy/nope'"):
        all_rules(load_settings(path))


def test_severity_override_regrades_findings(tmp_path):
    path = write(tmp_path / ".claimcheck.yaml", "severity: {'efficacy/*': info}\n")
    rules = {rule.id: rule for rule in all_rules(load_settings(path))}
    assert rules["efficacy/cure-claim"].severity is Severity.INFO
    assert rules["safety/absolute"].severity is not Severity.INFO


def test_rule_options_merge_into_the_rule_and_change_what_it_flags(tmp_path):
    options = "rule_options: {'safety/absolute': {unless_document: ['side effects are rare']}}\n"
    path = write(tmp_path / ".claimcheck.yaml", options)
    rules_alone = ModelSettings(enabled=False)  # what the rule does, whatever the detector reads
    settings = replace(load_settings(path), model=rules_alone)
    rule = next(rule for rule in all_rules(settings) if rule.id == "safety/absolute")
    assert rule.options["unless_document"] == ["side effects are rare"]
    assert len(rule.options) > 1  # merged into the YAML options, not replacing them
    text = "There are no side effects. Honestly, side effects are rare."
    assert "safety/absolute" in {finding.rule for finding in check_text(text, settings=Settings(model=rules_alone))}
    assert "safety/absolute" not in {finding.rule for finding in check_text(text, settings=settings)}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("{'safety/absolute': {colour: red}}", r"rule_options: safety/absolute: options of 'safety/absolute': unknown key 'colo"),
        ("{'efficacy/cure-claim': {statuses: [sometimes]}}", r"statuses.0: 'sometimes' is not allowed \(choose from "),
        ("{'claimcheck/unused-suppression': {x: 1}}", r"rule 'claimcheck/unused-suppression' takes no options"),
        ("{'efficacy/nope': {x: 1}}", r"no rule matches 'efficacy/nope'"),
    ],
)
def test_rule_options_are_validated_against_the_kind(tmp_path, options, expected):
    path = write(tmp_path / ".claimcheck.yaml", f"rule_options: {options}\n")
    with pytest.raises(ConfigError, match=expected):
        all_rules(load_settings(path))


# -- per-path overrides ---------------------------------------------------------------


def _findings(linter, path: str, text: str):
    source = parse_source(text, path, "text")
    return source, next(linter.check_sources([source]))[1]


def test_overrides_apply_per_path(linter, tmp_path):
    settings = Settings(
        overrides=(
            PathOverride(paths=("blog/**",), disable=("document/*",), severity={"efficacy/*": "info"}, base=str(tmp_path)),
            PathOverride(paths=("*.draft.txt",), disable=("efficacy/cure-claim",), base=str(tmp_path)),
        )
    )
    filters = Filters(settings, all_rules(settings))
    blog = str(tmp_path / "blog" / "2024" / "post.txt")
    other = str(tmp_path / "pages" / "post.txt")
    draft = str(tmp_path / "pages" / "x.draft.txt")
    blog_found = filters.apply(*_findings(linter, blog, CLAIM))
    other_found = filters.apply(*_findings(linter, other, CLAIM))
    draft_found = filters.apply(*_findings(linter, draft, CLAIM))
    assert not any(finding.rule.startswith("document/") for finding in blog_found)
    assert {finding.severity for finding in blog_found if finding.rule.startswith("efficacy/")} == {Severity.INFO}
    assert any(finding.rule.startswith("document/") for finding in other_found)
    assert Severity.ERROR in {finding.severity for finding in other_found}
    assert "efficacy/cure-claim" not in {finding.rule for finding in draft_found}
    assert "efficacy/cure-claim" in {finding.rule for finding in other_found}


def test_override_paths_are_relative_to_the_config_file_and_set_fail_on(tmp_path, monkeypatch):
    write(
        tmp_path / ".claimcheck.yaml",
        "overrides: [{paths: [legacy], fail_on: never},\n"
        "  {paths: ['/news/*.txt'], severity: {'efficacy/*': warning}, fail_on: error}]\n",
    )
    write(tmp_path / "legacy" / "old.txt", CLAIM)
    write(tmp_path / "news" / "a.txt", CLAIM)
    write(tmp_path / "news" / "deeper" / "b.txt", CLAIM)
    monkeypatch.chdir(tmp_path / "news")  # finding paths are relative to the cwd, globs to the config
    settings = settings_for(["."])
    legacy = check_paths([str(tmp_path / "legacy")], settings=settings)
    assert legacy.findings and not fails(legacy.findings, settings)
    assert fails(legacy.findings, settings, fail_on="info")  # a command-line --fail-on applies everywhere
    news = check_paths(["a.txt"], settings=settings)
    assert {finding.severity for finding in news.findings if finding.rule.startswith("efficacy/")} == {Severity.WARNING}
    assert not fails(news.findings, settings)  # warnings only, and this path fails on error
    deeper = check_paths(["deeper/b.txt"], settings=settings)  # '*' does not cross folders
    assert Severity.ERROR in {finding.severity for finding in deeper.findings} and fails(deeper.findings, settings)


def test_overrides_exit_codes_through_the_cli(tmp_path):
    write(tmp_path / ".claimcheck.yaml", "overrides: [{paths: ['blog/**'], fail_on: never}]\n")
    blog = write(tmp_path / "blog" / "p.txt", CLAIM)
    page = write(tmp_path / "p.txt", CLAIM)
    assert run("check", str(blog)).exit_code == 0
    assert run("check", str(page)).exit_code == 1
    assert run("check", str(blog), str(page)).exit_code == 1


def test_include_and_format_from_config(tmp_path):
    write(tmp_path / ".claimcheck.yaml", "include: ['*.md']\nformat: json\n")
    write(tmp_path / "a.md", CLAIM)
    write(tmp_path / "b.txt", CLAIM)
    result = run("check", str(tmp_path))
    data = json.loads(result.output)
    assert {Path(item["path"]).name for item in data["findings"]} == {"a.md"}
    assert data["summary"]["files"] == 1


# -- init and config ------------------------------------------------------------------


def test_init_writes_a_loadable_starter_and_refuses_to_overwrite(tmp_path):
    result = run("init", str(tmp_path))
    target = tmp_path / ".claimcheck.yaml"
    assert result.exit_code == 0 and target.read_text(encoding="utf-8") == STARTER
    assert STARTER.count("\n# ") >= 10  # commented
    settings = load_settings(target)
    assert settings == Settings(origin=str(target))  # the starter spells out the defaults
    target.write_text("fail_on: error\n", encoding="utf-8")
    again = run("init", str(tmp_path))
    assert again.exit_code == 2 and "already exists (use --force to overwrite)" in again.output
    assert target.read_text(encoding="utf-8") == "fail_on: error\n"
    assert run("init", str(tmp_path), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") == STARTER


def test_init_refuses_when_a_yml_exists(tmp_path):
    (tmp_path / ".claimcheck.yml").write_text("fail_on: error\n", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2 and ".claimcheck.yml already exists" in result.output
    assert not (tmp_path / ".claimcheck.yaml").exists()


def test_config_command_shows_values_and_their_sources(tmp_path):
    config = write(tmp_path / "setup.cfg", "[claimcheck]\nfail_on = error\ndisable = marketing/*\n")
    result = run("config", str(tmp_path), "--pipeline", "blank", "--disable", "evidence/*")
    assert result.exit_code == 0, result.output
    lines = {line.split(":", 1)[0]: line for line in result.output.splitlines() if not line.startswith("#")}
    assert lines["fail_on"].startswith('fail_on: "error"') and lines["fail_on"].endswith(f"# {config} [claimcheck] fail_on")
    assert lines["pipeline"].endswith("# --pipeline")
    assert '["marketing/*", "evidence/*"]' in lines["disable"] and lines["disable"].endswith("disable + --disable")
    assert lines["citation_window"].endswith("# default")
    assert f"# config files: {config}" in result.output


def test_config_command_json_output_reloads_to_the_same_settings(tmp_path):
    write(
        tmp_path / ".claimcheck.yaml",
        "severity: {'evidence/*': info}\noverrides: [{paths: ['blog/**'], disable: ['document/*'], fail_on: error}]\n",
    )
    result = run("config", str(tmp_path), "--format", "json")
    data = json.loads(result.output)
    assert data["files"] == [str(tmp_path / ".claimcheck.yaml")]
    source = f"{tmp_path / '.claimcheck.yaml'}:severity"
    assert data["settings"]["severity"] == {"value": {"evidence/*": "info"}, "source": source}
    assert data["settings"]["overrides"]["value"] == [{"paths": ["blog/**"], "disable": ["document/*"], "fail_on": "error"}]
    assert data["settings"]["fail_on"] == {"value": "warning", "source": "default"}
    # The text form is itself a valid config giving the same settings.
    text = run("config", str(tmp_path)).output
    copy = write(tmp_path / "copy" / "again.yaml", text)
    assert yaml.safe_load(text)["severity"] == {"evidence/*": "info"}
    reloaded = load_settings(copy)
    assert (reloaded.severity, reloaded.fail_on, reloaded.overrides[0].to_dict()) == (
        {"evidence/*": "info"},
        "warning",
        {"paths": ["blog/**"], "disable": ["document/*"], "fail_on": "error"},
    )


def test_config_command_reports_bad_config_in_one_line(tmp_path):
    write(tmp_path / ".claimcheck.yaml", "disable: ['nope/*']\n")
    result = run("config", str(tmp_path))
    assert result.exit_code == 2
    expected = f"{tmp_path / '.claimcheck.yaml'}:disable: no rule matches 'nope/*' (see 'claimcheck rules')"
    assert result.output.strip() == f"claimcheck: error: {expected}"
