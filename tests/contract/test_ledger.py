"""The ledger contract, run against every backend."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, settings

from adapters.tortoise import Database, TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.ledger import TortoiseLedger
from adapters.tortoise.ledger.sql import Session, in_transaction
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import Balance, InMemoryLedger, InsufficientFunds, Ledger, Leg
from sleeplab_core.storage import InMemoryStore
from sleeplab_core.testing.contracts.ledger import ISSUER, UNIT, LedgerContract, available, credits

# A database round trip per step: fewer examples than in memory, the same rules.
SQL_STATE_MACHINE_SETTINGS = settings(
    max_examples=25,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
POSTGRES_POOL_SIZE = 20


class ManyConcurrentWrites:
    """Many tasks write at once: no overdraft, money conserved, no deadlock."""

    TASKS = 100
    BALANCE = 500  # room for 71 of the 100 debits
    AMOUNT = 7

    async def test_many_concurrent_debits_never_overdraw(self, ledger: Ledger) -> None:
        await ledger.open_account(ISSUER, UNIT, allow_negative=True)
        await ledger.open_account("payer", UNIT)
        await ledger.open_account("merchant", UNIT)
        await ledger.transfer("fund", Leg(ISSUER, "payer", credits(self.BALANCE)))

        async def debit(n: int) -> bool:
            try:
                await ledger.transfer(f"pay-{n}", Leg("payer", "merchant", credits(self.AMOUNT)))
            except InsufficientFunds:
                return False
            return True

        outcomes = await asyncio.gather(*(debit(n) for n in range(self.TASKS)))

        succeeded = self.BALANCE // self.AMOUNT
        assert sum(outcomes) == succeeded
        left = self.BALANCE - succeeded * self.AMOUNT
        assert await ledger.balance("payer", UNIT) == Balance("payer", UNIT, left, 0, 0)
        assert await available(ledger, "merchant") == succeeded * self.AMOUNT
        assert await available(ledger, ISSUER) == -self.BALANCE
        assert len(await ledger.history("merchant", UNIT)) == succeeded

    async def test_linked_transfers_around_a_cycle_in_both_directions_all_book(
        self, ledger: Ledger
    ) -> None:
        # The groups touch the same three accounts in opposite orders: the backend must not
        # let them wait for each other in a cycle (or must recover when they do).
        owners = ("ann", "ben", "cat")
        await ledger.open_account(ISSUER, UNIT, allow_negative=True)
        for owner in owners:
            await ledger.open_account(owner, UNIT)
            await ledger.transfer(f"fund-{owner}", Leg(ISSUER, owner, credits(10)))
        cycle = list(zip(owners, owners[1:] + owners[:1], strict=True))

        async def rotate(n: int) -> None:
            pairs = cycle if n % 2 else [(b, a) for a, b in reversed(cycle)]
            await ledger.transfer_linked(f"cycle-{n}", [Leg(a, b, credits(1)) for a, b in pairs])

        await asyncio.gather(*(rotate(n) for n in range(self.TASKS // 2)))

        assert [await available(ledger, owner) for owner in owners] == [10, 10, 10]
        assert len(await ledger.history("ann", UNIT)) == 1 + 2 * (self.TASKS // 2)


class TestLedgerOnMemory(LedgerContract, ManyConcurrentWrites):
    @pytest.fixture
    async def ledger(self, clock: FakeClock) -> Ledger:
        return InMemoryLedger(clock)

    @pytest.fixture
    def unit_of_work(self) -> InMemoryStore:
        return InMemoryStore()


class TestLedgerOnTortoiseSqlite(LedgerContract, ManyConcurrentWrites):
    state_machine_settings = SQL_STATE_MACHINE_SETTINGS

    @pytest.fixture
    async def ledger(self, clock: FakeClock, sqlite_database: Database) -> Ledger:
        return TortoiseLedger(sqlite_database, clock)

    @pytest.fixture
    def unit_of_work(self, sqlite_database: Database) -> TortoiseUnitOfWorkFactory:
        return TortoiseUnitOfWorkFactory(sqlite_database)


@pytest.mark.postgres
class TestLedgerOnTortoisePostgres(LedgerContract, ManyConcurrentWrites):
    state_machine_settings = SQL_STATE_MACHINE_SETTINGS

    @pytest.fixture
    async def ledger(self, clock: FakeClock, pooled_postgres: Database) -> Ledger:
        return TortoiseLedger(pooled_postgres, clock)

    @pytest.fixture
    def unit_of_work(self, pooled_postgres: Database) -> TortoiseUnitOfWorkFactory:
        return TortoiseUnitOfWorkFactory(pooled_postgres)

    async def test_a_transaction_aborted_by_a_deadlock_is_run_again(
        self, pooled_postgres: Database
    ) -> None:
        # Not reachable through the ledger's API (it locks in one order); forced here.
        attempts: list[str] = []

        async def lock_both(s: Session, name: str, first: str, second: str) -> str:
            attempts.append(name)
            await s.rows("SELECT id FROM ledger_accounts WHERE owner = ? FOR UPDATE", first)
            await asyncio.sleep(0.2)  # both now hold their first row
            await s.rows("SELECT id FROM ledger_accounts WHERE owner = ? FOR UPDATE", second)
            return name

        ledger = TortoiseLedger(pooled_postgres, FakeClock())
        await ledger.open_account("x", UNIT)
        await ledger.open_account("y", UNIT)

        finished = await asyncio.gather(
            in_transaction(pooled_postgres, lambda s: lock_both(s, "a", "x", "y")),
            in_transaction(pooled_postgres, lambda s: lock_both(s, "b", "y", "x")),
        )

        assert sorted(finished) == ["a", "b"], "the aborted transaction was run again"
        # PostgreSQL aborted one of them at least once (a retry can meet the other again
        # when the scheduler is slow, so the exact count depends on timing).
        assert len(attempts) >= 3

    @pytest.fixture
    async def pooled_postgres(
        self, postgres_database: Database, postgres_url: str
    ) -> AsyncIterator[Database]:
        """The emptied test database through a pool big enough for truly parallel tasks."""
        database = await open_database(f"{postgres_url}?maxsize={POSTGRES_POOL_SIZE}")
        yield database
        await database.close()
