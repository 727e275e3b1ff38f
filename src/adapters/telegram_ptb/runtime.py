"""A bot on python-telegram-bot 22: PTB makes the Bot API calls, the core does the rest."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from adapters.telegram_ptb.channel import PendingAnswers, PtbCalls, PtbChannel
from sleeplab_core.conversation import telegram_calls
from sleeplab_core.conversation.intake import IntakeTimings, UpdateIntake
from sleeplab_core.conversation.outbound import CommandMenu, Delivery, Outbox
from sleeplab_core.conversation.telegram_runtime import ALLOWED_UPDATES, TelegramRuntimeBase
from sleeplab_core.documents.ports import DocumentStore
from sleeplab_core.kernel.clock import Clock

log = logging.getLogger(__name__)

__all__ = ["ALLOWED_UPDATES", "PtbApplication", "PtbTelegram", "ptb_application"]

POLL_SLACK_SECONDS = 10
"""How much longer than the long poll the HTTP request may take."""

PtbApplication = Application[Any, Any, Any, Any, Any, Any]


def ptb_application(
    token: str,
    api_url: str,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> PtbApplication:
    """A PTB Application talking to ``api_url`` (the official server or another one)."""
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .updater(None)
    )
    if request is not None:
        builder = builder.request(request)
    else:
        builder = builder.read_timeout(30).write_timeout(30).connection_pool_size(64)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application: PtbApplication = builder.build()
    return application


class PtbTelegram(TelegramRuntimeBase):
    """Runs one bot with python-telegram-bot as its HTTP client.

    Args:
        application: the PTB Application (see :func:`ptb_application`); only its bot is used.
        delivery: per-user handling and the error handler around the conversation.
        outbox: rate limits and retries of outbound calls.
        documents: where attachments live and their cached Telegram file ids.
        intake: where updates are stored before they are acknowledged.
        clock: the time of the intake's marks and leases.
        bot_name: the core bot's name (file ids and stored updates are kept per bot).
        timings: the intake's lease, scan and prune intervals.
    """

    framework = "ptb"

    def __init__(
        self,
        application: PtbApplication,
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
        self.application = application
        self.calls = PtbCalls(application.bot)
        self.outbox = outbox
        self.documents = documents

    async def start(self) -> None:
        """Check the token (getMe)."""
        await self.application.initialize()
        log.info("PTB bot @%s ready", self.application.bot.username)

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
        await self.application.shutdown()

    def channel_for(self, chat_id: int, pending: PendingAnswers | None = None) -> PtbChannel:
        """The channel of one private chat; ``pending`` names what its update awaits."""
        return PtbChannel(
            self.application.bot,
            chat_id,
            outbox=self.outbox,
            documents=self.documents,
            bot_name=self.bot_name,
            pending=pending,
        )
