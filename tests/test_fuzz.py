"""The fuzzing campaign (issue 15): random and mutated Markdown, HTML, DOCX packages,
text encodings, config files and rule packs.

Properties: nothing raises but claimcheck's own one-line errors (so the CLI's exit code
is 0, 1 or 2, never 3, and no traceback); every finding's slice of the original equals
its text; a file's findings do not depend on which other files are in the run.

Bounded for CI (a few minutes in all).  A longer campaign:
`CLAIMCHECK_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py`.  Inputs that
found bugs stay here as `@example`s.
"""

from __future__ import annotations

import io
import json
import os
import random
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimcheck.api import Report, check_paths
from claimcheck.checks import regex as regex_kind
from claimcheck.checks.loader import load_rules
from claimcheck.cli import main
from claimcheck.config import ModelSettings, Settings, load_settings
from claimcheck.errors import ClaimcheckError
from claimcheck.linter import Linter
from claimcheck.sources.docx import read_docx
from tests.docx_build import build_docx

EXAMPLES = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
RULES_ONLY = Settings(model=ModelSettings(enabled=False))

CLAIMS = [
    "Our stem cell therapy cures arthritis.",
    "Stem cells are FDA approved for knee pain.",
    "Exosomes reverse aging with no side effects.",
    "90% of patients report relief.",
    "Results may vary; this therapy is not FDA-approved.",
]
MARKUP = [
    "# ",
    "## ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "*",
    "**",
    "_",
    "`",
    "```\n",
    "~~~",
    "> ",
    "- ",
    "1. ",
    "|",
    " | ",
    "---\n",
    "[",
    "]",
    "(",
    ")",
    "[^1]",
    "[^1]: ",
    "![alt](x.png)",
    "<",
    ">",
    "</",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "<p>",
    "<br>",
    "<script>",
    "</script>",
    "<style>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&nbsp;",
    "&bogus;",
    "\\",
    "{",
    "}",
    "---\ntitle: x\n---\n",
    "<!-- claimcheck-disable efficacy/cure-claim -->",
    "<!-- claimcheck-disable-next-line -->",
    "http://example.org/a?b=c",
    "\t",
    "\u00a0",
    "\u2028",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "🧬",
    "e\u0301",
    "\ud7ff",
    "ﬁ",
    "İ",
    '=HYPERLINK("x")',
]
WORDS = ["stem", "cells", "cure", "therapy", "FDA", "approved", "patients", "study", "[1]", "(Smith 2020)", "doi:10.1/x", "."]

fragments = st.sampled_from(MARKUP + CLAIMS + WORDS) | st.text(max_size=8)
page_text = st.lists(fragments, max_size=40).map("".join)


def _check_files(linter: Linter, files: dict[str, bytes]) -> tuple[Report, dict[str, str]]:
    """Write `files` to a temporary folder and check them; (report, path -> name)."""
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for name, data in files.items():
            path = Path(folder) / name
            path.write_bytes(data)
            names[str(path)] = name
        return check_paths([folder], linter=linter, settings=RULES_ONLY, claims=True), names


def _assert_sound(report: Report) -> None:
    """No internal error, and every finding is exactly where it says."""
    assert not [notice.message for notice in report.notices if notice.internal]
    for finding in report.findings:
        original = report.texts[finding.path]
        assert original[finding.offset : finding.end_offset] == finding.text
        lines = original.splitlines(keepends=True) if original else [""]
        assert 1 <= finding.line <= max(1, len(lines) + 1) and finding.column >= 1


# ---------------------------------------------------------------- Markdown, HTML, text


@FUZZ
@given(page=page_text, suffix=st.sampled_from([".md", ".html", ".txt", ".markdown", ".htm"]))
@example(page="<!--\r-->Stem cells cure MS.", suffix=".md")
@example(page="\ufeff# x\r\rOur stem cell therapy cures arthritis.", suffix=".md")
def test_random_pages_are_read_and_located_exactly(linter: Linter, page: str, suffix: str):
    report, _ = _check_files(linter, {"page" + suffix: page.encode("utf-8", errors="surrogatepass")})
    _assert_sound(report)


@FUZZ
@given(first=page_text, second=page_text)
def test_a_files_findings_do_not_depend_on_the_other_files(linter: Linter, first: str, second: str):
    files = {"a.md": first.encode("utf-8", errors="surrogatepass"), "b.html": second.encode("utf-8", errors="surrogatepass")}
    together, names = _check_files(linter, files)
    for name, data in files.items():
        alone, alone_names = _check_files(linter, {name: data})
        _assert_sound(alone)

        def strip(report: Report, paths: dict[str, str], name: str = name) -> list[tuple]:
            return [(f.rule, f.offset, f.end_offset, f.text, f.message) for f in report.findings if paths[f.path] == name]

        assert strip(alone, alone_names) == strip(together, names)


# ---------------------------------------------------------------- text encodings

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252", "utf-32"]


