"""Path globs for per-path overrides, gitignore-like: `*` stays within one folder, `**`
crosses folders, a pattern without `/` matches a name at any depth, and a pattern that
names a folder covers everything under it."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            parts.append(".*")
            index += 2
            continue
        if char == "*":
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
        elif char == "[":
            close = pattern.find("]", index + 1)
            if close == -1:
                parts.append(re.escape(char))
            else:
                body = pattern[index + 1 : close].replace("\\", "\\\\")
                parts.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
                index = close + 1
                continue
        else:
            parts.append(re.escape(char))
        index += 1
    return re.compile("".join(parts) + r"\Z")


def path_matches(relative: str, pattern: str) -> bool:
    """Does a '/'-separated relative path match the pattern (or sit under a match)?"""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/") or "**"
    path = PurePosixPath(relative)
    if "/" not in pattern:
        return any(_compile(pattern).match(part) for part in path.parts)
    regex = _compile(pattern.lstrip("/"))
    candidates = [str(path), *(str(parent) for parent in path.parents if str(parent) != ".")]
    return any(regex.match(candidate) for candidate in candidates)
