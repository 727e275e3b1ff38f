"""``sleeplab operator create|disable|list`` on a SQLite file, with Argon2 hashes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entrypoints.cli import app

runner = CliRunner()
PASSWORD = "a long enough secret"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "console.sqlite3"
    monkeypatch.setenv("SLEEPLAB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SLEEPLAB_DATABASE_URL", f"sqlite:///{path}")
    return path


def operator(*args: str, password: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["operator", *args], input=password)
    return result.exit_code, result.output


def test_create_list_and_disable_an_operator(database: Path) -> None:
    code, output = operator(
        "create", "Ann", "--role", "admin", "--password-stdin", password=PASSWORD + "\n"
    )
    assert code == 0, output
    assert "operator ann (admin) created" in output

    code, output = operator("list", "--json")
    assert code == 0, output
    assert [(o["username"], o["role"], o["active"]) for o in json.loads(output)] == [
        ("ann", "admin", True)
    ]
    stored = sqlite3.connect(database).execute("SELECT password_hash FROM operators").fetchone()
    assert stored[0].startswith("$argon2id$"), "only an Argon2id hash is stored"
    assert PASSWORD not in stored[0]

    code, output = operator("disable", "ann")
    assert code == 0, output
    code, output = operator("list")
    assert "ann\tadmin\tdisabled" in output


def test_a_short_password_a_taken_name_and_an_unknown_operator_are_refused(
    database: Path,
) -> None:
    assert operator("create", "bob", "--password-stdin", password="short\n")[0] == 2
    assert operator("create", "bob", "--password-stdin", password=PASSWORD + "\n")[0] == 0
    code, output = operator("create", "bob", "--password-stdin", password=PASSWORD + "\n")
    assert code == 2
    assert "exists already" in output
    assert operator("disable", "nobody")[0] == 2
