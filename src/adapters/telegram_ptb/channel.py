"""Core actions → Bot API calls through python-telegram-bot, within the outbox's limits."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import attrs
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LabeledPrice, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from sleeplab_core.conversation import (
    Action,
    AnswerButton,
    AnswerPreCheckout,
    DeleteMessage,
    EditScreen,
    Receipt,
    RecipientBlocked,
    Screen,
    SendDocument,
    SendInvoice,
    SendScreen,
)
from sleeplab_core.conversation.outbound import (
    Outbox,
    RateLimited,
    TransientFailure,
    edit_in_place,
)
from sleeplab_core.documents import DocumentNotFound
from sleeplab_core.documents.ports import DocumentStore

log = logging.getLogger(__name__)

T = TypeVar("T")

NOT_MODIFIED = "message is not modified"


async def translate_errors(call: Callable[[], Awaitable[T]]) -> T:
    """Run a Bot API call, turning PTB's errors into the outbox's vocabulary."""
    try:
        return await call()
    except RetryAfter as error:
        raise RateLimited(_seconds(error), error.message) from error
    except Forbidden as error:
        raise RecipientBlocked(error.message) from error
    except BadRequest:
        raise  # a subclass of NetworkError in PTB, but never worth a retry
    except NetworkError as error:  # 5xx, timeouts (TimedOut), lost connections
        raise TransientFailure(error.message) from error


def _seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 deprecates the integer form of retry_after
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def keyboard(screen: Screen) -> InlineKeyboardMarkup | None:
    """The inline keyboard of a screen, or None when it has no buttons."""
    if not screen.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.label, url=b.url)
                if b.url
                else InlineKeyboardButton(b.label, callback_data=b.data)
                for b in row
            ]
            for row in screen.buttons
        ]
    )


@attrs.define
class PendingAnswers:
    """What the inbound update still needs answered once the actions ran."""

    callback_id: str | None = None
    pre_checkout_id: str | None = None
    pressed_message_id: int | None = None
    refusal: str = ""
    """The pre-checkout error message when no flow answered (rendered by the caller)."""


class PtbChannel:
    """The :class:`~sleeplab_core.conversation.outbound.MessengerChannel` of one update."""

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
        self._bot = bot
        self._chat_id = chat_id
        self._outbox = outbox
        self._documents = documents
        self._bot_name = bot_name
        self._pending = pending or PendingAnswers()

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        receipts: list[Receipt] = []
        pressed = self._pending.pressed_message_id
        for action in edit_in_place(actions, pressed_message_id=pressed, message_ids=message_ids):
            message_id = await self._perform(action, message_ids)
            tag = getattr(action, "tag", None)
            if tag is None:
                continue
            receipts.append(Receipt(tag, message_id))
            if message_id is None:
                message_ids.pop(tag, None)
            else:
                message_ids[tag] = message_id
        return receipts

    async def settle(self) -> None:
        pending = self._pending
        if pending.callback_id is not None:
            await self._quietly(self._answer_button(AnswerButton(callback_id=pending.callback_id)))
        if pending.pre_checkout_id is not None:
            refusal = AnswerPreCheckout(
                query_id=pending.pre_checkout_id, ok=False, error_message=pending.refusal
            )
            await self._quietly(self._answer_pre_checkout(refusal))

    async def apologise(self, text: str) -> None:
        await self._quietly(self._send_screen(Screen.of(text)))

    async def _quietly(self, call: Awaitable[object]) -> None:
        try:
            await call
        except Exception as error:  # best effort: the user may have blocked the bot
            log.info("could not answer chat %s: %s", self._chat_id, error)

    async def _perform(self, action: Action, message_ids: dict[str, int]) -> int | None:
        match action:
            case SendScreen(screen=screen):
                return await self._send_screen(screen)
            case EditScreen(screen=screen, tag=tag):
                return await self._edit_screen(screen, message_ids.get(tag))
            case DeleteMessage(tag=tag):
                await self._delete(message_ids.get(tag))
                return None
            case SendDocument():
                return await self._send_document(action)
            case SendInvoice():
                return await self._send_invoice(action)
            case AnswerButton():
                await self._answer_button(action)
            case AnswerPreCheckout():
                await self._answer_pre_checkout(action)
            case _:
                log.warning("action not supported in Telegram: %r", action)
        return None

    async def _call(self, call: Callable[[], Awaitable[T]], *, limited: bool = True) -> T:
        return await self._outbox.call(
            self._chat_id, lambda: translate_errors(call), limited=limited
        )

    async def _send_screen(self, screen: Screen) -> int:
        message = await self._call(
            lambda: self._bot.send_message(
                self._chat_id, screen.text, reply_markup=keyboard(screen), parse_mode=None
            )
        )
        return message.message_id

    async def _edit_screen(self, screen: Screen, message_id: int | None) -> int:
        if message_id is None:
            return await self._send_screen(screen)
        try:
            await self._call(
                lambda: self._bot.edit_message_text(
                    screen.text,
                    chat_id=self._chat_id,
                    message_id=message_id,
                    reply_markup=keyboard(screen),
                    parse_mode=None,
                )
            )
        except BadRequest as error:
            if NOT_MODIFIED in error.message.lower():
                return message_id
            log.info("edit failed in chat %s (%s); sending anew", self._chat_id, error.message)
            return await self._send_screen(screen)
        return message_id

    async def _delete(self, message_id: int | None) -> None:
        if message_id is None:
            return
        try:
            await self._call(
                lambda: self._bot.delete_message(self._chat_id, message_id), limited=False
            )
        except BadRequest as error:  # already gone, or too old to delete
            log.info("delete failed in chat %s: %s", self._chat_id, error.message)

    async def _send_document(self, action: SendDocument) -> int:
        attachment = action.attachment
        file_id = await self._documents.file_id_for(attachment.key, self._bot_name)
        if file_id is not None:
            try:
                message = await self._call(lambda: self._send_file(action, file_id))
                return message.message_id
            except BadRequest as error:  # the id expired or belongs to another bot
                log.info("cached file id refused (%s); uploading again", error.message)
        content = await self._content(action)
        message = await self._call(lambda: self._send_file(action, content))
        uploaded = _file_id_of(message)
        if uploaded is not None:
            await self._documents.remember_file_id(attachment.key, self._bot_name, uploaded)
        return message.message_id

    def _send_file(self, action: SendDocument, file: str | bytes) -> Awaitable[Message]:
        name = action.attachment.filename if isinstance(file, bytes) else None
        if action.attachment.kind == "photo":
            return self._bot.send_photo(self._chat_id, file, caption=action.caption, filename=name)
        return self._bot.send_document(self._chat_id, file, caption=action.caption, filename=name)

    async def _content(self, action: SendDocument) -> bytes:
        try:
            return await self._documents.get(action.attachment.key)
        except DocumentNotFound:
            if action.attachment.path is None:
                raise
            return await asyncio.to_thread(Path(action.attachment.path).read_bytes)

    async def _send_invoice(self, action: SendInvoice) -> int:
        prices = [LabeledPrice(p.label, p.amount) for p in action.prices]
        message = await self._call(
            lambda: self._bot.send_invoice(
                chat_id=self._chat_id,
                title=action.title,
                description=action.description,
                payload=action.payload,
                currency=action.currency,
                prices=prices,
                provider_token=action.provider_token,
            )
        )
        return message.message_id

    async def _answer_button(self, action: AnswerButton) -> None:
        if action.callback_id != self._pending.callback_id:
            log.warning("button answer for another press ignored")
            return
        self._pending.callback_id = None
        try:
            await self._call(
                lambda: self._bot.answer_callback_query(action.callback_id, text=action.text),
                limited=False,
            )
        except BadRequest as error:  # too old: a re-delivered press
            log.info("button answer refused: %s", error.message)

    async def _answer_pre_checkout(self, action: AnswerPreCheckout) -> None:
        if action.query_id == self._pending.pre_checkout_id:
            self._pending.pre_checkout_id = None
        await self._call(
            lambda: self._bot.answer_pre_checkout_query(
                action.query_id, ok=action.ok, error_message=action.error_message
            ),
            limited=False,
        )


def _file_id_of(message: Message) -> str | None:
    if message.document is not None:
        return message.document.file_id
    if message.photo:
        return message.photo[-1].file_id
    return None
