"""Travel and pauses after onboarding: the reminder follows, the streak is kept."""

from __future__ import annotations

from datetime import timedelta

from coach_chat import CoachChat

from entrypoints.containers import Container, unit_of_work_factory
from sleeplab_core.coaching.use_cases.remind import REMIND_JOB_KIND
from sleeplab_core.kernel.clock import FakeClock


async def pending_reminders(container: Container) -> list[object]:
    async with (await unit_of_work_factory(container))() as uow:
        return await uow.jobs.list(kind=REMIND_JOB_KIND, states=["scheduled"])


async def check_in(chat: CoachChat) -> None:
    await chat.command("checkin")
    for answer in ["Ran", "rain", "sun"]:
        await chat.say(answer)


async def test_moving_to_tokyo_moves_the_reminder_to_tokyo_evening(
    chat: CoachChat, container: Container
) -> None:
    await chat.onboard()  # Berlin, reminder 20:30
    await chat.command("timezone")
    await chat.say("Tokyo")

    (reminder,) = await pending_reminders(container)
    assert "Asia/Tokyo" in chat.texts()
    assert reminder.run_at.isoformat() == "2026-03-28T11:30:00+00:00"  # type: ignore[attr-defined]


async def test_a_pause_keeps_the_streak_and_silences_reminders(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()
    await check_in(chat)
    await chat.command("pause")
    clock.advance(timedelta(hours=20))  # the next local day
    await chat.press("pause:7")
    (reminder,) = await pending_reminders(container)
    clock.advance(timedelta(days=7))
    await check_in(chat)

    # paused 29 March – 4 April: the next reminder is on the 5th, 20:30 CEST
    assert reminder.run_at.isoformat() == "2026-04-05T18:30:00+00:00"  # type: ignore[attr-defined]
    assert "Streak: 2 days" in chat.texts()


async def test_travel_west_does_not_count_a_day_twice(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()  # Saturday 10:00 in Berlin
    await check_in(chat)
    await chat.command("timezone")
    await chat.say("Los Angeles")  # still Saturday 02:00 there
    await check_in(chat)

    async with (await unit_of_work_factory(container))() as uow:
        assert len(await uow.coaching.check_in_days(1)) == 1
    assert "Streak: 1 day" in chat.last


async def test_a_goal_can_be_completed_and_then_takes_no_check_ins(
    chat: CoachChat, container: Container
) -> None:
    await chat.onboard()
    await chat.command("goals")
    assert "Run a 5k · active" in [b.label for row in chat.screens[-1].buttons for b in row]
    await chat.press("gl:0")
    await chat.press("gs:completed")
    assert "Run a 5k: completed" in chat.texts()

    await chat.command("checkin")
    assert "no active goals" in chat.last


async def test_snooze_brings_the_reminder_back_in_an_hour_three_times_a_day(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()  # 10:00 in Berlin
    for _ in range(3):
        await chat.press("coach:snooze")
    assert "remind you at 11:00" in chat.screens[-3].text
    await chat.press("coach:snooze")

    assert "enough snoozing for today" in chat.last
    snoozed = [j for j in await pending_reminders(container) if "snooze" in j.unique_key]  # type: ignore[attr-defined]
    assert len(snoozed) == 3
