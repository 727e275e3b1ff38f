"""Core actions → Bot API calls, within the outbox's limits and retries, framework-free.

:class:`ActionPerformer` is the Telegram :class:`~sleeplab_core.conversation.ports.Channel`
of one chat: it sends screens, edits them in place (sending anew when the message is gone),
deletes by tag, uploads a document once and reuses its cached file id, sends invoices and
answers presses and pre-checkout queries. The framework adapters (aiogram,
python-telegram-bot) only implement the small :class:`BotApi` port.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol, TypeVar

import attrs

from sleeplab_core.conversation.actions import (
    Action,
    AnswerButton,
    AnswerPreCheckout,
    Button,
    DeleteMessage,
    EditScreen,
    Receipt,
    Screen,
    SendDocument,
    SendInvoice,
    SendScreen,
)
from sleeplab_core.conversation.outbound import Outbox, edit_in_place
from sleeplab_core.documents.errors import DocumentNotFound
from sleeplab_core.documents.ports import DocumentStore
from sleeplab_core.kernel.errors import SleeplabError

log = logging.getLogger(__name__)

T = TypeVar("T")

Keyboard = tuple[tuple[Button, ...], ...]
"""The rows of buttons of a :class:`Screen`; empty for no keyboard."""

NOT_MODIFIED = "message is not modified"
"""Telegram's description of an edit that changes nothing: the screen is already shown."""


class RequestRejected(SleeplabError):
    """Telegram refused a call as a bad request (400); never worth a retry.

    ``description`` is Telegram's own text ("Bad Request: message is not modified", "message
    to edit not found", "wrong file identifier/HTTP URL specified", ...), so the caller can
    tell an edit that changes nothing from a message that is gone.
    """

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class BotApi(Protocol):
    """The few Bot API calls the performer needs, in core types.

    Contract: every method raises :class:`~sleeplab_core.conversation.outbound.RateLimited`
    for a 429 (with its retry-after), :class:`~sleeplab_core.conversation.errors.
    RecipientBlocked` for a 403, :class:`~sleeplab_core.conversation.outbound.
    TransientFailure` for server errors, timeouts and lost connections and
    :class:`RequestRejected` for a 400 with Telegram's description; text is sent without a
    parse mode; ``buttons`` rows become an inline keyboard (none when empty), a button
    with a ``url`` opening it and any other sending its ``data`` back.
    """

    async def send_text(self, chat_id: int, text: str, buttons: Keyboard) -> int:
        """Send ``text`` with ``buttons`` as its inline keyboard; the message id."""
        ...

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None:
        """Replace the text and inline keyboard of a sent message."""
        ...

    async def delete(self, chat_id: int, message_id: int) -> None:
        """Delete a sent message."""
        ...

    async def send_file(
        self, chat_id: int, file: str | bytes, filename: str, caption: str | None, photo: bool
    ) -> tuple[int, str | None]:
        """Send a document (or a photo) by content or by a file id Telegram gave before.

        Args:
            file: the bytes to upload (named ``filename``) or a cached file id.
            photo: send as a photo rather than a document.

        Returns:
            The message id and the file id of what was sent (None when there is none).
        """
        ...

    async def send_invoice(self, chat_id: int, invoice: SendInvoice) -> int:
        """Send an invoice; the message id."""
        ...

    async def create_invoice_link(self, invoice: SendInvoice) -> str:
        """An invoice link (``createInvoiceLink``), with its ``subscription_period`` if any."""
        ...

    async def answer_pre_checkout(self, query_id: str, ok: bool, error_message: str | None) -> None:
        """Answer a pre-checkout query."""
        ...

    async def answer_callback(self, callback_id: str, text: str | None) -> None:
        """Answer a button press (stops the client's spinner)."""
        ...


@attrs.define
class PendingAnswers:
    """What the inbound update still needs answered once the actions ran."""

    callback_id: str | None = None
    pre_checkout_id: str | None = None
    pressed_message_id: int | None = None
    refusal: str = ""
    """The pre-checkout error message when no flow answered (rendered by the caller)."""


