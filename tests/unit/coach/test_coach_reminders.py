"""The reminder job: at the user's local time, silent when today is done, re-planned after."""

from __future__ import annotations

from coach_chat import CoachChat

from entrypoints.containers import Container, bot_context, unit_of_work_factory
from sleeplab_core.bots.coach.jobs import coach_jobs, send_reminder, send_weekly_review
from sleeplab_core.coaching.use_cases.delete_files import DELETE_FILES_JOB_KIND
from sleeplab_core.coaching.use_cases.remind import GOAL_NUDGE_JOB_KIND, REMIND_JOB_KIND
from sleeplab_core.coaching.use_cases.weekly import MONTHLY_JOB_KIND, WEEKLY_JOB_KIND
from sleeplab_core.conversation import SendDocument
from sleeplab_core.jobs import FakeMessenger
from sleeplab_core.kernel.clock import FakeClock


async def scheduled(container: Container) -> list[object]:
    async with (await unit_of_work_factory(container))() as uow:
        return await uow.jobs.list(kind=REMIND_JOB_KIND, states=["scheduled"])


async def test_the_reminder_nudges_then_plans_the_next_day(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()
    (job,) = await scheduled(container)
    clock.advance(job.run_at - clock.now())  # type: ignore[attr-defined]
    messenger = FakeMessenger(clock)

    sent = await send_reminder(bot_context(container, "coach"), messenger, 1)

    assert sent
    (user_id, actions) = messenger.sent[0]
    assert user_id == 1
    assert "gentle reminder" in actions[0].screen.text  # type: ignore[attr-defined]
    (following,) = await scheduled(container)
    assert following.run_at.date() > job.run_at.date()  # type: ignore[attr-defined]


async def test_no_reminder_once_today_has_a_check_in(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()
    await chat.command("checkin")
    for answer in ["Ran", "rain", "sun"]:
        await chat.say(answer)
    messenger = FakeMessenger(clock)

    sent = await send_reminder(bot_context(container, "coach"), messenger, 1)

    assert not sent
    assert messenger.sent == []


async def test_the_bot_registers_its_reminder_handler(container: Container) -> None:
    handlers = coach_jobs(bot_context(container, "coach"), FakeMessenger(FakeClock()))

    assert set(handlers) == {
        REMIND_JOB_KIND,
        GOAL_NUDGE_JOB_KIND,
        WEEKLY_JOB_KIND,
        MONTHLY_JOB_KIND,
        DELETE_FILES_JOB_KIND,
    }


async def test_the_weekly_review_goes_to_subscribers_on_sunday_evening_local_time(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()  # Saturday 28 March 2026, Berlin
    async with (await unit_of_work_factory(container))() as uow:
        (job,) = await uow.jobs.list(kind=WEEKLY_JOB_KIND)
    assert job.run_at.isoformat() == "2026-03-29T17:00:00+00:00"  # Sunday 19:00 CEST
    messenger = FakeMessenger(clock)

    assert not await send_weekly_review(bot_context(container, "coach"), messenger, 1)

    await chat.command("premium")
    await chat.press("pay:trial")
    await chat.command("checkin")
    for answer in ["Ran", "rain", "sun"]:
        await chat.say(answer)
    assert await send_weekly_review(bot_context(container, "coach"), messenger, 1)
    (review,) = messenger.sent[-1][1]
    assert isinstance(review, SendDocument)
    assert review.attachment.kind == "photo"
    assert review.caption is not None
    assert "1 day with a check-in out of 7" in review.caption
    assert "Streak: 1 day" in review.caption
    chart = await bot_context(container, "coach").documents.get(review.attachment.key)
    assert chart is not None
    assert chart.startswith(b"\x89PNG")


async def test_the_monthly_review_is_planned_for_the_first_and_covers_thirty_days(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()  # 28 March 2026, Berlin
    async with (await unit_of_work_factory(container))() as uow:
        (job,) = await uow.jobs.list(kind=MONTHLY_JOB_KIND)
    assert job.run_at.isoformat() == "2026-04-01T17:00:00+00:00"  # 1 April 19:00 CEST
    await chat.command("premium")
    await chat.press("pay:trial")
    messenger = FakeMessenger(clock)

    assert await send_weekly_review(bot_context(container, "coach"), messenger, 1, monthly=True)

    (review,) = messenger.sent[-1][1]
    assert isinstance(review, SendDocument)
    assert "Your month" in (review.caption or "")
    assert "0 days with a check-in out of 30" in (review.caption or "")
