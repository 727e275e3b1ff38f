"""A bot on aiogram 3: the dispatcher, polling, webhook feeding and the command menu."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BotCommand, TelegramObject, Update

from adapters.telegram_aiogram.channel import AiogramChannel, PendingAnswers
from adapters.telegram_aiogram.updates import to_event
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


def aiogram_bot(token: str, api_url: str, session: AiohttpSession | None = None) -> Bot:
    """An aiogram Bot talking to ``api_url`` (the official server or another Bot API server)."""
    session = session or AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    return Bot(token, session=session)


class AiogramTelegram:
    """Runs one bot with aiogram: updates become core events, actions become API calls.

    Args:
        bot: the aiogram Bot (see :func:`aiogram_bot`).
        delivery: per-user ordering and the error handler around the conversation.
        outbox: rate limits and retries of outbound calls.
        documents: where attachments live and their cached Telegram file ids.
        bot_name: the core bot's name (file ids are remembered per bot).
    """

    framework = "aiogram"

    def __init__(
        self,
        bot: Bot,
        *,
        delivery: Delivery,
        outbox: Outbox,
        documents: DocumentStore,
        bot_name: str,
    ) -> None:
        self.bot = bot
        self.delivery = delivery
        self.outbox = outbox
        self.documents = documents
        self.bot_name = bot_name
        self.dispatcher = Dispatcher()
        # An outer middleware sees every update before aiogram's own routing, which would
        # otherwise split them by type: the core does the routing.
        self.dispatcher.update.outer_middleware(self._intercept)
        self._background: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        """Check the token (getMe)."""
        me = await self.bot.get_me()
        log.info("aiogram bot @%s ready", me.username)

    async def set_commands(self, menus: list[CommandMenu]) -> None:
        """setMyCommands for every language of the menu."""
        for menu in menus:
            commands = [BotCommand(command=name, description=text) for name, text in menu.commands]
            await self.bot.set_my_commands(commands, language_code=menu.language)

    async def run_polling(self, *, polling_timeout: int = 30) -> None:
        """Long-poll until cancelled (a webhook, if any, is removed first)."""
        await self.bot.delete_webhook()
        polling = asyncio.ensure_future(
            self.dispatcher.start_polling(
                self.bot,
                handle_signals=False,
                close_bot_session=False,
                polling_timeout=polling_timeout,
                allowed_updates=ALLOWED_UPDATES,
            )
        )
        try:
            await asyncio.shield(polling)
        except asyncio.CancelledError:
            # Cancelling start_polling leaves aiogram's inner polling task running (it waits
            # with asyncio.wait); its own stop signal ends it cleanly.
            with contextlib.suppress(RuntimeError):
                await self.dispatcher.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
            raise

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)

    def feed(self, body: object) -> None:
        """Accept one webhook body and process it in the background.

        Raises:
            MalformedUpdate: the body is not a Telegram update (nothing is processed).
        """
        update = _parse(body, self.bot)
        task = asyncio.create_task(self.dispatcher.feed_update(self.bot, update))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def drain(self) -> None:
        """Wait for updates being processed in the background."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)

    async def close(self) -> None:
        await self.drain()
        await self.bot.session.close()

    async def _intercept(
        self,
        _handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        update: TelegramObject,
        _data: dict[str, Any],
    ) -> None:
        if isinstance(update, Update):
            await self.on_update(update)

    async def on_update(self, update: Update) -> None:
        """The dispatcher's only handler: every update goes to the conversation core."""
        event = to_event(update)
        if event is None:
            log.info("update %s ignored (not a private-chat update we serve)", update.update_id)
            return
        await self.delivery.handle(event, self._channel(update, event.user_id, event.language_hint))

    def _channel(self, update: Update, chat_id: int, language: str | None) -> AiogramChannel:
        pending = PendingAnswers()
        if update.callback_query is not None:
            pending.callback_id = update.callback_query.id
            message = update.callback_query.message
            pending.pressed_message_id = message.message_id if message else None
        if update.pre_checkout_query is not None:
            pending.pre_checkout_id = update.pre_checkout_query.id
            pending.refusal = self.delivery.render(language, Message("conversation.error"))
        return self.channel_for(chat_id, pending)

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

    @property
    def push_channel(self) -> PushChannel:
        """Reaches users outside an update (payment callbacks, reminders)."""
        return PushChannel(self.channel_for)


def _parse(body: object, bot: Bot) -> Update:
    check_update_shape(body)
    try:
        return Update.model_validate(body, context={"bot": bot})
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise MalformedUpdate(f"not a Telegram update: {error.__class__.__name__}") from error
