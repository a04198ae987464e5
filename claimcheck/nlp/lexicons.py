"""Lexicons: named word lists, grouped in categories, kept as YAML data in rules/lexicons.

A lexicon may also say how its terms relate, in tables a reviewer extends without code
(the `conditions` lexicon uses them to tell whether a cited study is about the claim's
disease, claimcheck/nlp/conditions.py):

* `synonyms`: a name -> other names and abbreviations of the same thing ("MS");
* `broader`: a term -> the broader terms it is a form of ("osteoarthritis" -> "arthritis");
* `distinct`: a term -> terms its words contain but which it is not a form of
  ("non-Hodgkin lymphoma" is not a "Hodgkin lymphoma");
* `classes`: a term naming a class rather than one member -> the categories it covers
  and members of other categories ("autoimmune disease" -> autoimmune, multiple sclerosis);
* `in_titles`: a term -> names of it read only in reference entries ("PD" for Parkinson's
  disease, "autistic" for autism): study titles abbreviate freely, but in copy the same
  letters are too often something else, so they are not matched there;
* `origins`: a term -> the words of what it comes after ("long COVID" after "COVID-19",
  "ischaemic heart failure" after "a heart attack"): a complaint or a disease the copy says
  follows them is that term ("breathlessness that lingers after COVID-19").

Every term a table names must be a term of one of the file's categories, so that the
matcher finds it in text; `classes` values may also be category names, and `in_titles`
values are the names that are not matched in text, `origins` values any words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck.errors import RuleError
from claimcheck.yamlio import line_of, load_yaml

RELATIONS = ("synonyms", "broader", "distinct", "classes", "in_titles", "origins", "titles_only")
_CASE_SENSITIVE = re.compile(r"^[A-Z0-9][A-Z0-9\-/]*[A-Z][A-Z0-9\-/]*s?$")


def is_case_sensitive(term: str) -> bool:
    """Abbreviations written in capitals ("MS", "COPD", "MSCs") match exactly."""
    return bool(_CASE_SENSITIVE.match(term)) and sum(char.isupper() for char in term) >= 2


@dataclass(frozen=True)
class Lexicon:
    name: str
    categories: Mapping[str, tuple[str, ...]]
    # table (one of RELATIONS) -> term -> related terms (or, for classes, categories too)
    relations: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

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


# The built-in lexicons read outside the pipeline's own lexicon set, once per process.
_BUILTIN: dict[str, Lexicon] = {}
# What the study-design reader and the condition names read (`preload_builtin_lexicons`).
PRELOADED = ("conditions", "designs")


def builtin_lexicon(name: str) -> Lexicon:
    """A lexicon file of the built-in rules folder (`name`.yml), read once per process: the
    study-design reader (nlp/study_designs.py) and the condition names (nlp/conditions.py)
    both read conditions.yml, the largest lexicon, and parsed it once each."""
    lexicon = _BUILTIN.get(name)
    if lexicon is None:
        lexicon = _BUILTIN[name] = load_lexicon(builtin_rules_dir() / "lexicons" / f"{name}.yml")
    return lexicon


def clear_builtin_lexicons() -> None:
    """Forget the built-in lexicons read so far (tests that count the parsing)."""
    _BUILTIN.clear()


def preload_builtin_lexicons() -> None:
    """Take `PRELOADED` from the compile cache (claimcheck/cache.py), for a pipeline built
    with the cache on: the first page with a citation parsed conditions.yml and designs.yml
    through the pure-Python YAML loader, ~0.075 s of a one-page run, where an entry loads
    in ~0.1 ms.  Called by `build_pipeline` only when the cache is on, so `--no-cache`
    still reads nothing from it (those files are then parsed when first needed)."""
    from claimcheck.cache import cached, files_key

    for name in PRELOADED:
        if name in _BUILTIN:
            continue
        path = builtin_rules_dir() / "lexicons" / f"{name}.yml"
        try:
            key = files_key([path])
        except OSError:
            continue  # reported when the lexicon is needed
        _BUILTIN[name] = cached("lexicon", key, functools.partial(load_lexicon, path))


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
    unknown = set(data) - {"lexicon", "description", "categories", "__line__", *RELATIONS}
    if unknown:
        allowed = ", ".join(("lexicon", "description", "categories", *RELATIONS))
        raise RuleError(f"{path}: unknown key(s) {', '.join(sorted(unknown))} (allowed: {allowed})")
    return Lexicon(name, parsed, _relations(path, name, data, parsed))


def _relations(
    path: Path, name: str, data: Mapping[str, object], categories: Mapping[str, tuple[str, ...]]
) -> dict[str, dict[str, tuple[str, ...]]]:
    """The relation tables of one lexicon file, checked against its own terms.

    A misspelt term in a relation would silently relate nothing, so it is an error that
    names the table and the term.
    """
    known = {term.casefold() for terms in categories.values() for term in terms}
    relations: dict[str, dict[str, tuple[str, ...]]] = {}
    grouped: dict[str, str] = {}
    for table in RELATIONS:
        raw = data.get(table)
        if raw is None:
            continue
        if not isinstance(raw, dict):
            raise RuleError(f"{path}: '{table}' of lexicon {name!r} must map terms to lists of terms")
        line = raw.get("__line__", "?")
        parsed: dict[str, tuple[str, ...]] = {}
        for key, values in raw.items():
            if key == "__line__":
                continue
            if not isinstance(key, str) or not key.strip():
                raise RuleError(f"{path}:{line}: '{table}' of lexicon {name!r} has an empty or non-text term")
            if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
                raise RuleError(f"{path}:{line}: '{table}' entry {key!r} of lexicon {name!r} must be a list of non-empty strings")
            key = key.strip()
            values = [value.strip() for value in values]
            for term in (key, *values):
                if table == "titles_only":
                    break  # an area and terms of its own, read in reference entries only
                if term.casefold() in known or (table == "classes" and term in categories and term != key):
                    continue
                if table in {"in_titles", "origins"} and term != key:
                    continue
                raise RuleError(
                    f"{path}:{line}: '{table}' names {term!r}, which is not a term of any category of lexicon {name!r}"
                    " (add it to a category first)"
                )
            if table == "synonyms":
                for term in (key, *values):
                    if grouped.setdefault(term.casefold(), key) != key:
                        raise RuleError(
                            f"{path}:{line}: 'synonyms' lists {term!r} under both {grouped[term.casefold()]!r} and {key!r}"
                        )
            parsed[key] = tuple(dict.fromkeys(values))
        relations[table] = parsed
    return relations


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
    relations: dict[str, dict[str, dict[str, list[str]]]] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
            lexicon = load_lexicon(path)
            target = merged.setdefault(lexicon.name, {})
            for category, terms in lexicon.categories.items():
                target.setdefault(category, []).extend(terms)
            for table, entries in lexicon.relations.items():
                tables = relations.setdefault(lexicon.name, {}).setdefault(table, {})
                for term, related in entries.items():
                    tables.setdefault(term, []).extend(related)
    for name, categories in (extra_terms or {}).items():
        target = merged.setdefault(name, {})
        for category, terms in categories.items():
            target.setdefault(category, []).extend(terms)
    return {
        name: Lexicon(
            name,
            {category: tuple(dict.fromkeys(terms)) for category, terms in categories.items()},
            {
                table: {term: tuple(dict.fromkeys(related)) for term, related in entries.items()}
                for table, entries in relations.get(name, {}).items()
            },
        )
        for name, categories in merged.items()
    }
