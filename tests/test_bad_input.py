"""Bad input ends with a clear message and the right exit code, never a traceback."""

from __future__ import annotations

from click.testing import CliRunner

from claimcheck.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_binary_file_named_explicitly_is_an_error(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run("check", str(path))
    assert result.exit_code == 2
    assert "binary" in result.output


def test_binary_file_in_a_folder_is_skipped_with_a_notice(tmp_path):
    (tmp_path / "a.md").write_text("Fine text.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    result = run("check", str(tmp_path))
    assert result.exit_code == 0
    assert "notice" in result.output and "binary" in result.output


def test_invalid_utf8_names_the_file_and_others_still_checked(tmp_path):
    (tmp_path / "bad.md").write_bytes(b"ok\n\xc3\x28 broken\n")
    (tmp_path / "good.md").write_text("Our stem cell therapy cures multiple sclerosis.\n", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert "bad.md: not valid UTF-8" in result.output
    assert "efficacy/cure-claim" in result.output


def test_utf16_and_bom_are_read(tmp_path):
    (tmp_path / "a.txt").write_bytes("There are no side effects.\n".encode("utf-16"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + b"There are no side effects.\n")
    result = run("check", str(tmp_path), "--format", "json")
    import json

    findings = [item for item in json.loads(result.output)["findings"] if item["rule"] == "safety/absolute"]
    assert len(findings) == 2
    assert {item["column"] for item in findings} == {11}  # the BOM is not counted as a column


def test_empty_file(tmp_path):
    path = tmp_path / "empty.md"
    path.write_text("", encoding="utf-8")
    assert run("check", str(path)).exit_code == 0


def test_huge_file_is_skipped_with_a_clear_message(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * (6 * 1024 * 1024 // 5 + 10))
    result = run("check", str(path))
    assert result.exit_code == 2
    assert "over the size limit" in result.output


def test_unreadable_file_reports_cleanly(tmp_path, monkeypatch):
    path = tmp_path / "secret.md"
    path.write_text("text", encoding="utf-8")
    real_open = open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    result = run("check", str(path))
    assert result.exit_code == 2
    assert "cannot read (Permission denied)" in result.output


def test_symlink_loop_does_not_hang_or_crash(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "page.md").write_text("Hello.\n", encoding="utf-8")
    (folder / "loop").symlink_to(folder)
    (tmp_path / "self.md").symlink_to(tmp_path / "self.md")
    result = run("check", str(folder), str(tmp_path / "self.md"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_malformed_config(tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text("packs: [stemcell\n", encoding="utf-8")
    page = tmp_path / "p.txt"
    page.write_text("x", encoding="utf-8")
    result = run("check", str(page), "--config", str(config))
    assert result.exit_code == 2
    assert "invalid YAML" in result.output and "bad.yaml:" in result.output


def test_unknown_config_key_names_allowed_keys(tmp_path):
    config = tmp_path / ".claimcheck.yaml"
    config.write_text("fail_level: error\n", encoding="utf-8")
    page = tmp_path / "p.txt"
    page.write_text("x", encoding="utf-8")
    result = run("check", str(page), "--config", str(config))
    assert result.exit_code == 2
    assert "unknown key 'fail_level'" in result.output and "fail_on" in result.output


def test_bad_config_value(tmp_path):
    config = tmp_path / ".claimcheck.yaml"
    config.write_text("fail_on: sometimes\n", encoding="utf-8")
    page = tmp_path / "p.txt"
    page.write_text("x", encoding="utf-8")
    result = run("check", str(page), "--config", str(config))
    assert result.exit_code == 2
    assert "'sometimes' is not allowed" in result.output


def _check_with_pack(tmp_path, rule_yaml: str, packs: str):
    pack = tmp_path / "mypack"
    pack.mkdir()
    (pack / "rules.yml").write_text(rule_yaml, encoding="utf-8")
    config = tmp_path / ".claimcheck.yaml"
    config.write_text(f"packs: {packs}\n", encoding="utf-8")
    page = tmp_path / "p.txt"
    page.write_text("x", encoding="utf-8")
    return run("check", str(page), "--config", str(config))


RULE_HEAD = "rules:\n  - id: house/{id}\n    kind: {kind}\n    severity: {severity}\n    category: x\n"
RULE_TAIL = "    message: m\n    rationale: r\n    authority: a\n    options: {options}\n"


def test_malformed_rule_pack(tmp_path):
    rule = RULE_HEAD.format(id="bad-rule", kind="phrase", severity="urgent") + RULE_TAIL.format(options="{terms: [miracle]}")
    result = _check_with_pack(tmp_path, rule, "[stemcell, ./mypack]")
    assert result.exit_code == 2
    assert (
        "rules.yml:2: rule 'house/bad-rule'" in result.output
        and "severity: 'urgent' is not allowed (choose from error, warning, info)" in result.output
    )


def test_bad_regex_in_rule(tmp_path):
    rule = RULE_HEAD.format(id="bad-regex", kind="regex", severity="error") + RULE_TAIL.format(options="{pattern: '(unclosed'}")
    result = _check_with_pack(tmp_path, rule, "[./mypack]")
    assert result.exit_code == 2
    assert "not a valid regular expression" in result.output
