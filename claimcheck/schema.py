"""JSON-schema errors as one line, the same wording for every file claimcheck reads:
config files (`config`), rule packs (`checks.loader`) and the claims library (`library`).

    validate(SCHEMA, data, "file:12: rule 'x'", RuleError)
    -> RuleError("file:12: rule 'x': severity: 'urgent' is not allowed (choose from error, warning, info)")

The message is `where: path: problem`, where `path` is the dotted path of the wrong value
inside `data` (left out at the top), and `problem` one of:

- unknown key 'k' [under 'path'] (allowed: a, b)
- 'value' is not allowed (choose from a, b)
- expected integer, got 'value'
- 'key' is required
- jsonschema's own message otherwise.

A caller whose users need other words for some error passes `hint`: a function given the
error and its dotted path that returns the whole problem text, or None for the default.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when something is validated: a run from the compile cache never is
    import jsonschema

Hint = Callable[["jsonschema.ValidationError", str], "str | None"]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the closest choice to a misspelt name, or ""."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:  # a wrong case or separator ('Fail-On') is still a near miss
        folded = {re.sub(r"[-_ ]", "", option.lower()): option for option in options}
        match = folded.get(re.sub(r"[-_ ]", "", word.lower()))
        close = [match] if match else []
    return f" (did you mean {close[0]!r}?)" if close else ""


def rule_suggestion(pattern: str, rule_ids: Iterable[str]) -> str:
    """did_you_mean for a rule id or glob ('efficacy/cure-claims', 'eficacy/*')."""
    ids = set(rule_ids)
    candidates = ids | {rule_id.split("/", 1)[0] + "/*" for rule_id in ids if "/" in rule_id}
    return did_you_mean(pattern, candidates)


def path_of(error: jsonschema.ValidationError) -> str:
    """The dotted path of the offending value ('overrides.0.paths'), '' at the top."""
    return ".".join(str(part) for part in error.absolute_path)


def _unknown_keys(error: jsonschema.ValidationError) -> list[str]:
    properties = error.schema.get("properties", {})
    patterns = error.schema.get("patternProperties", {})
    instance = error.instance if isinstance(error.instance, dict) else {}
    return sorted(
        str(key) for key in instance if key not in properties and not any(re.search(pattern, str(key)) for pattern in patterns)
    )


def describe(error: jsonschema.ValidationError, hint: Hint | None = None) -> str:
    """One error as `path: problem` (just `problem` at the top of the data)."""
    path = path_of(error)
    special = hint(error, path) if hint is not None else None
    if special is not None:
        return special
    prefix = f"{path}: " if path else ""
    if error.validator == "additionalProperties" and error.validator_value is False:
        allowed = ", ".join(sorted(error.schema.get("properties", {}))) or "none"
        keys = _unknown_keys(error)
        unknown = ", ".join(map(repr, keys)) or "?"
        place = f" under {path!r}" if path else ""
        hint_ = did_you_mean(keys[0], error.schema.get("properties", {})) if len(keys) == 1 else ""
        return f"unknown key {unknown}{place}{hint_} (allowed: {allowed})"
    if error.validator == "enum":
        return f"{prefix}{error.instance!r} is not allowed (choose from {', '.join(map(str, error.validator_value))})"
    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
        return f"{prefix}expected {expected}, got {error.instance!r}"
    if error.validator == "required":
        return prefix + error.message.replace("is a required property", "is required")
    return prefix + error.message


def first_error(schema: dict[str, Any], data: Any) -> jsonschema.ValidationError | None:
    """The most relevant error (jsonschema's best match; ties go to the first path)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
    return jsonschema.exceptions.best_match(errors) if errors else None


def validate(schema: dict[str, Any], data: Any, where: str, error_class: type[Exception], hint: Hint | None = None) -> None:
    """Raise `error_class("where: path: problem")` if `data` does not fit `schema`."""
    error = first_error(schema, data)
    if error is not None:
        raise error_class(f"{where}: {describe(error, hint)}")
