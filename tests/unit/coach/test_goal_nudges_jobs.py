"""Reminders about goals without updates (advanced reminders, for subscribers), and to people
who went quiet: durable jobs at the user's wall-clock time, folded into the daily reminder,
snoozed with a cap, silent on pauses."""

from __future__ import annotations

from datetime import timedelta

from coach_chat import CoachChat

from entrypoints.containers import Container, bot_context, unit_of_work_factory
from sleeplab_core.bots.coach.jobs import send_goal_nudge, send_reminder
from sleeplab_core.coaching.model import Goal
from sleeplab_core.coaching.use_cases.check_in import record_check_in
from sleeplab_core.coaching.use_cases.remind import GOAL_NUDGE_JOB_KIND
from sleeplab_core.coaching.use_cases.settings import pause
from sleeplab_core.conversation import SendScreen
from sleeplab_core.jobs import FakeMessenger
from sleeplab_core.jobs.model import Job
from sleeplab_core.kernel.clock import FakeClock


async def nudges(container: Container) -> list[Job]:
    async with (await unit_of_work_factory(container))() as uow:
        return await uow.jobs.list(kind=GOAL_NUDGE_JOB_KIND, states=["scheduled"])


async def goals(container: Container) -> list[Goal]:
    async with (await unit_of_work_factory(container))() as uow:
        return await uow.coaching.goals(1)


async def two_goals(chat: CoachChat, container: Container, clock: FakeClock) -> tuple[Goal, Goal]:
    await chat.onboard()  # Saturday 28 March 2026, 10:00 in Berlin; reminder 20:30
    clock.advance(timedelta(minutes=5))
    await chat.command("new_goal")
    await chat.say("Read 12 books")
    await chat.press("goal:done")
    run, read = await goals(container)
    return run, read


async def check_in_daily(container: Container, clock: FakeClock, goal: Goal, days: int) -> None:
    for _ in range(days):
        clock.advance(timedelta(days=1))
        async with (await unit_of_work_factory(container))() as uow:
            await record_check_in(uow, clock, 1, goal.id, "did it")
            await uow.commit()


async def subscribe_until_the_nudge(chat: CoachChat, container: Container, clock: FakeClock) -> Job:
    """Start the 7-day trial a day before the pending nudge, then move to it."""
    (job,) = await nudges(container)
    clock.advance(job.run_at - timedelta(days=1) - clock.now())
    await chat.command("premium")
    await chat.press("pay:trial")
    clock.advance(job.run_at - clock.now())
    return job


def screen_text(messenger: FakeMessenger) -> str:
    (action,) = messenger.sent[-1][1]
    assert isinstance(action, SendScreen)
    return action.screen.text


async def test_a_new_goal_is_nudged_a_week_later_at_the_reminder_time_after_dst(
    chat: CoachChat, container: Container
) -> None:
    await chat.onboard()

    (job,) = await nudges(container)

    assert job.run_at.isoformat() == "2026-04-04T18:30:00+00:00"  # 20:30 CEST, a week on
    assert job.unique_key == "coach:goals:1:2026-04-04"


