"""Live-location walks in the Steps bot: share, walk, stop — points for what counts, once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dependency_injector import providers
from steps_chat import StepsChat

from entrypoints.containers import Container, build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.conversation import ButtonPress, Conversations, Location
from sleeplab_core.ledger import Ledger
from sleeplab_core.platform import load_bot

SENT = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
PERIOD = 3600


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[Container]:
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    container.bots.override(providers.Object({"steps": load_bot("steps")}))
    yield container
    await resolve(container.shutdown_resources())


@pytest.fixture
async def conversations(container: Container) -> Conversations:
    return await conversations_for(container, "steps")


@pytest.fixture
async def ledger(container: Container, conversations: Conversations) -> Ledger:
    found: Ledger = await resolve(container.ledger())
    return found


async def balance(ledger: Ledger, user_id: int) -> int:
    return (await ledger.balance(f"user:{user_id}", "points")).available


def point(
    minute: float,
    north: float,
    *,
    accuracy: float | None = 10.0,
    message_id: int = 42,
    period: int | None = PERIOD,
    key: str | None = None,
) -> Location:
    """A fix ``north`` × 0.001° (~111 m) north of the start, ``minute`` after sharing began."""
    edited = minute > 0 or period is None
    return Location(
        user_id=1,
        latitude=55.75 + 0.001 * north,
        longitude=37.62,
        accuracy_m=accuracy,
        live_period=period,
        message_id=message_id,
        edited=edited,
        sent_at=SENT,
        edited_at=SENT + timedelta(minutes=minute) if edited else None,
        update_key=key,
    )


async def test_a_live_walk_counts_until_sharing_stops(conversations, ledger):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.command("walk")
    await anna.press("Геопозиция в реальном времени")
    assert "Транслировать геопозицию" in anna.last
    assert "60 м" in anna.last
    await anna.send(point(0, 0))
    assert "Прогулка началась" in anna.last
    shown = len(anna.screens)
    for minute in range(1, 31):  # 30 stretches of ~111 m a minute: ~3.3 km
        await anna.send(point(minute, minute))
    await anna.send(point(10.5, 5, accuracy=1500))  # a blurred fix: its two stretches drop
    await anna.send(point(31, 40, accuracy=5))  # ~1.1 km in a minute: a car
    assert len(anna.screens) == shown  # updates are kept silently
    await anna.send(point(32, 40, period=None))  # the user stops sharing
    report = anna.last
    assert "Прогулка по геопозиции: 3224 м за 31 мин" in report  # 29 of 31 stretches
    assert "Прогулка засчитана: 4 298 шагов" in report  # 3224 m / 0.75 m
    assert "погода недоступна" in report
    assert "⭐ Начислено: 4 баллов" in report
    assert await balance(ledger, 1) == 4

    await anna.send(ButtonPress(user_id=1, data="walk:finish"))  # nothing left to finish
    assert "Сейчас нет прогулки с геопозицией" in anna.last
    await anna.send(point(33, 41))  # a late update of the finished walk is ignored
    await anna.send(point(34, 41, period=None))
    assert await balance(ledger, 1) == 4


async def test_a_walk_goes_on_while_the_player_browses_and_ends_with_the_button(
    conversations, ledger
):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.send(point(0, 0, message_id=7))
    for minute in range(1, 16):
        await anna.send(point(minute, minute, message_id=7))
        if minute == 5:
            await anna.command("catalog")  # another screen: the track keeps growing
    # the "walk started" message above the catalog still carries the button
    await anna.send(ButtonPress(user_id=1, data="walk:finish"))
    assert "Прогулка засчитана" in anna.last
    assert await balance(ledger, 1) == 2  # 15 × ~111 m → 2 220 steps → 2 points
    await anna.send(point(16, 16, message_id=7, period=None))  # the stop after the button
    assert await balance(ledger, 1) == 2


async def test_a_redelivered_stop_pays_once(conversations, ledger):
    anna = StepsChat(conversations, 1)
    await anna.register()
    for minute in range(21):
        await anna.send(point(minute, minute))
    await anna.send(point(21, 20, period=None, key="tg:900"))
    assert await balance(ledger, 1) == 2  # 20 × ~111 m → 2 965 steps
    await anna.send(point(21, 20, period=None, key="tg:900"))
    await anna.send(point(21, 20, period=None, key="tg:901"))
    assert await balance(ledger, 1) == 2
    assert sum("Прогулка засчитана" in text for text in anna.texts()) == 1


async def test_a_track_of_imprecise_fixes_is_refused_clearly(conversations, ledger):
    anna = StepsChat(conversations, 1)
    await anna.register()
    for minute in range(10):
        await anna.send(point(minute, minute, accuracy=1500))
    await anna.send(point(10, 10, period=None))
    assert "Прогулка не засчитана: ни один отрезок" in anna.last
    assert await balance(ledger, 1) == 0


async def test_a_single_point_and_a_stranger_get_an_explanation(conversations, ledger):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.send(
        point(0, 0, period=None, message_id=3).__class__(
            user_id=1, latitude=55.75, longitude=37.62, message_id=3, sent_at=SENT
        )
    )
    assert "транслируйте геопозицию в реальном времени" in anna.texts()[-1]
    stranger = StepsChat(conversations, 2)
    await stranger.send(
        Location(
            user_id=2, latitude=1.0, longitude=2.0, live_period=60, message_id=1, language_hint="ru"
        )
    )
    assert "Добро пожаловать" in stranger.texts()[0]
    assert await balance(ledger, 1) == 0


async def test_a_walk_whose_period_ran_out_silently_ends_when_the_next_one_starts(
    conversations, ledger
):
    anna = StepsChat(conversations, 1)
    await anna.register()
    for minute in range(16):  # ~1.7 km, then the period ends: Telegram sends nothing
        await anna.send(point(minute, minute, message_id=5))
    assert await balance(ledger, 1) == 0
    await anna.send(point(0, 0, message_id=9))  # the next live location
    assert await balance(ledger, 1) == 2
    assert "Прогулка засчитана: 2 222 шагов" in anna.texts()[-2]
    assert "Прогулка началась" in anna.last
