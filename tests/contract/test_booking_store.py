"""The booking store contract on every backend, and the 50-way race through the use case."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from adapters.tortoise import Database, TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.booking import MODULE
from sleeplab_core.booking.config import parse_config
from sleeplab_core.booking.errors import SlotTaken
from sleeplab_core.booking.fakes import InMemoryBookingStore
from sleeplab_core.booking.model import Interval
from sleeplab_core.booking.use_cases import SlotRequest, book_slot
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.testing.contracts.booking import BookingStoreContract, Store

RACERS = 50


class TestInMemoryBookingStore(BookingStoreContract):
    @pytest.fixture
    def store(self) -> Store:
        return InMemoryBookingStore()


@pytest.fixture
async def sqlite_booking_db(sqlite_url: str) -> AsyncIterator[Database]:
    database = await open_database(sqlite_url, modules=[MODULE])
    yield database
    await database.close()


@pytest.fixture
async def postgres_booking_db(module_postgres_url: str) -> AsyncIterator[Database]:
    database = await open_database(module_postgres_url, modules=[MODULE])
    with database.activate():
        await database.client.execute_script(
            "TRUNCATE booking_bookings, booking_waitlist, booking_dialogues, booking_blocks"
        )
    yield database
    await database.close()


class TestSqliteBookingStore(BookingStoreContract):
    @pytest.fixture
    def store(self, sqlite_booking_db: Database) -> Store:
        return TortoiseUnitOfWorkFactory(sqlite_booking_db)


@pytest.mark.postgres
class TestPostgresBookingStore(BookingStoreContract):
    @pytest.fixture
    def store(self, postgres_booking_db: Database) -> Store:
        return TortoiseUnitOfWorkFactory(postgres_booking_db)


SALON = parse_config(
    {
        "id": "race",
        "name": {"en": "Race", "ru": "Гонка"},
        "time_zone": "Europe/Moscow",
        "hours": {"mon": ["09:00-18:00"]},
        "specialists": [{"id": "anna", "name": {"en": "Anna", "ru": "Анна"}}],
        "services": [
            {"id": "manicure", "name": {"en": "Manicure", "ru": "Маникюр"}, "slots": 2,
             "buffer_after": 10},
        ],
    }
)  # fmt: skip
START = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)  # Monday 10:00 in Moscow


async def race(store: Store) -> int:
    """50 clients book the same slot at once through the use case; returns the successes."""
    clock = FakeClock(datetime(2026, 5, 31, tzinfo=UTC))

    async def attempt(n: int) -> bool:
        request = SlotRequest(f"client-{n}", "manicure", "anna", START)
        try:
            async with store() as uow:
                await book_slot(uow, clock, SALON, request)
                await uow.commit()
        except SlotTaken:
            return False
        return True

    outcomes = await asyncio.gather(*(attempt(n) for n in range(RACERS)))
    async with store() as uow:
        held = await uow.booking.occupying("race", ["anna"], Interval(START, START.replace(hour=9)),
                                           clock.now())  # fmt: skip
    assert len(held) == 1
    return sum(outcomes)


async def test_fifty_concurrent_bookings_of_one_slot_yield_one_on_sqlite(
    sqlite_booking_db: Database,
) -> None:
    assert await race(TortoiseUnitOfWorkFactory(sqlite_booking_db)) == 1


@pytest.mark.postgres
async def test_fifty_concurrent_bookings_of_one_slot_yield_one_on_postgres(
    postgres_booking_db: Database,
) -> None:
    assert await race(TortoiseUnitOfWorkFactory(postgres_booking_db)) == 1


async def test_fifty_concurrent_bookings_of_one_slot_yield_one_in_memory() -> None:
    assert await race(InMemoryBookingStore()) == 1
