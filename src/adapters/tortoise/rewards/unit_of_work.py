"""A unit of work carrying only the rewards repositories (benchmarks, tools, tests).

Bots get ``uow.rewards`` from the platform's unit of work instead; this one wraps the
Tortoise unit of work and binds :class:`SqlRewardsStore` to its open transaction.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from adapters.tortoise.database import Database
from adapters.tortoise.rewards.repositories import SqlRewardsStore
from adapters.tortoise.unit_of_work import TortoiseUnitOfWork


class SqlRewardsUnitOfWork:
    """``RewardsUnitOfWork`` over a database whose rewards tables exist."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._uow = TortoiseUnitOfWork(database)
        self._store: tuple[object, SqlRewardsStore] | None = None

    @property
    def rewards(self) -> SqlRewardsStore:
        connection = self._uow.connection
        if self._store is None or self._store[0] is not connection:
            self._store = (connection, SqlRewardsStore(connection, self._database.dialect))
        return self._store[1]

    async def __aenter__(self) -> Self:
        await self._uow.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._uow.__aexit__(exc_type, exc, tb)

    async def commit(self) -> None:
        await self._uow.commit()


class SqlRewardsUnitOfWorkFactory:
    def __init__(self, database: Database) -> None:
        self.database = database

    def __call__(self) -> SqlRewardsUnitOfWork:
        return SqlRewardsUnitOfWork(self.database)


async def create_rewards_tables(database: Database, *, replace: bool = False) -> None:
    """Run the rewards migrations on ``database`` (``replace`` drops the tables first).

    For tools and tests on a database the platform's migration runner does not manage.
    """
    from adapters.tortoise.rewards import MIGRATIONS

    with database.activate():
        if replace:
            await database.client.execute_script(_DROP[database.dialect])
        for path in sorted((MIGRATIONS / database.dialect).glob("*.sql")):
            await database.client.execute_script(path.read_text(encoding="utf-8"))


_TABLES = (
    "rewards_orders",
    "rewards_pickup_points",
    "rewards_products",
    "rewards_categories",
    "rewards_referrals",
    "rewards_walks",
    "rewards_profiles",
    "rewards_family_splits",
    "rewards_families",
)
_DROP = {
    "sqlite": "".join(f"DROP TABLE IF EXISTS {table};" for table in _TABLES),
    "postgres": "".join(f"DROP TABLE IF EXISTS {table} CASCADE;" for table in _TABLES),
}
