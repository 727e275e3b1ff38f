"""The operators module's storage behaves the same on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest

from adapters.tortoise import TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.operators import MODULE as OPERATORS_SQL
from sleeplab_core.operators import OPERATORS, AuditEntry, LoginAttempt, Operator, Role
from sleeplab_core.operators.model import TextOverride
from sleeplab_core.storage import InMemoryStore

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def operator(name: str = "ann", role: Role = Role.SUPPORT) -> Operator:
    return Operator(username=name, role=role, password_hash="h$1", created_at=T0)


class OperatorsStorageContract:
    async def test_an_added_operator_is_read_back_and_a_second_add_changes_nothing(
        self, factory: Any
    ) -> None:
        async with factory() as uow:
            assert await uow.operators.add(operator())
            await uow.commit()
        async with factory() as uow:
            assert not await uow.operators.add(operator(role=Role.ADMIN))
            await uow.commit()
        async with factory() as uow:
            assert await uow.operators.get("ann") == operator()
            assert await uow.operators.get("bob") is None

    async def test_save_replaces_and_all_lists_by_username(self, factory: Any) -> None:
        async with factory() as uow:
            await uow.operators.add(operator("zed"))
            await uow.operators.add(operator("ann"))
            await uow.operators.save(attrs.evolve(operator("zed"), active=False))
            await uow.commit()
        async with factory() as uow:
            listed = await uow.operators.all()
        assert [o.username for o in listed] == ["ann", "zed"]
        assert [o.active for o in listed] == [True, False]

    async def test_failures_are_counted_per_username_and_per_address_since_a_moment(
        self, factory: Any
    ) -> None:
        attempts = [
            LoginAttempt(username="ann", address="10.0.0.1", at=T0, succeeded=False),
            LoginAttempt(
                username="ann", address="10.0.0.2", at=T0 + timedelta(minutes=5), succeeded=False
            ),
            LoginAttempt(
                username="bob", address="10.0.0.1", at=T0 + timedelta(minutes=6), succeeded=False
            ),
            LoginAttempt(
                username="ann", address="10.0.0.1", at=T0 + timedelta(minutes=7), succeeded=True
            ),
        ]
        async with factory() as uow:
            for attempt in attempts:
                await uow.operators.record_attempt(attempt)
            await uow.commit()
        async with factory() as uow:
            repo = uow.operators
            assert await repo.failures_since(T0, username="ann") == 2
            assert await repo.failures_since(T0 + timedelta(minutes=1), username="ann") == 1
            assert await repo.failures_since(T0, address="10.0.0.1") == 2
            assert await repo.failures_since(T0, username="carl") == 0

    async def test_the_audit_log_is_read_newest_first(self, factory: Any) -> None:
        entries = [
            AuditEntry(
                at=T0 + timedelta(seconds=i),
                operator="ann",
                action=f"a{i}",
                target="order 1",
                detail="d",
            )
            for i in range(3)
        ]
        async with factory() as uow:
            for entry in entries:
                await uow.operators.audit(entry)
            await uow.commit()
        async with factory() as uow:
            assert await uow.operators.audit_log(2) == [entries[2], entries[1]]

    async def test_a_text_override_is_replaced_listed_per_bot_and_dropped(
        self, factory: Any
    ) -> None:
        def override(bot: str, locale: str, text: str, minutes: int = 0) -> TextOverride:
            return TextOverride(
                bot=bot,
                locale=locale,
                key="welcome",
                text=text,
                changed_at=T0 + timedelta(minutes=minutes),
            )

        async with factory() as uow:
            await uow.operators.put_text_override(override("sleeplab", "ru", "Привет"))
            await uow.operators.put_text_override(override("sleeplab", "en", "Hi"))
            await uow.operators.put_text_override(override("steps", "en", "Yo"))
            await uow.commit()
        async with factory() as uow:
            await uow.operators.put_text_override(override("sleeplab", "en", "Hello {name}", 5))
            await uow.commit()
        async with factory() as uow:
            assert await uow.operators.text_overrides("sleeplab") == [
                override("sleeplab", "en", "Hello {name}", 5),
                override("sleeplab", "ru", "Привет"),
            ]
            assert await uow.operators.drop_text_override("sleeplab", "ru", "welcome")
            assert not await uow.operators.drop_text_override("sleeplab", "ru", "welcome")
            await uow.commit()
        async with factory() as uow:
            assert [o.locale for o in await uow.operators.text_overrides("sleeplab")] == ["en"]
            assert [o.text for o in await uow.operators.text_overrides("steps")] == ["Yo"]

    async def test_an_uncommitted_operator_is_discarded(self, factory: Any) -> None:
        async with factory() as uow:
            await uow.operators.add(operator("tmp"))
        async with factory() as uow:
            assert await uow.operators.get("tmp") is None


class TestInMemory(OperatorsStorageContract):
    @pytest.fixture
    def factory(self) -> Any:
        return InMemoryStore(modules=[OPERATORS])


class TestSqlite(OperatorsStorageContract):
    @pytest.fixture
    async def factory(self, sqlite_url: str) -> AsyncIterator[Any]:
        database = await open_database(sqlite_url, modules=[OPERATORS_SQL])
        yield TortoiseUnitOfWorkFactory(database)
        await database.close()


@pytest.mark.postgres
class TestPostgres(OperatorsStorageContract):
    @pytest.fixture
    async def factory(self, scratch_postgres_url: str) -> AsyncIterator[Any]:
        database = await open_database(scratch_postgres_url, modules=[OPERATORS_SQL])
        yield TortoiseUnitOfWorkFactory(database)
        await database.close()
