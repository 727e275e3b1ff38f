"""The time zone at a shared location through timezonefinder (offline point-in-polygon over
the tz boundary data it ships): service ``coach_zones``.

Absent (the ``coach`` extra not installed) the factory returns None and the coach falls back
to the core's nearest-city table.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from sleeplab_core.coaching.zones import check_point
from sleeplab_core.platform import ServiceEnvironment


class TimezoneFinderZones:
    """:class:`~sleeplab_core.coaching.ports.ZoneFinder` by the zone polygons (oceans
    included, as ``Etc/GMT±N``)."""

    def __init__(self) -> None:
        from timezonefinder import TimezoneFinder

        self._finder: Any = TimezoneFinder()

    def zone_at(self, latitude: float, longitude: float) -> str | None:
        check_point(latitude, longitude)
        found = self._finder.timezone_at(lat=latitude, lng=longitude)
        return str(found) if found and found in _known() else None  # newer than this tzdata


@cache
def _known() -> frozenset[str]:
    return frozenset(available_timezones())


def build_service(env: ServiceEnvironment) -> TimezoneFinderZones | None:
    """Needs no settings; None when timezonefinder is not installed."""
    try:
        return TimezoneFinderZones()
    except ImportError:
        return None


__all__ = ["TimezoneFinderZones", "build_service"]
