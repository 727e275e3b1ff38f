"""Clients writing through SendPulse: the webhook stores, the worker answers through the API
(a local stand-in over real HTTP); buttons travel as numbered lines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sendpulse_stand_in import CLIENT_ID, CLIENT_SECRET, SendPulseStandIn, running

from adapters.sendpulse import SendPulseSender
from entrypoints.containers import Container, bot_context, unit_of_work_factory
from entrypoints.web.app import create_app
from sleeplab_core.booking.use_cases import REMINDER_JOB_KIND
from sleeplab_core.bots.salon import BOT
from sleeplab_core.bots.salon.sendpulse import (
    MalformedWebhook,
    incoming_messages,
    user_id_of,
)
from sleeplab_core.jobs import FakeMessenger, PermanentFailure, RetryLater
from sleeplab_core.kernel.clock import FakeClock

SECRET = "sendpulse-webhook-secret"


def event(text: str, contact: str = "64f0c0ffee", date: int = 1) -> dict[str, Any]:
    return {
        "service": "telegram", "title": "incoming_message", "date": date,
        "bot": {"id": "bot-1", "name": "Salon"},
        "contact": {"id": contact, "name": "Kim", "last_message": text},
        "info": {"message": {"channel_data": {"message": {"text": text}}}},
    }  # fmt: skip


def test_incoming_messages_are_read_from_lists_and_single_events() -> None:
    (single,) = incoming_messages(event("hello"))
    assert (single.contact_id, single.text) == ("64f0c0ffee", "hello")
    found = incoming_messages([event("a"), {"title": "new_subscriber"}, event("b", "x2")])
    assert [m.text for m in found] == ["a", "b"]


@pytest.mark.parametrize(
    "body", [42, ["not an event"], {"title": "incoming_message", "contact": {"id": ""}},
             {"title": "incoming_message", "contact": "nope"}],
)  # fmt: skip
def test_a_malformed_webhook_is_refused_with_a_reason(body: object) -> None:
    with pytest.raises(MalformedWebhook):
        incoming_messages(body)


def test_contacts_get_stable_negative_user_ids() -> None:
    assert user_id_of("abc") == user_id_of("abc") < 0
    assert user_id_of("abc") != user_id_of("abd")


@pytest.fixture
def stand_in() -> SendPulseStandIn:
    return SendPulseStandIn()


@pytest.fixture
async def sendpulse_url(stand_in: SendPulseStandIn) -> AsyncIterator[str]:
    async with running(stand_in) as url:
        yield url


async def test_the_sender_authenticates_renews_a_revoked_token_and_classifies_errors(
    stand_in: SendPulseStandIn, sendpulse_url: str
) -> None:
    sender = SendPulseSender(CLIENT_ID, CLIENT_SECRET, base_url=sendpulse_url)
    await sender.send_text("c1", "hello")
    stand_in.revoked = True
    await sender.send_text("c1", "again")
    assert stand_in.sent == [("c1", "hello"), ("c1", "again")]
    assert stand_in.tokens_issued == 2
    stand_in.fail_next(429)
    with pytest.raises(RetryLater):
        await sender.send_text("c1", "x")
    stand_in.fail_next(400)
    with pytest.raises(PermanentFailure):
        await sender.send_text("c1", "x")


@pytest.fixture
async def web(
    container: Container, monkeypatch: pytest.MonkeyPatch, sendpulse_url: str
) -> AsyncIterator[httpx.AsyncClient]:
    monkeypatch.setenv("SLEEPLAB_SENDPULSE_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("SLEEPLAB_SENDPULSE_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SLEEPLAB_SENDPULSE_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("SLEEPLAB_SENDPULSE_URL", sendpulse_url)
    transport = httpx.ASGITransport(app=create_app(container, bot="salon"))
    async with httpx.AsyncClient(transport=transport, base_url="http://salon.test") as client:
        yield client


async def work_off(container: Container, clock: FakeClock) -> None:
    """Run every due job of the salon, as the worker would (new jobs included)."""
    assert BOT.jobs is not None
    handlers = BOT.jobs(bot_context(container, "salon"), FakeMessenger(clock))
    for _ in range(5):
        async with (await unit_of_work_factory(container))() as uow:
            due = [j for j in await uow.jobs.list(states=["scheduled"])
                   if j.kind.startswith("salon.sendpulse") and j.run_at <= clock.now()]  # fmt: skip
        if not due:
            return
        for job in due:
            await handlers[job.kind](job, None)  # type: ignore[arg-type]
            async with (await unit_of_work_factory(container))() as uow:
                await uow.jobs.cancel(job.id, clock.now())  # the worker would complete it
                await uow.commit()


async def test_a_client_books_through_sendpulse(
    web: httpx.AsyncClient, container: Container, clock: FakeClock, stand_in: SendPulseStandIn
) -> None:
    posted = await web.post(f"/webhook/sendpulse/{SECRET}",
                            json=[event("manicure with Anna tomorrow after 3")])  # fmt: skip
    assert posted.json() == {"accepted": 1}
    await work_off(container, clock)
    ((contact, offer),) = stand_in.sent
    assert contact == "64f0c0ffee"
    assert offer.startswith("Free times for Manicure")
    assert "\n1. Thu 04.06 15:00" in offer

    await web.post(f"/webhook/sendpulse/{SECRET}", json=[event("1", date=2)])
    await work_off(container, clock)
    assert "I am holding this time for you" in stand_in.sent[-1][1]
    await web.post(f"/webhook/sendpulse/{SECRET}", json=[event("1", date=3)])
    await work_off(container, clock)
    assert stand_in.sent[-1][1].startswith("Booked: Manicure with Anna, Thu 04.06 15:00")


async def test_a_webhook_sent_twice_is_read_once(
    web: httpx.AsyncClient, container: Container, clock: FakeClock, stand_in: SendPulseStandIn
) -> None:
    for _ in range(2):
        await web.post(f"/webhook/sendpulse/{SECRET}", json=[event("hello")])
    await work_off(container, clock)
    assert len(stand_in.sent) == 1


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [("/webhook/sendpulse/wrong", [event("hi")], 403),
     (f"/webhook/sendpulse/{SECRET}", "not json", 400),
     (f"/webhook/sendpulse/{SECRET}", [{"title": "incoming_message", "contact": {}}], 400)],
)  # fmt: skip
async def test_bad_webhooks_are_refused_and_store_nothing(
    web: httpx.AsyncClient, container: Container, path: str, body: object, status: int
) -> None:
    content = body if isinstance(body, str) else None
    response = await (web.post(path, content=content) if content else web.post(path, json=body))
    assert response.status_code == status
    async with (await unit_of_work_factory(container))() as uow:
        assert await uow.jobs.list(kind="salon.sendpulse") == []


async def test_reminders_reach_sendpulse_clients_through_sendpulse(
    web: httpx.AsyncClient, container: Container, clock: FakeClock, stand_in: SendPulseStandIn
) -> None:
    for n, text in enumerate(["manicure with Anna tomorrow after 3", "1", "1"], start=1):
        await web.post(f"/webhook/sendpulse/{SECRET}", json=[event(text, date=n)])
        await work_off(container, clock)
    assert stand_in.sent[-1][1].startswith("Booked: Manicure with Anna, Thu 04.06 15:00")
    async with (await unit_of_work_factory(container))() as uow:
        reminders = await uow.jobs.list(kind=REMINDER_JOB_KIND, states=["scheduled"])
    assert len(reminders) == 2
    assert BOT.jobs is not None
    telegram = FakeMessenger(clock)
    handlers = BOT.jobs(bot_context(container, "salon"), telegram)
    first = min(reminders, key=lambda job: job.run_at)
    clock.advance(first.run_at - clock.now())
    await handlers[REMINDER_JOB_KIND](first, None)  # type: ignore[arg-type]
    await handlers[REMINDER_JOB_KIND](first, None)  # type: ignore[arg-type]  # a retry
    await work_off(container, clock)
    assert telegram.sent == []  # never to a Telegram chat: the contact has none
    contact, reminder = stand_in.sent[-1]
    assert contact == "64f0c0ffee"
    assert reminder.startswith("Reminder: Manicure with Anna, Thu 04.06 15:00")
    assert reminder.endswith("\n1. 🗂 My bookings")
    assert sum(text.startswith("Reminder:") for _, text in stand_in.sent) == 1

    await web.post(f"/webhook/sendpulse/{SECRET}", json=[event("1", date=9)])  # the button
    await work_off(container, clock)
    assert "Manicure with Anna, Thu 04.06 15:00" in stand_in.sent[-1][1]
    assert not stand_in.sent[-1][1].startswith("Reminder")
