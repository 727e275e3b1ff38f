"""The in-memory booking storage: the fake of :class:`BookingRepository`."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Self

import attrs

from sleeplab_core.booking.dialogue import History
from sleeplab_core.booking.errors import BookingNotFound, SlotTaken, SyncUnavailable
from sleeplab_core.booking.model import (
    ERASED_CLIENT,
    Booking,
    BookingStatus,
    Interval,
    ProjectFigures,
    StaffBlock,
    WaitlistEntry,
)
from sleeplab_core.booking.ports import ClientData
from sleeplab_core.booking.sheets import SheetRow
from sleeplab_core.kernel.modules import MemoryModule


@attrs.define
class BookingTables:
    """The module's tables: what one transaction copies and commits."""

    bookings: dict[str, Booking] = attrs.field(factory=dict)
    waitlist: dict[str, WaitlistEntry] = attrs.field(factory=dict)
    dialogues: dict[tuple[str, str], History] = attrs.field(factory=dict)
    blocks: dict[str, list[StaffBlock]] = attrs.field(factory=dict)  # by project


@attrs.define
class InMemoryBookingRepository:
    """:class:`BookingRepository` over one transaction's :class:`BookingTables`."""

    _t: BookingTables

    async def add(self, booking: Booking, now: datetime) -> None:
        self._claim(booking, now)

    async def save(self, booking: Booking, now: datetime) -> None:
        if booking.id not in self._t.bookings:
            raise BookingNotFound(booking.id)
        self._claim(booking, now)

    def _claim(self, booking: Booking, now: datetime) -> None:
        self._expire_holds(booking.project_id, booking.specialist_id, now)
        if booking.status in _STORED_OCCUPYING:
            for other in self._t.bookings.values():
                if (
                    other.id != booking.id
                    and other.project_id == booking.project_id
                    and other.specialist_id == booking.specialist_id
                    and other.status in _STORED_OCCUPYING
                    and other.occupied.overlaps(booking.occupied)
                ):
                    raise SlotTaken(booking.specialist_id, booking.start)
        self._t.bookings[booking.id] = booking

    def _expire_holds(self, project_id: str, specialist_id: str, now: datetime) -> None:
        for other in list(self._t.bookings.values()):
            if (
                other.project_id == project_id
                and other.specialist_id == specialist_id
                and other.status is BookingStatus.HELD
                and not other.occupies(now)
            ):
                self._t.bookings[other.id] = attrs.evolve(other, status=BookingStatus.EXPIRED)

    async def get(self, booking_id: str) -> Booking | None:
        return self._t.bookings.get(booking_id)

    async def occupying(
        self, project_id: str, specialist_ids: Sequence[str], window: Interval, now: datetime
    ) -> list[Booking]:
        return sorted(
            (
                b
                for b in self._t.bookings.values()
                if b.project_id == project_id
                and b.specialist_id in specialist_ids
                and b.occupies(now)
                and b.occupied.overlaps(window)
            ),
            key=_by_start,
        )

    async def of_client(self, project_id: str, client_id: str) -> list[Booking]:
        return sorted(
            (
                b
                for b in self._t.bookings.values()
                if b.project_id == project_id and b.client_id == client_id
            ),
            key=_by_start,
        )

    async def starting_between(self, project_id: str, window: Interval) -> list[Booking]:
        return sorted(
            (
                b
                for b in self._t.bookings.values()
                if b.project_id == project_id and window.start <= b.start < window.end
            ),
            key=_by_start,
        )

    async def add_waiting(self, entry: WaitlistEntry) -> None:
        self._t.waitlist[entry.id] = entry

    async def waiting(self, project_id: str, service_id: str, day: date) -> list[WaitlistEntry]:
        return sorted(
            (
                e
                for e in self._t.waitlist.values()
                if e.project_id == project_id and e.service_id == service_id and e.day == day
            ),
            key=lambda e: (e.created_at, e.id),
        )

    async def remove_waiting(self, entry_id: str) -> None:
        self._t.waitlist.pop(entry_id, None)

    async def figures(self, project_id: str) -> ProjectFigures:
        mine = [b for b in self._t.bookings.values() if b.project_id == project_id]
        by_status = {status.value: 0 for status in BookingStatus}
        for booking in mine:
            by_status[booking.status.value] += 1
        return ProjectFigures(
            by_status=by_status,
            clients=len({b.client_id for b in mine}),
            waiting=sum(e.project_id == project_id for e in self._t.waitlist.values()),
            dialogues=sum(project == project_id for project, _ in self._t.dialogues),
        )

    async def forget_client(self, client_id: str) -> int:
        mine = [b for b in self._t.bookings.values() if b.client_id == client_id]
        for booking in mine:
            self._t.bookings[booking.id] = attrs.evolve(
                booking, client_id=ERASED_CLIENT, client_name=""
            )
        for entry_id in [e.id for e in self._t.waitlist.values() if e.client_id == client_id]:
            del self._t.waitlist[entry_id]
        for key in [key for key in self._t.dialogues if key[1] == client_id]:
            del self._t.dialogues[key]
        return len(mine)

    async def client_data(self, client_id: str) -> ClientData:
        return ClientData(
            bookings=sorted(
                (b for b in self._t.bookings.values() if b.client_id == client_id),
                key=_by_start,
            ),
            waitlist=sorted(
                (e for e in self._t.waitlist.values() if e.client_id == client_id),
                key=lambda e: (e.created_at, e.id),
            ),
            dialogues={
                project: history
                for (project, client), history in sorted(self._t.dialogues.items())
                if client == client_id
            },
        )

    async def dialogue(self, project_id: str, client_id: str) -> History:
        return self._t.dialogues.get((project_id, client_id), History())

    async def save_dialogue(self, project_id: str, client_id: str, history: History) -> None:
        self._t.dialogues[(project_id, client_id)] = history

    async def lock_client(self, project_id: str, client_id: str) -> None:
        return None  # the store runs one transaction at a time

    async def replace_blocks(self, project_id: str, blocks: Sequence[StaffBlock]) -> None:
        self._t.blocks[project_id] = list(blocks)

    async def blocks(
        self, project_id: str, specialist_ids: Sequence[str], window: Interval
    ) -> list[StaffBlock]:
        found = [b for b in self._t.blocks.get(project_id, [])
                 if b.specialist_id in specialist_ids and b.interval.overlaps(window)]  # fmt: skip
        return sorted(found, key=lambda b: (b.interval.start, b.specialist_id, b.label))


