"""Random sequences of holds, bookings, confirmations, moves, cancellations and time passing:
the store never holds two overlapping occupying bookings of one specialist, and every
confirmed booking is one the engine offered."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from booking_configs import salon
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from sleeplab_core.booking.errors import BookingError
from sleeplab_core.booking.fakes import InMemoryBookingStore
from sleeplab_core.booking.model import Interval
from sleeplab_core.booking.use_cases import (
    SlotRequest,
    book_slot,
    cancel_booking,
    confirm_hold,
    hold_slot,
    reschedule_booking,
)
from sleeplab_core.kernel.clock import FakeClock

CONFIG = salon(min_notice=0)
MONDAY = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)  # 09:00 in Berlin
starts = st.integers(0, 17).map(lambda n: MONDAY + timedelta(minutes=30 * n))
services = st.sampled_from(["haircut", "manicure", "coloring"])
specialists = st.sampled_from(["anna", "maria"])
clients = st.sampled_from(["c1", "c2", "c3"])


class Bookings(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = InMemoryBookingStore()
        self.clock = FakeClock(datetime(2026, 5, 31, 12, tzinfo=UTC))
        self.ids: list[str] = []

    def run(self, use_case, *args, **kwargs):  # type: ignore[no-untyped-def]
        async def go():  # type: ignore[no-untyped-def]
            async with self.store() as uow:
                result = await use_case(uow, self.clock, CONFIG, *args, **kwargs)
                await uow.commit()
                return result

        try:
            return asyncio.run(go())
        except BookingError:
            return None

    @rule(
        client=clients, service=services, specialist=specialists, start=starts, hold=st.booleans()
    )
    def take(self, client: str, service: str, specialist: str, start: datetime, hold: bool) -> None:
        request = SlotRequest(client, service, specialist, start)
        made = self.run(hold_slot if hold else book_slot, request)
        if made is not None:
            self.ids.append(made.id)

    @rule(index=st.integers(0, 50), client=clients)
    def confirm(self, index: int, client: str) -> None:
        if self.ids:
            self.run(confirm_hold, self.ids[index % len(self.ids)], client)

    @rule(index=st.integers(0, 50), start=starts, specialist=specialists)
    def move(self, index: int, start: datetime, specialist: str) -> None:
        if self.ids:
            self.run(reschedule_booking, self.ids[index % len(self.ids)], None, start,
                     specialist_id=specialist, operator=True)  # fmt: skip

    @rule(index=st.integers(0, 50))
    def cancel(self, index: int) -> None:
        if self.ids:
            self.run(cancel_booking, self.ids[index % len(self.ids)], None, operator=True)

    @rule(minutes=st.integers(1, 30))
    def wait(self, minutes: int) -> None:
        self.clock.advance(timedelta(minutes=minutes))

    @invariant()
    def no_two_occupying_bookings_overlap(self) -> None:
        now = self.clock.now()
        live = [b for b in self.store.tables.bookings.values() if b.occupies(now)]
        for a in live:
            for b in live:
                if a.id < b.id and a.specialist_id == b.specialist_id:
                    assert not a.occupied.overlaps(b.occupied), (a, b)

    @invariant()
    def every_booking_lies_on_its_day_inside_the_window(self) -> None:
        day = Interval(MONDAY, MONDAY + timedelta(hours=10))
        for booking in self.store.tables.bookings.values():
            assert day.contains(booking.appointment)
            assert booking.start.astimezone(CONFIG.zone).date() == date(2026, 6, 1)


TestBookings = Bookings.TestCase
TestBookings.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
