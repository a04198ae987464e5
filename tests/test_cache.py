"""The compile cache (claimcheck/cache.py): hits, misses when a file changes, corrupt
entries, --no-cache, CLAIMCHECK_CACHE_DIR, and two processes writing at once."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck import cache
from claimcheck.checks import loader
from claimcheck.cli import main
from claimcheck.nlp import lexicons
from claimcheck.nlp.lexicons import builtin_rules_dir

ROOT = Path(__file__).resolve().parent.parent
PAGE = "Our stem cell therapy cures multiple sclerosis and reverses autism.\n"


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    return folder


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    shutil.copy(builtin_rules_dir() / "packs" / "stemcell" / "safety.yml", folder / "safety.yml")
    return folder


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the real (uncached) loads of rules and lexicons."""
    calls: list[str] = []
    real_rules, real_lexicons = loader._load_rules, lexicons._load_lexicons

    def count_rules(packs, **options):  # type: ignore[no-untyped-def]
        calls.append("rules")
        return real_rules(packs, **options)

    def count_lexicons(folders, extra_terms=None):  # type: ignore[no-untyped-def]
        calls.append("lexicons")
        return real_lexicons(folders, extra_terms)

    monkeypatch.setattr(loader, "_load_rules", count_rules)
    monkeypatch.setattr(lexicons, "_load_lexicons", count_lexicons)
    return calls


def entries(folder: Path, kind: str = "") -> list[Path]:
    return sorted(folder.glob(f"{kind}*.pickle")) if folder.is_dir() else []


def test_second_load_is_a_hit_and_equal_to_a_fresh_load(cache_folder: Path, pack: Path, builds: list[str]) -> None:
    first = loader.load_rules([pack], cache=True)
    second = loader.load_rules([pack], cache=True)
    assert builds == ["rules"]  # the second came from the cache
    assert entries(cache_folder, "rules-")
    assert second == first == loader.load_rules([pack])
    assert [rule.id for rule in second]


def test_lexicons_hit_and_extra_terms_are_part_of_the_key(cache_folder: Path, builds: list[str]) -> None:
    folders = [builtin_rules_dir() / "lexicons"]
    plain = lexicons.load_lexicons(folders, cache=True)
    assert lexicons.load_lexicons(folders, cache=True) == plain
    assert builds == ["lexicons"]
    extra = lexicons.load_lexicons(folders, {"therapies": {"stem_cell": ["zorblax serum"]}}, cache=True)
    assert builds == ["lexicons", "lexicons"]
    assert "zorblax serum" in extra["therapies"].categories["stem_cell"]
    assert "zorblax serum" not in plain["therapies"].categories["stem_cell"]


def test_a_changed_pack_file_is_a_miss(cache_folder: Path, pack: Path, builds: list[str]) -> None:
    before = loader.load_rules([pack], cache=True)
    path = pack / "safety.yml"
    text = path.read_text(encoding="utf-8")
    assert "severity: warning" in text or "severity: error" in text
    old = "severity: warning" if "severity: warning" in text else "severity: error"
    path.write_text(text.replace(old, "severity: info", 1), encoding="utf-8")
    after = loader.load_rules([pack], cache=True)
    assert builds == ["rules", "rules"]
    assert [rule.severity.name for rule in after] != [rule.severity.name for rule in before]
    assert after == loader.load_rules([pack])


def test_an_added_pack_file_is_a_miss(cache_folder: Path, pack: Path, builds: list[str]) -> None:
    before = loader.load_rules([pack], cache=True)
    shutil.copy(builtin_rules_dir() / "packs" / "stemcell" / "marketing.yml", pack / "marketing.yml")
    after = loader.load_rules([pack], cache=True)
    assert builds == ["rules", "rules"]
    assert len(after) > len(before)


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps({"key": "another", "value": []}), b"\x80\x05K"])
def test_corrupt_or_foreign_entry_is_rebuilt_silently(cache_folder: Path, pack: Path, builds: list[str], garbage: bytes) -> None:
    expected = loader.load_rules([pack], cache=True)
    (entry,) = entries(cache_folder, "rules-")
    entry.write_bytes(garbage)
    assert loader.load_rules([pack], cache=True) == expected
    assert builds == ["rules", "rules"]
    assert loader.load_rules([pack], cache=True) == expected  # and the entry was rewritten whole
    assert builds == ["rules", "rules"]


