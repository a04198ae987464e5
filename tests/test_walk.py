"""Which files a folder walk checks: ignore files, config patterns, default skips."""

from __future__ import annotations

import os
from pathlib import Path

from claimcheck.sources.walk import Candidate, WalkProblem, walk


def tree(root: Path, files: list[str]) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Text.\n", encoding="utf-8")


def found(root: Path, *args, **kwargs) -> list[str]:
    return sorted(
        item.path.relative_to(root).as_posix() for item in walk([str(root)], *args, **kwargs) if isinstance(item, Candidate)
    )


def test_default_skips_hidden_dependency_and_unsupported_files(tmp_path):
    tree(
        tmp_path,
        [
            "a.md",
            "b.html",
            "c.txt",
            "d.docx",
            "e.py",
            ".hidden.md",
            ".git/x.md",
            "node_modules/pkg/readme.md",
            "vendor/x.html",
            "site/.cache/x.md",
            "site/page.md",
        ],
    )
    assert found(tmp_path) == ["a.md", "b.html", "c.txt", "d.docx", "site/page.md"]


def test_gitignore_and_claimcheckignore_apply_below_their_folder(tmp_path):
    tree(tmp_path, ["keep.md", "drafts/x.md", "old.md", "site/a.md", "site/tmp.md", "site/sub/tmp.md", "other/tmp.md"])
    (tmp_path / ".gitignore").write_text("drafts/\n# comment\nold.md\n", encoding="utf-8")
    (tmp_path / "site" / ".claimcheckignore").write_text("tmp.md\n", encoding="utf-8")
    assert found(tmp_path) == ["keep.md", "other/tmp.md", "site/a.md"]


def test_negation_in_a_deeper_ignore_file_re_includes(tmp_path):
    tree(tmp_path, ["a.md", "legal/terms.md", "legal/keep.md"])
    (tmp_path / ".gitignore").write_text("*.md\n", encoding="utf-8")
    (tmp_path / "legal" / ".gitignore").write_text("!keep.md\n", encoding="utf-8")
    assert found(tmp_path) == ["legal/keep.md"]


def test_config_exclude_and_include_patterns(tmp_path):
    tree(tmp_path, ["pages/a.md", "pages/b.html", "pages/archive/c.md", "notes.txt", "x.min.html"])
    assert found(tmp_path, exclude=("archive/", "*.min.html")) == ["notes.txt", "pages/a.md", "pages/b.html"]
    assert found(tmp_path, include=("*.md",)) == ["pages/a.md", "pages/archive/c.md"]
    assert found(tmp_path, include=("pages/*.html", "/notes.txt")) == ["notes.txt", "pages/b.html"]


def test_explicit_files_are_always_checked(tmp_path):
    tree(tmp_path, ["node_modules/x.md", "ignored.md", "script.py"])
    (tmp_path / ".gitignore").write_text("ignored.md\n", encoding="utf-8")
    names = [str(tmp_path / "node_modules/x.md"), str(tmp_path / "ignored.md"), str(tmp_path / "script.py")]
    items = list(walk(names, exclude=("*.md",), include=("*.html",)))
    assert [(item.path.name, item.explicit) for item in items] == [("x.md", True), ("ignored.md", True), ("script.py", True)]


def test_missing_path_is_a_problem_not_an_exception(tmp_path):
    items = list(walk([str(tmp_path / "nope.md")]))
    assert items == [WalkProblem(str(tmp_path / "nope.md"), "no such file or folder")]


def test_symlinked_folder_loop_is_not_followed(tmp_path):
    tree(tmp_path, ["site/page.md"])
    (tmp_path / "site" / "loop").symlink_to(tmp_path / "site")
    assert found(tmp_path) == ["site/page.md"]


def test_unreadable_folder_is_a_problem(tmp_path, monkeypatch):
    tree(tmp_path, ["a.md", "locked/b.md"])
    real_scandir = os.scandir

    def deny(path):  # tests run as root too, where chmod cannot deny reading
        if Path(path) == tmp_path / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    items = list(walk([str(tmp_path)]))
    assert [item.path.name for item in items if isinstance(item, Candidate)] == ["a.md"]
    problems = [item for item in items if isinstance(item, WalkProblem)]
    assert problems == [WalkProblem(str(tmp_path / "locked"), "cannot read folder (Permission denied)")]
