"""The findings guard: every corpus/dev document's JSON findings, frozen in tests/data.

    python -m tests.findings_snapshot          # (re)write tests/data/dev_findings.json.gz

Speed work (caches, array-based analyzers, lazy imports) must not change a single
finding.  This module computes the JSON findings (the `--format json` fields, paths
relative to the repository) of every file in `corpus/dev`, once with the shipped
settings (rules plus the learned detector) and once with the rules alone reporting
every finding (no detector, no folding into one finding per claim), so a change in a
rule's own output is seen even where the detector would drop or fold it.

The snapshot carries a fingerprint of `rules/` and `claimcheck/data/` (the rule data
and the model).  `tests/test_same_findings.py` compares fresh findings with the
snapshot and skips only when that fingerprint differs: then rules or the model were
changed on purpose and the snapshot must be regenerated with the command above.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "data" / "dev_findings.json.gz"
DEV = ROOT / "corpus" / "dev"
# What the findings depend on besides code: rule packs, lexicons, rule data, the model.
FINGERPRINTED = (ROOT / "rules", ROOT / "claimcheck" / "data")
CONFIGS = ("shipped", "rules-alone")


def fingerprint() -> str:
    """A SHA-256 over the relative path and bytes of every file under rules/ and claimcheck/data/."""
    digest = hashlib.sha256()
    for folder in FINGERPRINTED:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(path.relative_to(ROOT).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _relative(value: object) -> object:
    """The `path` field relative to the repository, so the snapshot holds in any checkout."""
    text = str(value)
    try:
        return Path(text).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return text


def _finding_dicts(findings) -> list[dict[str, object]]:
    from claimcheck.report.json import finding_dict

    result = []
    for finding in findings:
        data = finding_dict(finding)
        data["path"] = _relative(data["path"])
        for related in data["related"]:  # type: ignore[union-attr]
            related["path"] = _relative(related["path"])
        result.append(data)
    return result


def compute() -> dict[str, list[dict[str, object]]]:
    """The findings of corpus/dev under each configuration (jobs=1: one process, fixed order)."""
    from claimcheck.api import build_linter, check_paths
    from claimcheck.config import ModelSettings, Settings

    settings = {
        "shipped": Settings(),
        "rules-alone": Settings(model=ModelSettings(enabled=False), all_findings=True),
    }
    result = {}
    for name in CONFIGS:
        report = check_paths([str(DEV)], linter=build_linter(settings[name]), settings=settings[name], jobs=1)
        result[name] = _finding_dicts(report.findings)
    return result


def read() -> dict[str, object]:
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def write() -> dict[str, object]:
    data = {"fingerprint": fingerprint(), "findings": compute()}
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same findings give byte-identical files (no churn in git).
    with open(SNAPSHOT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as handle:
        handle.write(text.encode("utf-8"))
    return data


def main() -> int:
    data = write()
    counts = ", ".join(f"{name}: {len(found)}" for name, found in data["findings"].items())  # type: ignore[union-attr]
    print(f"wrote {SNAPSHOT.relative_to(ROOT)} ({counts} findings; fingerprint {str(data['fingerprint'])[:12]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
