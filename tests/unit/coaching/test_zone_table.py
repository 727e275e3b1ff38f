"""The offline zone table: its generator reads zone1970.tab's ISO 6709 coordinates."""

from __future__ import annotations

import json
from importlib import resources

from sleeplab_core.coaching.zone_table import parse_zone1970, render

LINES = [
    "# comment\n",
    "\n",
    "DE,DK,NO,SE,SJ\t+5230+01322\tEurope/Berlin\tmost of Germany\n",
    "US\t+404251-0740023\tAmerica/New_York\tEastern (most areas)\n",
    "AR\t-3436-05827\tAmerica/Argentina/Buenos_Aires\tBuenos Aires (BA, CF)\n",
]


def test_the_generator_reads_minutes_seconds_and_southern_western_signs() -> None:
    assert parse_zone1970(LINES) == [
        (52.5, 13.37, "Europe/Berlin"),
        (40.71, -74.01, "America/New_York"),
        (-34.6, -58.45, "America/Argentina/Buenos_Aires"),
    ]
    assert json.loads(render(parse_zone1970(LINES)))[0] == [52.5, 13.37, "Europe/Berlin"]


def test_the_shipped_table_has_one_point_per_principal_zone() -> None:
    source = resources.files("sleeplab_core.coaching") / "zone_points.json"
    rows = json.loads(source.read_text(encoding="utf-8"))
    zones = [zone for _, _, zone in rows]
    assert len(rows) > 250
    assert len(set(zones)) == len(zones)
    assert all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon, _ in rows)
    assert {"Europe/Moscow", "Asia/Vladivostok", "Australia/Sydney"} <= set(zones)
