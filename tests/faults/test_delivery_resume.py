"""A report delivery that crashed resumes at the first unconfirmed message (finding 9).

The worker's process dies while the report goes out — injected by the channel as an
exception no handler catches, so the job stays leased, unrecorded, exactly as after SIGKILL.
A new container on the same database (the restarted worker) takes the job once its lease
expired. SQLite and PostgreSQL.

Invariants: every message of the report reaches the user; a message confirmed before the
crash is never sent again; only the one in flight when the process died (sent, its
confirmation not yet recorded) may arrive a second time — so at most twice.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dependency_injector import providers

from entrypoints.containers import (
    build_container,
    resolve,
    sleeplab_handlers,
    unit_of_work_factory,
)
from entrypoints.fixtures import RecordingChannel, grant, pilot_for
from entrypoints.settings import Settings
from sleeplab_core.conversation import Action, Receipt, SendDocument, SendScreen
from sleeplab_core.conversation.outbound import TransientFailure
from sleeplab_core.jobs import FakeSleep, JobState, Worker, WorkerSettings
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.sleeplab.delivery import DELIVER_DIAGNOSIS_JOB_KIND, diagnosis_sent
from sleeplab_core.sleeplab.journey_jobs import DeliveryMode

START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)
USER = 501


class Crash(BaseException):
    """The process died: nothing after this point runs, nothing is recorded."""


class DyingChannel(RecordingChannel):
    """Records what the user received; dies on the ``die_at``-th document, either before it
    goes out or after the user got it (its confirmation never comes back)."""

    def __init__(self, die_at: int | None, *, after_sending: bool) -> None:
        super().__init__()
        self.die_at = die_at
        self.after_sending = after_sending
        self.documents_seen = 0

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        for action in actions:
            if isinstance(action, SendDocument):
                self.documents_seen += 1
                if self.documents_seen == self.die_at and not self.after_sending:
                    raise Crash
        receipts = await super().perform(user_id, actions, message_ids)
        if self.after_sending and self.documents_seen == self.die_at:
            raise Crash
        return receipts


def report_messages(channel: RecordingChannel) -> Counter[str]:
    """How often the user received each message of the delivered report, by tag."""
    return Counter(
        a.tag
        for a in channel.actions.get(USER, [])
        if isinstance(a, SendDocument | SendScreen) and a.tag and a.tag.startswith("report")
    )


async def worker_for(settings: Settings, clock: FakeClock, channel: RecordingChannel, name: str):  # type: ignore[no-untyped-def]
    container = build_container(settings)
    container.clock.override(providers.Object(clock))
    await resolve(container.init_resources())
    handlers = await sleeplab_handlers(container, channel, sleep=FakeSleep(clock))
    queue = await resolve(container.job_queue())
    worker = Worker(
        queue, handlers, clock, WorkerSettings(name=name, lease=LEASE), random=lambda: 0.0
    )
    return container, worker


async def finish_l1(settings: Settings, clock: FakeClock) -> None:
    """The user completes L0 and a granted L1 with delayed delivery (a job due in 2 h)."""
    container = build_container(settings)
    container.clock.override(providers.Object(clock))
    try:
        pilot = await pilot_for(container, USER, RecordingChannel(), DeliveryMode.DELAYED)
        await pilot.onboard()
        await pilot.open_level("L0")
        await pilot.answer()
        await grant(pilot.router, USER, "sleeplab_l1")
        await pilot.open_level("L1")
        await pilot.answer()
    finally:
        await resolve(container.shutdown_resources())


@pytest.mark.parametrize("after_sending", [False, True], ids=["before-send", "after-send"])
@pytest.mark.parametrize("die_at", [1, 2])
async def test_a_crash_between_documents_resumes_at_the_first_unconfirmed_one(
    database_url: str, tmp_path: Path, die_at: int, after_sending: bool
) -> None:
    settings = Settings(database_url=database_url, data_dir=tmp_path, delivery="delayed")  # type: ignore[call-arg]
    clock = FakeClock(START)
    await finish_l1(settings, clock)

    received = DyingChannel(die_at, after_sending=after_sending)  # one user's phone
    clock.advance(timedelta(hours=2))
    first, worker = await worker_for(settings, clock, received, "first")
    try:
        with pytest.raises(Crash):
            await worker.run_once()
    finally:
        await resolve(first.shutdown_resources())
    before_restart = report_messages(received)
    assert before_restart, "the crash came after part of the report went out"

    received.die_at = None  # the restarted worker runs without faults
    clock.advance(LEASE + timedelta(seconds=1))
    second, worker = await worker_for(settings, clock, received, "second")
    try:
        report = await worker.run_once()
        assert report.released
        assert report.succeeded
        async with (await unit_of_work_factory(second))() as uow:
            (job,) = await uow.jobs.list(kind=DELIVER_DIAGNOSIS_JOB_KIND, user_id=USER)
            run = await uow.runs.latest(USER, "L1", questionnaire="sleeplab")
    finally:
        await resolve(second.shutdown_resources())

    got = report_messages(received)
    documents = [t for t in got if t.startswith("report:")]
    assert "report" in got, got  # the notice with the diagnosis
    assert len(documents) >= 2, got  # the report and its guides
    assert job.state is JobState.SUCCEEDED
    assert run is not None
    assert diagnosis_sent(run)
    in_flight = f"report:{die_at - 1}"
    twice = {tag for tag, count in got.items() if count > 1}
    assert twice == ({in_flight} if after_sending else set()), got
    assert max(got.values()) <= 2


class TimingOutChannel(RecordingChannel):
    """The ``times_out``-th document reaches the chat, but the answer never comes back in
    time: the client sees a timeout (a transient failure of the outbound policy)."""

    def __init__(self, times_out: int) -> None:
        super().__init__()
        self.times_out: int | None = times_out
        self.documents_seen = 0

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        receipts = await super().perform(user_id, actions, message_ids)
        self.documents_seen += sum(isinstance(a, SendDocument) for a in actions)
        if self.documents_seen == self.times_out:
            self.times_out = None
            raise TransientFailure("sendDocument timed out")
        return receipts


async def test_a_send_that_timed_out_is_repeated_once_on_the_next_attempt(
    database_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=database_url, data_dir=tmp_path, delivery="delayed")  # type: ignore[call-arg]
    clock = FakeClock(START)
    await finish_l1(settings, clock)
    phone = TimingOutChannel(times_out=1)
    clock.advance(timedelta(hours=2))
    container, worker = await worker_for(settings, clock, phone, "only")
    try:
        first = await worker.run_once()
        async with (await unit_of_work_factory(container))() as uow:
            (job,) = await uow.jobs.list(kind=DELIVER_DIAGNOSIS_JOB_KIND, user_id=USER)
        assert first.retried, "the timeout is retried later, not lost"
        clock.advance(job.next_attempt_at - clock.now())
        second = await worker.run_once()
    finally:
        await resolve(container.shutdown_resources())

    assert second.succeeded
    got = report_messages(phone)
    assert {tag for tag, count in got.items() if count > 1} == {"report:0"}, got
    assert max(got.values()) == 2
