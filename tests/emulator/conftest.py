"""Fixtures: an emulator per test and real aiogram / PTB clients pointed at it."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator

import pytest
import telegram
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from telegram.ext import Application, ApplicationBuilder
from telegram.request import HTTPXRequest

from adapters.telegram_emulator import Emulator

USER_ID = 1001

# Each PTB HTTPXRequest builds a TLS context (about 0.1 s, loading CA certificates); the
# loopback emulator speaks plain HTTP, so the tests build that context once and share it.
_TLS_CONTEXT = ssl.create_default_context()


def ptb_request() -> HTTPXRequest:
    return HTTPXRequest(httpx_kwargs={"verify": _TLS_CONTEXT})


class LoopbackAiohttpSession(AiohttpSession):
    """aiogram's real session; closing skips the 250 ms pause meant for TLS connections."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator() as emulator:
        yield emulator


@pytest.fixture
async def aiogram_bot(emu: Emulator) -> AsyncIterator[Bot]:
    session = LoopbackAiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    bot = Bot(emu.token, session=session)
    yield bot
    await bot.session.close()


@pytest.fixture
async def ptb_bot(emu: Emulator) -> AsyncIterator[telegram.Bot]:
    bot = telegram.Bot(
        emu.token,
        base_url=f"{emu.base_url}/bot",
        base_file_url=f"{emu.base_url}/file/bot",
        request=ptb_request(),
        get_updates_request=ptb_request(),
    )
    async with bot:
        yield bot


def ptb_application(emu: Emulator) -> Application:  # type: ignore[type-arg]
    return (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(f"{emu.base_url}/bot")
        .base_file_url(f"{emu.base_url}/file/bot")
        .request(ptb_request())
        .get_updates_request(ptb_request())
        .build()
    )


@contextlib.asynccontextmanager
async def aiogram_polling(dp: Dispatcher, bot: Bot) -> AsyncIterator[None]:
    """Run the dispatcher's real long-polling loop for the duration of the block."""
    task = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=False, polling_timeout=2)
    )
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@contextlib.asynccontextmanager
async def ptb_polling(app: Application) -> AsyncIterator[None]:  # type: ignore[type-arg]
    """Run a PTB application with its real updater polling for the duration of the block."""
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=2)
        await app.start()
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()
