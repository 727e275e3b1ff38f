"""A bot on aiogram 3: aiogram makes the Bot API calls, the core does everything else."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from adapters.telegram_aiogram.channel import AiogramCalls, AiogramChannel, PendingAnswers
from sleeplab_core.conversation import telegram_calls
from sleeplab_core.conversation.intake import IntakeTimings, UpdateIntake
from sleeplab_core.conversation.outbound import CommandMenu, Delivery, Outbox
from sleeplab_core.conversation.telegram_runtime import ALLOWED_UPDATES, TelegramRuntimeBase
from sleeplab_core.documents.ports import DocumentStore
from sleeplab_core.kernel.clock import Clock

log = logging.getLogger(__name__)

__all__ = ["ALLOWED_UPDATES", "AiogramTelegram", "aiogram_bot"]

POLL_SLACK_SECONDS = 10
"""How much longer than the long poll the HTTP request may take."""


def aiogram_bot(token: str, api_url: str, session: AiohttpSession | None = None) -> Bot:
    """An aiogram Bot talking to ``api_url`` (the official server or another Bot API server)."""
    session = session or AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    return Bot(token, session=session)


class AiogramTelegram(TelegramRuntimeBase):
    """Runs one bot with aiogram as its HTTP client.

    Args:
        bot: the aiogram Bot (see :func:`aiogram_bot`).
        delivery: per-user handling and the error handler around the conversation.
        outbox: rate limits and retries of outbound calls.
        documents: where attachments live and their cached Telegram file ids.
        intake: where updates are stored before they are acknowledged.
        clock: the time of the intake's marks and leases.
        bot_name: the core bot's name (file ids and stored updates are kept per bot).
        timings: the intake's lease, scan and prune intervals.
    """

    framework = "aiogram"

    def __init__(
        self,
        bot: Bot,
        *,
        delivery: Delivery,
        outbox: Outbox,
        documents: DocumentStore,
        intake: UpdateIntake,
        clock: Clock,
        bot_name: str,
        timings: IntakeTimings | None = None,
    ) -> None:
        super().__init__(
            delivery=delivery, intake=intake, clock=clock, bot_name=bot_name, timings=timings
        )
        self.bot = bot
        self.calls = AiogramCalls(bot)
        self.outbox = outbox
        self.documents = documents

    async def start(self) -> None:
        """Check the token (getMe)."""
        me = await self.bot.get_me()
        log.info("aiogram bot @%s ready", me.username)

    async def set_commands(self, menus: list[CommandMenu]) -> None:
        """setMyCommands for every language of the menu."""
        for menu in menus:
            await self.calls(telegram_calls.set_my_commands(menu))

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.calls(telegram_calls.set_webhook(url, secret))

    async def delete_webhook(self) -> None:
        await self.calls(telegram_calls.delete_webhook())

    async def fetch_updates(self, offset: int | None, poll_seconds: int) -> list[dict[str, Any]]:
        call = telegram_calls.get_updates(offset, poll_seconds, POLL_SLACK_SECONDS)
        updates: list[dict[str, Any]] = await self.calls(call)
        return updates

    async def close(self) -> None:
        await self.drain()
        await self.outbox.close()
        await self.bot.session.close()

    def channel_for(self, chat_id: int, pending: PendingAnswers | None = None) -> AiogramChannel:
        """The channel of one private chat; ``pending`` names what its update awaits."""
        return AiogramChannel(
            self.bot,
            chat_id,
            outbox=self.outbox,
            documents=self.documents,
            bot_name=self.bot_name,
            pending=pending,
        )
