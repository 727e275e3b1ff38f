"""The CalendarSync contract: subclass CalendarSyncContract and provide ``sync`` and
``outage`` (a way to make the next call fail as the backend does when it is down)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sleeplab_core.booking.errors import SyncUnavailable
from sleeplab_core.booking.sheets import HEADER, CalendarSync, SheetRow


def row(booking_id: str, worksheet: str = "Анна", time: str = "10:00") -> SheetRow:
    cells = ("04.06", "04.06.2026", time, "1", "Kim", "Маникюр", "confirmed", booking_id)
    assert len(cells) == len(HEADER)
    return SheetRow(worksheet, booking_id, cells)


class CalendarSyncContract:
    @pytest.fixture
    def sync(self) -> CalendarSync:
        raise NotImplementedError

    @pytest.fixture
    def outage(self) -> Callable[[], None]:
        raise NotImplementedError

    async def test_rows_go_to_their_specialists_worksheets(self, sync: CalendarSync) -> None:
        await sync.upsert([row("b1"), row("b2", "Мария"), row("b3")])
        assert [r[-1] for r in await sync.rows("Анна")] == ["b1", "b3"]
        assert [r[-1] for r in await sync.rows("Мария")] == ["b2"]
        assert await sync.rows("Елена") == []

    async def test_writing_again_replaces_the_row_of_the_same_booking(
        self, sync: CalendarSync
    ) -> None:
        await sync.upsert([row("b1"), row("b2")])
        await sync.upsert([row("b1", time="15:30"), row("b2")])
        rows = await sync.rows("Анна")
        assert [r[-1] for r in rows] == ["b1", "b2"]
        assert rows[0][2] == "15:30"

    async def test_an_outage_raises_and_a_retry_converges(
        self, sync: CalendarSync, outage: Callable[[], None]
    ) -> None:
        outage()
        with pytest.raises(SyncUnavailable):
            await sync.upsert([row("b1")])
        await sync.upsert([row("b1")])
        await sync.upsert([row("b1")])
        assert [r[-1] for r in await sync.rows("Анна")] == ["b1"]

    async def test_worksheets_are_read_together_and_missing_ones_left_out(
        self, sync: CalendarSync
    ) -> None:
        await sync.upsert([row("b1"), row("b2", "Мария"), row("b3")])
        found = await sync.rows_of(["Анна", "Мария", "Елена"])
        assert sorted(found) == ["Анна", "Мария"]
        assert [r[-1] for r in found["Анна"]] == ["b1", "b3"]
        assert found["Анна"] == await sync.rows("Анна")

    async def test_a_ping_reaches_the_sheet_or_raises(
        self, sync: CalendarSync, outage: Callable[[], None]
    ) -> None:
        await sync.ping()
        outage()
        with pytest.raises(SyncUnavailable):
            await sync.ping()
