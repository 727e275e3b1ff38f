"""``uow.released()``: slow work between two transactions of one unit of work, every backend.

Inside the block the earlier changes are committed and another unit of work runs to its
end (on SQLite it gets the write lock; in memory the store's lock); after the block the
first unit of work goes on in a new transaction, whose changes need their own commit.
"""

from __future__ import annotations

import asyncio

import pytest

from sleeplab_core.storage import UnitOfWorkFactory
from sleeplab_core.testing.contracts.storage import run, user

OTHER = 5_000_000_001
GUARD_SECONDS = 30  # only against a hang: the assertion is that it completes at all


class ReleasedContract:
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        raise NotImplementedError

    async def test_another_unit_of_work_commits_while_one_is_released(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async def meanwhile() -> bool:
            async with uow_factory() as other:
                seen = await other.users.get(1) is not None
                await other.users.save(user(OTHER))
                await other.commit()
            return seen

        async with uow_factory() as uow:
            await uow.users.save(user(1))
            async with uow.released():
                seen_before = await asyncio.wait_for(meanwhile(), GUARD_SECONDS)
            await uow.runs.save(run("after", 1))
            assert await uow.users.get(OTHER) is not None  # the new transaction sees it
            await uow.commit()

        assert seen_before, "what was changed before the block was committed"
        async with uow_factory() as check:
            assert [r.id for r in await check.runs.for_user(1)] == ["after"]

    async def test_changes_after_the_block_still_need_a_commit(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.users.save(user(1))
            async with uow.released():
                pass
            await uow.users.save(user(2))

        async with uow_factory() as check:
            assert await check.users.get(1) is not None
            assert await check.users.get(2) is None


class TestReleasedInMemory(ReleasedContract):
    @pytest.fixture
    def uow_factory(self, memory_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return memory_uow_factory


class TestReleasedOnTortoiseSqlite(ReleasedContract):
    @pytest.fixture
    def uow_factory(self, sqlite_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return sqlite_uow_factory


@pytest.mark.postgres
class TestReleasedOnTortoisePostgres(ReleasedContract):
    @pytest.fixture
    def uow_factory(self, postgres_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        return postgres_uow_factory
