"""The ledger contract, run against every backend."""

import pytest
from ledger_contract import LedgerContract

from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import InMemoryLedger, Ledger


class TestLedgerOnMemory(LedgerContract):
    @pytest.fixture
    async def ledger(self, clock: FakeClock) -> Ledger:
        return InMemoryLedger(clock)
