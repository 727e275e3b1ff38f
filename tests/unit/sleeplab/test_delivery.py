"""SleepLab on the job system: delayed diagnosis delivery, reminders and segments.

Driven through the production container on the in-memory store, with a fake clock; the
worker runs the real handlers and sends through the chat (a recording channel).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import attrs
import pytest
from chat_driver import Chat
from dependency_injector import providers
from hypothesis import given, settings
from hypothesis import strategies as st

from entrypoints.containers import (
    Container,
    build_container,
    conversations_for,
    resolve,
    sleeplab_handlers,
)
from entrypoints.settings import Settings
from sleeplab_core.conversation import Action, Receipt, Router, SendDocument
from sleeplab_core.conversation.outbound import RateLimited, TransientFailure
from sleeplab_core.entitlements import Entitlement
from sleeplab_core.jobs import (
    REMINDER_JOB_KIND,
    FakeSleep,
    InMemoryJobQueue,
    JobState,
    NewJob,
    QuietHours,
    ReminderTopic,
    RetryLater,
    Worker,
    WorkerSettings,
    reminder_key,
)
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.users import User
from sleeplab_core.questionnaires.runs import QuestionnaireRun
from sleeplab_core.sleeplab.delivery import DELIVER_DIAGNOSIS_JOB_KIND, delivery_key, diagnosis_sent
from sleeplab_core.sleeplab.journey_jobs import JourneyJobs
from sleeplab_core.sleeplab.journey_reminders import remind_unfinished
from sleeplab_core.sleeplab.messenger import ChannelMessenger
from sleeplab_core.sleeplab.segments import l0_completed_not_paid
from sleeplab_core.storage import InMemoryStore

MORNING = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PREFACE = "will be ready in about 2 hours"
ON_ITS_WAY = "is on its way"


class Channel:
    """The chat, with failures to inject and confirmations to withhold."""

    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self.failures: list[Exception] = []
        self.confirm_files = True

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        if self.failures:
            raise self.failures.pop(0)
        receipts = await self.chat.perform(user_id, actions, message_ids)
        if self.confirm_files:
            return receipts
        files = {a.tag for a in actions if isinstance(a, SendDocument)}
        return [Receipt(r.tag, None) if r.tag in files else r for r in receipts]


class Journey:
    """A user, the container, the clock and a worker running SleepLab's handlers."""

    def __init__(self, container: Container, chat: Chat, clock: FakeClock) -> None:
        self.container = container
        self.chat = chat
        self.clock = clock
        self.channel = Channel(chat)
        self.worker: Worker | None = None

    @property
    def router(self) -> Router:
        return self.chat.conversations.router

    async def work(self) -> None:
        """One worker round at the current time."""
        if self.worker is None:
            handlers = await sleeplab_handlers(
                self.container, self.channel, sleep=FakeSleep(self.clock)
            )
            queue = InMemoryJobQueue(self.router.unit_of_work)  # type: ignore[arg-type]
            self.worker = Worker(
                queue, handlers, self.clock, WorkerSettings(name="test"), random=lambda: 0.0
            )
        await self.worker.run_once()

    async def later(self, delta: timedelta) -> None:
        self.clock.advance(delta)
        await self.work()

    async def jobs(self, kind: str | None = None) -> list:  # type: ignore[type-arg]
        async with self.router.unit_of_work() as uow:
            return await uow.jobs.list(kind=kind, user_id=self.chat.user_id)

    async def run(self, level: str) -> QuestionnaireRun:
        async with self.router.unit_of_work() as uow:
            run = await uow.runs.latest(self.chat.user_id, level, questionnaire="sleeplab")
        assert run is not None
        return run

    async def finish_l0(self) -> None:
        await self.chat.onboard()
        await self.chat.press("Start level L0")
        await self.chat.answer_all({"age": "52", "gender": "male"})

    async def unlock(self, *products: str) -> None:
        async with self.router.unit_of_work() as uow:
            for product in products or ("sleeplab_l1", "sleeplab_l2"):
                granted = self.clock.now() - timedelta(minutes=1)
                await uow.entitlements.grant(Entitlement(self.chat.user_id, product, "t", granted))
            await uow.commit()

    async def finish_l1(self) -> None:
        await self.finish_l0()
        await self.unlock()
        await self.chat.press("Go on to level L1")
        await self.chat.answer_all()


def journey_settings(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(database_url="memory://", data_dir=tmp_path, **overrides)  # type: ignore[arg-type]


async def open_journey(settings: Settings, clock: FakeClock) -> Journey:
    container = build_container(settings)
    container.clock.override(providers.Object(clock))
    conversations = await conversations_for(container, "sleeplab")
    chat = Chat(conversations)
    chat.library = container.questionnaires()
    return Journey(container, chat, clock)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MORNING)


@pytest.fixture
async def delayed(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Journey]:
    journey = await open_journey(journey_settings(tmp_path, delivery="delayed"), clock)
    yield journey
    await resolve(journey.container.shutdown_resources())


@pytest.fixture
async def instant(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Journey]:
    journey = await open_journey(journey_settings(tmp_path), clock)
    yield journey
    await resolve(journey.container.shutdown_resources())


