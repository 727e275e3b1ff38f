"""``sleeplab chat`` runs the bot's due jobs itself: a delayed report and its reminder
arrive in the terminal, on a clock the test moves."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from chat_driver import Chat
from dependency_injector import providers

from entrypoints.chat import InProcessJobs
from entrypoints.containers import build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.entitlements import Entitlement
from sleeplab_core.jobs import JobState, NewJob
from sleeplab_core.kernel.clock import FakeClock

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
async def played(tmp_path: Path) -> AsyncIterator[tuple[Chat, InProcessJobs, FakeClock]]:
    settings = Settings(
        database_url="memory://",
        data_dir=tmp_path,
        delivery="delayed",
        delivery_delay_minutes=5,
        reminders=True,
        quiet_hours="03:00-03:01",
    )
    container = build_container(settings)
    clock = FakeClock(START)
    container.clock.override(providers.Object(clock))
    chat = Chat(await conversations_for(container, "sleeplab"))
    chat.library = container.questionnaires()
    jobs = await InProcessJobs.build(container, "sleeplab", chat, asyncio.Lock())
    assert jobs is not None
    yield chat, jobs, clock
    await jobs.stop()
    await resolve(container.shutdown_resources())


async def finish_level_one(chat: Chat, clock: FakeClock) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.answer_all({"age": "40", "gender": "male"})
    router = chat.conversations.router
    async with router.unit_of_work() as uow:
        await uow.entitlements.grant(Entitlement(1, "sleeplab_l1", "test", clock.now()))
        await uow.commit()
    await chat.press("Go on to level L1")
    await chat.answer_all()


async def test_the_delayed_report_arrives_in_the_chat_when_due(played) -> None:  # type: ignore[no-untyped-def]
    chat, jobs, clock = played
    await finish_level_one(chat, clock)
    assert chat.saw("ready in about 5 minutes")

    await jobs.run_due()
    assert not chat.documents, "the report came before its time"
    assert not chat.saw("Your level L1 report is ready.")

    clock.advance(timedelta(minutes=6))
    await jobs.run_due()

    assert chat.saw("Your level L1 report is ready.")
    names = [document.attachment.filename for document in chat.documents]
    assert names[0].startswith("SleepLab-")
    assert names[0].endswith(".pdf")


async def test_the_report_reminder_arrives_in_the_chat(played) -> None:  # type: ignore[no-untyped-def]
    chat, jobs, clock = played
    await finish_level_one(chat, clock)
    clock.advance(timedelta(minutes=6))
    await jobs.run_due()
    assert not chat.saw("Your sleep report is ready and waiting for you")

    clock.advance(timedelta(hours=49))
    await jobs.run_due()

    assert chat.saw("Your sleep report is ready and waiting for you")


async def test_the_background_rounds_deliver_without_a_typed_line(played) -> None:  # type: ignore[no-untyped-def]
    chat, jobs, clock = played
    await finish_level_one(chat, clock)
    clock.advance(timedelta(minutes=6))

    jobs.start(poll_seconds=0)
    for _ in range(10_000):  # event-loop turns, not time: the round runs between them
        if chat.documents:
            break
        await asyncio.sleep(0)
    await jobs.stop()

    assert chat.saw("Your level L1 report is ready.")


async def test_another_bots_jobs_in_the_same_database_are_left_to_its_worker(played) -> None:  # type: ignore[no-untyped-def]
    chat, jobs, clock = played
    router = chat.conversations.router
    async with router.unit_of_work() as uow:
        theirs = await uow.jobs.enqueue(
            NewJob(kind="coach.remind", payload={"user_id": 1}, run_at=clock.now()), clock.now()
        )
        await uow.commit()

    for _ in range(3):
        await jobs.run_due()
        clock.advance(timedelta(minutes=10))

    async with router.unit_of_work() as uow:
        [left] = await uow.jobs.list(kind="coach.remind")
    assert left.id == theirs.id
    assert left.state is JobState.SCHEDULED
    assert left.attempts == 0
