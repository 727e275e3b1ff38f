"""Core actions → Bot API calls, written once for every Telegram framework.

The outbound twin of :mod:`~sleeplab_core.conversation.telegram_updates`. Each function
describes one Bot API call as a :class:`BotApiCall`: the method name, its parameters as Bot
API JSON (``None`` values left out) and the file to upload, if any. :class:`CallingBotApi` is
the core's :class:`~sleeplab_core.conversation.performer.BotApi` over anything that can
*execute* such a call and return the ``result`` field of Telegram's answer as JSON; the
framework adapters (aiogram, python-telegram-bot) are only that executor plus the
translation of their exceptions into the core's vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import attrs

from sleeplab_core.conversation.actions import SendInvoice
from sleeplab_core.conversation.outbound import CommandMenu
from sleeplab_core.conversation.performer import Keyboard, RequestRejected
from sleeplab_core.conversation.telegram_runtime import ALLOWED_UPDATES

__all__ = [
    "BotApiCall",
    "CallExecutor",
    "CallingBotApi",
    "Upload",
    "answer_callback",
    "answer_pre_checkout",
    "create_invoice_link",
    "delete",
    "delete_webhook",
    "edit_text",
    "file_id_of",
    "get_updates",
    "inline_keyboard",
    "message_id_of",
    "send_file",
    "send_invoice",
    "send_text",
    "set_my_commands",
    "set_webhook",
]


@attrs.frozen
class Upload:
    """File content sent with a call, as the multipart field ``field`` named ``filename``."""

    field: str
    content: bytes = attrs.field(repr=lambda c: f"<{len(c)} bytes>")
    filename: str


@attrs.frozen
class BotApiCall:
    """One Bot API call: ``method`` with JSON ``params`` and at most one file to upload.

    ``read_timeout`` (seconds) is how long the answer may take when it is longer than the
    client's default (a long poll); None keeps the default.
    """

    method: str
    params: Mapping[str, Any]
    upload: Upload | None = None
    read_timeout: float | None = None


class CallExecutor(Protocol):
    """Makes a Bot API call; the ``result`` of Telegram's answer as JSON.

    Contract: the errors of :class:`~sleeplab_core.conversation.performer.BotApi` (429 →
    RateLimited, 403 → RecipientBlocked, 400 → RequestRejected, the rest → TransientFailure).
    """

    async def __call__(self, call: BotApiCall) -> Any:
        """The ``result`` of ``call``."""
        ...


def _call(method: str, **params: Any) -> BotApiCall:
    return BotApiCall(method, {k: v for k, v in params.items() if v is not None})


def inline_keyboard(rows: Keyboard) -> dict[str, Any] | None:
    """The ``InlineKeyboardMarkup`` of ``rows``, or None when there are no buttons.

    A button with a ``url`` opens it; any other sends its ``data`` back.
    """
    if not rows:
        return None
    return {
        "inline_keyboard": [
            [
                {"text": b.label, "url": b.url}
                if b.url
                else {"text": b.label, "callback_data": b.data}
                for b in row
            ]
            for row in rows
        ]
    }


def send_text(chat_id: int, text: str, buttons: Keyboard) -> BotApiCall:
    """``sendMessage`` without a parse mode (the text is shown as written)."""
    return _call("sendMessage", chat_id=chat_id, text=text, reply_markup=inline_keyboard(buttons))


def edit_text(chat_id: int, message_id: int, text: str, buttons: Keyboard) -> BotApiCall:
    """``editMessageText``: new text and keyboard (none when ``buttons`` is empty)."""
    return _call(
        "editMessageText",
        chat_id=chat_id,
        message_id=message_id,
        text=text,
        reply_markup=inline_keyboard(buttons),
    )


def delete(chat_id: int, message_id: int) -> BotApiCall:
    """``deleteMessage``."""
    return _call("deleteMessage", chat_id=chat_id, message_id=message_id)


def send_file(
    chat_id: int, file: str | bytes, filename: str, caption: str | None, photo: bool
) -> BotApiCall:
    """``sendDocument`` (or ``sendPhoto``) of bytes named ``filename`` or of a file id.

    Raises:
        ValueError: bytes to upload without a file name.
    """
    field = "photo" if photo else "document"
    method = "sendPhoto" if photo else "sendDocument"
    params: dict[str, Any] = {"chat_id": chat_id}
    upload = None
    if isinstance(file, bytes):
        if not filename:
            raise ValueError("an uploaded file needs a name")
        upload = Upload(field, file, filename)
    else:
        params[field] = file
    if caption is not None:
        params["caption"] = caption
    return BotApiCall(method, params, upload)


def _invoice(invoice: SendInvoice) -> dict[str, Any]:
    return {
        "title": invoice.title,
        "description": invoice.description,
        "payload": invoice.payload,
        "currency": invoice.currency,
        "prices": [{"label": p.label, "amount": p.amount} for p in invoice.prices],
        "provider_token": invoice.provider_token,
    }


def send_invoice(chat_id: int, invoice: SendInvoice) -> BotApiCall:
    """``sendInvoice`` with its ``start_parameter`` (a forwarded copy links to the bot)."""
    return _call(
        "sendInvoice",
        chat_id=chat_id,
        **_invoice(invoice),
        start_parameter=invoice.start_parameter,
    )


def create_invoice_link(invoice: SendInvoice) -> BotApiCall:
    """``createInvoiceLink``, with the ``subscription_period`` of a subscription."""
    return _call(
        "createInvoiceLink", **_invoice(invoice), subscription_period=invoice.subscription_period
    )


def answer_pre_checkout(query_id: str, ok: bool, error_message: str | None) -> BotApiCall:
    """``answerPreCheckoutQuery`` (a refusal carries the message the payer sees)."""
    return _call(
        "answerPreCheckoutQuery", pre_checkout_query_id=query_id, ok=ok, error_message=error_message
    )


def answer_callback(callback_id: str, text: str | None) -> BotApiCall:
    """``answerCallbackQuery`` (stops the button's spinner, with a toast when ``text``)."""
    return _call("answerCallbackQuery", callback_query_id=callback_id, text=text)


def set_my_commands(menu: CommandMenu) -> BotApiCall:
    """``setMyCommands`` for the menu's language (the default menu when it has none)."""
    return _call(
        "setMyCommands",
        commands=[{"command": name, "description": text} for name, text in menu.commands],
        language_code=menu.language,
    )


def set_webhook(url: str, secret: str) -> BotApiCall:
    """``setWebhook`` with the secret token Telegram sends back and the allowed updates."""
    return _call("setWebhook", url=url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES))