# Delayed delivery ------------------------------------------------------------------------


async def test_completing_a_paid_level_shows_the_preface_and_schedules_the_delivery(
    delayed: Journey,
) -> None:
    await delayed.finish_l1()

    assert PREFACE in delayed.chat.last
    assert delayed.chat.documents == []
    (job,) = await delayed.jobs(DELIVER_DIAGNOSIS_JOB_KIND)
    run = await delayed.run("L1")
    assert job.unique_key == delivery_key(run.id)
    assert job.run_at == MORNING + timedelta(hours=2)
    assert not diagnosis_sent(run)


async def test_the_documents_arrive_at_the_due_time_and_are_marked_sent(delayed: Journey) -> None:
    await delayed.finish_l1()

    await delayed.later(timedelta(hours=1, minutes=59))
    assert delayed.chat.documents == [], "nothing before the due time"
    await delayed.later(timedelta(minutes=1))

    report, *guides = delayed.chat.documents
    assert Path(report.attachment.path or "").read_bytes().startswith(b"%PDF")
    assert guides
    assert delayed.chat.saw("Your level L1 report is ready")
    assert diagnosis_sent(await delayed.run("L1"))
    (job,) = await delayed.jobs(DELIVER_DIAGNOSIS_JOB_KIND)
    assert job.state is JobState.SUCCEEDED


async def test_start_while_waiting_neither_resends_nor_loses_the_report(delayed: Journey) -> None:
    await delayed.finish_l1()

    await delayed.chat.start()
    await delayed.chat.press("My level L1 result")

    assert ON_ITS_WAY in delayed.chat.last
    assert delayed.chat.documents == []
    assert len(await delayed.jobs(DELIVER_DIAGNOSIS_JOB_KIND)) == 1
    await delayed.later(timedelta(hours=2))
    assert delayed.chat.documents, "still delivered at the due time"


async def test_a_second_run_of_a_delivered_job_sends_nothing_again(delayed: Journey) -> None:
    await delayed.finish_l1()
    await delayed.later(timedelta(hours=2))
    sent = len(delayed.chat.documents)
    (job,) = await delayed.jobs(DELIVER_DIAGNOSIS_JOB_KIND)
    async with delayed.router.unit_of_work() as uow:  # a run again, as after a lost lease
        await uow.jobs.enqueue(
            NewJob(kind=job.kind, payload=job.payload, run_at=delayed.clock.now(), user_id=1),
            delayed.clock.now(),
        )
        await uow.commit()

    await delayed.work()

    assert len(delayed.chat.documents) == sent


async def test_a_channel_failure_is_retried_and_sent_is_set_only_after_success(
    delayed: Journey,
) -> None:
    await delayed.finish_l1()
    delayed.channel.failures = [TransientFailure("502 Bad Gateway")]

    await delayed.later(timedelta(hours=2))
    assert not diagnosis_sent(await delayed.run("L1"))
    (job,) = await delayed.jobs(DELIVER_DIAGNOSIS_JOB_KIND)
    assert job.state is JobState.SCHEDULED
    assert "502" in (job.last_error or "")

    await delayed.later(job.next_attempt_at - delayed.clock.now())
    assert diagnosis_sent(await delayed.run("L1"))


async def test_an_unconfirmed_file_is_not_marked_sent(delayed: Journey) -> None:
    await delayed.finish_l1()
    delayed.channel.confirm_files = False

    await delayed.later(timedelta(hours=2))

    assert not diagnosis_sent(await delayed.run("L1"))
    (job,) = await delayed.jobs(DELIVER_DIAGNOSIS_JOB_KIND)
    assert job.state is JobState.SCHEDULED
    assert "confirm" in (job.last_error or "")


async def test_a_report_due_in_quiet_hours_waits_for_the_morning(
    tmp_path: Path,
) -> None:
    clock = FakeClock(datetime(2026, 11, 23, 20, 30, tzinfo=UTC))
    journey = await open_journey(journey_settings(tmp_path, delivery="delayed"), clock)
    await journey.finish_l1()

    (job,) = await journey.jobs(DELIVER_DIAGNOSIS_JOB_KIND)

    assert job.run_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    await resolve(journey.container.shutdown_resources())


async def test_a_delivery_that_died_is_shown_on_the_result_screen_instead(
    delayed: Journey,
) -> None:
    await delayed.finish_l1()
    (job,) = await delayed.jobs(DELIVER_DIAGNOSIS_JOB_KIND)
    async with delayed.router.unit_of_work() as uow:
        await uow.jobs.cancel(job.id, delayed.clock.now())
        await uow.commit()
    delayed.clock.advance(timedelta(hours=3))

    await delayed.chat.command("menu")
    await delayed.chat.press("My level L1 result")

    assert "Your results for level L1" in delayed.chat.last
    assert delayed.chat.documents


async def test_instant_delivery_sends_the_documents_with_the_last_answer(instant: Journey) -> None:
    await instant.finish_l1()

    assert "Your results for level L1" in instant.chat.last
    assert instant.chat.documents
    assert await instant.jobs(DELIVER_DIAGNOSIS_JOB_KIND) == []


