"""The zone-finder contract on the core's nearest-city table and on timezonefinder."""

from __future__ import annotations

import pytest

from adapters.zones_timezonefinder import TimezoneFinderZones
from sleeplab_core.coaching.ports import ZoneFinder
from sleeplab_core.coaching.zones import NearestCityZones
from sleeplab_core.testing.contracts.zones import ZoneFinderContract


class TestNearestCityZones(ZoneFinderContract):
    @pytest.fixture
    def finder(self) -> ZoneFinder:
        return NearestCityZones()


@pytest.fixture(scope="module")
def polygons() -> TimezoneFinderZones:
    return TimezoneFinderZones()  # loads its boundary data once


class TestTimezoneFinderZones(ZoneFinderContract):
    @pytest.fixture
    def finder(self, polygons: TimezoneFinderZones) -> ZoneFinder:
        return polygons
