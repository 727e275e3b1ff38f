"""The Steps bot polling the loopback Bot API emulator through aiogram or PTB (after the
assistant's harness in tests/unit/assistant/telegram_support.py)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from telegram.request import HTTPXRequest

from adapters.telegram_emulator import Emulator
from entrypoints.bot import ClientOptions, TelegramRuntime, build_telegram
from entrypoints.containers import Container, build_container, resolve
from entrypoints.settings import Settings

_TLS_CONTEXT = ssl.create_default_context()
LOOPBACK = ClientOptions(
    aiogram_session=lambda url: AiohttpSession(api=TelegramAPIServer.from_base(url)),
    ptb_request=lambda: HTTPXRequest(httpx_kwargs={"verify": _TLS_CONTEXT}, read_timeout=30),
)
SHOWN = ("sendmessage", "editmessagetext")


@attrs.define
class Handled:
    """Counts events the bot finished handling, so a test can wait for them."""

    count: int = 0
    changed: asyncio.Event = attrs.field(factory=asyncio.Event)

    def watch(self, runtime: TelegramRuntime) -> None:
        delivery = runtime.delivery  # type: ignore[attr-defined]
        original = delivery.handle

        async def counted(event: Any, channel: Any) -> None:
            try:
                await original(event, channel)
            finally:
                self.count += 1
                self.changed.set()

        delivery.handle = counted

    async def wait(self, count: int, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        async def reached() -> None:
            while self.count < count:
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(reached(), timeout)


@contextlib.asynccontextmanager
async def polling_steps(
    emu: Emulator, data_dir: Path, framework: str
) -> AsyncIterator[tuple[Handled, Container]]:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": f"sqlite:///{(data_dir / 'steps.sqlite3').as_posix()}",
        "telegram_token": emu.token,
        "telegram_api_url": emu.base_url,
        "telegram_polling_timeout": 1,
        "telegram_global_rate": 10_000.0,
        "telegram_global_burst": 10_000.0,
        "telegram_chat_rate": 10_000.0,
        "telegram_chat_burst": 10_000.0,
        "bots": "steps",
    }
    container = build_container(Settings(**values))
    runtime = await build_telegram(
        container,
        bot="steps",
        framework=framework,
        options=LOOPBACK,  # type: ignore[arg-type]
    )
    handled = Handled()
    handled.watch(runtime)
    task = asyncio.create_task(runtime.run_polling(polling_timeout=1))
    try:
        yield handled, container
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await runtime.close()
        await resolve(container.shutdown_resources())


def shown(emu: Emulator, chat_id: int) -> list[str]:
    """The texts of every message the bot sent or edited for the user, in order."""
    return [
        str(call.params["text"])
        for call in emu.calls.of(chat_id=chat_id)
        if call.method.lower() in SHOWN and call.status == 200
    ]
