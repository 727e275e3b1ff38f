"""Messages sent in a burst are read as one; history is compressed after a day of silence."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from dependency_injector import providers
from salon_chat import SalonChat

from entrypoints.containers import (
    Container,
    bot_context,
    build_container,
    conversations_for,
    resolve,
    unit_of_work_factory,
)
from entrypoints.settings import Settings
from sleeplab_core.bots.salon import BOT
from sleeplab_core.bots.salon.flows.history import BURST_JOB_KIND, COMPRESS_JOB_KIND
from sleeplab_core.jobs import FakeMessenger
from sleeplab_core.jobs.model import Job
from sleeplab_core.kernel.clock import FakeClock


@pytest.fixture
async def bursty(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Container]:
    monkeypatch.setenv("SLEEPLAB_SALON_BURST_SECONDS", "2")
    monkeypatch.setenv("SLEEPLAB_SALON_BURST_MAX_SECONDS", "8")
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    container.clock.override(providers.Object(clock))
    container.bots.override(providers.Object({"salon": BOT}))
    yield container
    await resolve(container.shutdown_resources())


async def scheduled(container: Container, kind: str) -> list[Job]:
    async with (await unit_of_work_factory(container))() as uow:
        return await uow.jobs.list(kind=kind, states=["scheduled"])


async def run_due(container: Container, clock: FakeClock, kind: str) -> FakeMessenger:
    messenger = FakeMessenger(clock)
    assert BOT.jobs is not None
    handlers = BOT.jobs(bot_context(container, "salon"), messenger)
    for job in await scheduled(container, kind):
        if job.run_at <= clock.now():
            await handlers[kind](job, None)  # type: ignore[arg-type]
    return messenger


async def test_a_burst_is_answered_once_after_the_window(
    bursty: Container, clock: FakeClock
) -> None:
    chat = SalonChat(await conversations_for(bursty, "salon"))
    await chat.start()
    shown = len(chat.screens)
    await chat.say("hi, I'd like a manicure")
    clock.advance(timedelta(seconds=1))
    await chat.say("with Anna")
    clock.advance(timedelta(seconds=1))
    await chat.say("tomorrow after 3")
    assert len(chat.screens) == shown, "nothing is answered inside the window"
    (job,) = await scheduled(bursty, BURST_JOB_KIND)
    assert job.run_at == clock.now() + timedelta(seconds=2)
    clock.advance(timedelta(seconds=2))
    messenger = await run_due(bursty, clock, BURST_JOB_KIND)
    ((user_id, actions),) = messenger.sent
    assert user_id == 1
    text = actions[0].screen.text  # type: ignore[attr-defined]
    assert text.startswith("Free times for Manicure")
    labels = [b.label for b in actions[0].screen.all_buttons()]  # type: ignore[attr-defined]
    assert labels[0] == "Thu 04.06 15:00"


async def test_a_long_burst_is_read_no_later_than_the_maximum_wait(
    bursty: Container, clock: FakeClock
) -> None:
    chat = SalonChat(await conversations_for(bursty, "salon"))
    await chat.start()
    first = clock.now()
    for word in ["manicure", "please", "tomorrow", "after", "3", "thanks"]:
        await chat.say(word)
        clock.advance(timedelta(seconds=1.5))
    (job,) = await scheduled(bursty, BURST_JOB_KIND)
    assert job.run_at == first + timedelta(seconds=8)


async def test_history_is_compressed_after_a_day_of_silence(
    chat: SalonChat, container: Container, clock: FakeClock
) -> None:
    await chat.start()
    await chat.say("manicure with Anna tomorrow after 3")
    await chat.press(1)
    await chat.press("Confirm")
    for text in ["thanks", "how much is a haircut?", "see you"]:
        await chat.say(text)
    (job,) = await scheduled(container, COMPRESS_JOB_KIND)
    assert job.run_at == clock.now() + timedelta(hours=24)
    clock.advance(timedelta(hours=24))
    await run_due(container, clock, COMPRESS_JOB_KIND)
    async with (await unit_of_work_factory(container))() as uow:
        history = await uow.booking.dialogue("demo-salon", "1")  # type: ignore[attr-defined]
    assert len(history.turns) == 4
    assert any("Booked: Manicure with Anna" in line for line in history.summary)
    assert any("manicure with Anna tomorrow" in line for line in history.summary)


async def test_start_and_commands_keep_the_history(chat: SalonChat, container: Container) -> None:
    await chat.start()
    await chat.say("manicure tomorrow")
    await chat.start()
    async with (await unit_of_work_factory(container))() as uow:
        history = await uow.booking.dialogue("demo-salon", "1")  # type: ignore[attr-defined]
    assert history.turns[0].text == "manicure tomorrow"