@FUZZ
@given(page=page_text, encoding=st.sampled_from(ENCODINGS), cut=st.integers(min_value=0, max_value=3), junk=st.binary(max_size=6))
@example(page="é", encoding="utf-16-le", cut=0, junk=b"")
@example(page="Stem cells cure MS.", encoding="utf-32", cut=1, junk=b"\x00")
def test_any_bytes_in_any_encoding_are_read_or_refused_in_one_line(
    linter: Linter, page: str, encoding: str, cut: int, junk: bytes
):
    data = page.encode(encoding, errors="replace")
    data = data[: len(data) - cut] + junk
    report, _ = _check_files(linter, {"page.md": data})
    _assert_sound(report)
    assert all("\n" not in notice.message for notice in report.notices)


# ---------------------------------------------------------------- DOCX


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return output.getvalue()


BASE_DOCX = build_docx([("heading", "Knee care"), ("paragraph", CLAIMS[0] + "{fn:Smith 2020.}"), ("table", [["a", CLAIMS[1]]])])
PART_NAMES = sorted(_parts(BASE_DOCX))
XML_MUTATIONS = [
    b"<!DOCTYPE w:document [<!ENTITY a 'aaaa'>]>",
    b'<!DOCTYPE x SYSTEM "http://127.0.0.1:1/x.dtd">',
    b"&a;",
    b"<w:p><w:r><w:t>",
    b"</w:body>",
    b"\x00",
    b"<?xml version='1.0' encoding='UTF-16'?>",
    b"]]>",
    b"<w:t>Stem cells cure MS.</w:t>",
]


def apply_mutations(mutations: list[tuple]) -> bytes:
    """The base .docx with each (part, action, position, payload) applied; a part of
    None damages the zip structure itself at that position."""
    parts = _parts(BASE_DOCX)
    for name, action, position, payload in mutations:
        if name is None:
            continue
        body = parts.get(name, b"")
        at = position % (len(body) + 1)
        if action == "drop":
            parts.pop(name, None)
        elif action == "truncate":
            parts[name] = body[:at]
        elif action == "insert":
            parts[name] = body[:at] + payload + body[at:]
        else:
            parts[name] = payload
    data = _zip(parts)
    for name, _, position, payload in mutations:
        if name is None:
            at = position % len(data)
            data = data[:at] + (payload or b"\x00") + data[at + 1 :]
    return data


mutation = st.tuples(
    st.sampled_from([*PART_NAMES, None]),
    st.sampled_from(["drop", "truncate", "insert", "replace"]),
    st.integers(min_value=0, max_value=1 << 20),
    st.sampled_from(XML_MUTATIONS) | st.binary(max_size=12),
)


@FUZZ
@given(mutations=st.lists(mutation, min_size=1, max_size=3))
# Found by the campaign: a damaged member header escaped as zipfile.BadZipFile.
@example(mutations=[(None, "drop", 0, b"<!DOCTYPE w:document [<!ENTITY a 'aaaa'>]>")])
@example(mutations=[(None, "drop", 26, b"\x00")])
@example(mutations=[(None, "drop", 60, b"\x00")])
# Found by the longer campaign: a part that declared a DTD and could not be unpacked.
@example(
    mutations=[
        ("[Content_Types].xml", "drop", 0, b"<!DOCTYPE w:document [<!ENTITY a 'aaaa'>]>"),
        ("[Content_Types].xml", "insert", 0, b"<!DOCTYPE w:document [<!ENTITY a 'aaaa'>]>"),
        (None, "drop", 2721, b"<!DOCTYPE w:document [<!ENTITY a 'aaaa'>]>"),
    ]
)
# Found by CI: a quote or space inserted into a part's XML turned its root into another
# element, and python-docx raised AttributeError reading it.
@example(mutations=[("word/document.xml", "insert", 3039, b"'")])
@example(mutations=[("_rels/.rels", "insert", 3023, b"'")])
@example(mutations=[("[Content_Types].xml", "insert", 3031, b" ")])
def test_mutated_docx_packages_are_read_or_refused_in_one_line(linter: Linter, mutations: list[tuple]):
    data = apply_mutations(mutations)
    try:
        read_docx(data, "page.docx", 5_000_000)
    except ClaimcheckError as error:
        assert "\n" not in str(error) and "page.docx" in str(error)
    report, _ = _check_files(linter, {"page.docx": data})
    _assert_sound(report)


# ---------------------------------------------------------------- config files and rule packs

CONFIG_KEYS = [
    "packs",
    "disable",
    "enable",
    "severity",
    "fail_on",
    "max_file_size",
    "include",
    "exclude",
    "citation_window",
    "rule_options",
    "overrides",
    "format",
    "model",
    "extends",
    "extra_terms",
    "publisher_domains",
    "unknown",
]
yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 10**6)
    | st.sampled_from(["", "*", "**/x", "[", "stemcell", "efficacy/*", "error", "x"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["paths", "disable", "pattern", "enabled", "a"]), inner, max_size=3)
    ),
    max_leaves=8,
)


