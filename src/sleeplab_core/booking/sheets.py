"""The spreadsheet copy of bookings: one worksheet per specialist, one row per booking.

Columns as the salons already use them (seed 003): date ``DD.MM``, full date
``DD.MM.YYYY``, time ``HH:MM``, client id, client name, service; then the status and the
booking id, by which a row is found again (upsert), so a retried write never duplicates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Booking

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
    worksheet = specialist.name.ru if specialist else booking.specialist_id
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
