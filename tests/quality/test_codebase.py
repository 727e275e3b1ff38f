"""The house rules, checked by the tools that own them: ruff, mypy, import-linter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed in this environment: install the dev extra")
    return found


def test_the_core_imports_only_the_standard_library_pydantic_and_attrs() -> None:
    result = _run(_tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing() -> None:
    result = _run(_tool("ruff"), "check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_passes_mypy_strict() -> None:
    result = _run(_tool("mypy"), "src/sleeplab_core")
    assert result.returncode == 0, result.stdout + result.stderr
