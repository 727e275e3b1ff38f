"""The emulator's state and the operations that both the Bot API and the test side share."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from .errors import CHAT_NOT_FOUND, bad_request, blocked_by_user
from .feed import UpdateFeed
from .files import FileStore
from .history import History, TranscriptEntry, transcript_entry
from .model import Account, Chat, Message
from .shapes import message_json
from .webhook import ReplyExecutor, WebhookDeliverer


class PendingQuery:
    """A callback or pre-checkout query waiting for the bot's answer."""

    def __init__(self, kind: str, query_id: str, chat_id: int, payload: dict[str, Any]) -> None:
        self.kind = kind
        self.id = query_id
        self.chat_id = chat_id
        self.payload = payload
        self._answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()

    @property
    def answered(self) -> bool:
        return self._answer.done()

    @property
    def answer(self) -> dict[str, Any] | None:
        return self._answer.result() if self._answer.done() else None

    def resolve(self, answer: dict[str, Any]) -> None:
        self._answer.set_result(answer)

    async def wait(self, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109 - test API
        """The bot's answer; raises TimeoutError when none comes in ``timeout`` seconds."""
        return await asyncio.wait_for(asyncio.shield(self._answer), timeout)


class World:
    """Everything the emulator knows, shared by the Bot API routes and the test API."""

    def __init__(self, bot: Account, clock: Callable[[], float] = time.time) -> None:
        self.bot = bot
        self.clock = clock
        self.accounts: dict[int, Account] = {bot.id: bot}
        self.chats: dict[int, Chat] = {}
        self.files = FileStore()
        self.feed = UpdateFeed(on_change=self.notify)
        self.history = History()
        self.webhook: WebhookDeliverer | None = None
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.profile_texts: dict[tuple[str, str], str] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.queries: dict[str, PendingQuery] = {}
        self.invoices: dict[tuple[int, int], dict[str, Any]] = {}
        self.invoice_links: dict[str, dict[str, Any]] = {}
        self.charges: dict[str, dict[str, Any]] = {}
        self.webhook_retry: dict[str, float] = {"retry_delay": 0.05, "max_retry_delay": 2.0}
        # Runs a method call found in a webhook answer; set by the server that owns the API.
        self.execute_reply: ReplyExecutor | None = None
        self.requests_in_flight = 0
        self.internal_errors: list[Exception] = []
        self.calls_started: Counter[str] = Counter()
        self.changed = asyncio.Condition()
        self.closing = asyncio.Event()

    def now(self) -> int:
        return int(self.clock())

    def chat(self, chat_id: int | None) -> Chat:
        chat = self.chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            raise bad_request(CHAT_NOT_FOUND)
        return chat

    def writable_chat(self, chat_id: int | None) -> Chat:
        """A chat the bot may post in.

        Raises:
            ApiError: 400 chat not found, 403 bot was blocked by the user.
        """
        chat = self.chat(chat_id)
        if chat.blocked:
            raise blocked_by_user()
        return chat

    def message(self, chat: Chat, message_id: int | None, missing: str) -> Message:
        message = chat.messages.get(message_id) if message_id is not None else None
        if message is None or message.deleted:
            raise bad_request(missing)
        return message

    def message_json(self, message: Message) -> dict[str, Any]:
        return message_json(message, self.accounts[message.sender_id], self.chats[message.chat_id])

    async def post_bot_message(
        self,
        chat: Chat,
        content: dict[str, Any],
        reply_markup: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Message:
        message = Message(
            chat.next_message_id(),
            chat.id,
            self.bot.id,
            self.now(),
            content,
            reply_markup,
            extra=extra or {},
        )
        chat.messages[message.message_id] = message
        self.history.add(
            "bot_message",
            chat.id,
            message.message_id,
            content=message.kind,
            text=message.shown_text,
        )
        await self.notify()
        return message

    async def post_user_message(
        self, chat: Chat, sender: Account, content: dict[str, Any]
    ) -> dict[str, Any]:
        """Store a message from a user and queue it as a ``message`` update."""
        message = Message(chat.next_message_id(), chat.id, sender.id, self.now(), content)
        chat.messages[message.message_id] = message
        self.history.add(
            "user_message",
            chat.id,
            message.message_id,
            user_id=sender.id,
            content=message.kind,
            text=message.shown_text,
        )
        payload = self.message_json(message)
        await self.push_update("message", payload)
        return payload

    async def push_update(self, update_type: str, payload: dict[str, Any]) -> None:
        await self.feed.push(update_type, payload)

    def open_query(self, kind: str, chat_id: int, payload: dict[str, Any]) -> PendingQuery:
        """Register a ``callback_query`` or ``pre_checkout_query`` awaiting an answer."""
        query = PendingQuery(kind, str(secrets.randbelow(10**18) + 10**18), chat_id, payload)
        self.queries[query.id] = query
        return query

    def transcript(self, chat_id: int) -> list[TranscriptEntry]:
        chat = self.chat(chat_id)
        return [
            transcript_entry(m, self.message_json(m))
            for m in chat.live_messages()
            if m.sender_id == self.bot.id
        ]

    def bot_message_count(self, chat_id: int) -> int:
        return sum(1 for e in self.history.of_chat(chat_id) if e.kind == "bot_message")

    async def pause(self, seconds: float) -> None:
        """Sleep, but wake at once when the emulator shuts down (injected slowness)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.closing.wait(), seconds)

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def wait_until(self, predicate: Callable[[], bool], within: float | None) -> None:
        """Return when ``predicate`` holds; TimeoutError after ``within`` seconds."""
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(predicate), within)
