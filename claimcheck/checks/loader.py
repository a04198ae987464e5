"""Loading rule packs: YAML files of rules, validated before anything runs.

A pack is a folder of YAML files, each holding `rules:`.  Every problem is reported as
`file:line: rule 'id': what is wrong`, so a rule author can fix it without reading code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from claimcheck.checks import KINDS
from claimcheck.checks.base import template_problem
from claimcheck.checks.model import Examples, Rule
from claimcheck.checks.prebuilt import known_valid
from claimcheck.checks.validated import is_listed
from claimcheck.errors import RuleError
from claimcheck.fixes import FIX_SCHEMA, fix_problem
from claimcheck.nlp.lexicons import builtin_rules_dir
from claimcheck.schema import validate
from claimcheck.severity import Severity
from claimcheck.yamlio import line_of, load_yaml, strip_lines

if TYPE_CHECKING:
    import jsonschema

RULE_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$"

RULE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": RULE_ID},
        "kind": {"enum": sorted(KINDS)},
        "severity": {"enum": ["error", "warning", "info"]},
        "category": {"type": "string", "pattern": r"^[a-z_]+$"},
        "message": {"type": "string", "minLength": 1},
        "rationale": {"type": "string", "minLength": 1},
        "flags": {"type": "string", "minLength": 1, "description": "one line: what the rule flags"},
        "authority": {"type": "string", "minLength": 1},
        "authority_url": {"type": "string", "pattern": r"^https?://"},
        "suggestion": {"type": "string"},
        "enabled": {"type": "boolean"},
        "options": {"type": "object"},
        "fix": FIX_SCHEMA,
        "examples": {
            "type": "object",
            "properties": {
                "flag": {"type": "array", "items": {"type": "string"}},
                "accept": {"type": "array", "items": {"type": "string"}},
                "claims_library": {"type": "string", "minLength": 1, "description": "path, relative to the rule file"},
            },
            "additionalProperties": False,
        },
    },
    "required": ["id", "kind", "severity", "category", "message", "rationale", "authority"],
    "additionalProperties": False,
}

FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"rules": {"type": "array"}, "description": {"type": "string"}},
    "required": ["rules"],
    "additionalProperties": False,
}


def builtin_packs() -> dict[str, Path]:
    packs = builtin_rules_dir() / "packs"
    return {path.name: path for path in sorted(packs.iterdir()) if path.is_dir()}


def _hint(error: jsonschema.ValidationError, path: str) -> str | None:
    """Rule-pack wording where jsonschema's would not help a rule author."""
    if path.startswith("fix") and error.validator not in ("additionalProperties", "required", "enum"):
        return "fix: must be {replace: {words: replacement, ...}} or {insert_after: text, before_punctuation: true|false}"
    if error.validator == "oneOf" and path == "":
        keys = [key for branch in error.validator_value for key in branch.get("required", [])]
        return f"options must have exactly one of: {', '.join(keys) if keys else 'one of the allowed forms'}"
    return None


def _validate(schema: dict[str, Any], data: Any, where: str) -> None:
    validate(schema, data, where, RuleError, _hint)


def check_options(kind: str, options: Any, where: str, shipped: bool = False) -> None:
    """Validate a rule's options against its kind's schema (also for config `rule_options`).

    `shipped`: a regex pattern the package ships compiled (checks/prebuilt.py) is valid
    without compiling it here, where an empty cache spent ~0.35 s on the built-in packs.
    """
    _validate(KINDS[kind].options_schema, options, where)
    if kind == "regex":
        if shipped and known_valid(options["pattern"], bool(options.get("ignore_case", True))):
            return
        try:
            # With the flags the rule will run with: `regex` keeps the compiled pattern, so
            # compiling it for the check (checks/regex.py) costs nothing more.
            regex.compile(options["pattern"], regex.IGNORECASE if options.get("ignore_case", True) else 0)
        except regex.error as problem:
            raise RuleError(f"{where}: pattern is not a valid regular expression ({problem})") from None


