"""The contract of the coaching ZoneFinder port: subclass ZoneFinderContract, provide ``finder``."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from sleeplab_core.coaching.ports import ZoneFinder
from sleeplab_core.kernel.errors import ValidationFailed


class ZoneFinderContract:
    @pytest.fixture
    def finder(self) -> ZoneFinder:
        raise NotImplementedError

    @pytest.mark.parametrize(
        ("latitude", "longitude", "zone"),
        [(52.52, 13.405, "Europe/Berlin"), (52.39, 13.06, "Europe/Berlin"),  # Potsdam
         (55.75, 37.62, "Europe/Moscow"), (40.71, -74.0, "America/New_York"),
         (43.12, 131.89, "Asia/Vladivostok"), (-33.87, 151.21, "Australia/Sydney")],
    )  # fmt: skip
    def test_a_city_gets_its_zone(self, finder, latitude, longitude, zone) -> None:
        assert finder.zone_at(latitude, longitude) == zone

    @pytest.mark.parametrize(
        ("latitude", "longitude", "nautical"),
        [(-50.0, -120.0, "Etc/GMT+8"), (-45.0, 90.0, "Etc/GMT-6")],
    )
    def test_far_at_sea_the_nautical_zone_or_none(self, finder, latitude, longitude, nautical):
        found = finder.zone_at(latitude, longitude)
        assert found in (nautical, None)
        assert finder.zone_at(latitude, longitude) == found

    def test_every_answer_is_a_zone_zoneinfo_loads(self, finder) -> None:
        for latitude in range(-80, 81, 20):
            for longitude in range(-180, 181, 30):
                found = finder.zone_at(float(latitude), float(longitude))
                assert found is None or ZoneInfo(found).key == found

    @pytest.mark.parametrize(
        ("latitude", "longitude"),
        [(90.5, 0.0), (-91.0, 10.0), (10.0, 180.5), (0.0, -181.0),
         (float("nan"), 0.0), (0.0, float("inf"))],
    )  # fmt: skip
    def test_a_point_off_the_globe_is_refused(self, finder, latitude, longitude) -> None:
        with pytest.raises(ValidationFailed) as refused:
            finder.zone_at(latitude, longitude)
        assert refused.value.field == "location"
