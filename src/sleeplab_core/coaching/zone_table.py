"""Builds ``zone_points.json``, the offline zone finder's table, from the tz database.

The table is one ``[latitude, longitude, zone]`` row per line of the tz database's
``zone1970.tab`` (its principal city of each zone, ISO 6709 coordinates), rounded to
0.01°. It was generated once with::

    python -m sleeplab_core.coaching.zone_table <the tz database's zone1970.tab> \\
        > src/sleeplab_core/coaching/zone_points.json

Rerun it after a tz database release that adds or moves a zone.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable

_ISO6709 = re.compile(r"^([+-]\d{4,6})([+-]\d{5,7})$")


def parse_zone1970(lines: Iterable[str]) -> list[tuple[float, float, str]]:
    """``(latitude, longitude, zone)`` for each zone line; comments and blanks skipped."""
    rows: list[tuple[float, float, str]] = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        found = _ISO6709.match(fields[1])
        if found is None:
            raise ValueError(f"not ISO 6709 coordinates: {fields[1]!r}")
        rows.append((_degrees(found.group(1), 2), _degrees(found.group(2), 3), fields[2]))
    return rows


def _degrees(text: str, width: int) -> float:
    """``+DDMM[SS]`` (latitude, width 2) or ``+DDDMM[SS]`` (longitude, width 3) in degrees."""
    sign = -1 if text[0] == "-" else 1
    digits = text[1:]
    whole = int(digits[:width]) + int(digits[width : width + 2]) / 60
    if len(digits) > width + 2:
        whole += int(digits[width + 2 :]) / 3600
    return round(sign * whole, 2)


def render(rows: list[tuple[float, float, str]]) -> str:
    body = ",\n".join(json.dumps([lat, lon, zone]) for lat, lon, zone in rows)
    return f"[\n{body}\n]\n"


if __name__ == "__main__":  # pragma: no cover - a one-off generator
    with open(sys.argv[1], encoding="utf-8") as source:
        sys.stdout.write(render(parse_zone1970(source)))
