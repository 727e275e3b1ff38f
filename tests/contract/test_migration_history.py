"""Committed migrations are append-only: none is ever rewritten, renamed or removed.

``tests/fixtures/migrations.sha256`` holds the SHA-256 of every committed migration file (the
Aerich versions of each dialect, and the plain-SQL migrations of capability modules). A
changed or missing file fails here: write a new migration instead (see docs/storage.md). A
new migration fails until its line is appended:

    sha256sum <file> >> tests/fixtures/migrations.sha256
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
LEDGER = ROOT / "tests" / "fixtures" / "migrations.sha256"
MIGRATION_FOLDERS = ("sqlite", "postgres")


def committed() -> dict[str, str]:
    lines = LEDGER.read_text(encoding="utf-8").splitlines()
    pairs = (line.split(maxsplit=1) for line in lines if line.strip() and not line.startswith("#"))
    return {path.strip().lstrip("*"): digest for digest, path in pairs}


def migration_files() -> list[str]:
    found = [
        path
        for path in (ROOT / "src").rglob("migrations/*/**/*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.suffix in (".py", ".sql")
        and any(folder in path.parts for folder in MIGRATION_FOLDERS)
    ]
    return sorted(path.relative_to(ROOT).as_posix() for path in found)


def digest(relative: str) -> str:
    return hashlib.sha256((ROOT / relative).read_bytes()).hexdigest()


def test_no_committed_migration_was_rewritten_or_removed() -> None:
    changed = {
        path: "missing" if not (ROOT / path).is_file() else "rewritten"
        for path, expected in committed().items()
        if not (ROOT / path).is_file() or digest(path) != expected
    }

    assert changed == {}, "committed migrations are history: add a new one instead"


def test_every_migration_is_in_the_checksum_list() -> None:
    unlisted = set(migration_files()) - set(committed())

    assert unlisted == set(), f"append: sha256sum {' '.join(sorted(unlisted))} >> {LEDGER}"


def test_the_list_covers_both_dialects() -> None:
    paths = committed()
    assert any("/sqlite/" in path for path in paths)
    assert any("/postgres/" in path for path in paths)
