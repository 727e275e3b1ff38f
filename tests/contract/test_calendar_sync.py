"""The CalendarSync contract on the in-memory fake and on the Sheets adapter, the latter
over real HTTP against a local stand-in of the Sheets API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from sheets_stand_in import SPREADSHEET, TOKEN, SheetsStandIn, running

from adapters.sheets_http import SheetsCalendarSync
from sleeplab_core.booking.errors import SyncUnavailable
from sleeplab_core.booking.fakes import InMemoryCalendarSync
from sleeplab_core.booking.sheets import HEADER
from sleeplab_core.testing.contracts.calendar_sync import CalendarSyncContract, row


class TestInMemoryCalendarSync(CalendarSyncContract):
    @pytest.fixture
    def fake(self) -> InMemoryCalendarSync:
        return InMemoryCalendarSync()

    @pytest.fixture
    def sync(self, fake: InMemoryCalendarSync) -> InMemoryCalendarSync:
        return fake

    @pytest.fixture
    def outage(self, fake: InMemoryCalendarSync) -> Callable[[], None]:
        return fake.fail_next


@pytest.fixture
def stand_in() -> SheetsStandIn:
    return SheetsStandIn()


@pytest.fixture
async def sheets(stand_in: SheetsStandIn) -> AsyncIterator[SheetsCalendarSync]:
    async with running(stand_in) as url, httpx.AsyncClient() as client:
        yield SheetsCalendarSync(SPREADSHEET, TOKEN, base_url=url, client=client)


class TestSheetsCalendarSync(CalendarSyncContract):
    @pytest.fixture
    def sync(self, sheets: SheetsCalendarSync) -> SheetsCalendarSync:
        return sheets

    @pytest.fixture
    def outage(self, stand_in: SheetsStandIn) -> Callable[[], None]:
        return lambda: stand_in.fail_next(503)


async def test_a_new_worksheet_gets_the_header_first(
    sheets: SheetsCalendarSync, stand_in: SheetsStandIn
) -> None:
    await sheets.upsert([row("b1")])
    assert stand_in.sheets["Анна"][0] == list(HEADER)


async def test_a_quota_answer_carries_its_retry_after(
    sheets: SheetsCalendarSync, stand_in: SheetsStandIn
) -> None:
    stand_in.fail_next(429)
    with pytest.raises(SyncUnavailable) as raised:
        await sheets.upsert([row("b1")])
    assert raised.value.retry_after == 2.0


async def test_a_batch_costs_a_fixed_number_of_calls(
    sheets: SheetsCalendarSync, stand_in: SheetsStandIn
) -> None:
    await sheets.upsert([row("b0")])
    stand_in.requests.clear()
    await sheets.upsert([row(f"b{n}") for n in range(20)])
    assert len(stand_in.requests) == 4  # titles, read, one update, one append


async def test_an_unreachable_sheet_is_unavailable_not_a_crash() -> None:
    sync = SheetsCalendarSync(SPREADSHEET, TOKEN, base_url="http://127.0.0.1:9")
    with pytest.raises(SyncUnavailable, match="unreachable"):
        await sync.upsert([row("b1")])
