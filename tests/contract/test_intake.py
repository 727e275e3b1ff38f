"""The update intake contract on every backend: in memory, Tortoise on SQLite and PostgreSQL."""

from typing import Any

import pytest

from adapters.tortoise import Database
from adapters.tortoise.intake import TortoiseIntake
from sleeplab_core.conversation.fakes import InMemoryIntake
from sleeplab_core.conversation.intake import UpdateIntake, stored_update
from sleeplab_core.conversation.outbound import MalformedUpdate
from sleeplab_core.testing.contracts.intake import IntakeContract


class TestIntakeInMemory(IntakeContract):
    @pytest.fixture
    def intake(self) -> UpdateIntake:
        return InMemoryIntake()


class TestIntakeOnTortoiseSqlite(IntakeContract):
    @pytest.fixture
    def intake(self, sqlite_database: Database) -> UpdateIntake:
        return TortoiseIntake(sqlite_database)


@pytest.mark.postgres
class TestIntakeOnTortoisePostgres(IntakeContract):
    @pytest.fixture
    def intake(self, postgres_database: Database) -> UpdateIntake:
        return TortoiseIntake(postgres_database)


def test_a_body_that_is_no_update_is_refused() -> None:
    deep: Any = []
    for _ in range(1_100):
        deep = [deep]
    for body in ({"update_id": 1, "message": {"text": "x"}}, {"update_id": 1, "x": deep}):
        with pytest.raises(MalformedUpdate):
            stored_update(body)
