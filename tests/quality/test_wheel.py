"""The wheel holds exactly the three import packages and the data files they ship."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"sleeplab_core", "adapters", "entrypoints"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (path,) = out.glob("sleeplab-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_holds_exactly_the_three_packages(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/")[0] for name in wheel.namelist()}
    packages = {top for top in tops if not top.endswith(".dist-info")}
    assert packages == PACKAGES


def test_the_wheel_ships_types_catalogs_and_content(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert "sleeplab_core/py.typed" in names
    for locale in ("en", "ru"):
        assert f"sleeplab_core/locales/{locale}/LC_MESSAGES/sleeplab.po" in names
    assert any(
        n.startswith("sleeplab_core/sleeplab/content/questionnaire/") and n.endswith(".toml")
        for n in names
    )


def test_the_wheel_leaves_tests_and_caches_out(wheel: zipfile.ZipFile) -> None:
    assert not [n for n in wheel.namelist() if "__pycache__" in n or n.startswith("tests/")]


def test_the_console_script_is_declared(wheel: zipfile.ZipFile) -> None:
    (entry_points,) = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    assert "sleeplab = entrypoints.cli:main" in wheel.read(entry_points).decode()