@FUZZ
@given(
    config=st.dictionaries(st.sampled_from(CONFIG_KEYS), yaml_values, max_size=5), raw=st.text(max_size=30), as_text=st.booleans()
)
@example(config={}, raw="packs: [", as_text=True)
@example(config={}, raw="\x1f", as_text=True)  # found: YAML's reader error spanned two lines
@example(config={"extends": "."}, raw="", as_text=False)
def test_random_config_files_load_or_fail_in_one_line(config: dict, raw: str, as_text: bool):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".claimcheck.yaml"
        path.write_text(raw if as_text else yaml.safe_dump(config), encoding="utf-8")
        try:
            settings_ = load_settings(path)
        except ClaimcheckError as error:
            assert "\n" not in str(error).strip()
        else:
            assert isinstance(settings_, Settings)


PATTERN_PIECES = [
    "a",
    "(",
    ")",
    "+",
    "*",
    "?",
    "|",
    "\\b",
    "\\w",
    "[",
    "]",
    "{2,}",
    "(?<!x)",
    "(?=y)",
    "\\1",
    "(?P<n>",
    "^",
    "$",
    ".",
    "\\",
]
rule_values = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["house/a", "house/b", "bad id", "house/a"]),
        "kind": st.sampled_from(["regex", "phrase", "pattern", "claim", "nope"]),
        "severity": st.sampled_from(["error", "warning", "info", "fatal"]),
        "category": st.sampled_from(["efficacy", "x"]),
        "message": st.sampled_from(["m {text}", "{", "m", "{0}", "{text:d}", "{text.x}", "}{"]),
        "rationale": st.just("r"),
        "authority": st.just("a"),
    },
    optional={
        "options": st.dictionaries(
            st.sampled_from(["pattern", "terms", "phrases", "patterns", "near", "unless", "report"]),
            yaml_values | st.lists(st.sampled_from(PATTERN_PIECES), max_size=8).map("".join),
            max_size=3,
        )
    },
)


@FUZZ
@given(rules=st.lists(rule_values, max_size=3))
# Found by the campaign: a message template "{" passed loading and crashed the check.
@example(
    rules=[
        {
            "id": "house/a",
            "kind": "claim",
            "severity": "error",
            "category": "efficacy",
            "message": "{",
            "rationale": "r",
            "authority": "a",
        }
    ]
)
@example(
    rules=[
        {
            "id": "house/a",
            "kind": "regex",
            "severity": "error",
            "category": "efficacy",
            "message": "m",
            "rationale": "r",
            "authority": "a",
            "options": {"pattern": "(a|aa)+$"},
        }
    ]
)
def test_random_rule_packs_load_or_fail_in_one_line_and_never_hang(linter: Linter, rules: list, monkeypatch_budget):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "rules.yml").write_text(json.dumps({"rules": rules}), encoding="utf-8")
        try:
            loaded = load_rules([folder])
            house = Linter(loaded, linter.nlp)
        except ClaimcheckError as error:
            assert "\n" not in str(error).strip()
            return
        page = "a" * 40 + "! Our stem cell therapy cures arthritis. " + "word " * 20
        from claimcheck.api import check_text

        for finding in check_text(page, linter=house):
            assert page[finding.offset : finding.end_offset] == finding.text
        house.take_stopped()


@pytest.fixture(scope="module")
def monkeypatch_budget():
    """A short regex budget for the rule-pack campaign (a catastrophic pattern stops fast)."""
    saved = regex_kind.TIME_BUDGET, regex_kind.BUDGET_PER_MB
    regex_kind.TIME_BUDGET, regex_kind.BUDGET_PER_MB = 0.2, 0.0
    yield
    regex_kind.TIME_BUDGET, regex_kind.BUDGET_PER_MB = saved


# ---------------------------------------------------------------- the CLI over a fuzzed corpus


def test_cli_over_a_fuzzed_corpus_exits_0_1_or_2_without_a_traceback(tmp_path):
    """One run over many mutated files of every kind: a one-line notice per bad file."""
    rng = random.Random(15)
    site = tmp_path / "site"
    site.mkdir()
    pieces = MARKUP + CLAIMS + WORDS
    for number in range(24):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        suffix = rng.choice([".md", ".html", ".txt"])
        data = text.encode(rng.choice(["utf-8", "utf-16", "latin-1", "utf-8-sig"]), errors="replace")
        if rng.random() < 0.3:
            at = rng.randint(0, len(data))
            data = data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 6))) + data[at:]
        (site / f"page{number}{suffix}").write_bytes(data)
    base = bytearray(BASE_DOCX)
    for number in range(8):
        damaged = bytearray(base)
        for _ in range(number):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        (site / f"doc{number}.docx").write_bytes(bytes(damaged))
    for output_format in ("json", "csv", "sarif"):
        result = CliRunner().invoke(main, ["check", str(site), "--no-model", "--format", output_format])
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output and "internal error" not in result.stderr
