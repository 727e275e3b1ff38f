"""Reminders before appointments and waitlist offers, as the worker runs them."""

from __future__ import annotations

from salon_chat import SalonChat

from entrypoints.containers import Container, bot_context, unit_of_work_factory
from sleeplab_core.booking.use_cases import (
    REMINDER_JOB_KIND,
    SHEET_JOB_KIND,
    SHEET_READ_JOB_KIND,
    WAITLIST_JOB_KIND,
)
from sleeplab_core.bots.salon import BOT
from sleeplab_core.bots.salon.flows.history import BURST_JOB_KIND, COMPRESS_JOB_KIND
from sleeplab_core.bots.salon.jobs import SHEET_CONFLICT_JOB_KIND
from sleeplab_core.bots.salon.sendpulse import SENDPULSE_JOB_KIND
from sleeplab_core.bots.salon.sendpulse_jobs import SENDPULSE_REPLY_JOB_KIND
from sleeplab_core.jobs import FakeMessenger
from sleeplab_core.jobs.model import Job
from sleeplab_core.kernel.clock import FakeClock


async def jobs(container: Container, kind: str) -> list[Job]:
    async with (await unit_of_work_factory(container))() as uow:
        return await uow.jobs.list(kind=kind, states=["scheduled"])


async def run(container: Container, clock: FakeClock, job: Job) -> FakeMessenger:
    messenger = FakeMessenger(clock)
    assert BOT.jobs is not None
    handlers = BOT.jobs(bot_context(container, "salon"), messenger)
    await handlers[job.kind](job, None)  # type: ignore[arg-type]
    return messenger


def screen_text(messenger: FakeMessenger) -> str:
    (_, actions) = messenger.sent[-1]
    return actions[0].screen.text  # type: ignore[attr-defined]


async def book(chat: SalonChat, text: str) -> None:
    await chat.say(text)
    await chat.press(1)
    await chat.press("Confirm")


async def test_a_booking_gets_reminders_24_and_2_hours_before(
    chat: SalonChat, container: Container, clock: FakeClock
) -> None:
    await chat.start()
    await book(chat, "manicure with Anna in 3 days at 15:00")
    reminders = await jobs(container, REMINDER_JOB_KIND)
    starts = {job.run_at for job in reminders}
    assert len(starts) == 2
    first = min(reminders, key=lambda job: job.run_at)
    clock.advance(first.run_at - clock.now())
    messenger = await run(container, clock, first)
    assert screen_text(messenger).startswith("Reminder: Manicure with Anna, Sat 06.06 15:00")


async def test_moving_or_cancelling_silences_the_old_reminders(
    chat: SalonChat, container: Container, clock: FakeClock
) -> None:
    await chat.start()
    await book(chat, "manicure with Anna in 3 days at 15:00")
    old = await jobs(container, REMINDER_JOB_KIND)
    await chat.say("move my appointment to friday")
    await chat.press(1)
    new = await jobs(container, REMINDER_JOB_KIND)
    assert {j.id for j in new}.isdisjoint({j.id for j in old})
    await chat.say("cancel my booking")
    await chat.press("Yes, cancel")
    assert await jobs(container, REMINDER_JOB_KIND) == []
    messenger = await run(container, clock, old[0])  # a stale job that slipped through
    assert messenger.sent == []


async def test_a_freed_slot_is_held_for_the_first_client_waiting(
    chat: SalonChat, other_client: SalonChat, container: Container, clock: FakeClock
) -> None:
    await chat.start()
    await other_client.start()
    await book(chat, "coloring with Anna tomorrow at 10")
    await book(other_client, "coloring with Elena tomorrow at 10")
    # fill the rest of tomorrow's coloring time so the next client must wait
    for _ in range(8):
        await chat.say("coloring tomorrow")
        if "Free times" not in chat.last.text:
            break
        await chat.press(1)
        await chat.press("Confirm")
    third = SalonChat(chat.conversations, user_id=3)
    await third.start()
    offered = await third.say("coloring tomorrow")
    assert "Nothing is free exactly then" in offered.text or "waiting list" in offered.text
    joined = await third.press_data("wait:")
    assert "You are on the waiting list" in joined.text
    await chat.press_menu_mine()
    await chat.press("Cancel")
    await chat.press("Yes, cancel")
    (job,) = await jobs(container, WAITLIST_JOB_KIND)
    messenger = await run(container, clock, job)
    (user_id, _) = messenger.sent[0]
    assert user_id == 3
    assert screen_text(messenger).startswith("Good news: a slot freed up — Coloring")
    confirmed = await third.press_data(
        messenger.sent[0][1][0].screen.all_buttons()[0].data  # type: ignore[attr-defined]
    )
    assert confirmed.text.startswith("Booked: Coloring")


async def test_the_bot_registers_its_job_kinds(container: Container, clock: FakeClock) -> None:
    assert BOT.jobs is not None
    handlers = BOT.jobs(bot_context(container, "salon"), FakeMessenger(clock))
    assert set(handlers) == {
        REMINDER_JOB_KIND, WAITLIST_JOB_KIND, BURST_JOB_KIND, COMPRESS_JOB_KIND, SHEET_JOB_KIND,
        SHEET_READ_JOB_KIND, SENDPULSE_JOB_KIND, SENDPULSE_REPLY_JOB_KIND, SHEET_CONFLICT_JOB_KIND,
    }  # fmt: skip