def test_errors_in_rule_files_are_not_cached(cache_folder: Path, pack: Path) -> None:
    (pack / "broken.yml").write_text("rules:\n  - id: Not An Id\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(loader.RuleError):
            loader.load_rules([pack], cache=True)
    assert not entries(cache_folder, "rules-")


def test_unwritable_cache_folder_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pack: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV_DIR, str(blocker / "cache"))
    assert loader.load_rules([pack], cache=True) == loader.load_rules([pack])


def test_env_var_names_the_folder_else_the_user_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "here"))
    assert cache.cache_dir() == tmp_path / "here"
    monkeypatch.delenv(cache.ENV_DIR)
    from platformdirs import user_cache_dir

    assert cache.cache_dir() == Path(user_cache_dir("claimcheck", appauthor=False))


def test_cli_writes_the_cache_where_the_env_var_says_and_no_cache_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    runner = CliRunner()
    outputs = {}
    for name, flags in (("off", ["--no-cache"]), ("cold", []), ("warm", [])):
        folder = tmp_path / ("cache-off" if name == "off" else "cache-on")
        monkeypatch.setenv(cache.ENV_DIR, str(folder))
        result = runner.invoke(main, ["check", "--format", "json", "--no-model", *flags, str(page)], catch_exceptions=False)
        assert result.exit_code == 1, result.output
        outputs[name] = result.output
    assert not (tmp_path / "cache-off").exists()
    kinds = {path.name.split("-")[0] for path in entries(tmp_path / "cache-on")}
    assert {"rules", "lexicons", "lemmas", "terms"} <= kinds
    assert outputs["off"] == outputs["cold"] == outputs["warm"]
    assert "efficacy/" in outputs["warm"]


def test_config_cache_false_reads_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".claimcheck.yaml").write_text("cache: false\nmodel: false\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "page.md"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "cache").exists()


WRITER = """
import sys
from claimcheck.checks.loader import load_rules
rules = load_rules([sys.argv[1]], cache=True)
print(len(rules))
"""


def test_two_processes_writing_at_once_leave_one_sound_entry(cache_folder: Path, pack: Path) -> None:
    import os

    env = {**os.environ, cache.ENV_DIR: str(cache_folder)}
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(pack)], env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        for _ in range(3)
    ]
    counts = {process.communicate()[0].strip() for process in processes}
    assert all(process.returncode == 0 for process in processes)
    assert len(counts) == 1
    (entry,) = entries(cache_folder, "rules-")
    assert not list(cache_folder.glob("*.tmp"))
    with open(entry, "rb") as handle:
        assert len(pickle.load(handle)["value"]) == int(counts.pop())


def test_regex_patterns_come_from_the_cache_and_an_edited_pattern_is_a_miss(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.checks import regex as regex_kind

    compiles: list[str] = []
    real = regex_kind.compile_pattern

    def counting(rule):  # type: ignore[no-untyped-def]
        compiles.append(rule.id)
        return real(rule)

    monkeypatch.setattr(regex_kind, "compile_pattern", counting)
    (shipped,) = [rule for rule in loader.load_rules(["stemcell"]) if rule.id == "marketing/superiority"]
    # A pattern the package does not ship (checks/prebuilt.py): a user's own.
    rule = type(shipped)(**{**shipped.__dict__, "options": {**shipped.options, "pattern": f"(?:{shipped.options['pattern']})"}})
    fresh = regex_kind.compiled(rule)
    regex_kind.compiled(rule, cache=True)  # stores the entry
    second = regex_kind.compiled(rule, cache=True)
    assert compiles == [rule.id, rule.id]  # the second cached call compiled nothing
    assert len(entries(cache_folder, "regex-")) == 1
    text = "It is safer than surgery and better than drugs, a real alternative to knee replacement."
    found = [match.span() for match in fresh[0].finditer(text)]
    assert found
    assert [match.span() for match in second[0].finditer(text)] == found
    assert (second[1] is None) == (fresh[1] is None) and (second[2] is None) == (fresh[2] is None)
    edited = type(rule)(**{**rule.__dict__, "options": {**rule.options, "pattern": r"\bsafer than surgery\b"}})
    assert [match.span() for match in regex_kind.compiled(edited, cache=True)[0].finditer(text)] == [(6, 24)]
    assert len(compiles) == 3 and len(entries(cache_folder, "regex-")) == 2


def test_edited_lexicon_and_pattern_change_the_findings_with_the_cache_warm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A temporary copy of a config: its own lexicon folder and a copy of the rule pack.
    project = tmp_path / "project"
    (project / "lexicons").mkdir(parents=True)
    lexicon = project / "lexicons" / "local.yml"
    lexicon.write_text("lexicon: therapies\ncategories:\n  stem_cell:\n    - zorblax serum\n", encoding="utf-8")
    shutil.copytree(builtin_rules_dir() / "packs" / "stemcell", project / "pack")
    marketing = project / "pack" / "marketing.yml"
    (project / ".claimcheck.yaml").write_text("packs: [./pack]\nlexicons: [./lexicons]\nmodel: false\n", encoding="utf-8")
    page = project / "page.md"
    page.write_text("Zorblax serum cures multiple sclerosis.\n\nOur stem cell therapy beats dialysis.\n", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "cache"))
    monkeypatch.chdir(project)

    def findings() -> set[tuple[str, str]]:
        result = CliRunner().invoke(main, ["check", "--format", "json", "page.md"], catch_exceptions=False)
        return {(item["rule"], item["text"]) for item in json.loads(result.output)["findings"]}

    before = findings()
    assert findings() == before  # from the warm cache
    assert any("Zorblax" in text for _, text in before)
    assert not any("beats dialysis" in text for _, text in before)
    lexicon.write_text("lexicon: therapies\ncategories:\n  stem_cell:\n    - quorblax serum\n", encoding="utf-8")
    superiority = "      pattern: >-\n        \\b(?:better|superior"
    assert superiority in marketing.read_text(encoding="utf-8")
    marketing.write_text(
        marketing.read_text(encoding="utf-8").replace(
            superiority, superiority.replace("\\b(?:better", "\\bbeats\\s+dialysis\\b|\\b(?:better")
        ),
        encoding="utf-8",
    )
    after = findings()
    assert not any("Zorblax" in text for _, text in after)
    assert ("marketing/superiority", "beats dialysis") in after


