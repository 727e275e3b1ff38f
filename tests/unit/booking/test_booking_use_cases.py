"""The booking use cases on the in-memory store, as a chat flow or operator would run them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from booking_configs import salon

from sleeplab_core.booking.availability import SlotQuery
from sleeplab_core.booking.errors import (
    BookingNotFound,
    InvalidTransition,
    SlotTaken,
    SlotUnavailable,
    TooLate,
)
from sleeplab_core.booking.fakes import InMemoryBookingStore
from sleeplab_core.booking.model import BookingStatus
from sleeplab_core.booking.use_cases import (
    SlotRequest,
    book_slot,
    cancel_booking,
    confirm_hold,
    find_free_slots,
    hold_slot,
    join_waitlist,
    mark_no_show,
    reschedule_booking,
    upcoming_bookings,
)
from sleeplab_core.kernel.clock import FakeClock

CONFIG = salon()
MONDAY = date(2026, 6, 1)
NINE = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)  # 09:00 in Berlin


@pytest.fixture
def store() -> InMemoryBookingStore:
    return InMemoryBookingStore()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 5, 30, 10, 0, tzinfo=UTC))


def request(start: datetime = NINE, client: str = "c1", service: str = "manicure",
            specialist: str = "anna") -> SlotRequest:  # fmt: skip
    return SlotRequest(client, service, specialist, start, client_name="Kim")


async def run(store: InMemoryBookingStore, use_case, *args, **kwargs):
    async with store() as uow:
        result = await use_case(uow, *args, **kwargs)
        await uow.commit()
        return result


async def test_a_hold_occupies_the_slot_until_it_is_confirmed(store, clock) -> None:
    held = await run(store, hold_slot, clock, CONFIG, request())
    assert held.status is BookingStatus.HELD
    with pytest.raises(SlotTaken):
        await run(store, hold_slot, clock, CONFIG, request(client="c2"))
    confirmed = await run(store, confirm_hold, clock, CONFIG, held.id, "c1")
    assert confirmed.status is BookingStatus.CONFIRMED
    assert confirmed.appointment.end - confirmed.start == timedelta(hours=1)
    assert confirmed.occupied.end - confirmed.appointment.end == timedelta(minutes=10)


async def test_a_lapsed_hold_frees_the_slot_for_others(store, clock) -> None:
    held = await run(store, hold_slot, clock, CONFIG, request())
    clock.advance(timedelta(minutes=CONFIG.hold_minutes))
    other = await run(store, book_slot, clock, CONFIG, request(client="c2"))
    assert other.status is BookingStatus.CONFIRMED
    with pytest.raises(SlotTaken):
        await run(store, confirm_hold, clock, CONFIG, held.id, "c1")


async def test_a_lapsed_hold_whose_slot_is_still_free_is_confirmed(store, clock) -> None:
    held = await run(store, hold_slot, clock, CONFIG, request())
    clock.advance(timedelta(hours=1))
    confirmed = await run(store, confirm_hold, clock, CONFIG, held.id, "c1")
    assert confirmed.status is BookingStatus.CONFIRMED


async def test_only_the_holder_confirms_their_hold(store, clock) -> None:
    held = await run(store, hold_slot, clock, CONFIG, request())
    with pytest.raises(BookingNotFound):
        await run(store, confirm_hold, clock, CONFIG, held.id, "c2")


async def test_a_start_the_engine_does_not_offer_is_refused(store, clock) -> None:
    with pytest.raises(SlotUnavailable):
        await run(store, book_slot, clock, CONFIG, request(NINE + timedelta(minutes=15)))
    with pytest.raises(SlotUnavailable):
        await run(store, book_slot, clock, CONFIG, request(specialist="maria", service="coloring"))


async def test_booked_slots_disappear_from_the_offer(store, clock) -> None:
    query = SlotQuery("manicure", MONDAY, MONDAY, specialist_id="anna")
    before = await run(store, find_free_slots, clock, CONFIG, query)
    await run(store, book_slot, clock, CONFIG, request())
    after = await run(store, find_free_slots, clock, CONFIG, query)
    assert before[0].start == NINE
    assert after[0].start == NINE + timedelta(hours=1, minutes=30)  # 10:10 is off the grid


async def test_reschedule_moves_in_one_step_and_frees_the_old_time(store, clock) -> None:
    booked = await run(store, book_slot, clock, CONFIG, request())
    later = NINE + timedelta(hours=2)
    moved = await run(store, reschedule_booking, clock, CONFIG, booked.id, "c1", later)
    assert moved.id == booked.id
    assert moved.start == later
    again = await run(store, book_slot, clock, CONFIG, request(client="c2"))
    assert again.start == NINE


async def test_reschedule_may_overlap_its_own_old_time(store, clock) -> None:
    booked = await run(store, book_slot, clock, CONFIG, request())
    moved = await run(store, reschedule_booking, clock, CONFIG, booked.id, "c1",
                      NINE + timedelta(minutes=30))  # fmt: skip
    assert moved.start == NINE + timedelta(minutes=30)


async def test_reschedule_into_a_taken_time_keeps_the_booking(store, clock) -> None:
    mine = await run(store, book_slot, clock, CONFIG, request())
    await run(store, book_slot, clock, CONFIG, request(NINE + timedelta(hours=2), client="c2"))
    with pytest.raises(SlotTaken):
        await run(store, reschedule_booking, clock, CONFIG, mine.id, "c1",
                  NINE + timedelta(hours=2))  # fmt: skip
    async with store() as uow:
        assert (await uow.booking.get(mine.id)).start == NINE


async def test_cancel_needs_the_service_notice_unless_an_operator_cancels(store, clock) -> None:
    booked = await run(store, book_slot, clock, CONFIG, request())
    clock.advance(NINE - clock.now() - timedelta(hours=3))  # 3 h before, notice is 4 h
    with pytest.raises(TooLate) as raised:
        await run(store, cancel_booking, clock, CONFIG, booked.id, "c1")
    assert raised.value.notice_minutes == 240
    cancelled = await run(store, cancel_booking, clock, CONFIG, booked.id, None, operator=True)
    assert cancelled.status is BookingStatus.CANCELLED
    with pytest.raises(BookingNotFound):
        await run(store, cancel_booking, clock, CONFIG, booked.id, None, operator=True)


async def test_a_client_cannot_cancel_someone_elses_booking(store, clock) -> None:
    booked = await run(store, book_slot, clock, CONFIG, request())
    with pytest.raises(BookingNotFound):
        await run(store, cancel_booking, clock, CONFIG, booked.id, "c2")


async def test_no_show_only_after_the_start(store, clock) -> None:
    booked = await run(store, book_slot, clock, CONFIG, request())
    with pytest.raises(InvalidTransition):
        await run(store, mark_no_show, clock, CONFIG, booked.id)
    clock.advance(NINE - clock.now() + timedelta(minutes=20))
    marked = await run(store, mark_no_show, clock, CONFIG, booked.id)
    assert marked.status is BookingStatus.NO_SHOW


async def test_upcoming_bookings_list_active_future_ones(store, clock) -> None:
    booked = await run(store, book_slot, clock, CONFIG, request())
    other = await run(store, book_slot, clock, CONFIG, request(NINE + timedelta(hours=3)))
    await run(store, cancel_booking, clock, CONFIG, other.id, "c1")
    found = await run(store, upcoming_bookings, clock, CONFIG, "c1")
    assert [b.id for b in found] == [booked.id]


async def test_joining_the_waitlist_twice_is_one_entry(store, clock) -> None:
    first = await run(store, join_waitlist, clock, CONFIG, "c1", "haircut", MONDAY)
    second = await run(store, join_waitlist, clock, CONFIG, "c1", "haircut", MONDAY)
    assert first == second
    with pytest.raises(SlotUnavailable):
        await run(store, join_waitlist, clock, CONFIG, "c1", "haircut", date(2026, 1, 1))
