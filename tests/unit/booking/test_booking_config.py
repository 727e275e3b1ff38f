from __future__ import annotations

from pathlib import Path

import pytest
from booking_configs import salon, salon_data

from sleeplab_core.booking.config import load_config, parse_config
from sleeplab_core.booking.errors import ConfigInvalid


def test_a_valid_config_loads_with_its_services_and_specialists() -> None:
    config = salon()
    assert [s.id for s in config.specialists_for("coloring")] == ["anna"]
    assert [s.id for s in config.specialists_for("haircut")] == ["anna", "maria"]
    assert config.service("manicure").slots == 2


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "unknown IANA time zone"),
        ({"hours": {"monday": ["09:00-18:00"]}}, "unknown weekday 'monday'"),
        ({"hours": {"mon": ["18:00-09:00"]}}, "must end after it starts"),
        ({"hours": {"mon": ["9 to 6"]}}, "HH:MM-HH:MM"),
        ({"slot_minutes": 7}, "multiple of 5 minutes"),
        ({"services": []}, "services"),
    ],
)
def test_a_broken_config_is_rejected_naming_the_problem(override: dict, message: str) -> None:
    with pytest.raises(ConfigInvalid, match=message):
        parse_config(salon_data(**override))


def test_a_service_naming_an_unknown_specialist_is_rejected() -> None:
    data = salon_data()
    data["services"][2]["specialists"] = ["olga"]
    with pytest.raises(ConfigInvalid, match="unknown specialist 'olga'"):
        parse_config(data)


def test_duplicate_ids_are_rejected() -> None:
    data = salon_data()
    data["specialists"].append(data["specialists"][0])
    with pytest.raises(ConfigInvalid, match="'anna' appears twice"):
        parse_config(data)


def test_a_file_that_is_not_toml_is_rejected_clearly(tmp_path: Path) -> None:
    path = tmp_path / "salon.toml"
    path.write_text("id = [unclosed", encoding="utf-8")
    with pytest.raises(ConfigInvalid, match=r"salon\.toml"):
        load_config(path)
