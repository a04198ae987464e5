"""Speed is not bought with findings: corpus/dev gives exactly the findings in the snapshot.

The snapshot (tests/data/dev_findings.json.gz, written by `python -m tests.findings_snapshot`)
holds the JSON findings of every dev document.  A code change that alters any of them
fails here.  When the rule data or the model changed on purpose, the fingerprint stored
in the snapshot no longer matches and the test is skipped with the command to
regenerate it.
"""

from __future__ import annotations

import pytest

from tests import findings_snapshot


@pytest.fixture(scope="module")
def snapshot() -> dict[str, object]:
    if not findings_snapshot.SNAPSHOT.exists():
        pytest.fail(f"{findings_snapshot.SNAPSHOT} is missing: run python -m tests.findings_snapshot")
    data = findings_snapshot.read()
    if data["fingerprint"] != findings_snapshot.fingerprint():
        pytest.skip(
            "rules/ or claimcheck/data/ changed since the findings snapshot was written (rule data or model "
            "changed on purpose): regenerate it with `python -m tests.findings_snapshot` and review the diff"
        )
    return data


@pytest.fixture(scope="module")
def fresh() -> dict[str, list[dict[str, object]]]:
    return findings_snapshot.compute()


@pytest.mark.parametrize("config", findings_snapshot.CONFIGS)
def test_dev_findings_equal_snapshot(snapshot: dict[str, object], fresh: dict, config: str) -> None:
    expected = snapshot["findings"][config]  # type: ignore[index]
    got = fresh[config]
    assert expected, "an empty snapshot proves nothing"
    if got != expected:
        # Name the first difference, not a wall of JSON.
        for index, (old, new) in enumerate(zip(expected, got, strict=False)):
            if old != new:
                changed = {key: (old.get(key), new.get(key)) for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
                pytest.fail(f"{config}: finding {index} differs ({old['path']}:{old['line']}): {changed}")
        pytest.fail(f"{config}: {len(expected)} findings in the snapshot, {len(got)} now")


def test_fingerprint_changes_with_rule_data(tmp_path, monkeypatch) -> None:
    """The skip is only as good as the fingerprint: editing, adding or renaming a data file changes it."""
    (tmp_path / "rules" / "packs").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    pack = tmp_path / "rules" / "packs" / "a.yml"
    pack.write_text("rules: []\n")
    (tmp_path / "data" / "model.bin").write_bytes(b"weights")
    monkeypatch.setattr(findings_snapshot, "ROOT", tmp_path)
    monkeypatch.setattr(findings_snapshot, "FINGERPRINTED", (tmp_path / "rules", tmp_path / "data"))
    seen = {findings_snapshot.fingerprint()}
    assert findings_snapshot.fingerprint() in seen  # stable
    pack.write_text("rules: [x]\n")
    seen.add(findings_snapshot.fingerprint())
    (tmp_path / "data" / "model.bin").write_bytes(b"weights2")
    seen.add(findings_snapshot.fingerprint())
    pack.rename(tmp_path / "rules" / "packs" / "b.yml")
    seen.add(findings_snapshot.fingerprint())
    assert len(seen) == 4
