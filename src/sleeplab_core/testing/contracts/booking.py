"""The contract every booking store passes: subclass BookingStoreContract, provide ``store``.

Used by ``tests/contract/test_booking_store.py`` (memory, SQLite, PostgreSQL).

``store`` is a factory of units of work carrying ``uow.booking`` and ``commit()``; each test
gets an empty one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest

from sleeplab_core.booking.dialogue import History, Speaker, add_turn
from sleeplab_core.booking.errors import BookingNotFound, SlotTaken
from sleeplab_core.booking.model import (
    ERASED_CLIENT,
    Booking,
    BookingStatus,
    Interval,
    StaffBlock,
    WaitlistEntry,
)

Store = Callable[[], Any]
T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
NOW = T0 - timedelta(days=1)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def booking(
    booking_id: str,
    start: int,
    end: int,
    *,
    specialist: str = "anna",
    status: BookingStatus = BookingStatus.CONFIRMED,
    before: int = 0,
    after: int = 0,
    project: str = "salon",
    client: str = "client-1",
    hold_until: datetime | None = None,
) -> Booking:
    return Booking(
        id=booking_id,
        project_id=project,
        specialist_id=specialist,
        service_id="haircut",
        client_id=client,
        client_name="Kim",
        appointment=Interval(at(start), at(end)),
        occupied=Interval(at(start - before), at(end + after)),
        status=status,
        created_at=NOW,
        hold_expires_at=hold_until,
    )


async def add(store: Store, *bookings: Booking, now: datetime = NOW) -> None:
    async with store() as uow:
        for item in bookings:
            await uow.booking.add(item, now)
        await uow.commit()


async def get(store: Store, booking_id: str) -> Booking | None:
    async with store() as uow:
        found: Booking | None = await uow.booking.get(booking_id)
        return found


class BookingStoreContract:
    @pytest.fixture
    def store(self) -> Store:
        raise NotImplementedError

    async def test_a_booking_round_trips(self, store: Store) -> None:
        held = booking("b1", 0, 60, before=10, after=5, status=BookingStatus.HELD,
                       hold_until=NOW + timedelta(minutes=10))  # fmt: skip
        await add(store, held)
        assert await get(store, "b1") == held
        assert await get(store, "missing") is None

    async def test_overlapping_occupied_intervals_of_one_specialist_are_refused(
        self, store: Store
    ) -> None:
        await add(store, booking("b1", 0, 60, after=10))
        async with store() as uow:
            with pytest.raises(SlotTaken):
                await uow.booking.add(booking("b2", 65, 95), NOW)
            # the transaction stays usable after the refusal
            await uow.booking.add(booking("b3", 70, 100), NOW)
            await uow.commit()
        assert await get(store, "b2") is None
        assert await get(store, "b3") is not None

    async def test_touching_bookings_and_other_specialists_do_not_conflict(
        self, store: Store
    ) -> None:
        await add(
            store,
            booking("b1", 0, 30),
            booking("b2", 30, 60),
            booking("b3", 0, 60, specialist="maria"),
            booking("b4", 0, 60, project="other"),
        )
        async with store() as uow:
            found = await uow.booking.occupying("salon", ["anna"], Interval(at(0), at(60)), NOW)
        assert [b.id for b in found] == ["b1", "b2"]

    async def test_a_cancelled_booking_frees_its_time(self, store: Store) -> None:
        first = booking("b1", 0, 60)
        await add(store, first)
        async with store() as uow:
            await uow.booking.save(attrs.evolve(first, status=BookingStatus.CANCELLED), NOW)
            await uow.booking.add(booking("b2", 0, 60), NOW)
            await uow.commit()
        assert (await get(store, "b1")).status is BookingStatus.CANCELLED  # type: ignore[union-attr]

    async def test_a_live_hold_blocks_and_a_lapsed_one_does_not(self, store: Store) -> None:
        await add(store, booking("h1", 0, 60, status=BookingStatus.HELD,
                                 hold_until=NOW + timedelta(minutes=10)))  # fmt: skip
        async with store() as uow:
            with pytest.raises(SlotTaken):
                await uow.booking.add(booking("b2", 0, 60), NOW + timedelta(minutes=9))
        later = NOW + timedelta(minutes=10)
        async with store() as uow:
            assert await uow.booking.occupying("salon", ["anna"], Interval(at(0), at(60)),
                                               later) == []  # fmt: skip
            await uow.booking.add(booking("b2", 0, 60), later)
            await uow.commit()
        assert (await get(store, "h1")).status is BookingStatus.EXPIRED  # type: ignore[union-attr]

    async def test_moving_into_another_booking_is_refused_and_keeps_the_old_time(
        self, store: Store
    ) -> None:
        first, second = booking("b1", 0, 60), booking("b2", 60, 120)
        await add(store, first, second)
        moved = attrs.evolve(second, appointment=Interval(at(30), at(90)),
                             occupied=Interval(at(30), at(90)))  # fmt: skip
        async with store() as uow:
            with pytest.raises(SlotTaken):
                await uow.booking.save(moved, NOW)
            assert await uow.booking.get("b2") == second
        shifted = attrs.evolve(second, appointment=Interval(at(90), at(150)),
                               occupied=Interval(at(90), at(150)))  # fmt: skip
        async with store() as uow:
            await uow.booking.save(shifted, NOW)
            await uow.commit()
        assert await get(store, "b2") == shifted

    async def test_saving_an_unknown_booking_fails(self, store: Store) -> None:
        async with store() as uow:
            with pytest.raises(BookingNotFound):
                await uow.booking.save(booking("nope", 0, 30), NOW)

    async def test_uncommitted_work_is_discarded(self, store: Store) -> None:
        async with store() as uow:
            await uow.booking.add(booking("b1", 0, 30), NOW)
        assert await get(store, "b1") is None
        await add(store, booking("b1", 0, 30))

    async def test_client_and_window_queries_order_by_start(self, store: Store) -> None:
        await add(
            store,
            booking("late", 120, 150),
            booking("early", 0, 30),
            booking("other", 60, 90, client="client-2"),
            booking("far", 60 * 24 * 3, 60 * 24 * 3 + 30),
        )
        async with store() as uow:
            mine = await uow.booking.of_client("salon", "client-1")
            window = await uow.booking.starting_between("salon", Interval(at(0), at(121)))
        assert [b.id for b in mine] == ["early", "late", "far"]
        assert [b.id for b in window] == ["early", "other", "late"]

    async def test_the_waitlist_is_first_come_first_served(self, store: Store) -> None:
        day = date(2026, 6, 2)
        entries = [
            WaitlistEntry(
                f"w{n}", "salon", f"c{n}", "haircut", day, None, at(n) - timedelta(days=2)
            )
            for n in (2, 1, 3)
        ]
        async with store() as uow:
            for entry in entries:
                await uow.booking.add_waiting(entry)
            await uow.booking.add_waiting(attrs.evolve(entries[0], id="w9", day=date(2026, 6, 3)))
            await uow.commit()
        async with store() as uow:
            await uow.booking.remove_waiting("w3")
            found = await uow.booking.waiting("salon", "haircut", day)
            await uow.commit()
        assert [e.id for e in found] == ["w1", "w2"]
        assert found[1].specialist_id is None

    async def test_a_dialogue_is_kept_per_salon_and_client(self, store: Store) -> None:
        history = add_turn(History(), Speaker.CLIENT, "manicure tomorrow", NOW)
        async with store() as uow:
            assert await uow.booking.dialogue("salon", "client-1") == History()
            await uow.booking.save_dialogue("salon", "client-1", history)
            await uow.booking.save_dialogue("salon", "client-2", History(summary=("x",)))
            await uow.commit()
        longer = add_turn(history, Speaker.BOT, "Free times", NOW)
        async with store() as uow:
            assert await uow.booking.dialogue("salon", "client-1") == history
            await uow.booking.save_dialogue("salon", "client-1", longer)
            await uow.commit()
        async with store() as uow:
            assert await uow.booking.dialogue("salon", "client-1") == longer
            assert await uow.booking.dialogue("other", "client-1") == History()

    async def test_staff_blocks_are_replaced_whole_and_found_by_window(self, store: Store) -> None:
        def block(specialist: str, start: int, end: int, label: str = "busy") -> StaffBlock:
            return StaffBlock("salon", specialist, Interval(at(start), at(end)), label)

        first = [block("anna", 60, 120), block("anna", 0, 30, "Мария"), block("maria", 0, 60)]
        async with store() as uow:
            await uow.booking.replace_blocks("salon", first)
            await uow.booking.replace_blocks("other", [block("anna", 0, 600)])
            await uow.commit()
        async with store() as uow:
            found = await uow.booking.blocks("salon", ["anna"], Interval(at(30), at(61)))
            assert found == [first[0]]  # half-open: the 0-30 block ends where the window starts
            both = await uow.booking.blocks("salon", ["anna", "maria"], Interval(at(0), at(600)))
            assert both == [first[1], first[2], first[0]]  # by start, then specialist
            await uow.booking.replace_blocks("salon", [block("maria", 300, 330)])
            await uow.commit()
        async with store() as uow:
            assert await uow.booking.blocks("salon", ["anna"], Interval(at(0), at(600))) == []
            assert len(await uow.booking.blocks("other", ["anna"], Interval(at(0), at(1)))) == 1
            assert await uow.booking.blocks("salon", [], Interval(at(0), at(600))) == []

    async def test_a_clients_lock_serialises_their_read_modify_write(self, store: Store) -> None:
        async def say(text: str) -> None:
            async with store() as uow:
                await uow.booking.lock_client("salon", "client-1")
                history = await uow.booking.dialogue("salon", "client-1")
                await asyncio.sleep(0.01)  # another worker reads meanwhile, unless locked
                grown = add_turn(history, Speaker.CLIENT, text, NOW)
                await uow.booking.save_dialogue("salon", "client-1", grown)
                await uow.commit()

        await asyncio.gather(*(say(f"message {n}") for n in range(6)))
        async with store() as uow:
            history = await uow.booking.dialogue("salon", "client-1")
        assert sorted(t.text for t in history.turns) == [f"message {n}" for n in range(6)]

    async def test_figures_count_per_status_client_waitlist_and_dialogue(
        self, store: Store
    ) -> None:
        first = booking("b1", 0, 30)
        await add(store, first, booking("b2", 30, 60, client="client-2"),
                  booking("b3", 0, 30, project="other"))  # fmt: skip
        async with store() as uow:
            await uow.booking.save(attrs.evolve(first, status=BookingStatus.CANCELLED), NOW)
            await uow.booking.add_waiting(
                WaitlistEntry("w1", "salon", "c9", "haircut", date(2026, 6, 2), None, NOW)
            )
            await uow.booking.save_dialogue("salon", "client-1", History())
            await uow.commit()
        async with store() as uow:
            figures = await uow.booking.figures("salon")
        assert figures.by_status["confirmed"] == 1
        assert figures.by_status["cancelled"] == 1
        assert figures.by_status["no_show"] == 0
        assert (figures.clients, figures.waiting, figures.dialogues) == (2, 1, 1)

    async def test_a_clients_data_spans_every_salon_and_only_them(self, store: Store) -> None:
        until = NOW + timedelta(minutes=10)
        await add(
            store,
            booking("b1", 0, 60),
            booking("b2", 120, 150, status=BookingStatus.HELD, hold_until=until),
            booking("b3", 0, 30, project="spa"),
            booking("b4", 60, 90, client="client-2"),
        )
        async with store() as uow:
            await uow.booking.add_waiting(
                WaitlistEntry("w1", "spa", "client-1", "haircut", date(2026, 6, 2), None, NOW)
            )
            await uow.booking.add_waiting(
                WaitlistEntry("w2", "salon", "client-2", "haircut", date(2026, 6, 2), None, NOW)
            )
            await uow.booking.save_dialogue("salon", "client-1", History(summary=("hi",)))
            await uow.booking.save_dialogue("spa", "client-1", History(summary=("spa",)))
            await uow.booking.save_dialogue("salon", "client-2", History(summary=("other",)))
            await uow.commit()
        async with store() as uow:
            data = await uow.booking.client_data("client-1")
            nobody = await uow.booking.client_data("client-9")
        assert sorted(b.id for b in data.bookings) == ["b1", "b2", "b3"]
        assert {b.id: b.status for b in data.bookings}["b2"] is BookingStatus.HELD
        assert [e.id for e in data.waitlist] == ["w1"]
        assert {p: h.summary for p, h in data.dialogues.items()} == {
            "salon": ("hi",),
            "spa": ("spa",),
        }
        assert (nobody.bookings, nobody.waitlist, nobody.dialogues) == ([], [], {})

    async def test_forgetting_a_client_keeps_their_slots_and_drops_the_person(
        self, store: Store
    ) -> None:
        await add(store, booking("b1", 0, 60), booking("b2", 60, 90, client="client-2"))
        async with store() as uow:
            await uow.booking.add_waiting(
                WaitlistEntry("w1", "salon", "client-1", "haircut", date(2026, 6, 2), None, NOW)
            )
            await uow.booking.save_dialogue("salon", "client-1", History(summary=("hi",)))
            assert await uow.booking.forget_client("client-1") == 1
            await uow.commit()
        async with store() as uow:
            kept = await uow.booking.get("b1")
            assert kept is not None
            assert (kept.client_id, kept.client_name) == (ERASED_CLIENT, "")
            assert await uow.booking.of_client("salon", "client-1") == []
            assert await uow.booking.waiting("salon", "haircut", date(2026, 6, 2)) == []
            assert await uow.booking.dialogue("salon", "client-1") == History()
            with pytest.raises(SlotTaken):
                await uow.booking.add(booking("b3", 0, 30), NOW)

    async def test_concurrent_requests_for_one_slot_yield_one_booking(self, store: Store) -> None:
        async def attempt(n: int) -> bool:
            try:
                async with store() as uow:
                    await uow.booking.add(booking(f"r{n}", 0, 60, client=f"c{n}"), NOW)
                    await uow.commit()
            except SlotTaken:
                return False
            return True

        outcomes = await asyncio.gather(*(attempt(n) for n in range(20)))
        assert sum(outcomes) == 1
        async with store() as uow:
            found = await uow.booking.occupying("salon", ["anna"], Interval(at(0), at(60)), NOW)
        assert len(found) == 1
