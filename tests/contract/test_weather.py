"""The Weather port: the fake and Open-Meteo (over real HTTP against a local stand-in)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web

from adapters.open_meteo import OpenMeteoWeather
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.rewards.weather import FixedWeather, Weather, WeatherUnavailable

NOW = datetime(2026, 1, 10, 9, 20, tzinfo=UTC)
MOSCOW = (55.7558, 37.6173)


class StandIn:
    """A local Open-Meteo forecast endpoint answering like the real one (JSON shapes)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.status = 200
        self.temperature: float | None = -12.3

    async def forecast(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        self.requests.append(query)
        if self.status != 200:
            return web.json_response(
                {"error": True, "reason": "stand-in failure"}, status=self.status
            )
        return web.json_response(self._body(query))

    def _body(self, query: dict[str, str]) -> dict[str, Any]:
        base: dict[str, Any] = {
            "latitude": float(query["latitude"]),
            "longitude": float(query["longitude"]),
            "generationtime_ms": 0.05,
            "utc_offset_seconds": 0,
            "timezone": "GMT",
            "timezone_abbreviation": "GMT",
            "elevation": 144.0,
        }
        if "current" in query:
            base["current_units"] = {
                "time": "iso8601",
                "interval": "seconds",
                "temperature_2m": "°C",
            }
            base["current"] = {
                "time": "2026-01-10T09:15",
                "interval": 900,
                "temperature_2m": self.temperature,
            }
        else:
            day = query["start_date"]
            base["hourly_units"] = {"time": "iso8601", "temperature_2m": "°C"}
            base["hourly"] = {
                "time": [f"{day}T{hour:02d}:00" for hour in range(24)],
                "temperature_2m": [round(-20 + hour * 0.5, 1) for hour in range(24)],
            }
        return base


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
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=2) as client:
        yield client


class WeatherContract:
    async def test_a_reading_carries_a_temperature_and_is_not_a_fallback(self, weather: Weather):
        reading = await weather.reading(*MOSCOW, NOW)
        assert isinstance(reading.temperature_tenths, int)
        assert reading.fallback is False


class TestFixedWeather(WeatherContract):
    @pytest.fixture
    def weather(self) -> Weather:
        return FixedWeather(-123)


class TestOpenMeteoWeather(WeatherContract):
    @pytest.fixture
    def weather(self, stand_in, http) -> OpenMeteoWeather:
        return OpenMeteoWeather(http, FakeClock(NOW), stand_in[1])

    async def test_a_recent_walk_reads_the_current_temperature_in_tenths(self, stand_in, weather):
        server, _ = stand_in
        reading = await weather.reading(*MOSCOW, NOW - timedelta(minutes=30))
        assert (reading.source, reading.temperature_tenths) == ("open-meteo", -123)
        assert reading.observed_at == datetime(2026, 1, 10, 9, 15, tzinfo=UTC)
        assert server.requests == [
            {
                "latitude": "55.76",
                "longitude": "37.62",
                "timezone": "GMT",
                "current": "temperature_2m",
            }
        ]

    async def test_an_older_walk_reads_its_hour_from_the_hourly_series(self, stand_in, weather):
        server, _ = stand_in
        reading = await weather.reading(*MOSCOW, datetime(2026, 1, 8, 14, 40, tzinfo=UTC))
        assert reading.temperature_tenths == -130  # −20 + 14 × 0.5
        assert server.requests[0]["hourly"] == "temperature_2m"
        assert server.requests[0]["start_date"] == server.requests[0]["end_date"] == "2026-01-08"

    async def test_readings_are_cached_per_place_and_hour(self, stand_in, weather):
        server, _ = stand_in
        first = await weather.reading(*MOSCOW, NOW)
        nearby = await weather.reading(55.7561, 37.6169, NOW - timedelta(minutes=10))
        assert nearby == first
        assert len(server.requests) == 1
        await weather.reading(59.93, 30.33, NOW)
        assert len(server.requests) == 2

    @pytest.mark.parametrize("status", [400, 429, 500])
    async def test_an_error_answer_means_unavailable(self, stand_in, weather, status):
        stand_in[0].status = status
        with pytest.raises(WeatherUnavailable):
            await weather.reading(*MOSCOW, NOW)

    async def test_an_answer_without_a_temperature_means_unavailable(self, stand_in, weather):
        stand_in[0].temperature = None
        with pytest.raises(WeatherUnavailable):
            await weather.reading(*MOSCOW, NOW)

    async def test_a_server_that_is_down_means_unavailable(self, http):
        weather = OpenMeteoWeather(http, FakeClock(NOW), "http://127.0.0.1:9")
        with pytest.raises(WeatherUnavailable):
            await weather.reading(*MOSCOW, NOW)
