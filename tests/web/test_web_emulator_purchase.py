"""Buying L1 with Telegram Stars in the Telegram emulator, through each framework adapter.

The bot runs as ``sleeplab bot`` runs it (container on a SQLite file, long polling); the
user stands before the paid level, presses "Pay with Telegram Stars", pays the invoice in the
emulator (pre-checkout, then ``successful_payment``) and sees the banner go and the level open.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from web_support import BOT, PASSWORD1, PASSWORD2, query_of, signed_result

from adapters.telegram_emulator import Emulator
from entrypoints.bot import ClientOptions, build_telegram
from entrypoints.containers import Container, build_container, resolve
from entrypoints.settings import Settings
from entrypoints.web import create_app
from sleeplab_core.conversation import Conversation
from sleeplab_core.kernel.users import Consent, User
from sleeplab_core.payments import get_order
from sleeplab_core.privacy import CONSENT_TEXT_VERSION

USER_ID = 1001
BANNER = "Payment not completed"


class LoopbackSession(AiohttpSession):
    """aiogram's session without the pause meant for closing TLS connections."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


LOOPBACK = ClientOptions(
    aiogram_session=lambda url: LoopbackSession(api=TelegramAPIServer.from_base(url))
)


async def stand_before_level_one(container: Container) -> None:
    """A consented user whose conversation shows the L1 offer (as after finishing L0)."""
    await resolve(container.init_resources())
    factory = await resolve(container.uow_factory())
    now = container.clock().now()
    async with factory() as uow:
        consent = Consent(now, CONSENT_TEXT_VERSION)
        await uow.users.save(User(id=USER_ID, created_at=now, locale="en", consent=consent))
        await uow.conversations.save(
            Conversation(USER_ID, "sleeplab", "offer", now, data={"level": "L1"})
        )
        await uow.commit()


class Deliveries:
    """Counts the events the bot finished handling, so a test leaves only when it is idle
    (aiogram handles updates in tasks that polling's cancellation does not wait for)."""

    def __init__(self, runtime: Any) -> None:
        self.count = 0
        self._changed = asyncio.Event()
        original = runtime.delivery.handle

        async def counted(event: Any, channel: Any) -> None:
            try:
                await original(event, channel)
            finally:
                self.count += 1
                self._changed.set()

        runtime.delivery.handle = counted

    async def wait(self, count: int, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        async def reached() -> None:
            while self.count < count:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(reached(), timeout)


@contextlib.asynccontextmanager
async def polling_bot(
    emu: Emulator, data_dir: Path, framework: str
) -> AsyncIterator[tuple[Container, Deliveries]]:
    settings = Settings(
        bot_username=BOT,
        robokassa_login="sleeplab-shop",
        robokassa_password1=PASSWORD1,
        robokassa_password2=PASSWORD2,
        data_dir=data_dir,
        database_url=f"sqlite:///{(data_dir / 'bot.sqlite3').as_posix()}",
        telegram_token=emu.token,
        telegram_api_url=emu.base_url,
        telegram_polling_timeout=1,
        telegram_chat_rate=1000.0,
        telegram_chat_burst=1000.0,
    )
    container = build_container(settings)
    await stand_before_level_one(container)
    runtime = await build_telegram(container, framework=framework, options=LOOPBACK)  # type: ignore[arg-type]
    deliveries = Deliveries(runtime)
    task = asyncio.create_task(runtime.run_polling(polling_timeout=1))
    try:
        yield container, deliveries
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await runtime.close()
        await resolve(container.shutdown_resources())


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_user_buys_level_one_with_stars_in_telegram(tmp_path: Path, framework: str) -> None:
    async with Emulator() as emu, polling_bot(emu, tmp_path, framework) as (_, deliveries):
        user = emu.user(USER_ID)
        await user.send_text("hello")
        await user.wait_for_messages(2)  # "use the buttons", then the banner
        assert any(BANNER in (entry.text or "") for entry in user.transcript())

        await user.press("Pay 250 ⭐ with Telegram Stars")
        (invoice,) = await user.wait_for_messages(1)
        assert invoice.kind == "invoice"

        paid = await user.pay()
        await user.wait_for_messages(2)  # the receipt notice, then the first L1 question
        await deliveries.wait(4)  # text, press, pre-checkout, successful payment

    assert paid.ok
    texts = [entry.text or "" for entry in user.transcript()]
    assert not any(BANNER in text for text in texts), "the banner was deleted"
    assert any("Level L1 is unlocked" in text for text in texts)


def link_of(message: dict[str, object], label: str) -> str:
    keyboard = message["reply_markup"]["inline_keyboard"]  # type: ignore[index]
    return next(b["url"] for row in keyboard for b in row if b["text"] == label)  # type: ignore[no-any-return]


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_user_buys_level_one_with_robokassa_and_comes_back_by_the_deep_link(
    tmp_path: Path, framework: str
) -> None:
    async with Emulator() as emu, polling_bot(emu, tmp_path, framework) as (container, deliveries):
        user = emu.user(USER_ID)
        await user.send_text("hello")
        await user.wait_for_messages(2)
        await user.press("Pay 490 ₽ via Robokassa")
        (screen,) = await user.wait_for_messages(1)  # the banner replaced by the link
        order_id = query_of(link_of(screen.message, "Open the payment page"))["Shp_order"]

        web = httpx.ASGITransport(app=create_app(container))
        async with httpx.AsyncClient(transport=web, base_url="http://shop.test") as robokassa:
            order = await get_order(await resolve(container.payments()), order_id)
            answer = await robokassa.post("/payments/robokassa/result", data=signed_result(order))
            back = await robokassa.get("/payments/robokassa/fail", params={"Shp_order": order_id})
        await user.send_command("start", f"paid-{order_id}")
        await user.wait_for_messages(2)  # welcome back, then the first L1 question
        await deliveries.wait(3)  # text, press, /start

    assert (answer.status_code, answer.text) == (200, f"OK{order.number}")
    assert back.headers["location"].startswith(f"https://t.me/{BOT}?start=")
    texts = [entry.text or "" for entry in user.transcript()]
    assert not any(BANNER in text for text in texts), "the payment screen was deleted"
    assert any("Welcome back! Your payment is confirmed." in text for text in texts)
