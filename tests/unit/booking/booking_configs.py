"""Salon configs for the booking tests (plain data through the real validation)."""

from __future__ import annotations

from typing import Any

from sleeplab_core.booking.config import SalonConfig, parse_config


def salon_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "test-salon",
        "name": {"en": "Test salon", "ru": "Тестовый салон"},
        "time_zone": "Europe/Berlin",
        "slot_minutes": 30,
        "min_notice": 60,
        "horizon_days": 30,
        "hold_minutes": 10,
        "hours": {day: ["09:00-18:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
        | {"sat": ["10:00-16:00"]},
        "breaks": ["13:00-13:30"],
        "specialists": [
            {"id": "anna", "name": {"en": "Anna", "ru": "Анна"}},
            {
                "id": "maria",
                "name": {"en": "Maria", "ru": "Мария"},
                "hours": {"sat": [], "sun": ["11:00-15:00"]},
                "breaks": ["16:00-16:30"],
            },
        ],
        "services": [
            {"id": "haircut", "name": {"en": "Haircut", "ru": "Стрижка"}, "slots": 1},
            {
                "id": "manicure",
                "name": {"en": "Manicure", "ru": "Маникюр"},
                "slots": 2,
                "buffer_after": 10,
                "cancel_notice": 240,
            },
            {
                "id": "coloring",
                "name": {"en": "Coloring", "ru": "Окрашивание"},
                "slots": 3,
                "buffer_before": 15,
                "buffer_after": 15,
                "specialists": ["anna"],
            },
        ],
    }
    data.update(overrides)
    return data


def salon(**overrides: Any) -> SalonConfig:
    return parse_config(salon_data(**overrides))
