"""GET /health with the salon: the database, the language model and the sheet, each
reported on its own; the sheet over real HTTP against the local Sheets stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from dependency_injector import providers
from sheets_stand_in import SPREADSHEET, TOKEN, SheetsStandIn, running

from entrypoints.containers import Container, build_container, resolve
from entrypoints.settings import Settings
from entrypoints.web.app import create_app
from sleeplab_core.bots.salon import BOT
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.llm.errors import ProviderUnavailable
from sleeplab_core.llm.fakes import FakeChatModel


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 6, 3, 7, 0, tzinfo=UTC))


@pytest.fixture
def stand_in() -> SheetsStandIn:
    return SheetsStandIn()


@pytest.fixture
async def sheets_url(stand_in: SheetsStandIn) -> AsyncIterator[str]:
    async with running(stand_in) as url:
        yield url


@pytest.fixture
async def container(
    tmp_path: Path, clock: FakeClock, sheets_url: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Container]:
    monkeypatch.setenv("SLEEPLAB_SHEETS_SPREADSHEET_ID", SPREADSHEET)
    monkeypatch.setenv("SLEEPLAB_SHEETS_TOKEN", TOKEN)
    monkeypatch.setenv("SLEEPLAB_SHEETS_URL", sheets_url)
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    container.clock.override(providers.Object(clock))
    container.bots.override(providers.Object({"salon": BOT}))
    yield container
    await resolve(container.shutdown_resources())


async def health(container: Container) -> dict:  # type: ignore[type-arg]
    transport = httpx.ASGITransport(app=create_app(container, bot="salon"))
    async with httpx.AsyncClient(transport=transport, base_url="http://salon.test") as client:
        response = await client.get("/health")
        assert response.status_code == 200
        return response.json()  # type: ignore[no-any-return]


async def test_every_dependency_is_reported_and_real_ones_asked_once_a_minute(
    container: Container, stand_in: SheetsStandIn, clock: FakeClock
) -> None:
    model = FakeChatModel()
    container.chat_model.override(providers.Object(model))
    app = create_app(container, bot="salon")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://salon.test") as client:
        body = (await client.get("/health")).json()
        assert body["status"] == "ok"
        assert body["checks"] == {
            "database": {"ok": True, "detail": "0 bookings"},
            "llm": {"ok": True, "detail": "fake fake-1 answered"},
            "sheets": {"ok": True, "detail": "reachable"},
        }
        assert stand_in.requests == [("GET", f"/v4/spreadsheets/{SPREADSHEET}")]
        await client.get("/health")  # polled again within the minute: not asked again
        assert (model.complete_calls, len(stand_in.requests)) == (1, 1)
        clock.advance(timedelta(minutes=1))
        await client.get("/health")
        assert (model.complete_calls, len(stand_in.requests)) == (2, 2)


async def test_a_sheet_outage_and_a_failing_model_degrade_the_status(
    container: Container, stand_in: SheetsStandIn
) -> None:
    container.chat_model.override(
        providers.Object(FakeChatModel([ProviderUnavailable("fake", "overloaded")]))
    )
    stand_in.fail_next(503)
    body = await health(container)
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["sheets"] == {"ok": False, "detail": "the sheet answered 503"}
    assert body["checks"]["llm"]["ok"] is False
    assert TOKEN not in str(body)
    assert (await health(container))["status"] == "ok"  # failures are never cached


async def test_offline_the_model_check_says_so_without_a_call(
    container: Container, stand_in: SheetsStandIn
) -> None:
    body = await health(container)
    assert body["checks"]["llm"] == {
        "ok": True,
        "detail": "offline: the rule-based parser reads messages",
    }
    assert body["status"] == "ok"