# Reminders -------------------------------------------------------------------------------


async def test_stopping_half_way_arms_reminders_24_and_72_hours_after_the_last_answer(
    instant: Journey,
) -> None:
    await instant.chat.onboard()
    await instant.chat.press("Start level L0")
    await instant.chat.say("35")

    reminders = await instant.jobs(REMINDER_JOB_KIND)

    assert sorted(j.run_at for j in reminders) == [
        MORNING + timedelta(hours=24),
        MORNING + timedelta(hours=72),
    ]
    assert all(j.unique_key.startswith("reminder:questionnaire:1:L0:") for j in reminders)


async def test_the_reminder_reaches_the_user_who_stopped(instant: Journey) -> None:
    await instant.chat.onboard()
    await instant.chat.press("Start level L0")
    await instant.chat.say("35")
    before = len(instant.chat.screens)

    await instant.later(timedelta(hours=24))

    assert len(instant.chat.screens) == before + 1
    assert "/start" in instant.chat.last


async def test_answering_again_later_moves_the_reminder(instant: Journey) -> None:
    await instant.chat.onboard()
    await instant.chat.press("Start level L0")
    await instant.chat.say("35")
    instant.clock.advance(timedelta(hours=5))

    await instant.chat.press(instant.chat.screens[-1].buttons[0][0].label)

    live = [j for j in await instant.jobs(REMINDER_JOB_KIND) if j.state is JobState.SCHEDULED]
    assert min(j.run_at for j in live) == MORNING + timedelta(hours=29)


async def test_finishing_the_level_cancels_its_reminders(instant: Journey) -> None:
    await instant.finish_l0()

    reminders = await instant.jobs(REMINDER_JOB_KIND)

    assert reminders
    assert all(j.state is JobState.CANCELLED for j in reminders)


async def test_a_delivered_report_arms_the_not_opened_reminder_until_the_user_opens_it(
    delayed: Journey,
) -> None:
    await delayed.finish_l1()
    await delayed.later(timedelta(hours=2))
    run = await delayed.run("L1")
    key = f"reminder:report_not_opened:1:{run.id}:48h"
    async with delayed.router.unit_of_work() as uow:
        assert (await uow.jobs.find_by_key(key)) is not None

    await delayed.chat.command("menu")
    await delayed.chat.press("My level L1 result")

    async with delayed.router.unit_of_work() as uow:
        assert await uow.jobs.find_by_key(key) is None


# The messenger and segments --------------------------------------------------------------


async def test_the_channel_messenger_maps_flood_limits_to_retry_later(instant: Journey) -> None:
    instant.channel.failures = [RateLimited(7.0)]
    messenger = ChannelMessenger(instant.channel, instant.router)

    with pytest.raises(RetryLater) as raised:
        await messenger.send(1, [])

    assert raised.value.retry_after == 7.0


async def test_l0_completed_not_paid_lists_who_finished_the_screening_without_paying(
    instant: Journey,
) -> None:
    await instant.finish_l0()
    async with instant.router.unit_of_work() as uow:
        before = await l0_completed_not_paid(uow)
    await instant.unlock("sleeplab_l1")
    async with instant.router.unit_of_work() as uow:
        after = await l0_completed_not_paid(uow)

    assert (before, after) == ([1], [])


# Re-arming stays within its window -------------------------------------------------------

NO_QUIET = QuietHours(time(0, 0), time(0, 0))


@settings(max_examples=60, deadline=None)
@given(gaps=st.lists(st.integers(min_value=0, max_value=6 * 3600), min_size=1, max_size=12))
async def test_the_live_reminder_is_due_24_h_after_the_last_answer_within_the_rearm_slack(
    gaps: list[int],
) -> None:
    store, now = InMemoryStore(), MORNING
    user = User(id=1, created_at=MORNING)
    jobs = JourneyJobs(reminders=True, quiet=NO_QUIET)
    for gap in gaps:
        now += timedelta(seconds=gap)
        async with store() as uow:
            await remind_unfinished(uow, user, "L0", jobs, now)
            await uow.commit()

    async with store() as uow:
        live = await uow.jobs.find_by_key(reminder_key(ReminderTopic.QUESTIONNAIRE, 1, "L0", "24h"))

    assert live is not None
    assert now + timedelta(hours=24) - jobs.rearm_after <= live.run_at <= now + timedelta(hours=24)


async def test_the_preface_names_the_hours_in_russian_plural_forms(tmp_path: Path) -> None:
    clock = FakeClock(MORNING)
    journey = await open_journey(journey_settings(tmp_path, delivery="delayed"), clock)
    await journey.finish_l0()
    async with journey.router.unit_of_work() as uow:
        user = await uow.users.get(1)
        assert user is not None
        await uow.users.save(attrs.evolve(user, locale="ru"))
        await uow.commit()
    await journey.unlock()
    await journey.chat.command("menu")
    await journey.chat.press("L1")
    await journey.chat.answer_all()

    assert "примерно через 2 часа" in journey.chat.last
    await resolve(journey.container.shutdown_resources())
