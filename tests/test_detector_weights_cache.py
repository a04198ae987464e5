"""The detector's large weight tables memory-mapped from the compile cache folder
(detector/model.py `_map_weights`): the same scores as the ordinary load, the tables
mapped on a second load, a damaged table or entry rebuilt silently, nothing written
with the cache off."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
import spacy

from claimcheck import cache
from claimcheck.detector.model import DEFAULT_DIR, Detector

UNITS = [
    ["our", "stem", "cells", "reverse", "copd", "and", "cure", "emphysema", "."],
    ["kind=heading", "h|copd", "a", "randomized", "trial", "[", "2", "]", "found", "no", "effect", "."],
    ["call", "today", "to", "book", "your", "consultation", "!"],
]


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    return folder


def _load(use_cache: bool) -> Detector:
    nlp = spacy.blank("en")
    nlp.meta["claimcheck_cache"] = use_cache
    return Detector.load(DEFAULT_DIR, nlp)


def _scores(detector: Detector) -> tuple[np.ndarray, np.ndarray]:
    return detector.score_units(UNITS), detector.careful_register(UNITS)


def _tables(detector: Detector) -> list[np.ndarray]:
    components = [detector._units, detector._register, *([detector._kinds] if detector._kinds is not None else [])]
    return [node.get_param("W") for component in components for node in component.model.walk() if node.name == "sparse_linear"]


def test_mapped_tables_score_as_the_ordinary_load(cache_folder: Path) -> None:
    ordinary = _load(use_cache=False)
    assert not cache_folder.exists()  # the cache off writes nothing
    first, second = _load(use_cache=True), _load(use_cache=True)
    tables = sorted(cache_folder.glob("table-*.npy"))
    assert len(tables) >= 2  # the units and kinds tables (the register's is too small to map)
    assert any(isinstance(table, np.memmap) for table in _tables(second))
    for one, other in zip(_tables(ordinary), _tables(second), strict=True):
        assert np.array_equal(np.asarray(one), np.asarray(other))
    for loaded in (first, second):
        for mine, theirs in zip(_scores(loaded), _scores(ordinary), strict=True):
            assert np.array_equal(mine, theirs)


@pytest.mark.parametrize("damage", ["head", "tail", "truncated", "missing"])
def test_a_damaged_table_is_written_again(cache_folder: Path, damage: str) -> None:
    expected = _scores(_load(use_cache=False))
    _load(use_cache=True)
    table = sorted(cache_folder.glob("table-*.npy"), key=lambda path: path.stat().st_size)[-1]
    good = table.read_bytes()
    if damage == "missing":
        table.unlink()
    elif damage == "truncated":
        table.write_bytes(good[: len(good) // 2])
    else:
        data = bytearray(good)
        position = 200 if damage == "head" else len(data) - 8
        data[position : position + 4] = b"\xff\xff\xff\x7f"
        table.write_bytes(bytes(data))
    for mine, theirs in zip(_scores(_load(use_cache=True)), expected, strict=True):
        assert np.array_equal(mine, theirs)
    assert table.read_bytes() == good


def test_a_corrupt_layout_entry_is_rebuilt(cache_folder: Path) -> None:
    expected = _scores(_load(use_cache=False))
    _load(use_cache=True)
    for entry in cache_folder.glob("weights-*.pickle"):
        entry.write_bytes(pickle.dumps({"key": "another", "value": None}))
    for mine, theirs in zip(_scores(_load(use_cache=True)), expected, strict=True):
        assert np.array_equal(mine, theirs)
    assert any(isinstance(table, np.memmap) for table in _tables(_load(use_cache=True)))
