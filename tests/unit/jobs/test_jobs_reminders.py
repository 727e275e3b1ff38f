"""Reminders: planned outside quiet hours, deduplicated and cancelled by key, sent once."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from jobs_support import T0

import sleeplab_core
from sleeplab_core.jobs import (
    DEFAULT_RULES,
    REMINDER_JOB_KIND,
    FakeMessenger,
    InMemoryJobQueue,
    JobState,
    QuietHours,
    ReminderSender,
    ReminderTopic,
    RetryLater,
    Worker,
    WorkerSettings,
    cancel_reminders,
    plan_reminders,
    reminder_key,
    schedule_reminders,
)
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.i18n import DictCatalog
from sleeplab_core.kernel.users import User
from sleeplab_core.storage import InMemoryStore

NIGHT = QuietHours(time(22, 0), time(9, 0))
MOSCOW_USER = User(id=42, created_at=T0, time_zone="Europe/Moscow", locale="ru")
LOCALES = Path(sleeplab_core.__file__).parent / "locales"


def test_an_unfinished_questionnaire_gets_reminders_after_24_and_72_hours() -> None:
    stopped = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)  # 13:00 in Moscow

    planned = plan_reminders(MOSCOW_USER, ReminderTopic.QUESTIONNAIRE, "L1", stopped, NIGHT)

    assert [job.run_at for job in planned] == [
        stopped + timedelta(hours=24),
        stopped + timedelta(hours=72),
    ]
    assert [job.unique_key for job in planned] == [
        "reminder:questionnaire:42:L1:24h",
        "reminder:questionnaire:42:L1:72h",
    ]
    assert {job.kind for job in planned} == {REMINDER_JOB_KIND}
    assert {job.user_id for job in planned} == {42}


def test_a_reminder_due_at_night_waits_for_the_users_morning() -> None:
    stopped = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)  # 23:30 in Moscow

    [first, _] = plan_reminders(MOSCOW_USER, ReminderTopic.QUESTIONNAIRE, "L1", stopped, NIGHT)

    assert first.run_at == datetime(2026, 3, 3, 6, 0, tzinfo=UTC)  # 09:00 in Moscow


def test_each_topic_plans_only_its_own_reminders() -> None:
    planned = plan_reminders(MOSCOW_USER, ReminderTopic.UNPAID_ORDER, "order-7", T0, NIGHT)

    assert [job.unique_key for job in planned] == ["reminder:unpaid_order:42:order-7:24h"]


async def test_scheduling_the_same_reminders_twice_keeps_one_of_each(store: InMemoryStore) -> None:
    planned = plan_reminders(MOSCOW_USER, ReminderTopic.QUESTIONNAIRE, "L1", T0, NIGHT)

    for _ in range(2):
        async with store() as uow:
            await schedule_reminders(uow.jobs, planned, T0)
            await uow.commit()

    async with store() as uow:
        assert len(await uow.jobs.list(kind=REMINDER_JOB_KIND)) == 2


async def test_moving_on_cancels_the_pending_reminders(store: InMemoryStore) -> None:
    planned = plan_reminders(MOSCOW_USER, ReminderTopic.QUESTIONNAIRE, "L1", T0, NIGHT)
    async with store() as uow:
        await schedule_reminders(uow.jobs, planned, T0)
        await uow.commit()

    async with store() as uow:
        cancelled = await cancel_reminders(uow.jobs, 42, ReminderTopic.QUESTIONNAIRE, "L1", T0)
        await uow.commit()

    assert {job.state for job in cancelled} == {JobState.CANCELLED}
    assert len(cancelled) == 2
    async with store() as uow:
        assert await uow.jobs.list(states=[JobState.SCHEDULED]) == []
        assert (
            await uow.jobs.find_by_key(reminder_key(ReminderTopic.QUESTIONNAIRE, 42, "L1", "24h"))
            is None
        )


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_every_reminder_text_exists_in_every_locale(locale: str) -> None:
    with (LOCALES / locale / "LC_MESSAGES" / "jobs.po").open("rb") as po:
        keys = {message.id for message in read_po(po) if message.id}

    assert {rule.text_key for rule in DEFAULT_RULES} <= keys


CATALOG = DictCatalog(
    {
        "en": {rule.text_key: f"en:{rule.label}" for rule in DEFAULT_RULES},
        "ru": {rule.text_key: f"ru:{rule.label}" for rule in DEFAULT_RULES},
    }
)


class ReminderRig:
    def __init__(self, store: InMemoryStore, clock: FakeClock) -> None:
        self.store, self.clock = store, clock
        self.messenger = FakeMessenger(clock)
        sender = ReminderSender(store, self.messenger, CATALOG, clock, NIGHT)
        self.worker = Worker(
            InMemoryJobQueue(store), {REMINDER_JOB_KIND: sender}, clock, WorkerSettings(name="w1")
        )

    async def schedule(self, user: User) -> None:
        async with self.store() as uow:
            await uow.users.save(user)
            planned = plan_reminders(user, ReminderTopic.QUESTIONNAIRE, "L1", T0, NIGHT)
            await schedule_reminders(uow.jobs, planned[:1], T0)
            await uow.commit()

    async def user(self, user_id: int) -> User | None:
        async with self.store() as uow:
            return await uow.users.get(user_id)


async def test_a_due_reminder_is_sent_in_the_users_language(
    store: InMemoryStore, clock: FakeClock
) -> None:
    rig = ReminderRig(store, clock)
    await rig.schedule(MOSCOW_USER)
    clock.advance(timedelta(hours=24))

    report = await rig.worker.run_once()

    assert len(report.succeeded) == 1
    [(user_id, actions)] = rig.messenger.sent
    assert (user_id, actions[0].screen.text) == (42, "ru:24h")  # type: ignore[attr-defined]


async def test_a_user_who_moved_to_a_night_time_zone_is_reminded_in_their_morning(
    store: InMemoryStore, clock: FakeClock
) -> None:
    rig = ReminderRig(store, clock)
    await rig.schedule(MOSCOW_USER)
    async with store() as uow:  # now in Vladivostok, where T0 + 24 h is 22:00
        await uow.users.save(User(id=42, created_at=T0, time_zone="Asia/Vladivostok"))
        await uow.commit()
    clock.advance(timedelta(hours=24))

    report = await rig.worker.run_once()

    assert (len(report.retried), rig.messenger.sent) == (1, [])
    async with store() as uow:
        [job] = await uow.jobs.list()
    assert job.next_attempt_at == datetime(2026, 3, 2, 23, 0, tzinfo=UTC)  # 09:00 there
    assert job.last_error is not None
    assert RetryLater.__name__ in job.last_error


async def test_a_blocked_user_is_marked_inactive_and_the_reminder_ends(
    store: InMemoryStore, clock: FakeClock
) -> None:
    rig = ReminderRig(store, clock)
    await rig.schedule(MOSCOW_USER)
    rig.messenger.blocked.add(42)
    clock.advance(timedelta(hours=24))

    report = await rig.worker.run_once()

    user = await rig.user(42)
    assert len(report.succeeded) == 1
    assert user is not None
    assert not user.active


async def test_an_inactive_user_gets_no_reminder(store: InMemoryStore, clock: FakeClock) -> None:
    rig = ReminderRig(store, clock)
    await rig.schedule(User(id=7, created_at=T0, active=False))
    clock.advance(timedelta(hours=24))

    report = await rig.worker.run_once()

    assert (len(report.succeeded), rig.messenger.attempts) == (1, [])
