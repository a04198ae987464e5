"""Settings: what a run checks and how, from defaults, a config file and flags.

The config file (`.claimcheck.yaml`, `setup.cfg [claimcheck]` or `pyproject.toml
[tool.claimcheck]`, see `config.files`) may `extends` another; values merge, the child
winning.  Each file is validated with the JSON schema in `config.schema`, so a wrong key
or type is an error naming the file, the key and what is allowed.  Settings remember
where each value came from, for `claimcheck config`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from claimcheck.config.files import RawConfig, find_config, read_config
from claimcheck.config.schema import KEY_TYPES, MERGED_KEYS, validated
from claimcheck.errors import ConfigError
from claimcheck.nlp.pipeline import BLANK, PipelineSettings
from claimcheck.sources.reader import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class PathOverride:
    """`overrides` entry: for files matching `paths` (relative to `base`, the folder of
    the config file that wrote it), drop or re-grade findings after the checks ran."""

    paths: tuple[str, ...]
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    base: str = "."
    origin: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"paths": list(self.paths)}
        if self.disable:
            data["disable"] = list(self.disable)
        if self.severity:
            data["severity"] = dict(self.severity)
        if self.fail_on:
            data["fail_on"] = self.fail_on
        return data


@dataclass(frozen=True)
class ModelSettings:
    """The learned detector's settings (config key `model`, flag `--no-model`)."""

    enabled: bool = True
    mode: str = "combined"  # combined | rules | model (the last two for measuring)
    overruled: str = "drop"  # what becomes of a rule hit the detector reads as no claim
    hedged: str = "info"  # a claim under a modal hedge ("may help"): reported as info, or kept as the rule says
    thresholds: dict[str, float] = field(default_factory=dict)  # per-category overrides
    path: str | None = None  # a folder of weights other than the shipped ones

    def to_config(self) -> dict[str, Any]:
        """The config-file form (`from_config` reads it back to the same settings)."""
        data: dict[str, Any] = {"enabled": self.enabled, "mode": self.mode, "overruled": self.overruled, "hedged": self.hedged}
        if self.thresholds:
            data["thresholds"] = dict(self.thresholds)
        if self.path:
            data["path"] = self.path
        return data

    @classmethod
    def from_config(cls, value: bool | dict[str, Any], base: Path) -> ModelSettings:
        if isinstance(value, bool):
            return cls(enabled=value)
        path = value.get("path")
        return cls(
            enabled=value.get("enabled", True),
            mode=value.get("mode", "combined"),
            overruled=value.get("overruled", "drop"),
            hedged=value.get("hedged", "info"),
            thresholds={str(key): float(number) for key, number in (value.get("thresholds") or {}).items()},
            path=str((base / path).resolve()) if path else None,
        )


@dataclass(frozen=True)
class Settings:
    packs: tuple[str, ...] = ("stemcell",)
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    # The lowest severity reported; None: `warning` in text output, `info` elsewhere
    # (findings that fail the run are always reported).
    min_severity: str | None = None
    # Report every finding instead of one per claim (the most severe, naming the others).
    all_findings: bool = False
    pipeline: str = BLANK
    max_file_size: int = DEFAULT_MAX_BYTES
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    citation_window: int = 0
    lexicons: tuple[str, ...] = ()
    extra_terms: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    overrides: tuple[PathOverride, ...] = ()
    format: str = "text"
    claims_library: str | None = None
    model: ModelSettings = ModelSettings()
    # The compile cache (claimcheck/cache.py): parsed packs, lexicons, matcher terms and
    # lemmas kept between runs; `--no-cache` or `cache: false` builds everything afresh.
    cache: bool = True
    origin: str = "defaults"
    # The files read (the one found first, then what it extends) and, per key, where
    # its value came from ("file:key" or a command-line flag); absent means default.
    config_files: tuple[str, ...] = field(default=(), compare=False)
    # The folder of the config file found first (None: defaults): `--force-exclude`
    # matches named files against `include` / `exclude` relative to it.
    root: str | None = field(default=None, compare=False)
    provenance: dict[str, str] = field(default_factory=dict, compare=False)

    def source_of(self, key: str) -> str:
        return self.provenance.get(key, "default")

    def pipeline_settings(self) -> PipelineSettings:
        return PipelineSettings(
            pipeline=self.pipeline,
            lexicon_dirs=tuple(Path(folder) for folder in self.lexicons),
            extra_terms=self.extra_terms,
            citation_window=self.citation_window,
            claims_library=Path(self.claims_library) if self.claims_library else None,
            detector=self.model.enabled and self.model.mode != "rules",
            detector_dir=Path(self.model.path) if self.model.path else None,
            detector_thresholds=self.model.thresholds,
            cache=self.cache,
        )


def _read_chain(path: Path) -> list[tuple[RawConfig, dict[str, Any]]]:
    """The file and every file it extends, child first; a cycle is an error."""
    chain: list[tuple[RawConfig, dict[str, Any]]] = []
    seen: list[Path] = []
    current: Path | None = path
    while current is not None:
        resolved = Path(os.path.realpath(current))
        if resolved in seen:
            cycle = " -> ".join(str(item) for item in (*seen[seen.index(resolved) :], resolved))
            raise ConfigError(f"{chain[-1][0].where('extends')}: 'extends' makes a cycle: {cycle}")
        seen.append(resolved)
        raw = read_config(current, KEY_TYPES)
        data = validated(raw)
        chain.append((raw, data))
        current = Path(os.path.normpath(raw.path.parent / data["extends"])) if "extends" in data else None
        if current is not None and not current.is_file():
            raise ConfigError(f"{raw.where('extends')}: file {data['extends']!r} not found (relative to {raw.path.parent})")
    return chain


