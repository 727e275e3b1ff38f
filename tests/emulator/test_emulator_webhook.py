"""Webhook mode: delivery with the secret header, retries, info and the 409 on getUpdates."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import telegram
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramConflictError
from aiogram.methods import SendMessage
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from telegram.ext import MessageHandler, filters

from adapters.telegram_emulator import SECRET_HEADER, Emulator

from .conftest import USER_ID, ptb_application


class Receiver:
    """A tiny webhook endpoint that answers 500 to the first ``failures`` deliveries."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.failures = 0
        self.url = ""
        self.arrived = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        if self.failures:
            self.failures -= 1
            return web.Response(status=500)
        self.received.append((await request.json(), request.headers.get(SECRET_HEADER)))
        self.arrived.set()
        return web.Response(text="ok")

    async def wait_for(self, count: int) -> None:
        async with asyncio.timeout(5):
            while len(self.received) < count:
                self.arrived.clear()
                await self.arrived.wait()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    hook = Receiver()
    app = web.Application()
    app.router.add_post("/hook", hook.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    hook.url = f"http://{host}:{port}/hook"
    yield hook
    await runner.cleanup()


async def test_updates_are_posted_with_the_secret_header(
    emu: Emulator, aiogram_bot: Bot, receiver: Receiver
) -> None:
    user = emu.user(USER_ID)
    await aiogram_bot.set_webhook(receiver.url, secret_token="s3cret")

    await user.send_text("hello")
    await receiver.wait_for(1)

    [(update, secret)] = receiver.received
    assert secret == "s3cret"
    assert update["message"]["text"] == "hello"
    await emu.wait_for_idle()
    assert emu.pending_updates == []


async def test_failed_deliveries_are_retried_in_order(
    emu: Emulator, ptb_bot: telegram.Bot, receiver: Receiver
) -> None:
    user = emu.user(USER_ID)
    receiver.failures = 2
    await ptb_bot.set_webhook(receiver.url)

    await user.send_text("first")
    await user.send_text("second")
    await receiver.wait_for(2)

    assert [u["message"]["text"] for u, _ in receiver.received] == ["first", "second"]
    info = await ptb_bot.get_webhook_info()
    assert info.url == receiver.url
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"


async def test_get_updates_conflicts_while_a_webhook_is_set(
    emu: Emulator, aiogram_bot: Bot, receiver: Receiver
) -> None:
    await aiogram_bot.set_webhook(receiver.url)

    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await aiogram_bot.get_updates(timeout=0)


async def test_delete_webhook_can_drop_pending_updates(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    user = emu.user(USER_ID)
    await ptb_bot.set_webhook("http://127.0.0.1:9/unreachable")
    await user.send_text("never delivered")

    assert await ptb_bot.delete_webhook(drop_pending_updates=True) is True

    assert await ptb_bot.get_updates(timeout=0) == ()
    info = await ptb_bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == ("", 0)


async def test_deleting_the_webhook_keeps_pending_updates_for_polling(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)
    await aiogram_bot.set_webhook("http://127.0.0.1:9/unreachable")
    await user.send_text("kept")

    await aiogram_bot.delete_webhook()

    [update] = await aiogram_bot.get_updates(timeout=0)
    assert update.message is not None
    assert update.message.text == "kept"


async def test_setting_a_webhook_ends_a_waiting_long_poll(
    emu: Emulator, aiogram_bot: Bot, ptb_bot: telegram.Bot, receiver: Receiver
) -> None:
    poll = asyncio.create_task(aiogram_bot.get_updates(timeout=5))
    await emu.calls_started("getUpdates")

    await ptb_bot.set_webhook(receiver.url)

    with pytest.raises(TelegramConflictError, match="terminated by setWebhook"):
        await poll


async def test_aiogram_webhook_bot_answers_through_the_webhook_reply(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> SendMessage:
        return message.answer(f"echo: {message.text}")  # returned, not awaited: a reply

    app = web.Application()
    SimpleRequestHandler(dp, aiogram_bot, secret_token="s", handle_in_background=False).register(
        app, path="/tg"
    )
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        await aiogram_bot.set_webhook(f"http://{host}:{port}/tg", secret_token="s")
        await user.send_text("ping")
        [reply] = await user.wait_for_messages(1)
    finally:
        await runner.cleanup()

    assert reply.text == "echo: ping"
    assert emu.calls.count("sendMessage") == 1


async def test_ptb_application_fed_from_the_webhook(emu: Emulator) -> None:
    user = emu.user(USER_ID)
    app = ptb_application(emu)

    async def echo(update: telegram.Update, context: object) -> None:
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    async def receive(request: web.Request) -> web.Response:
        # How an HTTP app (FastAPI, aiohttp) feeds PTB: parse and queue the update.
        await app.update_queue.put(telegram.Update.de_json(await request.json(), app.bot))
        return web.Response()

    app.add_handler(MessageHandler(filters.TEXT, echo))
    hook = web.Application()
    hook.router.add_post("/tg", receive)
    runner = web.AppRunner(hook)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    try:
        async with app:
            await app.start()
            await app.bot.set_webhook(f"http://{host}:{port}/tg")
            await user.send_text("ping")
            [reply] = await user.wait_for_messages(1)
            await app.stop()
    finally:
        await runner.cleanup()

    assert reply.text == "echo: ping"
