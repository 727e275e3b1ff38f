"""A SleepLab bot process under test: a framework, a mode, and the loopback emulator.

``bot_process`` starts the bot the way ``sleeplab bot`` does — the container on a SQLite file,
the framework adapter, polling or the web app's webhook behind a real uvicorn server — and
stops it on exit, so a test can "restart the process" by entering it again on the same file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs
import uvicorn
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from telegram.request import HTTPXRequest

from adapters.telegram_emulator import Emulator
from entrypoints.bot import ClientOptions, TelegramRuntime, build_telegram
from entrypoints.containers import build_container, resolve
from entrypoints.settings import Settings
from entrypoints.web import create_app

SECRET = "test-secret_42-0123456789abcdefghijkl"
SHOWN = ("sendmessage", "editmessagetext")

# PTB builds a TLS context per request object (about 0.1 s); the emulator speaks plain HTTP.
_TLS_CONTEXT = ssl.create_default_context()


class LoopbackAiohttpSession(AiohttpSession):
    """aiogram's real session; closing skips the 250 ms pause meant for TLS connections."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


LOOPBACK = ClientOptions(
    aiogram_session=lambda url: LoopbackAiohttpSession(api=TelegramAPIServer.from_base(url)),
    ptb_request=lambda: HTTPXRequest(httpx_kwargs={"verify": _TLS_CONTEXT}, read_timeout=30),
)


def bot_settings(emu: Emulator, data_dir: Path, **overrides: Any) -> Settings:
    """Settings of a bot pointed at ``emu``, storing in a SQLite file under ``data_dir``."""
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": f"sqlite:///{(data_dir / 'bot.sqlite3').as_posix()}",
        "telegram_token": emu.token,
        "telegram_api_url": emu.base_url,
        "webhook_secret": SECRET,
        "telegram_polling_timeout": 1,
        # Journeys are fast; rate limits are tested on their own with a fake clock.
        "telegram_global_rate": 10_000.0,
        "telegram_global_burst": 10_000.0,
        "telegram_chat_rate": 10_000.0,
        "telegram_chat_burst": 10_000.0,
    }
    values.update(overrides)
    return Settings(**values)


@attrs.define
class BotProcess:
    """A running bot: its runtime, and a count of events it finished handling."""

    runtime: TelegramRuntime
    handled: int = 0
    changed: asyncio.Event = attrs.field(factory=asyncio.Event)

    def count_deliveries(self) -> None:
        delivery = self.runtime.delivery  # type: ignore[attr-defined]
        original = delivery.handle

        async def counted(event: Any, channel: Any) -> None:
            try:
                await original(event, channel)
            finally:
                self.handled += 1
                self.changed.set()

        delivery.handle = counted

    async def wait_handled(self, count: int, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        async def reached() -> None:
            while self.handled < count:
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(reached(), timeout)


@contextlib.asynccontextmanager
async def bot_process(
    emu: Emulator, settings: Settings, framework: str, mode: str
) -> AsyncIterator[BotProcess]:
    """Run a bot like ``sleeplab bot --framework F --mode M`` until the block ends."""
    if mode == "polling":
        async with _polling(settings, framework) as process:
            yield process
    else:
        async with _webhook(emu, settings, framework) as process:
            yield process


@contextlib.asynccontextmanager
async def _polling(settings: Settings, framework: str) -> AsyncIterator[BotProcess]:
    container = build_container(settings)
    runtime = await build_telegram(container, framework=framework, options=LOOPBACK)  # type: ignore[arg-type]
    process = BotProcess(runtime)
    process.count_deliveries()
    task = asyncio.create_task(runtime.run_polling(polling_timeout=1))
    try:
        yield process
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await runtime.close()
        await resolve(container.shutdown_resources())


@contextlib.asynccontextmanager
async def _webhook(emu: Emulator, settings: Settings, framework: str) -> AsyncIterator[BotProcess]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    settings = settings.model_copy(
        update={"webhook_url": f"http://127.0.0.1:{port}/telegram/webhook"}
    )
    container = build_container(settings)
    app = create_app(container, framework=framework, options=LOOPBACK)  # type: ignore[arg-type]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        process = BotProcess(app.state.telegram)
        process.count_deliveries()
        yield process
    finally:
        server.should_exit = True
        await task
        sock.close()


def shown(emu: Emulator, chat_id: int) -> list[tuple[str, tuple[str, ...]]]:
    """Every screen the bot showed the user, in order: (text, button labels) per message
    sent or edit made, from the successful Bot API calls."""
    screens = []
    for call in emu.calls.of(chat_id=chat_id):
        if call.method.lower() in SHOWN and call.status == 200:
            screens.append((str(call.params["text"]), _labels(call.params.get("reply_markup"))))
    return screens


def _labels(markup: Any) -> tuple[str, ...]:
    if markup is None:
        return ()
    if isinstance(markup, str):
        markup = json.loads(markup)
    return tuple(b["text"] for row in markup.get("inline_keyboard", []) for b in row)
