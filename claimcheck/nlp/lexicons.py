"""Lexicons: named word lists, grouped in categories, kept as YAML data in rules/lexicons."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from claimcheck.errors import RuleError
from claimcheck.yamlio import line_of, load_yaml

_CASE_SENSITIVE = re.compile(r"^[A-Z0-9][A-Z0-9\-/]*[A-Z][A-Z0-9\-/]*s?$")


def is_case_sensitive(term: str) -> bool:
    """Abbreviations written in capitals ("MS", "COPD", "MSCs") match exactly."""
    return bool(_CASE_SENSITIVE.match(term)) and sum(char.isupper() for char in term) >= 2


@dataclass(frozen=True)
class Lexicon:
    name: str
    categories: Mapping[str, tuple[str, ...]]

    def terms(self) -> Iterable[tuple[str, str]]:
        for category, terms in self.categories.items():
            for term in terms:
                yield category, term


def builtin_rules_dir() -> Path:
    """The rules folder: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "rules", here.parent / "rules"):
        if (candidate / "lexicons").is_dir():
            return candidate
    raise RuleError(f"the built-in rules folder is missing (looked in {here / 'rules'} and {here.parent / 'rules'})")


def load_lexicon(path: Path) -> Lexicon:
    data = load_yaml(path, RuleError)
    if not isinstance(data, dict):
        raise RuleError(f"{path}: a lexicon must be a mapping with 'lexicon' and 'categories'")
    name = data.get("lexicon")
    categories = data.get("categories")
    if not isinstance(name, str) or not name:
        raise RuleError(f"{path}:{line_of(data)}: 'lexicon' must be a non-empty name")
    if not isinstance(categories, dict) or not categories:
        raise RuleError(f"{path}:{line_of(data)}: 'categories' must map category names to lists of terms")
    parsed: dict[str, tuple[str, ...]] = {}
    for category, terms in categories.items():
        if category == "__line__":
            continue
        if not isinstance(terms, list) or not all(isinstance(term, str) and term.strip() for term in terms):
            raise RuleError(f"{path}: category {category!r} of lexicon {name!r} must be a list of non-empty strings")
        parsed[str(category)] = tuple(term.strip() for term in terms)
    unknown = set(data) - {"lexicon", "description", "categories", "__line__"}
    if unknown:
        raise RuleError(f"{path}: unknown key(s) {', '.join(sorted(unknown))} (allowed: lexicon, description, categories)")
    return Lexicon(name, parsed)


def load_lexicons(
    folders: Iterable[Path], extra_terms: Mapping[str, Mapping[str, Iterable[str]]] | None = None, cache: bool = False
) -> dict[str, Lexicon]:
    """Load every lexicon in the folders (later folders extend earlier ones), plus extra terms.

    With `cache`, from the compile cache (claimcheck/cache.py) when no lexicon file changed.
    """
    folders = list(folders)
    if cache:
        from claimcheck.cache import cached, files_key, yaml_files

        try:
            key = files_key(path for folder in folders for path in yaml_files(folder))
        except OSError:
            return _load_lexicons(folders, extra_terms)
        extra = {
            name: {category: list(terms) for category, terms in value.items()} for name, value in (extra_terms or {}).items()
        }
        return cached("lexicons", f"{key}:{extra!r}", lambda: _load_lexicons(folders, extra_terms))
    return _load_lexicons(folders, extra_terms)


def _load_lexicons(
    folders: list[Path], extra_terms: Mapping[str, Mapping[str, Iterable[str]]] | None = None
) -> dict[str, Lexicon]:
    merged: dict[str, dict[str, list[str]]] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
            lexicon = load_lexicon(path)
            target = merged.setdefault(lexicon.name, {})
            for category, terms in lexicon.categories.items():
                target.setdefault(category, []).extend(terms)
    for name, categories in (extra_terms or {}).items():
        target = merged.setdefault(name, {})
        for category, terms in categories.items():
            target.setdefault(category, []).extend(terms)
    return {
        name: Lexicon(name, {category: tuple(dict.fromkeys(terms)) for category, terms in categories.items()})
        for name, categories in merged.items()
    }
