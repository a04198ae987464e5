"""claimcheck's own YAML files are parsed by libyaml (yamlio.shipped): the data must be
what the pure-Python parser gives, line keys included, for every file it ships."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from claimcheck import yamlio
from claimcheck.errors import RuleError
from claimcheck.nlp.lexicons import builtin_rules_dir

PACKAGE = Path(yamlio.__file__).resolve().parent
SHIPPED = sorted(
    {*PACKAGE.rglob("*.yml"), *PACKAGE.rglob("*.yaml"), *builtin_rules_dir().rglob("*.yml"), *builtin_rules_dir().rglob("*.yaml")}
)


def test_there_are_shipped_files() -> None:
    assert len(SHIPPED) >= 20
    assert all(yamlio.shipped(path) for path in SHIPPED)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml: every file takes the pure parser")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_libyaml_reads_every_shipped_file_as_the_pure_parser_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    pure = yamlio.parse_yaml(text, str(path), RuleError)
    fast = yamlio.parse_yaml(text, str(path), RuleError, fast=True)
    assert fast == pure
    assert yamlio.load_yaml(path, RuleError) == pure


def test_other_files_keep_the_pure_parser(tmp_path: Path) -> None:
    user = tmp_path / "pack.yml"
    user.write_text("rules:\n  - id: x\n    enabled: no\n", encoding="utf-8")
    assert not yamlio.shipped(user)
    data = yamlio.load_yaml(user, RuleError)
    assert data == {"rules": [{"id": "x", "enabled": "no", yamlio.LINE_KEY: 2}], yamlio.LINE_KEY: 1}


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="needs libyaml")
def test_fast_parser_keeps_yaml_12_booleans_and_line_keys() -> None:
    text = "a: no\nb: true\nc:\n  - d: off\n"
    assert yamlio.parse_yaml(text, "x", RuleError, fast=True) == yamlio.parse_yaml(text, "x", RuleError)
