"""How serious a finding is: `Severity`, shared by rules (checks) and findings.

Its own module, importing nothing of claimcheck, so `findings` and `checks.model` can
both use it without importing each other.
"""

from __future__ import annotations

from enum import IntEnum


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (choose from error, warning, info)") from None
