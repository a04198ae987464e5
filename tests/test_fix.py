"""Rule fixes: data in the YAML, applied only with --fix, atomic, idempotent, local."""

from __future__ import annotations

import codecs
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.checks.loader import builtin_packs, load_rules
from claimcheck.cli import main
from claimcheck.errors import RuleError
from claimcheck.fixes import PLACEHOLDER, fix_until_stable
from claimcheck.progress import terminal_progress

RULES = load_rules(builtin_packs())
FIXES = {rule.id: rule.fix for rule in RULES if rule.fix}
PAGE = (
    "# Our clinic\n\n"
    "Clinical studies have documented lower pain scores after treatment.\n"
    "Our protocol is clinically proven to regenerate cartilage.\n"
    "A revolutionary stem cell treatment for joint pain, see [proven](https://x.example/proven-results).\n"
)


def _fix(check, text: str, path: str = "page.md") -> str:
    return fix_until_stable(path, text, check(text, path), FIXES, lambda p, t: check(t, p)).fixed


def test_some_builtin_rules_have_fixes():
    assert {"evidence/establishment-claim", "marketing/hype", "safety/absolute", "evidence/uncited-appeal"} <= set(FIXES)
    assert FIXES["evidence/uncited-appeal"].get("unsafe") and not FIXES["marketing/hype"].get("unsafe")


def test_no_builtin_fix_writes_placeholder_text():
    written = [text for fix in FIXES.values() for text in (fix.get("insert_after", ""), *fix.get("replace", {}).values())]
    assert written and not any(PLACEHOLDER.search(text) for text in written)


def test_fix_rewrites_claims_and_leaves_markup_alone(check):
    fixed = _fix(check, PAGE)
    assert "documented lower pain scores after treatment." in fixed and "[" not in fixed.split("\n")[2]
    assert "clinically studied to regenerate cartilage" in fixed
    assert "A new stem cell treatment" in fixed
    assert "(https://x.example/proven-results)" in fixed  # a link target is never rewritten


def test_fix_is_idempotent(check):
    once = _fix(check, PAGE)
    assert once != PAGE
    assert _fix(check, once) == once


WORDS = st.sampled_from(
    [
        "Our stem cell therapy",
        "is clinically proven",
        "a revolutionary",
        "Studies show",
        "cures arthritis",
        "may help knees",
        "patients",
        "🧬",
        "café",
        "**bold**",
        "[link](https://x.example/proven)",
        "`proven`",
        "<!-- proven -->",
        "\n",
        "\r\n",
        "\n\n- ",
        ".",
        ",",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, min_size=1, max_size=30).map(" ".join))
def test_fix_changes_text_only_inside_fixable_findings_and_is_idempotent(check, text):
    result = fix_until_stable("page.md", text, check(text, "page.md"), FIXES, lambda p, t: check(t, p))
    current = text
    for edits in result.passes:
        spans = [(f.offset, f.end_offset) for f in check(current, "page.md") if f.rule in FIXES and f.scope == "span"]
        for edit in edits:  # each edit lies inside a finding of a rule with a fix (insertions: at its end)
            assert any(start <= edit.start and edit.end <= end for start, end in spans), (edit, spans)
        # Splice right to left (independently of apply_edits): everything between edits is kept as it was.
        for edit in sorted(edits, reverse=True):
            current = current[: edit.start] + edit.replacement + current[edit.end :]
    assert current == result.fixed
    again = fix_until_stable("page.md", result.fixed, check(result.fixed, "page.md"), FIXES, lambda p, t: check(t, p))
    assert again.fixed == result.fixed and not again.passes


def write_pack(folder: Path, rule: dict) -> Path:
    folder.mkdir()
    (folder / "rules.yml").write_text(yaml.safe_dump({"rules": [rule]}), encoding="utf-8")
    return folder


def test_schema_rejects_bad_and_non_idempotent_fixes(tmp_path):
    base = {
        "id": "test/x",
        "kind": "phrase",
        "severity": "info",
        "category": "hype",
        "message": "m",
        "rationale": "r",
        "authority": "a",
        "options": {"terms": ["proven"]},
    }
    with pytest.raises(RuleError, match="fix: must be"):
        load_rules([write_pack(tmp_path / "a", {**base, "fix": {"replace": {"proven": 3}}})])
    with pytest.raises(RuleError, match="fix: must be"):
        load_rules([write_pack(tmp_path / "b", {**base, "fix": {"delete": True}})])
    with pytest.raises(RuleError, match="fixing twice"):
        load_rules([write_pack(tmp_path / "c", {**base, "fix": {"replace": {"proven": "not proven"}}})])
    with pytest.raises(RuleError, match="placeholder text"):
        load_rules([write_pack(tmp_path / "d", {**base, "fix": {"insert_after": " [citation needed]"}})])
    with pytest.raises(RuleError, match="placeholder text"):
        load_rules([write_pack(tmp_path / "e", {**base, "fix": {"replace": {"proven": "TODO"}}})])
    ok = load_rules([write_pack(tmp_path / "f", {**base, "fix": {"insert_after": " (see reference 3)", "unsafe": True}})])
    assert ok[0].fix == {"insert_after": " (see reference 3)", "unsafe": True}


