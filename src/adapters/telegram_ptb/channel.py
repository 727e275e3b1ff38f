"""The Bot API calls of the core's action performer, through python-telegram-bot."""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LabeledPrice, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from sleeplab_core.conversation import RecipientBlocked, Screen, SendInvoice
from sleeplab_core.conversation.outbound import Outbox, RateLimited, TransientFailure
from sleeplab_core.conversation.performer import (
    ActionPerformer,
    Keyboard,
    PendingAnswers,
    RequestRejected,
)
from sleeplab_core.documents.ports import DocumentStore

__all__ = ["PendingAnswers", "PtbBotApi", "PtbChannel", "keyboard", "translate_errors"]

T = TypeVar("T")


async def translate_errors(call: Callable[[], Awaitable[T]]) -> T:
    """Run a Bot API call, turning PTB's errors into the core's vocabulary."""
    try:
        return await call()
    except RetryAfter as error:
        raise RateLimited(_seconds(error), error.message) from error
    except Forbidden as error:
        raise RecipientBlocked(error.message) from error
    except BadRequest as error:  # a subclass of NetworkError in PTB, but never worth a retry
        raise RequestRejected(error.message) from error
    except NetworkError as error:  # 5xx, timeouts (TimedOut), lost connections
        raise TransientFailure(error.message) from error


def _seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 deprecates the integer form of retry_after
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def keyboard(screen: Screen | Keyboard) -> InlineKeyboardMarkup | None:
    """The inline keyboard of a screen (or of its rows), or None when it has no buttons."""
    rows = screen.buttons if isinstance(screen, Screen) else screen
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.label, url=b.url)
                if b.url
                else InlineKeyboardButton(b.label, callback_data=b.data)
                for b in row
            ]
            for row in rows
        ]
    )


class PtbBotApi:
    """The core's :class:`~sleeplab_core.conversation.performer.BotApi` over a PTB bot."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send_text(self, chat_id: int, text: str, buttons: Keyboard) -> int:
        markup = keyboard(buttons)
        message = await translate_errors(
            lambda: self._bot.send_message(chat_id, text, reply_markup=markup, parse_mode=None)
        )
        return message.message_id

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None:
        markup = keyboard(buttons)
        await translate_errors(
            lambda: self._bot.edit_message_text(
                text,
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=markup,
                parse_mode=None,
            )
        )

    async def delete(self, chat_id: int, message_id: int) -> None:
        await translate_errors(lambda: self._bot.delete_message(chat_id, message_id))

    async def send_file(
        self, chat_id: int, file: str | bytes, filename: str, caption: str | None, photo: bool
    ) -> tuple[int, str | None]:
        name = filename if isinstance(file, bytes) else None
        send = self._bot.send_photo if photo else self._bot.send_document
        message = await translate_errors(
            lambda: send(chat_id, file, caption=caption, filename=name)
        )
        return message.message_id, _file_id_of(message)

    async def send_invoice(self, chat_id: int, invoice: SendInvoice) -> int:
        prices = [LabeledPrice(p.label, p.amount) for p in invoice.prices]
        message = await translate_errors(
            lambda: self._bot.send_invoice(
                chat_id=chat_id,
                title=invoice.title,
                description=invoice.description,
                payload=invoice.payload,
                currency=invoice.currency,
                prices=prices,
                provider_token=invoice.provider_token,
                start_parameter=invoice.start_parameter,
            )
        )
        return message.message_id

    async def create_invoice_link(self, invoice: SendInvoice) -> str:
        prices = [LabeledPrice(p.label, p.amount) for p in invoice.prices]
        return await translate_errors(
            lambda: self._bot.create_invoice_link(
                title=invoice.title,
                description=invoice.description,
                payload=invoice.payload,
                currency=invoice.currency,
                prices=prices,
                provider_token=invoice.provider_token,
                subscription_period=invoice.subscription_period,
            )
        )

    async def answer_pre_checkout(self, query_id: str, ok: bool, error_message: str | None) -> None:
        await translate_errors(
            lambda: self._bot.answer_pre_checkout_query(
                query_id, ok=ok, error_message=error_message
            )
        )

    async def answer_callback(self, callback_id: str, text: str | None) -> None:
        await translate_errors(lambda: self._bot.answer_callback_query(callback_id, text=text))


class PtbChannel(ActionPerformer):
    """The core's action performer for one chat, calling Telegram through ``bot``."""

    def __init__(
        self,
        bot: Bot,
        chat_id: int,
        *,
        outbox: Outbox,
        documents: DocumentStore,
        bot_name: str,
        pending: PendingAnswers | None = None,
    ) -> None:
        super().__init__(
            PtbBotApi(bot),
            chat_id,
            outbox=outbox,
            documents=documents,
            bot_name=bot_name,
            pending=pending,
        )


def _file_id_of(message: Message) -> str | None:
    if message.document is not None:
        return message.document.file_id
    if message.photo:
        return message.photo[-1].file_id
    return None
