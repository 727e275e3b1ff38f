"""Each framework's channel, built directly against the emulator (no dispatcher)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import telegram
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer

from adapters.telegram_aiogram import AiogramChannel
from adapters.telegram_aiogram import PendingAnswers as AiogramPending
from adapters.telegram_emulator import Emulator
from adapters.telegram_ptb import PendingAnswers as PtbPending
from adapters.telegram_ptb import PtbChannel
from sleeplab_core.conversation.outbound import OutboundLimits, Outbox
from sleeplab_core.documents.ports import DocumentStore
from sleeplab_core.kernel.clock import SystemClock
from telegram_channel.harness import LOOPBACK, LoopbackAiohttpSession

FRAMEWORKS = ("aiogram", "ptb")
FAST = OutboundLimits(global_rate=10_000, global_burst=10_000, chat_rate=10_000, chat_burst=10_000)


@contextlib.asynccontextmanager
async def channel_for(
    framework: str,
    emu: Emulator,
    chat_id: int,
    documents: DocumentStore,
    **pending: Any,
) -> AsyncIterator[Any]:
    """A channel of ``framework`` for one chat, as the runtime builds it per update."""
    outbox = Outbox(FAST, SystemClock())
    if framework == "aiogram":
        session = LoopbackAiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
        bot = Bot(emu.token, session=session)
        try:
            yield AiogramChannel(
                bot,
                chat_id,
                outbox=outbox,
                documents=documents,
                bot_name="sleeplab",
                pending=AiogramPending(**pending),
            )
        finally:
            await session.close()
        return
    assert LOOPBACK.ptb_request is not None
    ptb_bot = telegram.Bot(
        emu.token,
        base_url=f"{emu.base_url}/bot",
        base_file_url=f"{emu.base_url}/file/bot",
        request=LOOPBACK.ptb_request(),  # type: ignore[arg-type]
    )
    async with ptb_bot:
        yield PtbChannel(
            ptb_bot,
            chat_id,
            outbox=outbox,
            documents=documents,
            bot_name="sleeplab",
            pending=PtbPending(**pending),
        )