def test_phrase_patterns_come_from_the_cache_keyed_by_the_lemma_table(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.nlp import terms
    from claimcheck.nlp.pipeline import PipelineSettings, build_pipeline

    nlp = build_pipeline(PipelineSettings(detector=False, cache=True))
    lemmatizer = nlp.get_pipe("claimcheck_lemmas")
    assert lemmatizer.table_key
    builds: list[int] = []
    real = terms._tokenized_terms

    def counting(nlp, keyed_terms):  # type: ignore[no-untyped-def]
        builds.append(1)
        return real(nlp, keyed_terms)

    monkeypatch.setattr(terms, "_tokenized_terms", counting)
    keyed = {"demo:effects": ["reverses", "heals", "MS", "cord blood cells"]}
    doc = lemmatizer(nlp.make_doc("It reversed MS and healed him; cord-blood cells, not ms."))
    fresh = [sorted(matcher(doc)) for matcher in terms.build_phrase_matchers(nlp, keyed, lemmatizer)]
    assert builds == [1]
    assert [len(found) for found in fresh] == [3, 1]  # reversed, healed, cord-blood cells; MS exactly
    cached = [sorted(matcher(doc)) for matcher in terms.build_phrase_matchers(nlp, keyed, lemmatizer)]
    assert builds == [1] and cached == fresh  # from the cache: no term was tokenized
    # Other lemmas (an edited table or override) are another key: the patterns are rebuilt.
    monkeypatch.setattr(lemmatizer, "table_key", lemmatizer.table_key + ":edited")
    terms.build_phrase_matchers(nlp, keyed, lemmatizer)
    assert builds == [1, 1]


def test_builtin_lexicons_come_from_the_cache_only_when_it_is_on(cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lexicons the study-design reader and the condition names read (conditions.yml,
    designs.yml) come from the cache with it on; with it off they are parsed, not read from it."""
    parsed: list[str] = []
    real = lexicons.load_lexicon

    def counting(path: Path) -> lexicons.Lexicon:
        parsed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(lexicons, "load_lexicon", counting)
    try:
        lexicons.clear_builtin_lexicons()
        lexicons.preload_builtin_lexicons()  # a miss: parsed and stored
        assert sorted(parsed) == ["conditions.yml", "designs.yml"]
        assert len(entries(cache_folder, "lexicon-")) == 2
        fresh = lexicons.builtin_lexicon("conditions")
        lexicons.clear_builtin_lexicons()
        parsed.clear()
        lexicons.preload_builtin_lexicons()  # a hit
        assert parsed == []
        assert lexicons.builtin_lexicon("conditions") == fresh
        lexicons.clear_builtin_lexicons()
        shutil.rmtree(cache_folder)
        from claimcheck.nlp.pipeline import PipelineSettings, build_pipeline

        build_pipeline(PipelineSettings(cache=False, detector=False))
        assert not cache_folder.exists()
        assert lexicons.builtin_lexicon("designs").categories
        assert "designs.yml" in parsed
    finally:
        lexicons.clear_builtin_lexicons()
