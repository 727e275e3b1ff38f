"""A bot on python-telegram-bot 22: the application, polling, webhook feeding, the menu."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import BaseRequest

from adapters.telegram_ptb.channel import PendingAnswers, PtbChannel
from adapters.telegram_ptb.updates import to_event
from sleeplab_core.conversation.outbound import (
    CommandMenu,
    Delivery,
    MalformedUpdate,
    Outbox,
    PushChannel,
    check_update_shape,
)
from sleeplab_core.documents.ports import DocumentStore
from sleeplab_core.kernel.i18n import Message

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "pre_checkout_query",
    "my_chat_member",
]
CONCURRENT_UPDATES = 256
"""Updates processed at once; one user's still run in order (the Delivery serialises them)."""

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
        .concurrent_updates(CONCURRENT_UPDATES)
    )
    if request is not None:
        builder = builder.request(request)
    else:
        builder = builder.read_timeout(30).write_timeout(30).connection_pool_size(64)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application: PtbApplication = builder.build()
    return application


class PtbTelegram:
    """Runs one bot with python-telegram-bot: updates become core events, actions API calls.

    Args:
        application: the PTB Application (see :func:`ptb_application`).
        delivery: per-user ordering and the error handler around the conversation.
        outbox: rate limits and retries of outbound calls.
        documents: where attachments live and their cached Telegram file ids.
        bot_name: the core bot's name (file ids are remembered per bot).
    """

    framework = "ptb"

    def __init__(
        self,
        application: PtbApplication,
        *,
        delivery: Delivery,
        outbox: Outbox,
        documents: DocumentStore,
        bot_name: str,
    ) -> None:
        self.application = application
        self.delivery = delivery
        self.outbox = outbox
        self.documents = documents
        self.bot_name = bot_name
        application.add_handler(TypeHandler(Update, self._on_update))
        application.add_error_handler(self._on_error)
        self._started = False

    async def start(self) -> None:
        """Check the token (getMe) and start processing queued updates."""
        await self.application.initialize()
        await self.application.start()
        self._started = True
        log.info("PTB bot @%s ready", self.application.bot.username)

    async def set_commands(self, menus: list[CommandMenu]) -> None:
        """setMyCommands for every language of the menu."""
        for menu in menus:
            commands = [BotCommand(name, text) for name, text in menu.commands]
            await self.application.bot.set_my_commands(commands, language_code=menu.language)

    async def run_polling(self, *, polling_timeout: int = 30) -> None:
        """Long-poll until cancelled (PTB removes a webhook first)."""
        updater = self.application.updater
        if updater is None:
            raise RuntimeError("this PTB application was built without an updater")
        try:
            await updater.start_polling(
                poll_interval=0, timeout=polling_timeout, allowed_updates=ALLOWED_UPDATES
            )
            await asyncio.Event().wait()
        finally:
            if updater.running:  # also when cancelled while polling was starting
                await updater.stop()

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.application.bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )

    def feed(self, body: object) -> None:
        """Accept one webhook body and process it in the background.

        Raises:
            MalformedUpdate: the body is not a Telegram update (nothing is processed).
        """
        check_update_shape(body)
        try:
            update = Update.de_json(body, self.application.bot)  # type: ignore[arg-type]
        except Exception as error:  # PTB raises KeyError/TypeError/ValueError on bad shapes
            raise MalformedUpdate(f"not a Telegram update: {type(error).__name__}") from error
        self.application.update_queue.put_nowait(update)

    async def drain(self) -> None:
        """Wait until queued updates are processed."""
        await self.application.update_queue.join()

    async def close(self) -> None:
        if self._started:
            await self.drain()
            await self.application.stop()
            self._started = False
        await self.application.shutdown()

    async def _on_update(self, update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        event = to_event(update)
        if event is None:
            log.info("update %s ignored (not a private-chat update we serve)", update.update_id)
            return
        await self.delivery.handle(event, self._channel(update, event.user_id, event.language_hint))

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("PTB reported an error for %r", update, exc_info=context.error)

    def _channel(self, update: Update, chat_id: int, language: str | None) -> PtbChannel:
        pending = PendingAnswers()
        if update.callback_query is not None:
            pending.callback_id = update.callback_query.id
            message = update.callback_query.message
            pending.pressed_message_id = message.message_id if message else None
        if update.pre_checkout_query is not None:
            pending.pre_checkout_id = update.pre_checkout_query.id
            pending.refusal = self.delivery.render(language, Message("conversation.error"))
        return self.channel_for(chat_id, pending)

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

    @property
    def push_channel(self) -> PushChannel:
        """Reaches users outside an update (payment callbacks, reminders)."""
        return PushChannel(self.channel_for)
