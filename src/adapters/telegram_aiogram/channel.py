"""The Bot API calls of the core's action performer, made by aiogram.

What each call carries is decided once in :mod:`sleeplab_core.conversation.telegram_calls`;
this shim only turns a call description into aiogram's method object, runs it and gives the
result back as Bot API JSON, translating aiogram's errors into the core's vocabulary.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiogram import Bot, methods
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods.base import TelegramMethod
from aiogram.types import BufferedInputFile
from pydantic import BaseModel

from sleeplab_core.conversation import RecipientBlocked
from sleeplab_core.conversation.outbound import Outbox, RateLimited, TransientFailure
from sleeplab_core.conversation.performer import ActionPerformer, PendingAnswers, RequestRejected
from sleeplab_core.conversation.telegram_calls import BotApiCall, CallingBotApi
from sleeplab_core.documents.ports import DocumentStore

__all__ = ["AiogramCalls", "AiogramChannel", "PendingAnswers", "result_json", "translate_errors"]

T = TypeVar("T")

_METHODS: dict[str, type[TelegramMethod[Any]]] = {
    cls.__api_method__: cls
    for cls in (getattr(methods, name) for name in methods.__all__)
    if isinstance(cls, type) and issubclass(cls, TelegramMethod)
}
"""aiogram's method classes by Bot API method name (``sendMessage`` → ``SendMessage``)."""


async def translate_errors(call: Callable[[], Awaitable[T]]) -> T:
    """Run a Bot API call, turning aiogram's errors into the core's vocabulary."""
    try:
        return await call()
    except TelegramRetryAfter as error:
        raise RateLimited(float(error.retry_after), error.message) from error
    except TelegramForbiddenError as error:
        raise RecipientBlocked(error.message) from error
    except TelegramBadRequest as error:
        raise RequestRejected(error.message) from error
    except (TelegramServerError, TelegramNetworkError) as error:
        raise TransientFailure(str(error)) from error


def result_json(value: Any) -> Any:
    """aiogram's typed result (a model, a list of them, or a plain value) as Bot API JSON."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, list):
        return [result_json(item) for item in value]
    return value


class AiogramCalls:
    """Executes :class:`BotApiCall` descriptions with an aiogram bot."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    def method(self, call: BotApiCall) -> TelegramMethod[Any]:
        """aiogram's method object for ``call`` (its upload as a buffered input file)."""
        params = dict(call.params)
        if call.upload is not None:
            upload = call.upload
            params[upload.field] = BufferedInputFile(upload.content, filename=upload.filename)
        return _METHODS[call.method](**params)

    async def __call__(self, call: BotApiCall) -> Any:
        method = self.method(call)
        timeout = None if call.read_timeout is None else int(call.read_timeout)
        result = await translate_errors(lambda: self._bot(method, request_timeout=timeout))
        return result_json(result)


class AiogramChannel(ActionPerformer):
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
            CallingBotApi(AiogramCalls(bot)),
            chat_id,
            outbox=outbox,
            documents=documents,
            bot_name=bot_name,
            pending=pending,
        )
