"""The spreadsheet copy: every booking change reaches the sheet through the outbox, and the
copy converges after an outage."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import attrs
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
from sleeplab_core.booking.fakes import InMemoryCalendarSync
from sleeplab_core.booking.use_cases import SHEET_JOB_KIND
from sleeplab_core.bots.salon import BOT, salon_kit
from sleeplab_core.bots.salon.bot import build_salon_bot
from sleeplab_core.bots.salon.jobs import salon_jobs
from sleeplab_core.jobs import FakeMessenger, RetryLater
from sleeplab_core.jobs.model import Job
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.platform import Bot, BotContext


@pytest.fixture
def sheet() -> InMemoryCalendarSync:
    return InMemoryCalendarSync()


@pytest.fixture
async def with_sheet(
    tmp_path: Path, clock: FakeClock, sheet: InMemoryCalendarSync
) -> AsyncIterator[Container]:
    def kit(ctx: BotContext):  # type: ignore[no-untyped-def]
        return attrs.evolve(salon_kit(ctx), sheet=sheet)

    bot = attrs.evolve(BOT, build=lambda ctx: build_salon_bot(kit(ctx)), jobs=salon_jobs(kit))
    assert isinstance(bot, Bot)
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    container.clock.override(providers.Object(clock))
    container.bots.override(providers.Object({"salon": bot}))
    yield container
    await resolve(container.shutdown_resources())


async def sheet_jobs(container: Container) -> list[Job]:
    async with (await unit_of_work_factory(container))() as uow:
        return await uow.jobs.list(kind=SHEET_JOB_KIND, states=["scheduled"])


async def run_all(container: Container, clock: FakeClock) -> None:
    bot = container.bots()["salon"]
    handlers = bot.jobs(bot_context(container, "salon"), FakeMessenger(clock))
    for job in await sheet_jobs(container):
        await handlers[SHEET_JOB_KIND](job, None)
        async with (await unit_of_work_factory(container))() as uow:
            await uow.jobs.cancel(job.id, clock.now())  # done: the worker would complete it


async def test_bookings_reach_the_sheet_and_converge_after_an_outage(
    with_sheet: Container, clock: FakeClock, sheet: InMemoryCalendarSync
) -> None:
    chat = SalonChat(await conversations_for(with_sheet, "salon"))
    await chat.start()
    await chat.say("manicure with Anna tomorrow at 15:00")
    await chat.press(1)
    await chat.press("Confirm")
    (job,) = await sheet_jobs(with_sheet)
    sheet.fail_next()
    bot = with_sheet.bots()["salon"]
    handlers = bot.jobs(bot_context(with_sheet, "salon"), FakeMessenger(clock))
    with pytest.raises(RetryLater):
        await handlers[SHEET_JOB_KIND](job, None)
    assert sheet.sheets == {}
    await run_all(with_sheet, clock)
    (row,) = sheet.sheets["Анна"]
    assert row[:3] == ("04.06", "04.06.2026", "15:00")
    assert row[5:7] == ("Маникюр", "confirmed")

    await chat.say("cancel my booking")
    await chat.press("Yes, cancel")
    await run_all(with_sheet, clock)
    (row,) = sheet.sheets["Анна"]
    assert row[6] == "cancelled"
