"""The ``Weather`` port on Open-Meteo's forecast API (https://open-meteo.com/en/docs).

A walk that started within the last hour asks for the current conditions
(``current=temperature_2m``); an older one for the hourly series of its UTC day
(``hourly=temperature_2m&start_date=D&end_date=D``) and takes the walk's hour. Answers are
cached per place (rounded to 0.01°, about a kilometre) and UTC hour. Any failure —
network, timeout, HTTP error, an answer without a temperature — is ``WeatherUnavailable``,
so the caller applies the documented default coefficient and flags the walk.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.rewards.model import WeatherReading
from sleeplab_core.rewards.weather import WeatherUnavailable

log = logging.getLogger(__name__)

DEFAULT_URL = "https://api.open-meteo.com"
SOURCE = "open-meteo"
CURRENT_WINDOW = timedelta(hours=1)
CACHE_SIZE = 4096
TIMEOUT_SECONDS = 5.0

CacheKey = tuple[float, float, datetime]


class OpenMeteoWeather:
    """Reads temperatures from an Open-Meteo server (the public one or a self-hosted one).

    Args:
        client: the HTTP client (its timeouts apply; the caller closes it).
        clock: decides whether a walk is recent enough for "current" conditions.
        base_url: the server, without the ``/v1/forecast`` path.
        api_key: for the commercial ``customer-`` hosts (sent as ``apikey``).
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        clock: Clock,
        base_url: str = DEFAULT_URL,
        api_key: str | None = None,
    ) -> None:
        self._client = client
        self._clock = clock
        self._url = base_url.rstrip("/") + "/v1/forecast"
        self._api_key = api_key
        self._cache: OrderedDict[CacheKey, WeatherReading] = OrderedDict()

    async def reading(self, latitude: float, longitude: float, at: datetime) -> WeatherReading:
        hour = at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        key = (round(latitude, 2), round(longitude, 2), hour)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        recent = self._clock.now() - at <= CURRENT_WINDOW
        reading = await (self._current(key) if recent else self._hourly(key))
        self._remember(key, reading)
        return reading

    async def _current(self, key: CacheKey) -> WeatherReading:
        body = await self._get(key, {"current": "temperature_2m"})
        current = body.get("current")
        if not isinstance(current, dict):
            raise WeatherUnavailable("no 'current' block in the answer")
        return _reading(current.get("temperature_2m"), current.get("time"))

    async def _hourly(self, key: CacheKey) -> WeatherReading:
        day = key[2].date().isoformat()
        params = {"hourly": "temperature_2m", "start_date": day, "end_date": day}
        hourly = (await self._get(key, params)).get("hourly")
        if not isinstance(hourly, dict):
            raise WeatherUnavailable("no 'hourly' block in the answer")
        wanted = key[2].strftime("%Y-%m-%dT%H:%M")
        times, values = hourly.get("time") or [], hourly.get("temperature_2m") or []
        if wanted not in times or len(values) != len(times):
            raise WeatherUnavailable(f"no hourly temperature for {wanted}")
        return _reading(values[times.index(wanted)], wanted)

    async def _get(self, key: CacheKey, extra: dict[str, str]) -> dict[str, Any]:
        params: dict[str, str | float] = {
            "latitude": key[0],
            "longitude": key[1],
            "timezone": "GMT",
            **extra,
        }
        if self._api_key:
            params["apikey"] = self._api_key
        try:
            response = await self._client.get(self._url, params=params)
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError) as error:
            log.warning("open-meteo unavailable: %s", type(error).__name__)
            raise WeatherUnavailable(type(error).__name__) from error
        if not isinstance(body, dict) or body.get("error"):
            raise WeatherUnavailable("the server answered with an error")
        return body

    def _remember(self, key: CacheKey, reading: WeatherReading) -> None:
        self._cache[key] = reading
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)


def _reading(temperature: object, time: object) -> WeatherReading:
    if not isinstance(temperature, int | float) or isinstance(temperature, bool):
        raise WeatherUnavailable("no temperature in the answer")
    observed = None
    if isinstance(time, str):
        try:
            observed = datetime.fromisoformat(time).replace(tzinfo=UTC)
        except ValueError:
            observed = None
    return WeatherReading(SOURCE, round(temperature * 10), observed)


def build_service(env: Any) -> OpenMeteoWeather | None:
    """The ``weather`` service when ``SLEEPLAB_WEATHER_URL`` is set (offline otherwise)."""
    url = env.settings.get("weather_url")
    if not url:
        return None
    client = httpx.AsyncClient(timeout=TIMEOUT_SECONDS)
    return OpenMeteoWeather(client, env.clock, url, env.settings.get("weather_api_key"))
