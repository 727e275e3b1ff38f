"""``SqlBookingRepository``: the booking port on SQLite and PostgreSQL.

The database decides every race: on PostgreSQL the ``booking_no_overlap`` exclusion
constraint, on SQLite the primary key of ``booking_cells``. Each write runs under a savepoint,
so a refused one leaves the surrounding transaction usable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.booking.sql import Statements, is_overlap, read_day, read_time
from adapters.tortoise.database import Dialect
from sleeplab_core.booking.dialogue import History
from sleeplab_core.booking.errors import BookingNotFound, SlotTaken
from sleeplab_core.booking.model import (
    ERASED_CLIENT,
    OCCUPYING,
    Booking,
    BookingStatus,
    Interval,
    ProjectFigures,
    StaffBlock,
    WaitlistEntry,
)
from sleeplab_core.booking.ports import ClientData

CELL_SECONDS = 300
COLUMNS = (
    "id, project_id, specialist_id, service_id, client_id, client_name, starts_at, ends_at, "
    "occupied_from, occupied_to, status, created_at, hold_expires_at"
)
_OCCUPYING_SQL = ", ".join(f"'{status}'" for status in sorted(OCCUPYING))
_SAVEPOINT = "booking_write"


class SqlBookingRepository:
    """:class:`~sleeplab_core.booking.ports.BookingRepository` bound to one transaction."""

    def __init__(self, connection: BaseDBAsyncClient, dialect: Dialect) -> None:
        self._s = Statements(connection, dialect)

    async def add(self, booking: Booking, now: datetime) -> None:
        async def insert() -> None:
            await self._s.execute(
                f"INSERT INTO booking_bookings ({COLUMNS}) VALUES ({self._s.placeholders(13)})",
                *self._values(booking),
            )
            await self._claim_cells(booking)

        await self._guarded(booking, now, insert)

    async def save(self, booking: Booking, now: datetime) -> None:
        async def update() -> None:
            changed = await self._s.execute(
                "UPDATE booking_bookings SET project_id = ?, specialist_id = ?, service_id = ?, "
                "client_id = ?, client_name = ?, starts_at = ?, ends_at = ?, occupied_from = ?, "
                "occupied_to = ?, status = ?, created_at = ?, hold_expires_at = ? WHERE id = ?",
                *self._values(booking)[1:], booking.id,
            )  # fmt: skip
            if not changed:
                raise BookingNotFound(booking.id)
            if self._s.dialect == "sqlite":
                await self._s.execute("DELETE FROM booking_cells WHERE booking_id = ?", booking.id)
            await self._claim_cells(booking)

        await self._guarded(booking, now, update)

    async def _guarded(self, booking: Booking, now: datetime, write: Any) -> None:
        await self._s.plain(f"SAVEPOINT {_SAVEPOINT}")
        try:
            await self._expire_holds(booking.project_id, booking.specialist_id, now)
            await write()
        except Exception as error:
            await self._s.plain(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
            await self._s.plain(f"RELEASE SAVEPOINT {_SAVEPOINT}")
            if is_overlap(error):
                raise SlotTaken(booking.specialist_id, booking.start) from None
            raise
        await self._s.plain(f"RELEASE SAVEPOINT {_SAVEPOINT}")

    async def _expire_holds(self, project_id: str, specialist_id: str, now: datetime) -> None:
        lapsed = "project_id = ? AND specialist_id = ? AND status = 'held' AND hold_expires_at <= ?"
        params = (project_id, specialist_id, self._s.time(now))
        if self._s.dialect == "sqlite":
            await self._s.execute(
                "DELETE FROM booking_cells WHERE booking_id IN "
                f"(SELECT id FROM booking_bookings WHERE {lapsed})",
                *params,
            )
        await self._s.execute(
            f"UPDATE booking_bookings SET status = 'expired' WHERE {lapsed}", *params
        )

    async def _claim_cells(self, booking: Booking) -> None:
        if self._s.dialect != "sqlite" or booking.status not in OCCUPYING:
            return
        cells = cells_of(booking.occupied)
        rows = ", ".join("(?, ?, ?, ?)" for _ in cells)
        params = [
            value
            for cell in cells
            for value in (booking.project_id, booking.specialist_id, cell, booking.id)
        ]
        await self._s.execute(
            f"INSERT INTO booking_cells (project_id, specialist_id, cell, booking_id) "
            f"VALUES {rows}",
            *params,
        )

    def _values(self, b: Booking) -> list[Any]:
        t = self._s.time
        return [
            b.id, b.project_id, b.specialist_id, b.service_id, b.client_id, b.client_name,
            t(b.appointment.start), t(b.appointment.end), t(b.occupied.start), t(b.occupied.end),
            b.status.value, t(b.created_at), t(b.hold_expires_at),
        ]  # fmt: skip

    async def get(self, booking_id: str) -> Booking | None:
        sql = f"SELECT {COLUMNS} FROM booking_bookings WHERE id = ?"
        rows = await self._s.rows(sql, booking_id)
        return _booking(rows[0]) if rows else None

    async def occupying(
        self, project_id: str, specialist_ids: Sequence[str], window: Interval, now: datetime
    ) -> list[Booking]:
        if not specialist_ids:
            return []
        rows = await self._s.rows(
            f"SELECT {COLUMNS} FROM booking_bookings WHERE project_id = ? "
            f"AND specialist_id IN ({self._s.placeholders(len(specialist_ids))}) "
            f"AND status IN ({_OCCUPYING_SQL}) AND occupied_from < ? AND occupied_to > ? "
            "AND (status <> 'held' OR hold_expires_at > ?) ORDER BY starts_at, id",
            project_id, *specialist_ids,
            self._s.time(window.end), self._s.time(window.start), self._s.time(now),
        )  # fmt: skip
        return [_booking(row) for row in rows]

    async def of_client(self, project_id: str, client_id: str) -> list[Booking]:
        rows = await self._s.rows(
            f"SELECT {COLUMNS} FROM booking_bookings WHERE project_id = ? AND client_id = ? "
            "ORDER BY starts_at, id",
            project_id, client_id,
        )  # fmt: skip
        return [_booking(row) for row in rows]

    async def starting_between(self, project_id: str, window: Interval) -> list[Booking]:
        rows = await self._s.rows(
            f"SELECT {COLUMNS} FROM booking_bookings WHERE project_id = ? "
            "AND starts_at >= ? AND starts_at < ? ORDER BY starts_at, id",
            project_id, self._s.time(window.start), self._s.time(window.end),
        )  # fmt: skip
        return [_booking(row) for row in rows]

    async def add_waiting(self, entry: WaitlistEntry) -> None:
        await self._s.execute(
            "INSERT INTO booking_waitlist (id, project_id, client_id, service_id, day, "
            "specialist_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            entry.id, entry.project_id, entry.client_id, entry.service_id,
            self._s.day(entry.day), entry.specialist_id, self._s.time(entry.created_at),
        )  # fmt: skip

    async def waiting(self, project_id: str, service_id: str, day: date) -> list[WaitlistEntry]:
        rows = await self._s.rows(
            "SELECT id, project_id, client_id, service_id, day, specialist_id, created_at "
            "FROM booking_waitlist WHERE project_id = ? AND service_id = ? AND day = ? "
            "ORDER BY created_at, id",
            project_id, service_id, self._s.day(day),
        )  # fmt: skip
        return [_entry(row) for row in rows]

    async def remove_waiting(self, entry_id: str) -> None:
        await self._s.execute("DELETE FROM booking_waitlist WHERE id = ?", entry_id)

    async def figures(self, project_id: str) -> ProjectFigures:
        by_status = {status.value: 0 for status in BookingStatus}
        rows = await self._s.rows(
            "SELECT status, COUNT(*) AS n FROM booking_bookings WHERE project_id = ? "
            "GROUP BY status",
            project_id,
        )
        by_status.update({row["status"]: int(row["n"]) for row in rows})
        (counts,) = await self._s.rows(
            "SELECT (SELECT COUNT(DISTINCT client_id) FROM booking_bookings "
            "WHERE project_id = ?) AS clients, "
            "(SELECT COUNT(*) FROM booking_waitlist WHERE project_id = ?) AS waiting, "
            "(SELECT COUNT(*) FROM booking_dialogues WHERE project_id = ?) AS dialogues",
            project_id, project_id, project_id,
        )  # fmt: skip
        return ProjectFigures(
            by_status=by_status,
            clients=int(counts["clients"]),
            waiting=int(counts["waiting"]),
            dialogues=int(counts["dialogues"]),
        )

    async def forget_client(self, client_id: str) -> int:
        changed = await self._s.execute(
            "UPDATE booking_bookings SET client_id = ?, client_name = '' WHERE client_id = ?",
            ERASED_CLIENT, client_id,
        )  # fmt: skip
        await self._s.execute("DELETE FROM booking_waitlist WHERE client_id = ?", client_id)
        await self._s.execute("DELETE FROM booking_dialogues WHERE client_id = ?", client_id)
        return changed

    async def client_data(self, client_id: str) -> ClientData:
        bookings = await self._s.rows(
            f"SELECT {COLUMNS} FROM booking_bookings WHERE client_id = ? ORDER BY starts_at, id",
            client_id,
        )
        waiting = await self._s.rows(
            "SELECT id, project_id, client_id, service_id, day, specialist_id, created_at "
            "FROM booking_waitlist WHERE client_id = ? ORDER BY created_at, id",
            client_id,
        )
        dialogues = await self._s.rows(
            "SELECT project_id, history FROM booking_dialogues WHERE client_id = ? "
            "ORDER BY project_id",
            client_id,
        )
        return ClientData(
            bookings=[_booking(row) for row in bookings],
            waitlist=[_entry(row) for row in waiting],
            dialogues={
                row["project_id"]: History.model_validate_json(row["history"]) for row in dialogues
            },
        )

    async def dialogue(self, project_id: str, client_id: str) -> History:
        rows = await self._s.rows(
            "SELECT history FROM booking_dialogues WHERE project_id = ? AND client_id = ?",
            project_id, client_id,
        )  # fmt: skip
        return History.model_validate_json(rows[0]["history"]) if rows else History()

    async def save_dialogue(self, project_id: str, client_id: str, history: History) -> None:
        await self._s.execute(
            "INSERT INTO booking_dialogues (project_id, client_id, history) VALUES (?, ?, ?) "
            "ON CONFLICT (project_id, client_id) DO UPDATE SET history = excluded.history",
            project_id, client_id, history.model_dump_json(),
        )  # fmt: skip

    async def lock_client(self, project_id: str, client_id: str) -> None:
        if self._s.dialect == "postgres":  # SQLite transactions begin with the write lock
            await self._s.rows(
                "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))",
                f"salon-client:{project_id}:{client_id}",
            )

    async def replace_blocks(self, project_id: str, blocks: Sequence[StaffBlock]) -> None:
        await self._s.execute("DELETE FROM booking_blocks WHERE project_id = ?", project_id)
        for block in blocks:
            await self._s.execute(
                "INSERT INTO booking_blocks (project_id, specialist_id, starts_at, ends_at, "
                "label) VALUES (?, ?, ?, ?, ?)",
                project_id, block.specialist_id, self._s.time(block.interval.start),
                self._s.time(block.interval.end), block.label,
            )  # fmt: skip

    async def blocks(
        self, project_id: str, specialist_ids: Sequence[str], window: Interval
    ) -> list[StaffBlock]:
        if not specialist_ids:
            return []
        rows = await self._s.rows(
            "SELECT specialist_id, starts_at, ends_at, label FROM booking_blocks "
            "WHERE project_id = ? "
            f"AND specialist_id IN ({self._s.placeholders(len(specialist_ids))}) "
            "AND starts_at < ? AND ends_at > ? ORDER BY starts_at, specialist_id, label",
            project_id, *specialist_ids, self._s.time(window.end), self._s.time(window.start),
        )  # fmt: skip
        return [
            StaffBlock(
                project_id,
                row["specialist_id"],
                Interval(read_time(row["starts_at"]), read_time(row["ends_at"])),
                row["label"],
            )
            for row in rows
        ]


def cells_of(interval: Interval) -> list[int]:
    """The 5-minute cells an interval touches (a partly covered cell counts)."""
    first = math.floor(interval.start.timestamp() / CELL_SECONDS)
    last = math.ceil(interval.end.timestamp() / CELL_SECONDS)
    return list(range(first, last))


def _booking(row: dict[str, Any]) -> Booking:
    expires = row["hold_expires_at"]
    return Booking(
        id=row["id"],
        project_id=row["project_id"],
        specialist_id=row["specialist_id"],
        service_id=row["service_id"],
        client_id=row["client_id"],
        client_name=row["client_name"],
        appointment=Interval(read_time(row["starts_at"]), read_time(row["ends_at"])),
        occupied=Interval(read_time(row["occupied_from"]), read_time(row["occupied_to"])),
        status=BookingStatus(row["status"]),
        created_at=read_time(row["created_at"]),
        hold_expires_at=None if expires is None else read_time(expires),
    )


def _entry(row: dict[str, Any]) -> WaitlistEntry:
    return WaitlistEntry(
        id=row["id"],
        project_id=row["project_id"],
        client_id=row["client_id"],
        service_id=row["service_id"],
        day=read_day(row["day"]),
        specialist_id=row["specialist_id"],
        created_at=read_time(row["created_at"]),
    )
