"""The distribution: a wheel and an sdist under the name `claimcheck-health` (on PyPI,
"claimcheck" is another project), and a fresh environment where installing the wheel
gives a working `claimcheck` with its rule packs and the detector's weights.

The fresh environment borrows this test run's dependencies (spaCy and the rest) through
a .pth file, so installing the wheel needs no network; the wheel itself, its contents
and the command it installs are real.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

from claimcheck.version import DISTRIBUTION, __version__
from tests.project_copy import copy_project

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "corpus/dev/01-knee-back-clinic.md"  # the README's example


def test_wheel_and_sdist_install_a_working_claimcheck(tmp_path):
    source = copy_project(tmp_path / "src")
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--sdist", "--outdir", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    stem = f"{DISTRIBUTION.replace('-', '_')}-{__version__}"
    wheel, sdist = dist / f"{stem}-py3-none-any.whl", dist / f"{stem}.tar.gz"
    assert wheel.is_file() and sdist.is_file(), sorted(os.listdir(dist))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"{stem}.dist-info/METADATA").decode("utf-8")
        entry_points = archive.read(f"{stem}.dist-info/entry_points.txt").decode("utf-8")
    assert f"Name: {DISTRIBUTION}" in metadata and "claimcheck = claimcheck.cli:run" in entry_points
    for packaged in (
        "claimcheck/rules/packs/stemcell/efficacy.yml",
        "claimcheck/rules/lexicons/therapies.yml",
        "claimcheck/data/en_lemma_lookup.json.gz",
        "claimcheck/data/detector/thresholds.yml",
        # What an empty compile cache reads instead of building (claimcheck/prebuild.py).
        "claimcheck/checks/regex-prebuilt.pickle",
        "claimcheck/checks/packs-validated.json",
        "claimcheck/nlp/terms-prebuilt.json",
    ):
        assert packaged in names, packaged
    assert any(name.startswith("claimcheck/data/detector/units/") for name in names)
    with tarfile.open(sdist) as archive:
        members = set(archive.getnames())
    assert f"{stem}/rules/packs/stemcell/efficacy.yml" in members and f"{stem}/setup.cfg" in members

    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    bin_dir = environment / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    # Dependencies come from this test run's environment, after the wheel's own files.
    Path(purelib, "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    (work / "corpus" / "dev").mkdir(parents=True)
    shutil.copy2(ROOT / EXAMPLE, work / EXAMPLE)
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", NO_COLOR="1")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=work, env=env, capture_output=True, text=True, timeout=600)

    where = run(str(python), "-c", "import claimcheck; print(claimcheck.__file__)")
    assert where.stdout.strip().startswith(purelib), where.stdout + where.stderr  # the wheel's copy, not the source tree
    example = run(str(bin_dir / "claimcheck"), "check", EXAMPLE)
    assert example.returncode == 1, example.stderr
    assert f"{EXAMPLE}:" in example.stdout and "claims flagged" in example.stdout
    as_json = json.loads(run(str(bin_dir / "claimcheck"), "check", EXAMPLE, "--format", "json").stdout)
    assert any(finding["confidence"] is not None for finding in as_json["findings"])  # the detector's weights loaded
    # The installed copy's shipped prebuilt data matches it (headers hash the installed modules).
    shipped = run(
        str(python),
        "-c",
        "from claimcheck.checks import loader, prebuilt, validated\n"
        "from claimcheck.nlp import shipped_terms\n"
        "pack = loader.builtin_packs()['stemcell'] / 'efficacy.yml'\n"
        "print(len(prebuilt.shipped()), len(shipped_terms._read()), validated.is_listed(pack, loader.schemas_key()))",
    )
    patterns, terms, listed = shipped.stdout.split()
    assert int(patterns) > 0 and int(terms) > 0 and listed == "True", shipped.stdout + shipped.stderr
    rules = run(str(bin_dir / "claimcheck"), "rules")
    assert rules.returncode == 0 and len(rules.stdout.splitlines()) >= 30
