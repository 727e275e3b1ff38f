"""A slow model call never holds the database: on SQLite a payment callback completes while
an assistant question is still waiting for the model, with no 5xx.

The model is a stand-in that blocks until the test lets it go (a 20 s call, or any length:
the assertion uses events, not time). While it is blocked the Robokassa ResultURL of another
user's order is posted to the web app sharing the same SQLite database; it must be answered
``OK<InvId>`` and the order paid before the model is released. Then the answer arrives and
is stored as usual.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from dependency_injector import providers
from web_support import BOT, PASSWORD1, PASSWORD2, new_order, signed_result

from entrypoints.containers import Container, build_container, conversations_for, resolve
from entrypoints.settings import Settings
from entrypoints.web import create_app
from sleeplab_core.conversation import Start, Text
from sleeplab_core.llm import ChatRequest, ChatResponse, FakeChatModel
from sleeplab_core.payments import Gateway, OrderState, PaymentsContext

ASKER, BUYER = 11, 12
HANG_GUARD_SECONDS = 60  # fails a hang instead of blocking the suite; not a timed assertion


class BlockedModel(FakeChatModel):
    """Answers only once ``release`` is set; ``called`` tells that a call is under way."""

    def __init__(self) -> None:
        super().__init__()
        self.called = asyncio.Event()
        self.release = asyncio.Event()

    async def complete(self, request: ChatRequest) -> ChatResponse:
        self.called.set()
        await self.release.wait()
        return await super().complete(request)


class Recorder:
    def __init__(self) -> None:
        self.texts: list[str] = []

    async def perform(self, user_id: int, actions: list, message_ids: dict) -> list:  # type: ignore[type-arg]
        self.texts += [a.screen.text for a in actions if hasattr(a, "screen")]
        return []


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[Container]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'sleeplab.sqlite3'}",
        data_dir=tmp_path,
        bot_username=BOT,
        robokassa_login="sleeplab-shop",
        robokassa_password1=PASSWORD1,
        robokassa_password2=PASSWORD2,
    )
    built = build_container(settings)
    yield built
    await resolve(built.shutdown_resources())


async def test_a_payment_callback_completes_while_the_model_is_still_thinking(
    container: Container,
) -> None:
    model = BlockedModel()
    container.chat_model.override(providers.Object(model))
    assistant = await conversations_for(container, "assistant")
    await resolve(container.init_resources())
    payments: PaymentsContext = await resolve(container.payments())
    order = await new_order(payments, Gateway.ROBOKASSA, user=BUYER)
    chat = Recorder()
    await assistant.deliver(Start(user_id=ASKER, language_hint="en"), chat)

    asking = asyncio.create_task(
        assistant.deliver(Text(user_id=ASKER, text="Why do I wake at 4?"), chat)
    )
    await asyncio.wait_for(model.called.wait(), HANG_GUARD_SECONDS)
    transport = httpx.ASGITransport(app=create_app(container))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as web:
        callback = web.post("/payments/robokassa/result", data=signed_result(order))
        answer = await asyncio.wait_for(callback, HANG_GUARD_SECONDS)
    async with payments.uow() as uow:
        paid = await uow.orders.get(order.id)
    still_thinking = not asking.done()
    model.release.set()
    await asyncio.wait_for(asking, HANG_GUARD_SECONDS)

    assert still_thinking, "the callback was answered while the model call was blocked"
    assert (answer.status_code, answer.text) == (200, f"OK{order.number}")
    assert paid is not None
    assert paid.state is OrderState.PAID
    assert any("fake answer to" in text for text in chat.texts)
    async with payments.uow() as uow:
        log = await uow.assistant.for_user(ASKER)
    assert [entry.outcome.value for entry in log] == ["answered"]
