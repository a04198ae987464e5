"""What the package ships prebuilt for an empty compile cache: the built-in regex rules as
compiled and analysed (claimcheck/checks/prebuilt.py), the built-in terms as tokenized
(claimcheck/nlp/shipped_terms.py) and the built-in pack files known to validate
(claimcheck/checks/validated.py). Each is current, complete, equal to a fresh build,
ignored when it does not match, and unused without the cache."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import regex

from claimcheck import prebuild
from claimcheck.checks import loader, prebuilt, validated
from claimcheck.checks import regex as regex_kind
from claimcheck.checks.prefilter import finditer_from
from claimcheck.errors import RuleError
from claimcheck.nlp import shipped_terms
from claimcheck.nlp import terms as terms_module

ROOT = Path(__file__).resolve().parent.parent
STALE = "claimcheck/checks/regex-prebuilt.pickle is stale: run `python -m claimcheck.prebuild` and commit it"


@pytest.fixture
def fresh_memo() -> Iterator[None]:
    """Forget the file read so far, before and after (tests that swap the file)."""
    prebuilt.shipped.cache_clear()
    prebuilt._known_patterns.cache_clear()
    yield
    prebuilt.shipped.cache_clear()
    prebuilt._known_patterns.cache_clear()


def builtin_regex_rules() -> list:
    return [rule for rule in loader.load_rules(sorted(loader.builtin_packs())) if rule.kind == "regex"]


def test_the_shipped_file_is_what_the_command_writes_now() -> None:
    head, body = prebuilt.split(prebuilt.DATA.read_bytes())
    assert head == prebuilt.header(), STALE
    entries = pickle.loads(body)
    generated = prebuilt.pack(prebuild.regex_entries())
    fresh = pickle.loads(prebuilt.split(generated)[1])
    assert list(entries) == list(fresh), STALE
    for key, entry in fresh.items():
        assert prebuilt.describe(entries[key]) == prebuilt.describe(entry), f"{STALE} ({key[0][:60]!r})"
    assert prebuilt.current(generated)  # so the command leaves the file alone


def test_current_tells_a_changed_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    head, body = prebuilt.split(prebuilt.DATA.read_bytes())
    entries = pickle.loads(body)
    entries[next(iter(entries))] = regex_kind.compiled(replace(builtin_regex_rules()[0], options={"pattern": "x+"}))
    changed = tmp_path / "changed.pickle"
    changed.write_bytes(prebuilt.join(head, pickle.dumps(entries)))
    monkeypatch.setattr(prebuilt, "DATA", changed)
    assert not prebuilt.current(prebuilt.pack(prebuild.regex_entries()))


def test_every_builtin_regex_rule_is_shipped_and_read() -> None:
    rules = builtin_regex_rules()
    assert rules
    for rule in rules:
        assert prebuilt.lookup(rule.options) is not None, rule.id
        assert prebuilt.known_valid(rule.options["pattern"], bool(rule.options.get("ignore_case", True)))


def test_shipped_entries_find_what_fresh_ones_find_on_dev_pages() -> None:
    pages = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus" / "dev").glob("*.md"))[:6]]
    assert pages
    for rule in builtin_regex_rules():
        shipped = prebuilt.lookup(rule.options)
        fresh = regex_kind.compiled(rule)
        assert shipped is not None
        for text in pages:
            lowered = text.lower()
            want = [match.span() for match in fresh[0].finditer(text)]
            assert [match.span() for match in shipped[0].finditer(text)] == want, rule.id
            found = finditer_from(shipped[0], shipped[1], text, 60.0, lowered, shipped[2], shipped[3])
            assert [match.span() for match in found] == want, rule.id
            for (when, _), (fresh_when, _) in zip(
                [(item, None) for item in shipped[4]], [(item, None) for item in fresh[4]], strict=True
            ):
                assert [m.span() for m in when.finditer(text)] == [m.span() for m in fresh_when.finditer(text)]


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"header"])
def test_a_damaged_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_memo: None, content: bytes) -> None:
    damaged = tmp_path / "regex-prebuilt.pickle"
    damaged.write_bytes(content if content != b"header" else prebuilt.DATA.read_bytes()[:1000])
    monkeypatch.setattr(prebuilt, "DATA", damaged)
    (rule,) = [rule for rule in builtin_regex_rules() if rule.id == "marketing/superiority"]
    assert prebuilt.shipped() == {}
    assert prebuilt.lookup(rule.options) is None and not prebuilt.known_valid(rule.options["pattern"], True)


@pytest.mark.parametrize("field", ["format", "code", "regex", "engine", "python"])
def test_a_file_made_for_other_code_or_versions_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_memo: None, field: str
) -> None:
    head, body = prebuilt.split(prebuilt.DATA.read_bytes())
    head[field] = "something else"
    foreign = tmp_path / "regex-prebuilt.pickle"
    foreign.write_bytes(prebuilt.join(head, body))
    monkeypatch.setattr(prebuilt, "DATA", foreign)
    with monkeypatch.context() as patched:
        # Patterns pickled for another `regex` are never unpickled: the header is read first.
        patched.setattr(pickle, "loads", lambda *args, **kwargs: pytest.fail("unpickled a foreign file"))
        assert prebuilt.shipped() == {}
    # ... and the rules are then validated and built as before, the same as without a cache.
    (rule,) = [rule for rule in loader.load_rules(["stemcell"], cache=True) if rule.id == "marketing/superiority"]
    built = regex_kind.compiled(rule, cache=True)
    assert prebuilt.describe(built) == prebuilt.describe(regex_kind.compiled(rule))


def test_the_code_fingerprint_covers_the_analysis_modules() -> None:
    package = ROOT / "claimcheck"
    for name in prebuilt.SOURCES:
        assert (package / name).is_file(), name
    assert {"checks/regex.py", "checks/prefilter.py", "checks/branches.py"} <= set(prebuilt.SOURCES)


def test_without_the_cache_nothing_shipped_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> dict:
        raise AssertionError("the shipped file was read with the cache off")

    monkeypatch.setattr(prebuilt, "shipped", refuse)
    monkeypatch.setattr(prebuilt, "_known_patterns", refuse)
    monkeypatch.setattr(validated, "_listed", refuse)
    rules = [rule for rule in loader.load_rules(["stemcell"]) if rule.kind == "regex"]
    assert rules
    for rule in rules[:5]:
        assert regex_kind.compiled(rule)[0].pattern == rule.options["pattern"]


def test_shipped_patterns_are_not_compiled_again_to_validate_them(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = regex.compile

    def counting(pattern, flags=0, **options):  # type: ignore[no-untyped-def]
        compiled.append(pattern)
        return real(pattern, flags, **options)

    monkeypatch.setattr(loader.regex, "compile", counting)
    shipped_rules = loader._load_rules(["stemcell"], shipped=True)
    assert [rule for rule in shipped_rules if rule.kind == "regex"]
    assert compiled == []
    assert loader._load_rules(["stemcell"]) == shipped_rules
    assert compiled  # without `shipped`, each pattern is compiled to validate it


def test_a_user_pattern_is_still_validated_and_built(tmp_path: Path) -> None:
    (rule,) = [rule for rule in builtin_regex_rules() if rule.id == "marketing/superiority"]
    edited = replace(rule, options={**rule.options, "pattern": rule.options["pattern"] + r"|\bzorblax\b"})
    assert prebuilt.lookup(edited.options) is None
    assert regex_kind.compiled(edited, cache=True)[0].search("a zorblax cure")
    with pytest.raises(RuleError, match="not a valid regular expression"):
        loader.check_options("regex", {"pattern": "(unclosed"}, "pack.yml:1: rule 'x/y': options", shipped=True)


# --- the built-in terms as tokenized (claimcheck/nlp/shipped_terms.py) ---------------------


@pytest.fixture(scope="module")
def blank_nlp():  # type: ignore[no-untyped-def]
    from claimcheck.nlp.pipeline import BLANK, _load_base

    return _load_base(BLANK)


@pytest.fixture
def fresh_terms_memo() -> Iterator[None]:
    shipped_terms._read.cache_clear()
    yield
    shipped_terms._read.cache_clear()


def test_the_shipped_term_splits_are_what_the_command_writes_now(blank_nlp) -> None:  # type: ignore[no-untyped-def]
    written = shipped_terms.DATA.read_text(encoding="utf-8")
    assert written == shipped_terms.generate(blank_nlp, prebuild.builtin_terms()), (
        "claimcheck/nlp/terms-prebuilt.json is stale: run `python -m claimcheck.prebuild` and commit it"
    )


def test_the_default_pipeline_reads_the_shipped_splits_and_tokenizes_nothing_else(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from claimcheck.nlp.pipeline import PipelineSettings, build_pipeline

    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))  # an empty compile cache
    tokenized: list[str] = []
    real = terms_module.Language.make_doc

    def counting(self, text):  # type: ignore[no-untyped-def]
        tokenized.append(text)
        return real(self, text)

    monkeypatch.setattr(terms_module.Language, "make_doc", counting)
    nlp = build_pipeline(PipelineSettings(detector=False))
    assert nlp.meta[shipped_terms.OWN_TOKENIZER] is True
    assert shipped_terms.splits_for(nlp)
    assert tokenized == []  # every built-in term's split came from the file


def test_shipped_splits_are_not_used_without_the_cache_or_for_another_tokenizer(blank_nlp) -> None:  # type: ignore[no-untyped-def]
    blank_nlp.meta["claimcheck_cache"] = True
    blank_nlp.meta[shipped_terms.OWN_TOKENIZER] = False
    assert shipped_terms.splits_for(blank_nlp) == {}
    blank_nlp.meta[shipped_terms.OWN_TOKENIZER] = True
    blank_nlp.meta["claimcheck_cache"] = False
    assert shipped_terms.splits_for(blank_nlp) == {}


def test_tokenized_terms_equal_with_and_without_the_shipped_splits(blank_nlp) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.nlp.lexicons import builtin_rules_dir, load_lexicons

    keyed: dict[str, list[str]] = {}
    for lexicon in load_lexicons([builtin_rules_dir() / "lexicons"]).values():
        for category, term in lexicon.terms():
            keyed.setdefault(f"{lexicon.name}:{category}", []).append(term)
    keyed["user:own"] = ["zorblax serum", "MSCs", "a never-shipped phrase"]
    blank_nlp.meta[shipped_terms.OWN_TOKENIZER] = False
    without = terms_module._tokenized_terms(blank_nlp, keyed)
    blank_nlp.meta["claimcheck_cache"] = True
    blank_nlp.meta[shipped_terms.OWN_TOKENIZER] = True
    splits = shipped_terms.splits_for(blank_nlp)
    assert splits and "zorblax serum" not in splits
    # The cache entry of the terms would hide the build: ask the build itself, through a fresh key.
    with_shipped = terms_module._tokenized_terms(blank_nlp, {**keyed, "user:probe": ["x"]})
    assert {key: value for key, value in with_shipped.items() if key != "user:probe"} == without


def test_comparative_positives_equal_with_and_without_the_shipped_splits(blank_nlp) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.nlp.lemmas import make_lemmatizer
    from claimcheck.nlp.lexicons import builtin_rules_dir, load_lexicons

    keyed: dict[str, list[str]] = {}
    for lexicon in load_lexicons([builtin_rules_dir() / "lexicons"]).values():
        for category, term in lexicon.terms():
            keyed.setdefault(f"{lexicon.name}:{category}", []).append(term)
    keyed["user:own"] = ["zorblaxier", "stronger", "steadier"]
    lemmatize = make_lemmatizer(blank_nlp, "claimcheck_lemmas")
    blank_nlp.meta["claimcheck_cache"] = True
    blank_nlp.meta[shipped_terms.OWN_TOKENIZER] = False
    without = terms_module._comparative_positives(blank_nlp, keyed, lemmatize)
    blank_nlp.meta[shipped_terms.OWN_TOKENIZER] = True
    assert shipped_terms.splits_for(blank_nlp)
    assert terms_module._comparative_positives(blank_nlp, keyed, lemmatize) == without
    assert without  # "lower", "stronger"... have positives


@pytest.mark.parametrize("content", ["", "{", '{"header": {}, "terms": {"a": [["a"], [false]]}}'])
def test_a_damaged_or_foreign_terms_file_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_terms_memo: None, content: str
) -> None:
    damaged = tmp_path / "terms-prebuilt.json"
    damaged.write_text(content, encoding="utf-8")
    monkeypatch.setattr(shipped_terms, "DATA", damaged)
    assert shipped_terms._read() == {}


# --- built-in pack files known to validate (claimcheck/checks/validated.py) -----------------


@pytest.fixture
def fresh_listing() -> Iterator[None]:
    validated._listed.cache_clear()
    yield
    validated._listed.cache_clear()


def test_the_validated_list_is_what_the_command_writes_now() -> None:
    assert validated.DATA.read_text(encoding="utf-8") == prebuild.validated_packs(), (
        "claimcheck/checks/packs-validated.json is stale: run `python -m claimcheck.prebuild` and commit it"
    )


def test_every_builtin_pack_file_is_listed() -> None:
    schemas = loader.schemas_key()
    for folder in loader.builtin_packs().values():
        for path in folder.glob("*.yml"):
            assert validated.is_listed(path, schemas), path


def test_listed_files_give_the_same_rules_without_the_schema_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    def whole(rules: list) -> list:  # `options` and `fix` are left out of Rule's ==
        return [(rule, rule.options, rule.fix) for rule in rules]

    validated_fresh = loader._load_rules(sorted(loader.builtin_packs()))
    checks: list[str] = []
    monkeypatch.setattr(loader, "_validate", lambda schema, data, where: checks.append(where))
    listed = loader._load_rules(sorted(loader.builtin_packs()), shipped=True)
    assert checks == []
    assert whole(listed) == whole(validated_fresh)


def test_reading_the_listed_builtin_packs_does_not_import_jsonschema(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from claimcheck.checks import loader\n"
        "loader.load_rules(sorted(loader.builtin_packs()), cache=True)\n"
        "print('jsonschema' in sys.modules)\n"
    )
    env = {**os.environ, "CLAIMCHECK_CACHE_DIR": str(tmp_path / "empty"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    assert done.stdout.strip() == "False"


def test_an_edited_copy_of_a_listed_file_is_validated(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    original = next(iter(sorted(loader.builtin_packs()["stemcell"].glob("*.yml"))))
    (folder / original.name).write_bytes(original.read_bytes())
    assert loader.load_pack(folder, shipped=True)  # the same bytes: listed, and loads
    (folder / original.name).write_text(
        original.read_text(encoding="utf-8")
        .replace("severity: warning", "severity: urgent", 1)
        .replace("severity: error", "severity: urgent", 1),
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="urgent"):
        loader.load_pack(folder, shipped=True)


def test_the_list_is_not_read_for_other_schemas_or_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_listing: None
) -> None:
    path = next(iter(sorted(loader.builtin_packs()["stemcell"].glob("*.yml"))))
    assert validated.is_listed(path, loader.schemas_key())
    assert not validated.is_listed(path, "schemas of another version")
    damaged = tmp_path / "packs-validated.json"
    damaged.write_text('{"header": {}, "files": {}', encoding="utf-8")
    monkeypatch.setattr(validated, "DATA", damaged)
    validated._listed.cache_clear()
    assert not validated.is_listed(path, loader.schemas_key())
