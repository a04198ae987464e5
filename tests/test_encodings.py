"""Encodings, limits and unreadable inputs: each ends with a clear one-line message."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest
from click.testing import CliRunner

from claimcheck.api import check_paths
from claimcheck.cli import main
from claimcheck.config import Settings
from claimcheck.sources.base import LineIndex

TEXT = "Intro line.\r\nCafé 🙂 visitors: there are no side effects.\n"


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8 bom", "utf-16 le bom", "utf-16 be bom"],
)
def test_supported_encodings_give_the_same_location(tmp_path, linter, encoded):
    path = tmp_path / "page.txt"
    path.write_bytes(encoded)
    report = check_paths([str(path)], linter=linter)
    assert not report.notices
    [finding] = [finding for finding in report.findings if finding.rule == "safety/absolute"]
    assert (finding.line, finding.column, finding.end_column) == (2, 28, 43)  # emoji and é are one column each
    assert finding.text == "no side effects"
    start = LineIndex(TEXT).offset(finding.line, finding.column)
    assert TEXT[start : start + len(finding.text)] == finding.text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"ok\ncaf\xe9 latin-1\n", "bad.txt: not valid UTF-8 (byte 0xe9 on line 2); save the file as UTF-8"),
        (b"\xff\xfe" + "ok\n".encode("utf-16-le") + b"\x00\xd8a\x00", "bad.txt: not valid UTF-16"),
        ("Plain words.\n".encode("utf-16-le"), "bad.txt: looks like UTF-16 without a byte-order mark"),
    ],
    ids=["latin-1", "broken utf-16", "utf-16 without bom"],
)
def test_undecodable_file_is_an_error_naming_it_and_others_are_still_checked(tmp_path, linter, data, message):
    (tmp_path / "bad.txt").write_bytes(data)
    (tmp_path / "good.txt").write_text("There are no side effects.\n", encoding="utf-8")
    report = check_paths([str(tmp_path)], linter=linter)
    [notice] = report.notices
    assert notice.error and notice.message.startswith(str(tmp_path / "bad.txt"))
    assert message in notice.message and "\n" not in notice.message
    assert report.files_checked == 1 and any(finding.rule == "safety/absolute" for finding in report.findings)


def test_cli_undecodable_file_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "bad.md").write_bytes("Words.\n".encode("utf-16-le"))
    (tmp_path / "good.md").write_text("There are no side effects.\n", encoding="utf-8")
    result = run("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"claimcheck: error: {tmp_path / 'bad.md'}: looks like UTF-16 without a byte-order mark; save the file as UTF-8"
    ]
    assert any(item["rule"] == "safety/absolute" for item in json.loads(result.stdout)["findings"])


def test_size_limit_is_configurable_and_only_a_notice_inside_a_folder(tmp_path, linter):
    (tmp_path / "big.md").write_text("Long page. " * 40, encoding="utf-8")
    (tmp_path / "small.md").write_text("There are no side effects.\n", encoding="utf-8")
    report = check_paths([str(tmp_path)], linter=linter, settings=replace(Settings(), max_file_size=100))
    [notice] = report.notices
    assert not notice.error
    assert notice.message == (
        f"{tmp_path / 'big.md'}: skipped, 440 bytes is over the size limit of 100 bytes "
        "(raise max_file_size in the config to check it)"
    )
    assert report.files_checked == 1 and report.findings


def test_size_limit_from_config_file_and_for_docx(tmp_path):
    (tmp_path / ".claimcheck.yaml").write_text("max_file_size: 64\n", encoding="utf-8")
    (tmp_path / "memo.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    result = run("check", str(tmp_path / "memo.docx"), "--config", str(tmp_path / ".claimcheck.yaml"))
    assert result.exit_code == 2
    assert "memo.docx: skipped, 204 bytes is over the size limit of 64 bytes" in result.stderr


def test_fifty_megabyte_file_is_skipped_without_reading_it_all(tmp_path, linter):
    path = tmp_path / "huge.md"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk or time
    (tmp_path / "ok.md").write_text("Fine.\n", encoding="utf-8")
    report = check_paths([str(tmp_path)], linter=linter)
    [notice] = report.notices
    assert not notice.error  # a skipped file in a folder is a notice
    assert notice.message.startswith(f"{path}: skipped, 52,428,800 bytes is over the size limit")
    assert report.files_checked == 1
    named = check_paths([str(path)], linter=linter)
    assert [notice.error for notice in named.notices] == [True]  # named explicitly: an error


def test_binary_in_a_folder_is_a_notice_named_one_is_an_error(tmp_path, linter):
    (tmp_path / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (tmp_path / "page.md").write_text("Fine.\n", encoding="utf-8")
    [notice] = check_paths([str(tmp_path)], linter=linter).notices
    assert not notice.error
    assert notice.message == f"{tmp_path / 'photo.html'}: skipped, looks like a binary file (contains NUL bytes)"
    [named] = check_paths([str(tmp_path / "photo.html")], linter=linter).notices
    assert named.error


def test_symlink_loop_inside_a_folder_is_reported_once(tmp_path, linter):
    (tmp_path / "page.md").write_text("There are no side effects.\n", encoding="utf-8")
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    (tmp_path / "dir-loop").symlink_to(tmp_path)
    report = check_paths([str(tmp_path)], linter=linter)
    assert [(notice.error, notice.message) for notice in report.notices] == [
        (True, f"{tmp_path / 'loop.md'}: cannot read (Too many levels of symbolic links)")
    ]
    assert report.files_checked == 1 and report.findings


def test_unreadable_folder_is_an_error_and_the_rest_is_checked(tmp_path, linter, monkeypatch):
    (tmp_path / "page.md").write_text("There are no side effects.\n", encoding="utf-8")
    (tmp_path / "private").mkdir()
    real_scandir = os.scandir

    def deny(path):  # the tests may run as root, where chmod cannot deny reading
        if os.fspath(path) == str(tmp_path / "private"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    report = check_paths([str(tmp_path)], linter=linter)
    assert [(notice.error, notice.message) for notice in report.notices] == [
        (True, f"{tmp_path / 'private'}: cannot read folder (Permission denied)")
    ]
    assert report.findings


def test_deeply_nested_and_unclosed_html_is_read(tmp_path, linter):
    deep = "<div>" * 50_000 + "<p>There are no side effects." + "</div>" * 10
    (tmp_path / "deep.html").write_text(deep, encoding="utf-8")
    unclosed = "<p><b>Our therapy <i>has no side effects.<p>Next<table><tr><td>cell"
    (tmp_path / "unclosed.html").write_text(unclosed, encoding="utf-8")
    report = check_paths([str(tmp_path)], linter=linter)
    assert not report.notices
    found = {(os.path.basename(finding.path), finding.text) for finding in report.findings}
    assert ("deep.html", "no side effects") in found
    assert ("unclosed.html", "no side effects") in found