class ActionPerformer:
    """The :class:`~sleeplab_core.conversation.outbound.MessengerChannel` of one update.

    Args:
        api: the framework's Bot API shim.
        chat_id: the private chat the actions go to.
        outbox: rate limits and retries shared by all chats of the bot.
        documents: document contents and the file ids Telegram gave for them.
        bot_name: the bot whose file ids are cached (ids are valid for one bot only).
        pending: what the inbound update still needs answered.
    """

    def __init__(
        self,
        api: BotApi,
        chat_id: int,
        *,
        outbox: Outbox,
        documents: DocumentStore,
        bot_name: str,
        pending: PendingAnswers | None = None,
    ) -> None:
        self._api = api
        self._chat_id = chat_id
        self._outbox = outbox
        self._documents = documents
        self._bot_name = bot_name
        self._pending = pending or PendingAnswers()

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        actions = await self._answers_first(actions)
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

    async def _answers_first(self, actions: list[Action]) -> list[Action]:
        """Answer what Telegram waits for before anything is sent: the press's spinner stops
        and a pre-checkout answer does not queue behind screens (or their 429s)."""
        rest = []
        for action in actions:
            if isinstance(action, AnswerPreCheckout):
                await self._answer_pre_checkout(action)
            elif (
                isinstance(action, AnswerButton) and action.callback_id == self._pending.callback_id
            ):
                await self._quietly(self._answer_button(action))
            else:
                rest.append(action)
        if self._pending.callback_id is not None:
            await self._quietly(
                self._answer_button(AnswerButton(callback_id=self._pending.callback_id))
            )
        return rest

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
            case SendInvoice(subscription_period=period) if period:
                return await self._send_subscription(action)
            case SendInvoice():
                return await self._call(lambda: self._api.send_invoice(self._chat_id, action))
            case AnswerButton():
                await self._answer_button(action)
            case AnswerPreCheckout():
                await self._answer_pre_checkout(action)
            case _:
                log.warning("action not supported in Telegram: %r", action)
        return None

    async def _call(self, call: Callable[[], Awaitable[T]], *, limited: bool = True) -> T:
        return await self._outbox.call(self._chat_id, call, limited=limited)

    async def _send_screen(self, screen: Screen) -> int:
        return await self._call(
            lambda: self._api.send_text(self._chat_id, screen.text, screen.buttons)
        )

    async def _edit_screen(self, screen: Screen, message_id: int | None) -> int:
        if message_id is None:
            return await self._send_screen(screen)
        try:
            await self._call(
                lambda: self._api.edit_text(self._chat_id, message_id, screen.text, screen.buttons)
            )
        except RequestRejected as error:
            if NOT_MODIFIED in error.description.lower():
                return message_id
            log.info("edit failed in chat %s (%s); sending anew", self._chat_id, error.description)
            return await self._send_screen(screen)
        return message_id

    async def _delete(self, message_id: int | None) -> None:
        if message_id is None:
            return
        try:
            await self._call(lambda: self._api.delete(self._chat_id, message_id), limited=False)
        except RequestRejected as error:  # already gone, or too old to delete
            log.info("delete failed in chat %s: %s", self._chat_id, error.description)

    async def _send_subscription(self, invoice: SendInvoice) -> int:
        """Telegram sells Stars subscriptions only through links: create one, offer it."""
        link = await self._call(lambda: self._api.create_invoice_link(invoice), limited=False)
        label = invoice.button_label or invoice.title
        buttons = ((Button(label, url=link),),)
        text = f"{invoice.title}\n{invoice.description}"
        return await self._call(lambda: self._api.send_text(self._chat_id, text, buttons))

    async def _send_document(self, action: SendDocument) -> int:
        attachment = action.attachment
        file_id = await self._documents.file_id_for(attachment.key, self._bot_name)
        if file_id is not None:
            try:
                message_id, _ = await self._call(lambda: self._send_file(action, file_id))
                return message_id
            except RequestRejected as error:  # the id expired or belongs to another bot
                log.info("cached file id refused (%s); uploading again", error.description)
        content = await self._content(action)
        message_id, uploaded = await self._call(lambda: self._send_file(action, content))
        if uploaded is not None and await self._documents.exists(attachment.key):
            # a file sent from its path only (not in the store) has nowhere to keep its id
            await self._documents.remember_file_id(attachment.key, self._bot_name, uploaded)
        return message_id

    def _send_file(
        self, action: SendDocument, file: str | bytes
    ) -> Awaitable[tuple[int, str | None]]:
        attachment = action.attachment
        photo = attachment.kind == "photo"
        return self._api.send_file(self._chat_id, file, attachment.filename, action.caption, photo)

    async def _content(self, action: SendDocument) -> bytes:
        try:
            return await self._documents.get(action.attachment.key)
        except DocumentNotFound:
            if action.attachment.path is None:
                raise
            return await asyncio.to_thread(Path(action.attachment.path).read_bytes)

    async def _answer_button(self, action: AnswerButton) -> None:
        if action.callback_id != self._pending.callback_id:
            log.warning("button answer for another press ignored")
            return
        self._pending.callback_id = None
        try:
            await self._call(
                lambda: self._api.answer_callback(action.callback_id, action.text), limited=False
            )
        except RequestRejected as error:  # too old: a re-delivered press
            log.info("button answer refused: %s", error.description)

    async def _answer_pre_checkout(self, action: AnswerPreCheckout) -> None:
        if action.query_id == self._pending.pre_checkout_id:
            self._pending.pre_checkout_id = None
        await self._outbox.call(
            self._chat_id,
            lambda: self._api.answer_pre_checkout(action.query_id, action.ok, action.error_message),
            limited=False,
            urgent=True,
        )
