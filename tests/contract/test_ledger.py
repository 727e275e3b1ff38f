"""The ledger contract, run against every backend."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, settings
from ledger_contract import ISSUER, UNIT, LedgerContract, available, credits

from adapters.tortoise import Database, open_database
from adapters.tortoise.ledger import TortoiseLedger
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import Balance, InMemoryLedger, InsufficientFunds, Ledger, Leg

# A database round trip per step: fewer examples than in memory, the same rules.
SQL_STATE_MACHINE_SETTINGS = settings(
    max_examples=25,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
POSTGRES_POOL_SIZE = 20


class ManyConcurrentDebits:
    """Many tasks debit one account at once: it never goes negative, money is conserved."""

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


class TestLedgerOnMemory(LedgerContract, ManyConcurrentDebits):
    @pytest.fixture
    async def ledger(self, clock: FakeClock) -> Ledger:
        return InMemoryLedger(clock)


class TestLedgerOnTortoiseSqlite(LedgerContract, ManyConcurrentDebits):
    state_machine_settings = SQL_STATE_MACHINE_SETTINGS

    @pytest.fixture
    async def ledger(self, clock: FakeClock, sqlite_database: Database) -> Ledger:
        return TortoiseLedger(sqlite_database, clock)


@pytest.mark.postgres
class TestLedgerOnTortoisePostgres(LedgerContract, ManyConcurrentDebits):
    state_machine_settings = SQL_STATE_MACHINE_SETTINGS

    @pytest.fixture
    async def ledger(self, clock: FakeClock, pooled_postgres: Database) -> Ledger:
        return TortoiseLedger(pooled_postgres, clock)

    @pytest.fixture
    async def pooled_postgres(
        self, postgres_database: Database, postgres_url: str
    ) -> AsyncIterator[Database]:
        """The emptied test database through a pool big enough for truly parallel tasks."""
        database = await open_database(f"{postgres_url}?maxsize={POSTGRES_POOL_SIZE}")
        yield database
        await database.close()