def test_unsafe_fixes_only_with_the_flag(tmp_path):
    page = tmp_path / "page.md"
    text = "# Clinic\n\nOur stem cell therapy is 100% safe.\n\nStudies show it helps.\n"
    page.write_text(text, encoding="utf-8")
    safe = CliRunner().invoke(main, ["check", str(page), "--diff", "--no-model"])
    assert "+Our stem cell therapy is safe." in safe.stdout and "Some studies suggest" not in safe.stdout
    assert "1 more change available with --unsafe-fixes" in safe.stderr
    unsafe = CliRunner().invoke(main, ["check", str(page), "--diff", "--unsafe-fixes", "--no-model"])
    assert "+Some studies suggest it helps." in unsafe.stdout and "--unsafe-fixes" not in unsafe.stderr
    CliRunner().invoke(main, ["check", str(page), "--fix", "--no-model"])
    assert page.read_text(encoding="utf-8") == text.replace("100% safe", "safe")


@pytest.mark.parametrize(
    ("bom", "codec", "newline"),
    [
        (b"", "utf-8", "\n"),
        (codecs.BOM_UTF8, "utf-8", "\r\n"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "\r\n"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "\n"),
    ],
)
def test_cli_fix_writes_atomically_keeping_encoding_bom_and_newlines(tmp_path, bom, codec, newline):
    page = tmp_path / "page.md"
    page.write_bytes(bom + PAGE.replace("\n", newline).encode(codec))
    untouched = tmp_path / "clean.md"
    untouched.write_bytes(b"Nothing to see here.\n")
    before = untouched.stat().st_mtime_ns
    # Rules alone: which of two overlapping rules a fix is credited to is the detector's call,
    # and this test is about how the file is written.
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--fix", "--format", "json", "--no-model"])
    assert "3 changes (evidence/establishment-claim x1, marketing/hype x2)" in result.stderr
    assert "--unsafe-fixes" not in result.stderr  # the page's appeal to studies has no rewrite at all
    data = page.read_bytes()
    assert data.startswith(bom)
    text = data[len(bom) :].decode(codec)
    assert "A new stem cell treatment" in text
    assert text.count(newline) == PAGE.count("\n") and ("\r\n" in text) == (newline == "\r\n")
    assert untouched.stat().st_mtime_ns == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert '"marketing/hype"' not in result.stdout  # the report shows what is left after fixing
    again = CliRunner().invoke(main, ["check", str(page), "--diff"])
    # Nothing left to fix, so no diff; the findings that remain are shown (on stderr) and
    # set the exit code, as they would without --diff.
    assert again.stdout == "" and again.exit_code == 1
    assert "efficacy/" in again.stderr and "claims flagged" in again.stderr


def test_cli_diff_prints_a_patch_and_writes_nothing(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(page), "--diff"])
    assert result.exit_code == 1
    assert page.read_text(encoding="utf-8") == PAGE
    assert f"--- a/{page}" in result.stdout and "+A new stem cell treatment" in result.stdout
    if shutil.which("patch"):  # the diff is a real patch: applying it gives what --fix writes
        copy = tmp_path / "copy.md"
        copy.write_text(PAGE, encoding="utf-8")
        subprocess.run(["patch", "-s", str(copy)], input=result.stdout, text=True, check=True)
        CliRunner().invoke(main, ["check", str(page), "--fix"])
        assert copy.read_text(encoding="utf-8") == page.read_text(encoding="utf-8") != PAGE


def test_cli_fix_stdin_prints_fixed_text():
    result = CliRunner().invoke(main, ["check", "-", "--fix", "--stdin-filename", "x.md"], input=PAGE)
    assert result.stdout.startswith("# Our clinic") and "A new stem cell treatment" in result.stdout
    assert "clinically studied" in result.stdout


def test_fix_and_diff_together_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--fix", "--diff"])
    assert result.exit_code == 2


def test_check_does_not_import_the_language_server(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("Our stem cell therapy cures MS.\n", encoding="utf-8")
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom claimcheck.cli import main\n"
        f"CliRunner().invoke(main, ['check', {str(page)!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pygls', 'lsprotocol'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_explain_shows_the_fix():
    result = CliRunner().invoke(main, ["explain", "marketing/hype"])
    assert result.exit_code == 0 and "Safe fix" in result.output and "'revolutionary' with 'new'" in result.output


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal():
    assert terminal_progress(io.StringIO()) is None
    stream = _Terminal()
    show = terminal_progress(stream)
    for done in range(1, 4):
        show(done, 3)
    assert "claimcheck: 1/3 files" in stream.getvalue() and "2/3" in stream.getvalue()
    assert stream.getvalue().endswith("\r\x1b[2K")  # the line is cleared at the end


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path):
    for index in range(3):
        (tmp_path / f"p{index}.md").write_text("Our stem cell therapy cures MS.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "-q"])
    assert "files" not in result.stderr and result.exit_code == 1
