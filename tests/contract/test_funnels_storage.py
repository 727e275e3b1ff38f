"""The funnel event log behaves the same on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from adapters.tortoise import TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.funnels import MODULE as FUNNELS_SQL
from sleeplab_core.funnels import FUNNELS, FunnelEvent, StepCount
from sleeplab_core.storage import InMemoryStore

D1, D2 = date(2026, 3, 28), date(2026, 3, 29)
AT = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)


def event(step: str, user: int, day: date = D1, bot: str = "sleeplab") -> FunnelEvent:
    return FunnelEvent(bot=bot, step=step, user_id=user, day=day, at=AT)


class FunnelsStorageContract:
    async def test_an_event_counts_once_per_user_step_and_day(self, factory: Any) -> None:
        async with factory() as uow:
            assert await uow.funnels.record(event("L0:started", 1))
            assert not await uow.funnels.record(event("L0:started", 1))
            assert await uow.funnels.record(event("L0:started", 1, D2))
            assert await uow.funnels.record(event("L0:started", 2))
            assert await uow.funnels.record(event("L0:finished", 2))
            assert await uow.funnels.record(event("L0:started", 3, bot="coach"))
            await uow.commit()
        async with factory() as uow:
            counts = await uow.funnels.counts("sleeplab", D1, D2)
            only_d2 = await uow.funnels.counts("sleeplab", D2, D2)
        assert counts == [
            StepCount(D1, "L0:finished", 1),
            StepCount(D1, "L0:started", 2),
            StepCount(D2, "L0:started", 1),
        ]
        assert only_d2 == [StepCount(D2, "L0:started", 1)]

    async def test_a_users_events_are_exported_and_erased(self, factory: Any) -> None:
        async with factory() as uow:
            await uow.funnels.record(event("paid:sleeplab_l1", 5, D2))
            await uow.funnels.record(event("flow:offer", 5))
            await uow.funnels.record(event("flow:offer", 6))
            await uow.commit()
        async with factory() as uow:
            assert [e.step for e in await uow.funnels.for_user(5)] == [
                "flow:offer",
                "paid:sleeplab_l1",
            ]
            await uow.funnels.delete_user(5)
            await uow.commit()
        async with factory() as uow:
            assert await uow.funnels.for_user(5) == []
            assert len(await uow.funnels.for_user(6)) == 1


class TestInMemory(FunnelsStorageContract):
    @pytest.fixture
    def factory(self) -> Any:
        return InMemoryStore(modules=[FUNNELS])


class TestSqlite(FunnelsStorageContract):
    @pytest.fixture
    async def factory(self, sqlite_url: str) -> AsyncIterator[Any]:
        database = await open_database(sqlite_url, modules=[FUNNELS_SQL])
        yield TortoiseUnitOfWorkFactory(database)
        await database.close()


@pytest.mark.postgres
class TestPostgres(FunnelsStorageContract):
    @pytest.fixture
    async def factory(self, scratch_postgres_url: str) -> AsyncIterator[Any]:
        database = await open_database(scratch_postgres_url, modules=[FUNNELS_SQL])
        yield TortoiseUnitOfWorkFactory(database)
        await database.close()
