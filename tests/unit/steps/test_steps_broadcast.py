"""Broadcasts to Steps segments: the right players, each once, through the platform's sender."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from sleeplab_core.jobs import (
    BroadcastSender,
    FakeMessenger,
    FakeSleep,
    InMemoryJobQueue,
    TokenBucket,
    Worker,
    WorkerSettings,
)
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.i18n import DictCatalog
from sleeplab_core.kernel.users import User
from sleeplab_core.rewards import MEMORY_MODULE
from sleeplab_core.rewards.model import MeasuredBy, Profile, Walk, WalkStatus, WeatherReading
from sleeplab_core.rewards.segments import StepsSegments, UnknownSegment, parse_segment
from sleeplab_core.rewards.use_cases.schedule_broadcast import (
    STEPS_BROADCAST_JOB_KIND,
    schedule_broadcast,
)
from sleeplab_core.storage import InMemoryStore

NOW = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
CATALOG = DictCatalog(
    {"ru": {"steps.broadcast.come_back": "Скучаем!"}, "en": {"steps.broadcast.come_back": "Hi"}}
)
PLAYERS = {  # user: (city, in a family, days since the last walk or None)
    1: ("Москва", True, 1),
    2: ("москва", False, 10),
    3: ("Щёлково", True, None),
    4: ("Тверь", False, 3),
}


@pytest.fixture
async def store() -> InMemoryStore:
    store = InMemoryStore(modules=[MEMORY_MODULE])
    async with store() as uow:
        for user, (city, family, walked) in PLAYERS.items():
            await uow.users.save(User(id=user, created_at=NOW, locale="ru"))
            profile = Profile(
                user,
                "P",
                "+7",
                NOW,
                referral_code=f"r{user}",
                city=city,
                family_id=1 if family else None,
            )
            await uow.rewards.profiles.save(profile)
            if walked is not None:
                day = NOW.date() - timedelta(days=walked)
                await uow.rewards.walks.add(_walk(user, day))
        await uow.commit()
    return store


def _walk(user: int, day: date) -> Walk:
    return Walk(
        0,
        user,
        "w",
        MeasuredBy.FORM,
        WalkStatus.COUNTED,
        day,
        NOW,
        60,
        5000,
        0,
        WeatherReading("fixed", 0, NOW),
        1000,
        5,
    )


@pytest.mark.parametrize(
    ("segment", "members"),
    [
        ("all", [1, 2, 3, 4]),
        ("family", [1, 3]),
        ("city:МОСКВА", [1, 2]),
        ("city:щелково", [3]),
        ("inactive:7", [2, 3]),
        ("inactive:2", [2, 3, 4]),
    ],
)
async def test_segments_select_the_right_players(store, segment, members):
    assert await StepsSegments(store, FakeClock(NOW)).members(segment) == members


@pytest.mark.parametrize("name", ["everyone", "inactive:0", "inactive:x", "city:", "family:1"])
def test_a_malformed_segment_is_refused(name):
    with pytest.raises(UnknownSegment):
        parse_segment(name)


async def test_a_scheduled_broadcast_waits_for_its_time_then_reaches_each_member_once(store):
    clock = FakeClock(NOW)
    messenger, sleep = FakeMessenger(clock), FakeSleep(clock)
    sender = BroadcastSender(
        store,
        messenger,
        StepsSegments(store, clock),
        CATALOG,
        clock,
        limiter=TokenBucket(rate=25.0),
        sleep=sleep,
        random=lambda: 0.5,
    )
    worker = Worker(
        InMemoryJobQueue(store),
        {STEPS_BROADCAST_JOB_KIND: sender},
        clock,
        WorkerSettings(name="w", lease=timedelta(minutes=1)),
        sleep=sleep,
    )
    await schedule_broadcast(
        store, "inactive:7", "steps.broadcast.come_back", NOW + timedelta(hours=1), "t", NOW
    )
    await worker.run_once()
    assert messenger.recipients() == []
    clock.advance(timedelta(hours=1))
    await worker.run_once()
    await worker.run_once()
    assert messenger.recipients() == [2, 3]