def parse_rule(raw: dict[str, Any], path: Path, pack: str, shipped: bool = False, listed: bool = False) -> Rule:
    """One rule of a pack file; `listed`: the file's bytes validated when the package was
    built (checks/validated.py), so the schema checks are not run again."""
    line = line_of(raw)
    data = strip_lines(raw)
    rule_id = data.get("id", "?") if isinstance(data, dict) else "?"
    where = f"{path}:{line}: rule {rule_id!r}" if line else f"{path}: rule {rule_id!r}"
    if not isinstance(data, dict):
        raise RuleError(f"{path}: each entry of 'rules' must be a mapping")
    options = data.get("options", {})
    if not listed:
        _validate(RULE_SCHEMA, data, where)
        check_options(data["kind"], options, f"{where}: options", shipped)
    problem = template_problem(data["message"])
    if problem:
        raise RuleError(f"{where}: message: {problem}")
    fix = data.get("fix")
    if fix is not None and fix_problem(fix):
        raise RuleError(f"{where}: fix: {fix_problem(fix)}")
    examples = data.get("examples", {})
    return Rule(
        id=data["id"],
        kind=data["kind"],
        severity=Severity.parse(data["severity"]),
        message=data["message"].strip(),
        category=data["category"],
        rationale=data["rationale"].strip(),
        flags=" ".join(data.get("flags", "").split()) or None,
        authority=data["authority"].strip(),
        authority_url=data.get("authority_url"),
        suggestion=(data.get("suggestion") or "").strip() or None,
        enabled=data.get("enabled", True),
        options=options,
        examples=Examples(
            tuple(examples.get("flag", [])),
            tuple(examples.get("accept", [])),
            str((path.parent / examples["claims_library"]).resolve()) if "claims_library" in examples else None,
        ),
        pack=pack,
        origin=f"{path}:{line}" if line else str(path),
        fix=fix,
    )


def schemas_key() -> str:
    """A hash of every schema a pack file is validated against (the file, rule and kind
    schemas): what a listing of validated files (checks/validated.py) depends on."""
    schemas = [FILE_SCHEMA, RULE_SCHEMA, {name: KINDS[name].options_schema for name in sorted(KINDS)}]
    return hashlib.sha256(json.dumps(schemas, sort_keys=True, default=repr).encode()).hexdigest()


def load_pack(folder: Path, shipped: bool = False) -> list[Rule]:
    """The rules of a pack folder.  `shipped` (the compile cache is on): what the package
    ships prebuilt may stand in for checks (checks/prebuilt.py, checks/validated.py)."""
    if not folder.is_dir():
        raise RuleError(f"{folder}: rule pack folder not found")
    files = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))
    if not files:
        raise RuleError(f"{folder}: rule pack holds no .yml files")
    rules = []
    schemas = schemas_key() if shipped else ""
    for path in files:
        raw = load_yaml(path, RuleError)
        if raw is None:
            continue
        listed = shipped and is_listed(path, schemas)
        if not listed:
            _validate(FILE_SCHEMA, strip_lines(raw), str(path))
        for entry in raw["rules"]:
            rules.append(parse_rule(entry, path, folder.name, shipped, listed))
    return rules


def load_rules(packs: Iterable[str | Path], cache: bool = False) -> list[Rule]:
    """Rules from built-in pack names or pack folders; ids must be unique.

    With `cache`, the parsed and validated rules come from the compile cache
    (claimcheck/cache.py) when no pack file changed since they were stored.
    """
    packs = list(packs)
    if cache:
        from claimcheck.cache import cached, files_key, yaml_files

        available = builtin_packs()
        folders = [available.get(str(pack)) if isinstance(pack, str) and str(pack) in available else Path(pack) for pack in packs]
        try:
            key = files_key(path for folder in folders for path in yaml_files(folder))  # type: ignore[arg-type]
        except (OSError, TypeError):
            return _load_rules(packs)  # a missing or unreadable pack: the loader's own error
        return cached("rules", f"{key}:{[str(pack) for pack in packs]!r}", lambda: _load_rules(packs, shipped=True))
    return _load_rules(packs)


def _load_rules(packs: list[str | Path], shipped: bool = False) -> list[Rule]:
    """`shipped` (the compile cache is on): what the package ships prebuilt stands in for
    checks it has passed already (checks/prebuilt.py, checks/validated.py)."""
    available = builtin_packs()
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for pack in packs:
        folder = available.get(str(pack)) if isinstance(pack, str) and str(pack) in available else Path(pack)
        if not folder.is_dir():
            names = ", ".join(sorted(available))
            raise RuleError(f"rule pack {str(pack)!r} not found (built-in packs: {names}; or give a folder path)")
        for rule in load_pack(folder, shipped):
            if rule.id in seen:
                raise RuleError(f"{rule.origin}: rule {rule.id!r} is already defined at {seen[rule.id]}")
            seen[rule.id] = rule.origin
            rules.append(rule)
    return rules