async def test_a_goal_left_alone_while_another_gets_check_ins_is_named_and_snoozed(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    run, _read = await two_goals(chat, container, clock)
    await check_in_daily(container, clock, run, 6)  # up to Friday 3 April
    await chat.command("premium")
    await chat.press("pay:trial")  # a week from Friday: advanced reminders
    clock.advance(timedelta(days=1, hours=1))  # Saturday 4 April, 11:05 in Berlin
    async with (await unit_of_work_factory(container))() as uow:
        await record_check_in(uow, clock, 1, run.id, "did it")  # today is done
        await uow.commit()
    (job,) = await nudges(container)
    assert job.run_at.isoformat() == "2026-04-04T18:30:00+00:00"
    clock.advance(job.run_at - clock.now())
    messenger = FakeMessenger(clock)

    assert await send_goal_nudge(bot_context(container, "coach"), messenger, 1)

    text = screen_text(messenger)
    assert "Read 12 books: no update for 7 days" in text
    assert "Run a 5k" not in text
    assert not await send_reminder(bot_context(container, "coach"), messenger, 1)  # done today
    (following,) = await nudges(container)
    assert following.run_at.date().isoformat() == "2026-04-11"  # the second nudge, 14 days

    await chat.press("coach:snooze:goals")
    assert "remind you at 21:30" in chat.last
    snoozed = [j for j in await nudges(container) if "snooze" in (j.unique_key or "")]
    assert len(snoozed) == 1
    clock.advance(timedelta(hours=1))
    assert await send_goal_nudge(bot_context(container, "coach"), messenger, 1)
    for _ in range(2):
        await chat.press("coach:snooze:goals")
    await chat.press("coach:snooze:goals")
    assert "enough snoozing for today" in chat.last


async def test_on_a_day_without_a_check_in_the_daily_reminder_names_the_quiet_goal(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()
    await subscribe_until_the_nudge(chat, container, clock)
    messenger = FakeMessenger(clock)

    assert not await send_goal_nudge(bot_context(container, "coach"), messenger, 1)
    assert await send_reminder(bot_context(container, "coach"), messenger, 1)

    text = screen_text(messenger)
    assert "We haven't heard from you for 7 days" in text
    assert "Run a 5k: no update for 7 days" in text
    assert messenger.sent[-1][1][0].screen.all_buttons()[-1].data == "coach:snooze"  # type: ignore[attr-defined]


async def test_the_daily_reminder_says_a_gentle_word_before_someone_goes_quiet(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()
    clock.advance(timedelta(days=1, hours=10))  # Sunday 21:00 in Berlin
    messenger = FakeMessenger(clock)

    assert await send_reminder(bot_context(container, "coach"), messenger, 1)

    assert "A gentle reminder" in screen_text(messenger)
    assert "no update" not in screen_text(messenger)


async def test_a_paused_user_gets_no_nudge_about_goals(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()
    clock.advance(timedelta(days=5))
    async with (await unit_of_work_factory(container))() as uow:
        await pause(uow, clock, 1, 14)  # 2 – 15 April: the 7- and 14-day nudges fall inside
        await uow.commit()

    (job,) = await nudges(container)
    assert job.run_at.date().isoformat() == "2026-04-18"  # the third, after the pause
    clock.advance(timedelta(days=2, hours=9))  # 4 April, 20:30 in Berlin
    messenger = FakeMessenger(clock)
    assert not await send_goal_nudge(bot_context(container, "coach"), messenger, 1)
    assert not await send_reminder(bot_context(container, "coach"), messenger, 1)
    assert messenger.sent == []


async def test_editing_or_pausing_a_goal_moves_or_stops_its_nudge(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()
    clock.advance(timedelta(days=3))
    await chat.command("goals")
    await chat.press("gl:0")
    await chat.press("ge:rename")
    await chat.say("Run a 10k")

    (job,) = await nudges(container)
    assert job.run_at.date().isoformat() == "2026-04-07"  # a week after the edit

    await chat.press("gs:paused")
    assert await nudges(container) == []  # a paused goal is not nudged


async def test_without_a_subscription_quiet_goals_are_not_named(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    run, _read = await two_goals(chat, container, clock)
    await check_in_daily(container, clock, run, 7)  # Saturday 4 April is done
    (job,) = await nudges(container)
    clock.advance(job.run_at - clock.now())
    messenger = FakeMessenger(clock)

    assert not await send_goal_nudge(bot_context(container, "coach"), messenger, 1)
    clock.advance(timedelta(days=1))  # Sunday: no check-in, the daily reminder goes out
    assert await send_reminder(bot_context(container, "coach"), messenger, 1)
    assert "no update" not in screen_text(messenger)
    assert len(messenger.sent) == 1
