"""Time zones from what people type: a city ("Berlin", "Москва") or a UTC offset ("+3").

Stored as an IANA name. Cities come from the tz database's own city names plus a small table
of common spellings (``cities.json``); whole-hour offsets become ``Etc/GMT±N`` (note the tz
database's inverted sign: UTC+3 is ``Etc/GMT-3``).

A shared location (latitude, longitude) goes through a :class:`~sleeplab_core.coaching.ports.
ZoneFinder`; :class:`NearestCityZones` is the offline one: the zone of the nearest principal
city of the tz database (``zone1970.tab``, shipped as ``zone_points.json``, see
:mod:`sleeplab_core.coaching.zone_table`).
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from zoneinfo import available_timezones

from sleeplab_core.kernel.errors import ValidationFailed

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-−])\s*(\d{1,2})(?::?00)?$", re.IGNORECASE)


def resolve_time_zone(text: str) -> str:
    """The IANA zone ``text`` names. Raises ValidationFailed for an unknown city or offset."""
    typed = " ".join(text.strip().split())
    if typed.upper() in {"UTC", "GMT"}:
        return "UTC"
    offset = _OFFSET.match(typed)
    if offset:
        return _from_offset(offset.group(1), int(offset.group(2)))
    found = _cities().get(_normal(typed))
    if found is None:
        raise ValidationFailed(f"unknown city or offset {typed!r}", field="time_zone")
    return found


def _from_offset(sign: str, hours: int) -> str:
    if hours > 14 or (sign != "+" and hours > 12):
        raise ValidationFailed("offsets run from UTC-12 to UTC+14", field="time_zone")
    if hours == 0:
        return "UTC"
    return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"


def _normal(name: str) -> str:
    return name.lower().replace("ё", "е").replace("_", " ").replace("-", " ")


@cache
def _cities() -> dict[str, str]:
    table: dict[str, str] = {}
    for zone in available_timezones():
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/")):
            table.setdefault(_normal(zone.rsplit("/", 1)[-1]), zone)
            table.setdefault(_normal(zone), zone)
    source = resources.files("sleeplab_core.coaching") / "cities.json"
    aliases: dict[str, str] = json.loads(source.read_text(encoding="utf-8"))
    table.update({_normal(city): zone for city, zone in aliases.items()})
    return table


#: Beyond this distance from every principal city a point is "at sea": its nautical zone.
#: Far enough that remote land (Norilsk is ~1,500 km from Krasnoyarsk) keeps its city's zone.
SEA_KM = 2000.0
_EARTH_KM = 6371.0


def check_point(latitude: float, longitude: float) -> None:
    """Raise ValidationFailed (field ``location``) unless the point is on the globe."""
    if not (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    ):
        raise ValidationFailed("latitude runs -90…90, longitude -180…180", field="location")


def nautical_zone(longitude: float) -> str:
    """The sea's zone at ``longitude``: UTC+N for N = round(longitude / 15), as ``Etc/GMT∓N``."""
    hours = round(longitude / 15)
    if hours == 0:
        return "Etc/GMT"
    return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"


class NearestCityZones:
    """:class:`~sleeplab_core.coaching.ports.ZoneFinder` offline: the nearest principal city's
    zone (great-circle distance), the nautical zone beyond :data:`SEA_KM`.

    Approximate near borders (a point may be nearer a neighbour's city than its own); the
    polygon-based adapter is exact and this is its fallback when it is not installed.
    """

    def zone_at(self, latitude: float, longitude: float) -> str | None:
        check_point(latitude, longitude)
        distance, found = min(
            (_km(latitude, longitude, lat, lon), zone) for lat, lon, zone in _points()
        )
        return found if distance <= SEA_KM else nautical_zone(longitude)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


@cache
def _points() -> tuple[tuple[float, float, str], ...]:
    source = resources.files("sleeplab_core.coaching") / "zone_points.json"
    rows: list[list[object]] = json.loads(source.read_text(encoding="utf-8"))
    known = available_timezones()
    return tuple(
        (float(lat), float(lon), str(zone))  # type: ignore[arg-type]
        for lat, lon, zone in rows
        if zone in known
    )
