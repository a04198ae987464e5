"""`python -m claimcheck.prebuild`: write the shipped analysis of the built-in regex rules.

Run it after editing a built-in rule pack's regex rules or the code that analyses them
(checks/prebuilt.py `SOURCES`); `tests/test_prebuilt.py` fails until it is run.  A module of
its own, which nothing imports, so that `-m` does not run a module the package has
already imported.
"""

from __future__ import annotations

from claimcheck.checks.prebuilt import write


def main() -> int:
    print(write())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
