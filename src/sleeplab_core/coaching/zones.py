"""Time zones from what people type: a city ("Berlin", "Москва") or a UTC offset ("+3").

Stored as an IANA name. Cities come from the tz database's own city names plus a small table
of common spellings (``cities.json``); whole-hour offsets become ``Etc/GMT±N`` (note the tz
database's inverted sign: UTC+3 is ``Etc/GMT-3``).
"""

from __future__ import annotations

import json
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