def _normalise(raw: RawConfig, key: str, value: Any) -> Any:
    """Paths relative to the config file, lists as tuples, overrides as PathOverride."""
    base = raw.path.parent
    if key in {"packs", "lexicons"}:
        return tuple(_resolve(item, base) for item in value)
    if key == "claims_library":
        return str((base / value).resolve())
    if key == "model":
        return ModelSettings.from_config(value, base)
    if key == "overrides":
        return tuple(
            PathOverride(
                paths=tuple(item["paths"]),
                disable=tuple(item.get("disable", ())),
                severity=dict(item.get("severity", {})),
                fail_on=item.get("fail_on"),
                base=os.path.abspath(base),
                origin=raw.where(f"overrides[{index}]"),
            )
            for index, item in enumerate(value)
        )
    if isinstance(value, list):
        return tuple(value)
    return value


def _merge(parent: Any, child: Any) -> Any:
    if isinstance(parent, dict) and isinstance(child, dict):
        return {**parent, **{key: _merge(parent.get(key), value) for key, value in child.items()}}
    return child


def load_settings(path: Path) -> Settings:
    """Settings from a config file of any kind, following `extends`."""
    chain = _read_chain(path)
    values: dict[str, Any] = {}
    provenance: dict[str, str] = {}
    for raw, data in reversed(chain):  # the furthest parent first, so children win
        for key, value in data.items():
            if key == "extends":
                continue
            value = _normalise(raw, key, value)
            if key in MERGED_KEYS and key in values:
                values[key] = _merge(values[key], value)
                provenance[key] = f"{provenance[key]} + {raw.where(key)}"
            else:
                values[key] = value
                provenance[key] = raw.where(key)
    return replace(
        Settings(),
        origin=chain[0][0].label,
        config_files=tuple(raw.label for raw, _ in chain),
        root=str(chain[0][0].path.parent.resolve()),
        provenance=provenance,
        **values,
    )


def settings_for(paths: Sequence[str | Path], config: str | Path | None = None) -> Settings:
    """The settings a run over `paths` uses: `config` if given, else the nearest config
    file above the paths (the current folder for none); defaults when there is none.

    Paths under different config files cannot share one run: that is an error.
    """
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError(f"config file {str(config)!r} not found")
        return load_settings(path)
    starts = [Path(item) for item in paths if str(item) != "-"] or [Path.cwd()]
    if len(starts) < len(paths):
        starts.append(Path.cwd())
    found = {start: find_config(start) for start in starts}
    distinct = sorted({str(item) for item in found.values()})
    if len(distinct) > 1:
        raise ConfigError(
            "the paths given fall under different config files ("
            + ", ".join(distinct).replace("None", "none")
            + "); check them in separate runs or pass --config"
        )
    chosen = next(iter(found.values()))
    return load_settings(chosen) if chosen else Settings()


def _resolve(item: str, base: Path) -> str:
    """Pack and lexicon folders are relative to the config file; built-in names stay names."""
    if "/" in item or item.startswith("."):
        return str((base / item).resolve())
    return item


def config_groups(paths: Sequence[str], config: str | Path | None = None) -> list[tuple[Settings, list[str]]]:
    """The closest config file governs each path: the paths grouped by the settings that
    apply to them, in the order first met.

    A named file uses the config file nearest above it.  A folder uses its own nearest
    config, and each folder below it holding a config file of its own becomes a path of
    that config's group instead (the folder's walk excludes it).  `config` (`--config`)
    governs every path: one group.  Standard input ('-') uses the current folder's.
    """
    if config is not None:
        return [(settings_for(paths, config), list(paths))]
    order: list[Path | None] = []
    members: dict[Path | None, list[str]] = {}
    skipped: dict[Path | None, list[str]] = {}
    queue = list(paths)
    while queue:
        name = queue.pop(0)
        found = find_config(Path.cwd() if name == "-" else Path(name))
        if found not in members:
            order.append(found)
            members[found], skipped[found] = [], []
        members[found].append(name)
        if name != "-" and Path(name).is_dir():
            for nested in _nested_config_folders(Path(name), found):
                queue.append(str(nested))
                relative = nested.relative_to(Path(name)).as_posix()
                skipped[found].append(f"/{relative}/")
    groups = []
    for found in order:
        settings = load_settings(found) if found else Settings()
        if skipped[found]:
            settings = replace(settings, exclude=(*settings.exclude, *skipped[found]))
        groups.append((settings, members[found]))
    return groups


def _nested_config_folders(root: Path, governing: Path | None) -> list[Path]:
    """The topmost folders below `root` with a config file of their own (other than `governing`)."""
    from claimcheck.sources.walk import SKIPPED_FOLDERS

    found: list[Path] = []
    for folder, subfolders, _ in os.walk(root, followlinks=False):
        subfolders[:] = sorted(sub for sub in subfolders if not sub.startswith(".") and sub not in SKIPPED_FOLDERS)
        here = Path(folder)
        if here == root:
            continue
        nearest = find_config(here)
        if nearest is not None and nearest != governing and Path(os.path.abspath(nearest)).parent == Path(os.path.abspath(here)):
            found.append(here)
            subfolders[:] = []  # its own group walks below it
    return found
