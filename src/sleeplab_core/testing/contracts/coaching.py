"""The contract every CoachingRepository honours (in memory, SQLite, PostgreSQL): subclass
:class:`CoachingContract` and provide ``uow_factory``, fresh units of work carrying
``uow.coaching`` over an empty store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from sleeplab_core.coaching.days import ZonePeriod
from sleeplab_core.coaching.model import (
    CheckIn,
    CoachState,
    Goal,
    GoalStatus,
    Horizon,
    MediaKind,
    MediaRef,
    Pause,
    Profile,
    Session,
)
from sleeplab_core.jobs.quiet_hours import QuietHours
from sleeplab_core.kernel.errors import Conflict, NotFound

NOW = datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
DAY = date(2026, 3, 29)


def goal(goal_id: str = "g1", user: int = 1, at: datetime = NOW) -> Goal:
    return Goal(goal_id, user, "Run a 5k", GoalStatus.ACTIVE, at, at)


def check_in(check_id: str, day: date = DAY, user: int = 1, text: str = "ran 2 km") -> CheckIn:
    return CheckIn(check_id, user, "g1", day, NOW, text, "rain", "kept going")


def profile(user: int = 1) -> Profile:
    return Profile(
        user_id=user,
        areas=("health", "career"),
        horizon=Horizon.QUARTER,
        motivation="feel strong",
        energy=3,
        time_zone="Europe/Berlin",
        reminder_at=time(8, 30),
        quiet=QuietHours(time(22), time(7)),
        created_at=NOW,
        day_start_hour=4,
        zones=(ZonePeriod(NOW, "Europe/Berlin"), ZonePeriod(NOW + timedelta(days=2), "Asia/Tokyo")),
        pauses=(Pause(date(2026, 4, 1), date(2026, 4, 7)),),
        reminder_days=(0, 2, 4),
    )


class CoachingContract:
    """Shared tests; ``uow_factory`` is each backend's fixture."""

    @pytest.fixture
    def uow_factory(self) -> Callable[[], Any]:
        raise NotImplementedError

    async def test_a_profile_round_trips_whole(self, uow_factory: Callable[[], Any]) -> None:
        async with uow_factory() as uow:
            await uow.coaching.save_profile(profile())
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.coaching.profile(1) == profile()
            assert await uow.coaching.profile(2) is None

    async def test_goals_are_scoped_to_their_user(self, uow_factory: Callable[[], Any]) -> None:
        async with uow_factory() as uow:
            await uow.coaching.add_goal(goal("g1", 1))
            await uow.coaching.add_goal(goal("g2", 2))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.coaching.goals(1) == [goal("g1", 1)]
            assert await uow.coaching.goal(1, "g2") is None

    async def test_a_duplicate_goal_id_conflicts_and_the_unit_of_work_goes_on(
        self, uow_factory: Callable[[], Any]
    ) -> None:
        async with uow_factory() as uow:
            await uow.coaching.add_goal(goal())
            with pytest.raises(Conflict):
                await uow.coaching.add_goal(goal())
            await uow.coaching.add_goal(goal("g3"))
            await uow.commit()
        async with uow_factory() as uow:
            assert [g.id for g in await uow.coaching.goals(1)] == ["g1", "g3"]

    async def test_saving_a_goal_changes_its_status(self, uow_factory: Callable[[], Any]) -> None:
        archived = Goal("g1", 1, "Run a 5k", GoalStatus.ARCHIVED, NOW, NOW + timedelta(hours=1))
        async with uow_factory() as uow:
            await uow.coaching.add_goal(goal())
            await uow.coaching.save_goal(archived)
            with pytest.raises(NotFound):
                await uow.coaching.save_goal(goal("nope"))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.coaching.goal(1, "g1") == archived

    async def test_one_check_in_per_goal_and_day_keeps_the_first_id(
        self, uow_factory: Callable[[], Any]
    ) -> None:
        async with uow_factory() as uow:
            first = await uow.coaching.save_check_in(check_in("c1"))
            again = await uow.coaching.save_check_in(check_in("c2", text="ran 3 km"))
            await uow.coaching.save_check_in(check_in("c3", DAY + timedelta(days=1)))
            await uow.commit()
        async with uow_factory() as uow:
            stored = await uow.coaching.check_ins(1)
            days = await uow.coaching.check_in_days(1)
        assert first.id == again.id == "c1"
        assert [(c.id, c.happened) for c in stored] == [("c1", "ran 3 km"), ("c3", "ran 2 km")]
        assert days == {DAY, DAY + timedelta(days=1)}

    async def test_check_ins_filter_by_day_and_keep_the_latest(
        self, uow_factory: Callable[[], Any]
    ) -> None:
        async with uow_factory() as uow:
            for offset in range(5):
                await uow.coaching.save_check_in(check_in(f"c{offset}", DAY + timedelta(offset)))
            await uow.commit()
        async with uow_factory() as uow:
            since = await uow.coaching.check_ins(1, since=DAY + timedelta(days=3))
            latest = await uow.coaching.check_ins(1, limit=2)
            none = await uow.coaching.check_ins(1, limit=0)
        assert [c.id for c in since] == ["c3", "c4"]
        assert [c.id for c in latest] == ["c3", "c4"]
        assert none == []

    async def test_media_and_sessions_round_trip(self, uow_factory: Callable[[], Any]) -> None:
        photo = MediaRef("m1", 1, MediaKind.PHOTO, "coach/1/m1.png", "image/png", 10, NOW, "g1")
        voice = MediaRef(
            "m2", 1, MediaKind.VOICE, "coach/1/m2.ogg", "audio/ogg", 99, NOW, None, "c1", "hi"
        )
        session = Session("s1", 1, NOW, CoachState.STUCK, ("walk 5 min",), ("why?",), "c1", "x")
        async with uow_factory() as uow:
            await uow.coaching.add_media(photo)
            await uow.coaching.add_media(voice)
            await uow.coaching.add_session(session)
            with pytest.raises(Conflict):
                await uow.coaching.add_session(session)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.coaching.media(1) == [photo, voice]
            assert await uow.coaching.media(1, "g1") == [photo]
            assert await uow.coaching.sessions(1) == [session]

    async def test_deleting_one_media_reference_keeps_the_others_and_other_users(
        self, uow_factory: Callable[[], Any]
    ) -> None:
        first = MediaRef("m1", 1, MediaKind.PHOTO, "coach/1/m1.png", "image/png", 10, NOW, "g1")
        second = MediaRef("m2", 1, MediaKind.PHOTO, "coach/1/m2.png", "image/png", 20, NOW, "g1")
        theirs = MediaRef("m3", 2, MediaKind.PHOTO, "coach/2/m3.png", "image/png", 30, NOW, "g2")
        async with uow_factory() as uow:
            for media in (first, second, theirs):
                await uow.coaching.add_media(media)
            await uow.commit()
        async with uow_factory() as uow:
            removed = await uow.coaching.delete_media(1, "m1")
            not_theirs = await uow.coaching.delete_media(1, "m3")
            again = await uow.coaching.delete_media(1, "m1")
            await uow.commit()
        async with uow_factory() as uow:
            assert removed == first
            assert not_theirs is None
            assert again is None
            assert await uow.coaching.media(1, "g1") == [second]
            assert await uow.coaching.media(2) == [theirs]

    async def test_nothing_is_kept_without_a_commit(self, uow_factory: Callable[[], Any]) -> None:
        async with uow_factory() as uow:
            await uow.coaching.add_goal(goal())
        async with uow_factory() as uow:
            assert await uow.coaching.goals(1) == []

    async def test_deleting_a_user_removes_everything_and_names_their_files(
        self, uow_factory: Callable[[], Any]
    ) -> None:
        photo = MediaRef("m1", 1, MediaKind.PHOTO, "coach/1/m1.png", "image/png", 10, NOW, "g1")
        async with uow_factory() as uow:
            await uow.coaching.save_profile(profile())
            await uow.coaching.save_profile(profile(2))
            await uow.coaching.add_goal(goal())
            await uow.coaching.add_media(photo)
            await uow.coaching.save_check_in(check_in("c1"))
            await uow.coaching.add_session(Session("s1", 1, NOW, CoachState.STEADY, ("a",)))
            await uow.commit()
        async with uow_factory() as uow:
            keys = await uow.coaching.delete_user(1)
            await uow.commit()
        async with uow_factory() as uow:
            assert keys == ["coach/1/m1.png"]
            assert await uow.coaching.profile(1) is None
            assert await uow.coaching.goals(1) == []
            assert await uow.coaching.check_ins(1) == []
            assert await uow.coaching.sessions(1) == []
            assert await uow.coaching.media(1) == []
            assert await uow.coaching.profile(2) == profile(2)
