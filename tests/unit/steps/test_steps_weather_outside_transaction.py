"""The weather service is asked with no transaction held: form walks and live walks.

The stand-in Open-Meteo (real HTTP, started here) opens another unit of work on the bot's
store and commits it before answering. Were the conversation's transaction still open
while the bot waits for the weather, that unit of work would wait for it (the store's one
lock) and the stand-in would record ``False``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from dependency_injector import providers
from steps_chat import StepsChat

from entrypoints.containers import (
    Container,
    build_container,
    conversations_for,
    resolve,
    unit_of_work_factory,
)
from entrypoints.settings import Settings
from sleeplab_core.conversation import Conversations, Location
from sleeplab_core.platform import load_bot

GUARD_SECONDS = 3  # a held transaction is a hang; below the adapter's 5 s timeout
SENT = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


class StandIn:
    """Open-Meteo's forecast endpoint, checking first that the bot's store is free."""

    def __init__(self) -> None:
        self.container: Container | None = None
        self.free: list[bool] = []

    async def forecast(self, request: web.Request) -> web.Response:
        self.free.append(await self._store_is_free())
        query = dict(request.query)
        body: dict[str, Any] = {"latitude": 55.75, "longitude": 37.62, "timezone": "GMT"}
        if "current" in query:
            body["current"] = {"time": "2026-01-10T09:00", "interval": 900, "temperature_2m": -15.3}
        else:
            day = query["start_date"]
            body["hourly"] = {
                "time": [f"{day}T{hour:02d}:00" for hour in range(24)],
                "temperature_2m": [-15.3] * 24,
            }
        return web.json_response(body)

    async def _store_is_free(self) -> bool:
        assert self.container is not None
        factory = await unit_of_work_factory(self.container)

        async def another() -> None:
            async with factory() as other:
                await other.commit()

        try:
            await asyncio.wait_for(another(), GUARD_SECONDS)
        except TimeoutError:
            return False
        return True


@pytest.fixture
async def stand_in() -> AsyncIterator[tuple[StandIn, str]]:
    server = StandIn()
    app = web.Application()
    app.router.add_get("/v1/forecast", server.forecast)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield server, f"http://127.0.0.1:{port}"
    await runner.cleanup()


@pytest.fixture
async def conversations(
    tmp_path: Path, stand_in: tuple[StandIn, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Conversations]:
    server, url = stand_in
    monkeypatch.setenv("SLEEPLAB_WEATHER_URL", url)
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    container.bots.override(providers.Object({"steps": load_bot("steps")}))
    server.container = container
    yield await conversations_for(container, "steps")
    await resolve(container.shutdown_resources())


async def test_a_form_walk_asks_the_weather_with_no_transaction_open(conversations, stand_in):
    server, _ = stand_in
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.walk(90, 12_000)
    assert server.free == [True]
    assert "🌡 -15.3 °C → коэффициент ×1.3" in anna.last


def point(minute: int, *, stop: bool = False) -> Location:
    return Location(
        user_id=1,
        latitude=55.75 + 0.001 * minute,
        longitude=37.62,
        accuracy_m=10.0,
        live_period=None if stop else 3600,
        message_id=42,
        edited=minute > 0 or stop,
        sent_at=SENT,
        edited_at=SENT + timedelta(minutes=minute) if minute > 0 or stop else None,
    )


async def test_a_live_walk_asks_the_weather_with_no_transaction_open(conversations, stand_in):
    server, _ = stand_in
    anna = StepsChat(conversations, 1)
    await anna.register()
    for minute in range(16):
        await anna.send(point(minute))
    await anna.send(point(16, stop=True))
    assert server.free == [True]
    assert "Прогулка засчитана" in anna.last
    assert "🌡 -15.3 °C → коэффициент ×1.3" in anna.last
