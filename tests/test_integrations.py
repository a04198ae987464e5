"""The pre-commit hook (through `pre-commit try-repo`) and the composite GitHub Action
(its `run:` steps executed locally, inputs substituted as the runner would).

Both install claimcheck from a copy of this project, as their users' machines would, so
these are the slowest tests here (about 10-20 s each, most of it pip).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
import yaml

from claimcheck.filters.baseline import render_baseline
from tests.project_copy import INSTALL_FILES, copy_project

ROOT = Path(__file__).resolve().parent.parent
CLAIM = "Our stem cell therapy cures multiple sclerosis.\n"
# What the Action and the pre-commit hook install from: the package plus their own files.
PROJECT_FILES = (*INSTALL_FILES, ".pre-commit-hooks.yaml", "action.yml")


def _git(folder: Path, *args: str) -> None:
    identity = ["-c", "user.name=claimcheck tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=folder, check=True, capture_output=True)


def _git_repo(folder: Path) -> None:
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "snapshot")


# ---------------------------------------------------------------- pre-commit


def test_pre_commit_hooks_file_declares_the_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(hook for hook in hooks if hook["id"] == "claimcheck")
    assert hook["language"] == "python" and hook["entry"].split() == ["claimcheck", "check", "--force-exclude"]
    assert {"markdown", "html", "plain-text"} <= set(hook["types_or"])


def test_pre_commit_try_repo_runs_the_hook(tmp_path):
    """pre-commit builds its own environment and pip-installs the project into it.

    PYTHONPATH lends that environment this test run's dependencies (spaCy and friends),
    so pip only builds claimcheck itself instead of fetching ~30 packages from PyPI,
    which took 30-160 s here; the hook definition, the install of the project and the
    hook run are all real.
    """
    source = copy_project(tmp_path / "claimcheck-src", PROJECT_FILES)
    _git_repo(source)
    project = tmp_path / "site"
    project.mkdir()
    (project / "page.md").write_text("# Clinic\n\n" + CLAIM, encoding="utf-8")
    (project / "about.html").write_text("<p>Our stem cell therapy cures autism.</p>\n", encoding="utf-8")
    (project / "build.py").write_text(f"# {CLAIM}", encoding="utf-8")  # not prose: the hook's types skip it
    # The config's exclude applies to the files pre-commit names (--force-exclude in the hook).
    (project / ".claimcheck.yaml").write_text("exclude: ['drafts/']\n", encoding="utf-8")
    (project / "drafts").mkdir()
    (project / "drafts" / "draft.md").write_text(CLAIM, encoding="utf-8")
    _git_repo(project)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "NO_COLOR": "1",
    }
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(source), "claimcheck", "--all-files", "--color", "never"]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^claimcheck\.+Failed$", done.stdout, re.MULTILINE)
    report = done.stdout.split("- exit code: 1", 1)[1]
    assert "page.md:3:1: error efficacy/cure-claim" in report
    assert "about.html:1:4: error efficacy/cure-claim" in report
    assert "build.py" not in report
    assert "draft.md" not in report


# ------------------------------------------------------------- GitHub Action

_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_COMPARISON = re.compile(r"^(\S+)\s*(==|!=)\s*(\S+)$")


class ActionRunner:
    """Runs a composite action's `run:` steps like the runner does, for the subset of
    expression syntax action.yml uses; anything else fails loudly rather than guessing."""

    def __init__(self, action: dict, inputs: dict[str, str], workspace: Path, env: dict[str, str]):
        self.action = action
        defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
        unknown = set(inputs) - set(defaults)
        assert not unknown, f"not inputs of the action: {unknown}"
        self.inputs = {**defaults, **inputs}
        self.workspace = workspace
        self.env = env
        self.outputs: dict[str, dict[str, str]] = {}
        self.failed = False
        self.log: list[tuple[str, str]] = []  # (step name, "ran 0" / "ran 1" / "skipped" / "uses ...")

    def value(self, operand: str) -> str:
        if operand.startswith("'") and operand.endswith("'"):
            return operand[1:-1]
        parts = operand.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.inputs[parts[1]]
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.outputs.get(parts[1], {}).get(parts[3], "")
        raise AssertionError(f"expression not supported by this test runner: {operand!r}")

    def condition(self, text: str | None) -> bool:
        if text is None:
            return not self.failed
        match = _EXPRESSION.fullmatch(text.strip())
        expression = match.group(1) if match else text.strip()
        result = True
        for term in expression.split("&&"):
            comparison = _COMPARISON.match(term.strip())
            assert comparison, f"condition not supported by this test runner: {term!r}"
            left, operator, right = comparison.groups()
            equal = self.value(left) == self.value(right)
            result = result and (equal if operator == "==" else not equal)
        return result and not self.failed  # no always()/failure() in action.yml: success() applies

    def substitute(self, text: str) -> str:
        return _EXPRESSION.sub(lambda match: self.value(match.group(1)), text)

    def run(self, only: set[str] | None = None) -> None:
        for step in self.action["runs"]["steps"]:
            name = step.get("name", step.get("id", "?"))
            if only is not None and name not in only:
                continue
            if not self.condition(step.get("if")):
                self.log.append((name, "skipped"))
                continue
            if "uses" in step:
                with_ = {key: self.substitute(str(value)) for key, value in step.get("with", {}).items()}
                self.log.append((name, f"uses {step['uses']} {json.dumps(with_, sort_keys=True)}"))
                continue
            assert "${{" not in step["run"], f"step {name!r} pastes an expression into its script"
            output_file = self.workspace.parent / f"output-{len(self.log)}.txt"
            output_file.write_text("", encoding="utf-8")
            env = {**self.env, **{key: self.substitute(str(value)) for key, value in step.get("env", {}).items()}}
            env["GITHUB_OUTPUT"] = str(output_file)
            assert step["shell"] == "bash"
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=self.workspace,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            self.log.append((name, f"ran {done.returncode}"))
            self.log.append((name + " output", done.stdout + done.stderr))
            if "id" in step:
                lines = output_file.read_text(encoding="utf-8").splitlines()
                self.outputs[step["id"]] = dict(line.split("=", 1) for line in lines if "=" in line)
            if done.returncode != 0:
                self.failed = True

    def status(self, name: str) -> str:
        return next(result for step, result in reversed(self.log) if step == name)


@pytest.fixture(scope="module")
def action_env(tmp_path_factory) -> dict[str, str]:
    """A fresh virtual environment with claimcheck installed by the action's install step.

    The environment reads this test run's site-packages through a .pth file, so pip
    finds claimcheck's dependencies (and pip itself) already installed and only builds
    and installs claimcheck from the copied action folder; that keeps the test offline
    apart from pip's build requirements and fast enough to run every time.
    """
    base = tmp_path_factory.mktemp("action")
    action_path = copy_project(base / "action-checkout", PROJECT_FILES)
    environment = base / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    bin_dir = environment / ("Scripts" if os.name == "nt" else "bin")
    purelib = subprocess.run(
        [str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", GITHUB_ACTION_PATH=str(action_path), NO_COLOR="1")
    workspace = base / "workspace-install"
    workspace.mkdir()
    runner = ActionRunner(_action(), {}, workspace, env)
    runner.run(only={"Install claimcheck"})
    assert runner.status("Install claimcheck") == "ran 0", runner.log
    assert Path(bin_dir, "claimcheck").exists()  # installed into the new environment, not found elsewhere
    return env


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_declares_a_composite_that_uploads_sarif():
    action = _action()
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif@") for step in steps)
    for step in steps:
        if "run" in step:
            assert "${{" not in step["run"], f"{step['name']}: inputs must reach scripts through env"


def _workspace(tmp_path: Path, files: dict[str, str]) -> Path:
    workspace = tmp_path / "workspace"
    for name, text in files.items():
        (workspace / name).parent.mkdir(parents=True, exist_ok=True)
        (workspace / name).write_text(text, encoding="utf-8")
    return workspace


def test_action_reports_findings_uploads_sarif_and_fails(action_env, tmp_path):
    workspace = _workspace(tmp_path, {"docs/page.md": "# Clinic\n\n" + CLAIM, "docs/hours.txt": "Open 9 to 5.\n"})
    runner = ActionRunner(_action(), {"paths": "docs"}, workspace, action_env)
    steps = [step["name"] for step in runner.action["runs"]["steps"]]
    runner.run(only=set(steps) - {"Install claimcheck", "Set up Python"})
    assert runner.status("Run claimcheck") == "ran 0", runner.log
    assert runner.outputs["run"] == {"exit-code": "1", "sarif-file": "claimcheck.sarif"}
    log = json.loads((workspace / "claimcheck.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    assert any(result["ruleId"] == "efficacy/cure-claim" for result in results)
    assert {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in results} == {"docs/page.md"}
    upload = runner.status("Upload SARIF to code scanning")
    assert upload.startswith("uses github/codeql-action/upload-sarif@") and '"sarif_file": "claimcheck.sarif"' in upload
    assert runner.status("Fail on findings") == "ran 1"
    assert "efficacy/cure-claim" in runner.status("Run claimcheck output")  # --statistics in the log
    annotated = runner.status("Annotate findings output")
    assert runner.status("Annotate findings") == "ran 0"
    assert "::error file=docs/page.md,line=3,col=" in annotated and "title=efficacy/cure-claim::" in annotated


def test_action_fail_on_defaults_to_the_config_and_annotates_without_upload(action_env, tmp_path):
    files = {"docs/page.md": "# Clinic\n\n" + CLAIM, ".claimcheck.yaml": "fail_on: never\n"}
    workspace = _workspace(tmp_path, files)
    steps = {"Run claimcheck", "Annotate findings", "Upload SARIF to code scanning", "Fail on findings"}
    runner = ActionRunner(_action(), {"paths": "docs", "upload-sarif": "false"}, workspace, action_env)
    runner.run(only=steps)
    assert runner.outputs["run"]["exit-code"] == "0", runner.log  # the config's fail_on: never, not a default of the action
    assert runner.status("Upload SARIF to code scanning") == "skipped" and runner.status("Fail on findings") == "skipped"
    annotated = runner.status("Annotate findings output")
    # Below the fail level, so a warning annotation, not an error; but in the log all the same.
    assert "::warning file=docs/page.md,line=3" in annotated and "efficacy/cure-claim" in annotated
    strict = ActionRunner(_action(), {"paths": "docs", "upload-sarif": "false", "fail-on": "error"}, workspace, action_env)
    strict.run(only=steps)
    assert strict.outputs["run"]["exit-code"] == "1" and strict.status("Fail on findings") == "ran 1"


def test_action_passes_with_baseline_and_fail_on_and_stops_on_bad_input(action_env, tmp_path, check):
    text = "# Clinic\n\n" + CLAIM
    workspace = _workspace(tmp_path, {"docs/page.md": text, "out/.keep": ""})
    page = str(workspace / "docs" / "page.md")
    (workspace / "baseline.json").write_text(render_baseline(check(text, page), {page: text}, workspace), encoding="utf-8")
    inputs = {"paths": "docs\n", "baseline": "baseline.json", "sarif-file": "out/claims.sarif", "upload-sarif": "false"}
    steps = {"Run claimcheck", "Upload SARIF to code scanning", "Fail on findings"}
    runner = ActionRunner(_action(), inputs, workspace, action_env)
    runner.run(only=steps)
    assert runner.outputs["run"]["exit-code"] == "0", runner.log
    assert json.loads((workspace / "out" / "claims.sarif").read_text(encoding="utf-8"))["runs"][0]["results"] == []
    assert runner.status("Upload SARIF to code scanning") == "skipped"
    assert runner.status("Fail on findings") == "skipped"

    broken = ActionRunner(_action(), {"paths": "missing-folder", "fail-on": "never"}, workspace, action_env)
    broken.run(only=steps)
    assert broken.status("Run claimcheck") == "ran 2"
    assert "::error title=claimcheck::" in broken.status("Run claimcheck output")
    assert broken.status("Upload SARIF to code scanning") == "skipped" and broken.status("Fail on findings") == "skipped"


def test_readme_ci_snippets_match_the_action_and_the_hook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci_section = readme.split("### Use in CI", 1)[1].split("\n## ", 1)[0]
    blocks = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", ci_section, re.DOTALL)]
    workflow = next(block for block in blocks if "jobs" in block)
    step = next(step for step in workflow["jobs"]["claims"]["steps"] if "claimcheck@" in step.get("uses", ""))
    assert set(step["with"]) <= set(_action()["inputs"])
    assert workflow["permissions"]["security-events"] == "write"
    hooks = next(block for block in blocks if "repos" in block)["repos"][0]["hooks"]
    declared = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert {hook["id"] for hook in hooks} <= declared
