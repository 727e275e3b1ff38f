"""One client, many messages at once, on PostgreSQL: workers reading a burst of one
client's SendPulse messages concurrently never book twice and never lose a message."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dependency_injector import providers

from entrypoints.containers import (
    Container,
    bot_context,
    build_container,
    resolve,
    unit_of_work_factory,
)
from entrypoints.settings import Settings
from sleeplab_core.booking.dialogue import Speaker
from sleeplab_core.booking.model import ACTIVE
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.bots.salon import BOT, salon_kit
from sleeplab_core.bots.salon.flows import Reception
from sleeplab_core.bots.salon.sendpulse import user_id_of
from sleeplab_core.bots.salon.sendpulse_jobs import (
    SENDPULSE_REPLY_JOB_KIND,
    read_sendpulse_message,
)
from sleeplab_core.conversation import FlowContext
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.modules import module_uow

pytestmark = pytest.mark.postgres
CONTACT = "64f0c0ffee"
BURST = 8


@pytest.fixture
async def container(module_postgres_url: str, tmp_path: Path) -> AsyncIterator[Container]:
    container = build_container(Settings(database_url=module_postgres_url, data_dir=tmp_path))
    container.clock.override(providers.Object(FakeClock(datetime(2026, 6, 3, 7, tzinfo=UTC))))
    container.bots.override(providers.Object({"salon": BOT}))
    yield container
    await resolve(container.shutdown_resources())


async def test_a_burst_of_one_clients_messages_is_read_whole_and_books_once(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading = Reception.read

    async def slow_read(self: Reception, text: str, flow: FlowContext) -> None:
        await asyncio.sleep(0.02)  # a model call, say: the other workers run meanwhile
        await reading(self, text, flow)

    monkeypatch.setattr(Reception, "read", slow_read)
    ctx = bot_context(container, "salon")
    kit = salon_kit(ctx)
    client = str(user_id_of(CONTACT))
    await read_sendpulse_message(ctx, kit, CONTACT, "manicure with Anna tomorrow after 3", "m0")

    async def say(key: str, text: str) -> int:
        return await read_sendpulse_message(ctx, kit, CONTACT, text, key)

    # The client taps "1" (hold the first time offered) and writes more, all at once;
    # workers take the messages in parallel, and two of them took the tap's job.
    texts = {f"m{n}": f"do you take cards? ({n})" for n in range(1, BURST)}
    burst = [("tap", "1"), ("tap", "1"), *texts.items()]
    queued = await asyncio.gather(*(say(key, text) for key, text in burst))

    assert all(count >= 1 for count in queued[2:])  # every message was answered
    skipped, answered = sorted(queued[:2])
    assert skipped == 0  # the tap was read once, by one of the two workers
    assert answered >= 1
    factory = await unit_of_work_factory(container)
    async with factory() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        bookings = await uow.booking.of_client(kit.config.id, client)
        history = await uow.booking.dialogue(kit.config.id, client)
        replies = await uow.jobs.list(kind=SENDPULSE_REPLY_JOB_KIND)
    assert len([b for b in bookings if b.status in ACTIVE]) == 1  # one hold, never two
    said = [turn.text for turn in history.turns if turn.speaker is Speaker.CLIENT]
    assert sorted(said) == sorted(["manicure with Anna tomorrow after 3", *texts.values()])
    assert len(replies) == sum(queued) + 1


async def test_a_new_clients_first_messages_at_once_are_all_read(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before the first message there is no conversation row to lock: the client's own lock
    # keeps the workers from each starting a conversation and losing the others' messages.
    reading = Reception.read

    async def slow_read(self: Reception, text: str, flow: FlowContext) -> None:
        await asyncio.sleep(0.02)
        await reading(self, text, flow)

    monkeypatch.setattr(Reception, "read", slow_read)
    ctx = bot_context(container, "salon")
    kit = salon_kit(ctx)
    contact = "new-contact"
    texts = [f"hello, do you take cards? ({n})" for n in range(BURST)]
    queued = await asyncio.gather(
        *(read_sendpulse_message(ctx, kit, contact, t, f"n{n}") for n, t in enumerate(texts))
    )
    assert all(count >= 1 for count in queued)
    async with (await unit_of_work_factory(container))() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        history = await uow.booking.dialogue(kit.config.id, str(user_id_of(contact)))
        conversation = await base.conversations.get(user_id_of(contact), "salon")
    said = [turn.text for turn in history.turns if turn.speaker is Speaker.CLIENT]
    assert sorted(said) == sorted(texts)
    assert conversation is not None
    assert len(conversation.data["sendpulse_read"]) == BURST
