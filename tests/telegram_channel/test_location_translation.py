"""Shared and live locations become the same ``Location`` events in aiogram and PTB."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import telegram
from aiogram.types import Update as AiogramUpdate

from adapters.telegram_aiogram import to_event as aiogram_to_event
from adapters.telegram_ptb import to_event as ptb_to_event
from adapters.terminal import parse_line
from sleeplab_core.conversation import Command, Event, Location, Unsupported
from sleeplab_core.conversation.outbound import MalformedUpdate
from sleeplab_core.conversation.telegram_updates import to_event

ANN = {"id": 1001, "is_bot": False, "first_name": "Ann", "language_code": "ru"}
PRIVATE = {"id": 1001, "type": "private", "first_name": "Ann"}
COMMON: dict[str, Any] = {
    "user_id": 1001,
    "language_hint": "ru",
    "first_name": "Ann",
    "update_key": "tg:5",
}
SENT = 1_767_000_000
EDITED = SENT + 90


def update(kind: str, location: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {"message_id": 42, "date": SENT, "chat": PRIVATE, "from": ANN, **fields}
    return {"update_id": 5, kind: {**body, "location": location}}


def translate(framework: str, raw: dict[str, Any]) -> Event | None:
    if framework == "aiogram":
        return aiogram_to_event(AiogramUpdate.model_validate(raw))
    return ptb_to_event(telegram.Update.de_json(raw, None))


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


CASES: list[tuple[str, dict[str, Any], Event]] = [
    (
        "a point shared once",
        update("message", {"latitude": 55.75, "longitude": 37.61}),
        Location(latitude=55.75, longitude=37.61, message_id=42, sent_at=at(SENT), **COMMON),
    ),
    (
        "a live location starts",
        update(
            "message",
            {
                "latitude": 55.75,
                "longitude": 37.61,
                "horizontal_accuracy": 12.5,
                "live_period": 900,
            },
        ),
        Location(
            latitude=55.75,
            longitude=37.61,
            accuracy_m=12.5,
            live_period=900,
            message_id=42,
            sent_at=at(SENT),
            **COMMON,
        ),
    ),
    (
        "a live location moves",
        update(
            "edited_message",
            {"latitude": 55.751, "longitude": 37.612, "horizontal_accuracy": 8, "live_period": 900},
            edit_date=EDITED,
        ),
        Location(
            latitude=55.751,
            longitude=37.612,
            accuracy_m=8.0,
            live_period=900,
            message_id=42,
            edited=True,
            sent_at=at(SENT),
            edited_at=at(EDITED),
            **COMMON,
        ),
    ),
    (
        "sharing stops",
        update("edited_message", {"latitude": 55.751, "longitude": 37.612}, edit_date=EDITED),
        Location(
            latitude=55.751,
            longitude=37.612,
            message_id=42,
            edited=True,
            sent_at=at(SENT),
            edited_at=at(EDITED),
            **COMMON,
        ),
    ),
]


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
@pytest.mark.parametrize(("name", "raw", "expected"), CASES, ids=[case[0] for case in CASES])
def test_a_location_update_becomes_a_location_event(
    framework: str, name: str, raw: dict[str, Any], expected: Event
) -> None:
    assert translate(framework, raw) == expected
    assert to_event(raw) == expected


def test_what_a_location_event_says() -> None:
    once, start, moved, stop = (case[2] for case in CASES)
    assert isinstance(once, Location)
    assert not once.live
    assert not once.stopped
    assert isinstance(start, Location)
    assert start.live
    assert not start.stopped
    assert start.at == at(SENT)
    assert isinstance(moved, Location)
    assert moved.live
    assert moved.at == at(EDITED)
    assert isinstance(stop, Location)
    assert stop.live
    assert stop.stopped


def test_an_edited_text_is_still_unsupported() -> None:
    raw = {
        "update_id": 5,
        "edited_message": {
            "message_id": 3,
            "date": 1,
            "edit_date": 2,
            "chat": PRIVATE,
            "from": ANN,
            "text": "x",
        },
    }
    assert to_event(raw) == Unsupported(what="edited_message", **COMMON)


@pytest.mark.parametrize(
    "location",
    [
        {"latitude": "55.75", "longitude": 37.61},
        {"latitude": 95.0, "longitude": 37.61},
        {"latitude": 55.75, "longitude": -181},
        {"latitude": 55.75, "longitude": 37.61, "horizontal_accuracy": True},
        {"latitude": 55.75, "longitude": 37.61, "live_period": "900"},
        {"longitude": 37.61},
    ],
)
def test_a_location_no_telegram_server_sends_is_malformed(location: dict[str, Any]) -> None:
    with pytest.raises(MalformedUpdate):
        to_event(update("message", location))


def test_the_terminal_types_live_points_and_single_points() -> None:
    live = parse_line("/location 55.75 37.61 20", 7, [])
    assert live == Location(
        user_id=7,
        latitude=55.75,
        longitude=37.61,
        accuracy_m=20.0,
        live_period=8 * 3600,
        message_id=1,
    )
    assert isinstance(live, Location)
    assert live.live
    assert live.at is None
    once = parse_line("/location once 55,75 37,61", 7, [])
    assert once == Location(user_id=7, latitude=55.75, longitude=37.61)
    for bad in ("/location", "/location 55.75", "/location north east", "/location 91 0"):
        assert parse_line(bad, 7, []) == Command(user_id=7, name="location", args=bad[10:])