def delete_webhook() -> BotApiCall:
    """``deleteWebhook`` (long polling needs none)."""
    return _call("deleteWebhook")


def get_updates(offset: int | None, poll_seconds: int, slack_seconds: float) -> BotApiCall:
    """``getUpdates``: a long poll of ``poll_seconds``; the answer may take ``slack`` more."""
    call = _call(
        "getUpdates", offset=offset, timeout=poll_seconds, allowed_updates=list(ALLOWED_UPDATES)
    )
    return attrs.evolve(call, read_timeout=poll_seconds + slack_seconds)


def message_id_of(method: str, result: Any) -> int:
    """The ``message_id`` of the Message a call returned.

    Raises:
        RequestRejected: the result is not a message (nothing is retried: it may have been sent).
    """
    if isinstance(result, Mapping):
        message_id = result.get("message_id")
        if isinstance(message_id, int) and not isinstance(message_id, bool):
            return message_id
    raise RequestRejected(f"{method} answered without a message id")


def file_id_of(result: Any) -> str | None:
    """The file id of the document (or largest photo) of a sent message, if any."""
    if not isinstance(result, Mapping):
        return None
    document = result.get("document")
    if isinstance(document, Mapping) and isinstance(document.get("file_id"), str):
        return str(document["file_id"])
    photo = result.get("photo")
    if isinstance(photo, Sequence) and photo and isinstance(photo[-1], Mapping):
        file_id = photo[-1].get("file_id")
        return file_id if isinstance(file_id, str) else None
    return None


class CallingBotApi:
    """The core's :class:`~sleeplab_core.conversation.performer.BotApi` over ``execute``."""

    def __init__(self, execute: CallExecutor) -> None:
        self._execute = execute

    async def send_text(self, chat_id: int, text: str, buttons: Keyboard) -> int:
        return message_id_of("sendMessage", await self._execute(send_text(chat_id, text, buttons)))

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None:
        await self._execute(edit_text(chat_id, message_id, text, buttons))

    async def delete(self, chat_id: int, message_id: int) -> None:
        await self._execute(delete(chat_id, message_id))

    async def send_file(
        self, chat_id: int, file: str | bytes, filename: str, caption: str | None, photo: bool
    ) -> tuple[int, str | None]:
        call = send_file(chat_id, file, filename, caption, photo)
        result = await self._execute(call)
        return message_id_of(call.method, result), file_id_of(result)

    async def send_invoice(self, chat_id: int, invoice: SendInvoice) -> int:
        return message_id_of("sendInvoice", await self._execute(send_invoice(chat_id, invoice)))

    async def create_invoice_link(self, invoice: SendInvoice) -> str:
        link = await self._execute(create_invoice_link(invoice))
        if not isinstance(link, str):
            raise RequestRejected("createInvoiceLink answered without a link")
        return link

    async def answer_pre_checkout(self, query_id: str, ok: bool, error_message: str | None) -> None:
        await self._execute(answer_pre_checkout(query_id, ok, error_message))

    async def answer_callback(self, callback_id: str, text: str | None) -> None:
        await self._execute(answer_callback(callback_id, text))
