"""The loopback Bot API server and its Python test API."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from .api import BotApi
from .calls import CallLog
from .control import ControlApi
from .faults import FaultRule, Faults
from .history import HistoryEvent, TranscriptEntry
from .model import Account, Chat
from .users import GroupHandle, UserHandle
from .world import World

MAX_UPLOAD = 50 * 1024 * 1024  # Telegram's limit for bot uploads


class EmulatorBugError(RuntimeError):
    """The emulator itself failed while answering (it answered 500); see ``errors``."""

    def __init__(self, errors: list[Exception]) -> None:
        super().__init__(f"the emulator failed {len(errors)} time(s), first: {errors[0]!r}")
        self.errors = errors


class Emulator:
    """A Telegram Bot API server on 127.0.0.1 that real aiogram and PTB bots talk to.

    Use ``async with Emulator() as emu:``; point the bot at ``emu.base_url`` with
    ``emu.token``; act as users with ``emu.user(...)``; inject faults with ``emu.inject``;
    assert on ``emu.calls`` and the users' ``transcript()`` / ``history()``.

    Args:
        token: the bot token to accept (``<bot id>:<secret>``); a random one by default.
        host, port: where to listen; port 0 picks a free port.
        bot_username, bot_name: what getMe returns.
        webhook_retry_delay: first pause before re-sending a failed webhook delivery.
        clock: seconds since the epoch for message dates (``time.time`` by default).
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "sleeplab_test_bot",
        bot_name: str = "SleepLab Test",
        webhook_retry_delay: float = 0.05,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token or f"7{secrets.randbelow(10**9):09d}:AA{secrets.token_urlsafe(24)}"
        bot_id = int(self.token.split(":", 1)[0])
        bot = Account(bot_id, bot_name, is_bot=True, username=bot_username)
        self.world = World(bot, clock)
        self.world.webhook_retry["retry_delay"] = webhook_retry_delay
        self.faults = Faults()
        self.calls = CallLog()
        self._host = host
        self._port = port
        self._users: dict[int, UserHandle] = {}
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    @property
    def bot(self) -> Account:
        return self.world.bot

    @property
    def api_url(self) -> str:
        """``{base_url}/bot{token}``: where Bot API methods are posted."""
        return f"{self.base_url}/bot{self.token}"

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_UPLOAD)
        bot_api = BotApi(self.world, self.token, self.faults, self.calls)
        self.world.execute_reply = bot_api.execute
        app.add_routes(bot_api.routes())
        app.add_routes(ControlApi(self).routes())
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"

    async def stop(self) -> None:
        self.world.closing.set()
        await self.world.feed.close()
        if self.world.webhook is not None:
            await self.world.webhook.stop()
            self.world.webhook = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
        if self.world.internal_errors and exc is None:
            raise EmulatorBugError(self.world.internal_errors)

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> UserHandle:
        """The user with this id (created on first use, with a private chat)."""
        if user_id in self._users:
            return self._users[user_id]
        account = Account(
            user_id, first_name, last_name=last_name, username=username, language_code=language_code
        )
        chat = Chat(
            user_id, "private", first_name=first_name, last_name=last_name, username=username
        )
        self.world.accounts[user_id] = account
        self.world.chats[user_id] = chat
        self._users[user_id] = UserHandle(self.world, account, chat)
        return self._users[user_id]

    def group(self, chat_id: int, title: str, *, supergroup: bool = False) -> GroupHandle:
        """A group (negative id) the bot is a member of."""
        if chat_id >= 0:
            raise ValueError(f"group chat ids are negative, got {chat_id}")
        chat = self.world.chats.get(chat_id)
        if chat is None:
            chat = Chat(chat_id, "supergroup" if supergroup else "group", title=title)
            self.world.chats[chat_id] = chat
        return GroupHandle(self.world, chat)

    def inject(
        self,
        method: str | None = None,
        *,
        error: int | None = None,
        retry_after: int | None = None,
        times: int | None = 1,
        chat_id: int | None = None,
        delay: float = 0.0,
        description: str | None = None,
    ) -> FaultRule:
        """Answer the next ``times`` matching calls with ``error`` (see ``Faults.inject``)."""
        return self.faults.inject(
            method,
            error=error,
            retry_after=retry_after,
            times=times,
            chat_id=chat_id,
            delay=delay,
            description=description,
        )

    def transcript(self, chat_id: int) -> list[TranscriptEntry]:
        return self.world.transcript(chat_id)

    def history(self) -> list[HistoryEvent]:
        return list(self.world.history.events)

    async def calls_started(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - test API, reads like pytest's timeouts
    ) -> None:
        """Wait until ``count`` calls of ``method`` have arrived (answered or not).

        Useful to know that a long poll is waiting before acting as a user.
        """
        key = method.lower()
        await self.world.wait_until(lambda: self.world.calls_started[key] >= count, timeout)

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by getUpdates or delivered to the webhook."""
        return self.world.feed.pending

    async def wait_for_idle(self, timeout: float = 5.0, settle: float = 0.05) -> None:  # noqa: ASYNC109 - test API
        """Wait until every update is taken and no Bot API call is running, for ``settle`` s.

        Raises:
            TimeoutError: still busy after ``timeout`` seconds.
        """
        try:
            await asyncio.wait_for(self._settle(settle), timeout)
        except TimeoutError:
            raise TimeoutError(
                f"emulator not idle after {timeout} s: {len(self.pending_updates)} pending "
                f"update(s), {self.world.requests_in_flight} call(s) running"
            ) from None

    async def _settle(self, settle: float) -> None:
        while True:
            await self.world.wait_until(self._is_idle, within=None)
            changed = asyncio.ensure_future(self._next_change())
            try:
                await asyncio.wait_for(asyncio.shield(changed), settle)
            except TimeoutError:
                if self._is_idle():
                    return
            finally:
                changed.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await changed

    async def _next_change(self) -> None:
        async with self.world.changed:
            await self.world.changed.wait()

    def _is_idle(self) -> bool:
        return not self.world.feed.pending and self.world.requests_in_flight == 0


BotApiEmulator = Emulator
