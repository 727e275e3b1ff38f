"""The spreadsheet copy of bookings: one worksheet per specialist, one row per booking.

Columns as the salons already use them (seed 003): date ``DD.MM``, full date
``DD.MM.YYYY``, time ``HH:MM``, client id, client name, service; then the status and the
booking id, by which a row is found again (upsert), so a retried write never duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Protocol

import attrs

from sleeplab_core.booking.config import SalonConfig, Service, Specialist
from sleeplab_core.booking.model import Booking, Interval, StaffBlock
from sleeplab_core.booking.schedule import local_instant

HEADER = ("Date", "Full date", "Time", "Client ID", "Client name", "Service", "Status",
          "Booking ID")  # fmt: skip


@attrs.frozen
class SheetRow:
    worksheet: str  # the specialist's name
    booking_id: str
    cells: tuple[str, ...]  # in HEADER order


def sheet_row(config: SalonConfig, booking: Booking) -> SheetRow:
    """The row of ``booking`` in its specialist's worksheet (local date and time)."""
    local = booking.start.astimezone(config.zone)
    # Staff read the sheet: a service or specialist removed from the config shows its id.
    service = config.find_service(booking.service_id)
    specialist = config.find_specialist(booking.specialist_id)
    cells = (
        f"{local:%d.%m}", f"{local:%d.%m.%Y}", f"{local:%H:%M}", booking.client_id,
        booking.client_name, service.name.ru if service else booking.service_id,
        booking.status.value, booking.id,
    )  # fmt: skip
    worksheet = worksheet_of(specialist) if specialist else booking.specialist_id
    return SheetRow(worksheet, booking.id, cells)


class CalendarSync(Protocol):
    """A copy of the bookings outside the database (a spreadsheet, a calendar).

    Contract: ``upsert`` writes each row into its worksheet (created with the header when
    missing), replacing the row of the same booking id if there is one, else appending:
    writing the same rows twice leaves one copy. ``rows`` returns a worksheet's rows (header
    excluded) in sheet order. A refusal or outage raises :class:`SyncUnavailable` and may
    have written some rows, never duplicates.
    """

    async def upsert(self, rows: Sequence[SheetRow]) -> None: ...

    async def rows(self, worksheet: str) -> list[tuple[str, ...]]: ...

    async def rows_of(self, worksheets: Sequence[str]) -> dict[str, list[tuple[str, ...]]]:
        """The rows (header excluded) of each named worksheet that exists, read together
        (one batch: the sheet's read quota is spent per request, not per worksheet)."""
        ...

    async def ping(self) -> None:
        """Reach the spreadsheet once (for health checks); raises SyncUnavailable."""
        ...


def worksheet_of(specialist: Specialist) -> str:
    """The worksheet of a specialist's bookings (the name staff know them by)."""
    return specialist.name.ru


@attrs.frozen
class SheetReading:
    """Staff blocks read from the sheet, and the rows that looked like blocks but could not
    be read (reported to the operator, never guessed)."""

    blocks: tuple[StaffBlock, ...]
    unreadable: tuple[str, ...]  # "Анна row 7: '31.02.2026'"


_DAY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s*$")
_TIMES = re.compile(r"^\s*(\d{1,2}):(\d{2})(?:\s*[-–—]\s*(\d{1,2}):(\d{2}))?\s*$")
_DATE, _FULL_DATE, _TIME, _CLIENT_ID, _CLIENT_NAME, _SERVICE, _STATUS, _BOOKING_ID = range(8)


def staff_blocks(
    config: SalonConfig, rows_by_worksheet: Mapping[str, Sequence[Sequence[str]]], today: date
) -> SheetReading:
    """The time staff marked busy in the specialists' worksheets.

    A staff row has no booking id (the bot's own rows have one, and the database already
    knows them) and something typed in client id, client name, service or status ("busy",
    a name). Its day is the full date, else ``DD.MM`` in the year nearest ``today``; its
    time ``HH:MM`` (lasting the named service, else one grid slot) or ``HH:MM-HH:MM``, in
    the salon's zone. Empty rows are skipped; a row with text but no readable day and time
    is reported in ``unreadable``.
    """
    blocks: list[StaffBlock] = []
    unreadable: list[str] = []
    by_title = {worksheet_of(s): s for s in config.specialists}
    for title, rows in rows_by_worksheet.items():
        specialist = by_title.get(title)
        if specialist is None:
            continue
        for number, raw in enumerate(rows, start=2):  # row 1 is the header
            cells = [str(cell).strip() for cell in raw] + [""] * (len(HEADER) - len(raw))
            typed = [cells[i] for i in (_CLIENT_ID, _CLIENT_NAME, _SERVICE, _STATUS) if cells[i]]
            if cells[_BOOKING_ID] or not typed:
                continue
            interval = _block_interval(config, cells, today)
            if interval is None:
                shown = " ".join(c for c in cells[:3] if c) or "(no date)"
                unreadable.append(f"{title} row {number}: {shown!r}")
                continue
            label = " ".join(dict.fromkeys(typed))[:100]
            blocks.append(StaffBlock(config.id, specialist.id, interval, label))
    return SheetReading(tuple(blocks), tuple(unreadable))


def _block_interval(config: SalonConfig, cells: list[str], today: date) -> Interval | None:
    day = _day_of(cells[_FULL_DATE], today) or _day_of(cells[_DATE], today)
    times = _TIMES.match(cells[_TIME])
    if day is None or times is None:
        return None
    hour, minute, end_hour, end_minute = times.groups()
    if int(minute) > 59 or int(end_minute or 0) > 59:
        return None
    start = int(hour) * 60 + int(minute)
    if end_hour is not None:
        end = int(end_hour) * 60 + int(end_minute)
    else:
        service = _service_named(config, cells[_SERVICE])
        end = start + (service.slots if service else 1) * config.slot_minutes
    if not start < end <= 24 * 60 or start >= 24 * 60:
        return None
    zone = config.zone
    try:
        return Interval(local_instant(day, start, zone), local_instant(day, end, zone))
    except ValueError:  # swallowed by a DST gap
        return None


def _day_of(text: str, today: date) -> date | None:
    found = _DAY.match(text)
    if found is None:
        return None
    day, month, year = int(found.group(1)), int(found.group(2)), found.group(3)
    years = [int(year)] if year else [today.year - 1, today.year, today.year + 1]
    candidates = []
    for candidate in years:
        try:
            candidates.append(date(candidate, month, day))
        except ValueError:
            continue
    if not candidates:
        return None  # "31.02": never guessed
    return min(candidates, key=lambda d: abs(d - today))


def _service_named(config: SalonConfig, text: str) -> Service | None:
    wanted = text.casefold()
    if not wanted:
        return None
    for service in config.services:
        names = {service.id, service.name.en, service.name.ru, *service.aliases}
        if wanted in {name.casefold() for name in names}:
            return service
    return None


READ_EVERY = timedelta(minutes=1)
"""How often the sheet is read back: two read requests a time (titles, one batch of
values), far inside Google's 60 reads a minute per user and 300 per project."""
