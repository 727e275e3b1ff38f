"""The operator commands run through Typer's CliRunner, each on a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest
from operator_support import Cli


@pytest.fixture
def sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("SLEEPLAB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SLEEPLAB_DATABASE_URL", f"sqlite:///{tmp_path / 'operator.sqlite3'}")
    return Cli()


@pytest.fixture
def memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("SLEEPLAB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SLEEPLAB_DATABASE_URL", "memory://")
    return Cli()


@pytest.fixture(params=["sqlite", "memory"])
def fresh(request: pytest.FixtureRequest) -> Cli:
    """A fresh database of either kind."""
    cli: Cli = request.getfixturevalue(request.param)
    return cli
