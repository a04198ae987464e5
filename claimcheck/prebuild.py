"""`python -m claimcheck.prebuild`: write what the package ships prebuilt for an empty cache.

The built-in regex rules as compiled and analysed (checks/prebuilt.py), the built-in
terms as tokenized (nlp/shipped_terms.py) and the list of built-in pack files that
validate (checks/validated.py).  Run it after editing a built-in rule pack or
lexicon, or the code named in either module's `SOURCES`; `tests/test_prebuilt.py` fails
until it is run.  The generation lives here, in a module nothing imports, because it
needs the loaders and the pipeline, which import the two readers.
"""

from __future__ import annotations

from claimcheck.cache import yaml_files
from claimcheck.checks import prebuilt, validated
from claimcheck.checks.loader import builtin_packs, load_pack, load_rules, schemas_key
from claimcheck.checks.regex import Compiled, compiled
from claimcheck.nlp import shipped_terms
from claimcheck.nlp.lexicons import builtin_rules_dir, load_lexicons
from claimcheck.nlp.pipeline import BLANK, _load_base
from claimcheck.nlp.terms import with_hyphenated


def regex_entries() -> dict[prebuilt.Key, Compiled]:
    """Every regex rule of the built-in packs, built without any cache."""
    entries: dict[prebuilt.Key, Compiled] = {}
    for rule in load_rules(sorted(builtin_packs())):
        if rule.kind == "regex":
            key = prebuilt.key_of(rule.options)
            if key not in entries:
                entries[key] = compiled(rule)
    return entries


def builtin_terms() -> list[str]:
    """Every term variant the built-in lexicons and phrase rules give the phrase matchers
    (terms.py `_tokenized_terms`), and the lower-case form of each one-word term
    (`_comparative_positives` reads its lemma)."""
    terms: list[str] = []
    for lexicon in load_lexicons([builtin_rules_dir() / "lexicons"]).values():
        terms.extend(term for _, term in lexicon.terms())
    for rule in load_rules(sorted(builtin_packs())):
        if rule.kind == "phrase":
            terms.extend(rule.options.get("terms", ()))
    one_word = [term.lower() for term in terms if " " not in term]
    return sorted(set(with_hyphenated(list(dict.fromkeys(terms)))) | set(one_word))


def term_splits() -> str:
    """The shipped terms file's text, split by the blank pipeline's tokenizer."""
    return shipped_terms.generate(_load_base(BLANK), builtin_terms())


def validated_packs() -> str:
    """The list of built-in pack files that validate (each pack is loaded with every check:
    a file that does not validate raises here, and is never listed)."""
    files: dict[str, bytes] = {}
    for name, folder in sorted(builtin_packs().items()):
        load_pack(folder)
        files.update({f"{name}/{path.name}": path.read_bytes() for path in yaml_files(folder)})
    return validated.text(files, schemas_key())


def main() -> int:
    print(prebuilt.write(prebuilt.pack(regex_entries())))
    print(shipped_terms.write(term_splits()))
    print(validated.write(validated_packs()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
