"""The weather port: the temperature at a walk's place and time, and its offline fakes."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sleeplab_core.rewards.errors import RewardsError
from sleeplab_core.rewards.model import WeatherReading


class WeatherUnavailable(RewardsError):
    """The service could not answer (down, timed out, malformed answer)."""


class Weather(Protocol):
    """Tells the air temperature at a place and time.

    Contract: returns a reading with ``temperature_tenths`` set and ``fallback`` False, or
    raises :class:`WeatherUnavailable`; never any other error. The caller then applies the
    rules' default coefficient and flags the walk (``WeatherReading.fallback``).
    """

    async def reading(self, latitude: float, longitude: float, at: datetime) -> WeatherReading: ...


class OfflineWeather:
    """The default when no weather service is configured: always unavailable."""

    async def reading(self, latitude: float, longitude: float, at: datetime) -> WeatherReading:
        raise WeatherUnavailable("no weather service configured")


class FixedWeather:
    """A fake that reports the same temperature everywhere (tests, demos)."""

    def __init__(self, temperature_tenths: int, source: str = "fixed") -> None:
        self.temperature_tenths = temperature_tenths
        self.source = source
        self.calls: list[tuple[float, float, datetime]] = []

    async def reading(self, latitude: float, longitude: float, at: datetime) -> WeatherReading:
        self.calls.append((latitude, longitude, at))
        return WeatherReading(self.source, self.temperature_tenths, at)


def fallback_reading(at: datetime) -> WeatherReading:
    """The reading stored when the service was unavailable."""
    return WeatherReading("unavailable", None, at, fallback=True)
