"""The Bot API calls of the core's action performer, made by python-telegram-bot.

What each call carries is decided once in :mod:`sleeplab_core.conversation.telegram_calls`;
this shim only hands a call description to PTB's ``do_api_request`` (its upload as an
``InputFile``), which answers with the Bot API JSON, translating PTB's errors into the core's
vocabulary.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

from telegram import Bot, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.warnings import PTBUserWarning

from sleeplab_core.conversation import RecipientBlocked
from sleeplab_core.conversation.outbound import Outbox, RateLimited, TransientFailure
from sleeplab_core.conversation.performer import ActionPerformer, PendingAnswers, RequestRejected
from sleeplab_core.conversation.telegram_calls import BotApiCall, CallingBotApi
from sleeplab_core.documents.ports import DocumentStore

__all__ = ["PendingAnswers", "PtbCalls", "PtbChannel", "translate_errors"]

T = TypeVar("T")

# The raw call is chosen on purpose (the parameters are decided by the core), so PTB's hint
# to prefer its typed method of the same name is noise.
warnings.filterwarnings(
    "ignore", message=r"Please use 'Bot\.\w+' instead of", category=PTBUserWarning
)


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


class PtbCalls:
    """Executes :class:`BotApiCall` descriptions with a PTB bot."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def __call__(self, call: BotApiCall) -> Any:
        params = dict(call.params)
        if call.upload is not None:
            upload = call.upload
            params[upload.field] = InputFile(upload.content, filename=upload.filename)
        timeout = call.read_timeout
        if timeout is None:
            return await translate_errors(lambda: self._bot.do_api_request(call.method, params))
        return await translate_errors(
            lambda: self._bot.do_api_request(call.method, params, read_timeout=timeout)
        )


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
            CallingBotApi(PtbCalls(bot)),
            chat_id,
            outbox=outbox,
            documents=documents,
            bot_name=bot_name,
            pending=pending,
        )
