"""The booking store contract on every backend."""

from __future__ import annotations

import pytest
from booking_contract import BookingStoreContract, Store

from sleeplab_core.booking.fakes import InMemoryBookingStore


class TestInMemoryBookingStore(BookingStoreContract):
    @pytest.fixture
    def store(self) -> Store:
        return InMemoryBookingStore()