# Stored rows that still hold their interval (a lapsed hold does until it is expired).
_STORED_OCCUPYING = frozenset(
    {BookingStatus.HELD, BookingStatus.CONFIRMED, BookingStatus.NO_SHOW, BookingStatus.COMPLETED}
)


def _by_start(booking: Booking) -> tuple[datetime, str]:
    return booking.start, booking.id


class InMemoryBookingStore:
    """A stand-alone in-memory store of the booking module (tests, benchmarks).

    ``async with store() as uow`` opens a transaction on a copy of the tables, serialised
    with every other; ``await uow.commit()`` makes it the committed state.
    """

    def __init__(self) -> None:
        self.tables = BookingTables()
        self.lock = asyncio.Lock()

    def __call__(self) -> InMemoryBookingUnitOfWork:
        return InMemoryBookingUnitOfWork(self)


class InMemoryBookingUnitOfWork:
    booking: InMemoryBookingRepository

    def __init__(self, store: InMemoryBookingStore) -> None:
        self._store = store
        self._tables = BookingTables()

    async def __aenter__(self) -> Self:
        await self._store.lock.acquire()
        self._tables = copy.deepcopy(self._store.tables)
        self.booking = InMemoryBookingRepository(self._tables)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._store.lock.release()

    async def commit(self) -> None:
        self._store.tables = copy.deepcopy(self._tables)


#: The booking module's in-memory storage, ``uow.booking`` in every unit of work of a bot
#: that declares it (its SQL twin: ``adapters.tortoise.booking.MODULE``).
BOOKING_MODULE = MemoryModule(
    name="booking", tables=BookingTables, repository=InMemoryBookingRepository
)


class InMemoryCalendarSync:
    """The fake of :class:`~sleeplab_core.booking.sheets.CalendarSync`: worksheets as lists.

    ``fail_next(n)`` makes the next ``n`` calls raise :class:`SyncUnavailable` (an outage).
    """

    def __init__(self) -> None:
        self.sheets: dict[str, list[tuple[str, ...]]] = {}
        self._failures = 0

    def fail_next(self, times: int = 1) -> None:
        self._failures += times

    def _maybe_fail(self) -> None:
        if self._failures:
            self._failures -= 1
            raise SyncUnavailable("the sheet is unavailable", retry_after=1.0)

    async def upsert(self, rows: Sequence[SheetRow]) -> None:
        self._maybe_fail()
        for row in rows:
            sheet = self.sheets.setdefault(row.worksheet, [])
            ids = [cells[-1] for cells in sheet]
            if row.booking_id in ids:
                sheet[ids.index(row.booking_id)] = row.cells
            else:
                sheet.append(row.cells)

    async def rows(self, worksheet: str) -> list[tuple[str, ...]]:
        self._maybe_fail()
        return list(self.sheets.get(worksheet, []))

    async def rows_of(self, worksheets: Sequence[str]) -> dict[str, list[tuple[str, ...]]]:
        self._maybe_fail()
        return {name: list(self.sheets[name]) for name in worksheets if name in self.sheets}

    async def ping(self) -> None:
        self._maybe_fail()
