"""Stage 5: rule kinds (code) and the loading of rules (YAML data) that use them."""

from __future__ import annotations

from claimcheck.checks import claim, detected, document, evidence, fit, hctp, library, pattern, phrase, reference, regex
from claimcheck.checks.base import Kind

KINDS: dict[str, Kind] = {
    module.KIND.name: module.KIND
    for module in (phrase, regex, pattern, claim, evidence, document, reference, library, hctp, fit, detected)
}
