"""Issue 16: the closest config file governs each file, for `check .` and for named
files alike; a nested config inherits through `extends`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claimcheck.cli import main
from claimcheck.config import config_groups

CURE = "Our stem cell therapy cures arthritis.\n"


@pytest.fixture()
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".claimcheck.yaml").write_text("severity: {'document/*': info}\n", encoding="utf-8")
    (tmp_path / "faq.md").write_text(CURE, encoding="utf-8")
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / ".claimcheck.yaml").write_text(
        "extends: ../.claimcheck.yaml\ndisable: ['efficacy/*']\nfail_on: error\n", encoding="utf-8"
    )
    (tmp_path / "blog" / "post.md").write_text(CURE, encoding="utf-8")
    return tmp_path


def _json(*args: str):
    result = CliRunner().invoke(main, ["check", *args, "--format", "json", "--no-model"])
    return result.exit_code, json.loads(result.stdout) if result.stdout else None, result.stderr


def _rules_by_file(data) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in data["findings"]:
        found.setdefault(finding["path"].replace("\\", "/").split("/")[-1], set()).add(finding["rule"])
    return found


@pytest.mark.parametrize("paths", [(".",), ("faq.md", "blog/post.md")])
def test_each_file_gets_its_closest_config(site, paths):
    code, data, err = _json(*paths)
    assert code == 1, err
    rules = _rules_by_file(data)
    assert "efficacy/cure-claim" in rules["faq.md"]
    assert not any(rule.startswith("efficacy/") for rule in rules.get("post.md", set()))  # blog's disable
    # Inherited through extends: document findings are info on both pages.
    assert {f["severity"] for f in data["findings"] if f["rule"].startswith("document/")} == {"info"}
    assert data["summary"]["files"] == 2


def test_nested_fail_level_applies_to_its_files_only(site):
    (site / "faq.md").write_text("Hello.\n", encoding="utf-8")
    (site / "blog" / "post.md").write_text("Studies show that our approach works well for many patients.\n", encoding="utf-8")
    code, data, _ = _json(".")
    # A warning in blog/, whose config fails only on errors: exit 0, and the report agrees.
    assert any(f["rule"] == "evidence/uncited-appeal" for f in data["findings"]) and code == 0
    code, _, _ = _json(".", "--fail-on", "warning")
    assert code == 1


def test_config_groups_splits_a_walk_at_nested_configs(site):
    groups = config_groups(["."])
    assert [paths for _, paths in groups] == [["."], ["blog"]]
    assert "/blog/" in groups[0][0].exclude and groups[1][0].disable == ("efficacy/*",)
    assert len(config_groups([".", "blog/post.md"], config=str(site / ".claimcheck.yaml"))) == 1
