"""`python -m claimcheck.prebuild`: write what the package ships prebuilt for an empty cache.

The built-in regex rules as compiled and analysed (checks/prebuilt.py) and the built-in
terms as tokenized (nlp/shipped_terms.py).  Run it after editing a built-in rule pack or
lexicon, or the code named in either module's `SOURCES`; `tests/test_prebuilt.py` fails
until it is run.  A module of
its own, which nothing imports, so that `-m` does not run a module the package has
already imported.
"""

from __future__ import annotations

from claimcheck.checks import prebuilt
from claimcheck.nlp import shipped_terms


def main() -> int:
    print(prebuilt.write())
    print(shipped_terms.write())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
