"""How a messenger channel delivers: per-user order, rate limits, retries, a tidy chat.

Framework-free delivery policy shared by the Telegram adapters (aiogram and
python-telegram-bot), so both behave the same and the adapters only translate:

- :class:`KeyedSerializer` runs the work of one key (a user) one piece at a time, in arrival
  order, while different keys run in parallel.
- :class:`Outbox` sends through a per-chat and a global token bucket (a
  :class:`~sleeplab_core.conversation.send_limits.SendLimiter`: in process, or shared),
  waits a 429's ``retry_after`` for that chat only (other chats keep going) and retries
  server errors and timeouts with the project's one backoff helper. Adapters translate
  their framework's errors into :class:`RateLimited`, :class:`TransientFailure` and
  :class:`~sleeplab_core.conversation.errors.RecipientBlocked`.
- :func:`edit_in_place` turns the new screen that answers a press on the current screen into
  an edit of that message, so the chat does not fill with old questions.
- :func:`command_menus` renders a bot's command menu in every language of the catalog.
- :class:`Delivery` wraps :meth:`Conversations.deliver` for a messenger: the user's turn, an
  error handler that apologises, and answering what the update still needs answered.
- :func:`parse_command`, :func:`update_key`, :func:`check_update_shape` and
  :func:`button_data_is_valid` are the small Telegram rules both adapters share.
"""

from __future__ import annotations

import asyncio
import logging
import random as _random
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar

import attrs

from sleeplab_core.conversation.actions import (
    MAX_CALLBACK_BYTES,
    Action,
    AnswerButton,
    AnswerPreCheckout,
    EditScreen,
    Receipt,
    SendScreen,
)
from sleeplab_core.conversation.events import Command, Event, Start
from sleeplab_core.conversation.flow import SCREEN, BotSpec
from sleeplab_core.conversation.ports import Channel
from sleeplab_core.conversation.router import Conversations
from sleeplab_core.conversation.send_limits import LocalSendLimiter, SendLimiter
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, Catalog, Message
from sleeplab_core.kernel.retry import Random, RetryPolicy, Sleep, retry
from sleeplab_core.kernel.users import UserId

log = logging.getLogger(__name__)

T = TypeVar("T")


class RateLimited(SleeplabError):
    """The messenger said "too many requests": wait ``retry_after`` seconds for this chat."""

    def __init__(self, retry_after: float, detail: str = "") -> None:
        super().__init__(f"rate limited; retry after {retry_after} s {detail}".strip())
        self.retry_after = retry_after


class TransientFailure(SleeplabError):
    """A server error (5xx), a timeout or a lost connection: worth another try."""


DEFAULT_RETRY = RetryPolicy(attempts=6, base_delay=0.5, max_delay=60.0)
"""Six tries over about half a minute; a retry-after longer than a minute gives up."""

URGENT_RETRY = RetryPolicy(attempts=12, base_delay=0.25, max_delay=0.75)
"""For answers Telegram waits for (a pre-checkout query must be answered within 10 s):
retry every ¾ s at most, whatever a 429 asks, and stop after about 8 s in all."""


@attrs.frozen
class OutboundLimits:
    """Send rates. Telegram allows about 1 message/s per chat (short bursts pass) and about
    30 messages/s overall; exact limits are not published, so these are configurable.

    Attributes:
        global_rate: messages per second over all chats.
        global_burst: how many may go out at once over all chats.
        chat_rate: messages per second to one chat.
        chat_burst: how many may go to one chat at once (a notice plus a screen, say).
        retry: attempts and backoff for rate limits, server errors and timeouts.
    """

    global_rate: float = 30.0
    global_burst: float = 30.0
    chat_rate: float = 1.0
    chat_burst: float = 4.0
    retry: RetryPolicy = DEFAULT_RETRY


class KeyedSerializer:
    """Runs work for the same key one piece at a time, in the order it arrived.

    asyncio locks wake waiters first-in first-out, and a task that reaches :meth:`hold`
    without having been suspended before queues in the order the tasks were created — so
    updates handed over in order are processed in order per key. Locks of idle keys are
    dropped, so memory stays proportional to the keys in flight.
    """

    def __init__(self) -> None:
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._users: dict[Hashable, int] = {}

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        """Hold ``key`` for the duration of the block; other holders of it wait their turn."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key]
                del self._locks[key]

    @property
    def busy_keys(self) -> int:
        """How many keys have work running or waiting."""
        return len(self._locks)


class Outbox:
    """Sends messenger calls within rate limits, retrying what is worth retrying.

    Args:
        limits: the rates and the retry policy.
        clock: the time the buckets refill by.
        sleep: awaited for every wait (inject a recorder or a fake-clock mover in tests).
        random: jitter source for backoff.
        limiter: where the tokens come from; default the in-process buckets of ``limits``
            (pass a shared one, e.g. Redis, when several processes send for one bot).
    """

    def __init__(
        self,
        limits: OutboundLimits,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        random: Random = _random.random,
        limiter: SendLimiter | None = None,
    ) -> None:
        self.limits = limits
        self._clock = clock
        self._sleep = sleep
        self._random = random
        self.limiter: SendLimiter = limiter or LocalSendLimiter(
            chat_rate=limits.chat_rate,
            chat_burst=limits.chat_burst,
            global_rate=limits.global_rate,
            global_burst=limits.global_burst,
        )

    async def call(
        self,
        chat_id: int,
        operation: Callable[[], Awaitable[T]],
        *,
        limited: bool = True,
        urgent: bool = False,
    ) -> T:
        """Run ``operation`` for ``chat_id``; ``limited`` calls count against the rates.

        Answers to button presses and pre-checkout queries pass ``limited=False``: they send
        no message. ``urgent`` ones (a pre-checkout answer, due within 10 seconds) retry by
        :data:`URGENT_RETRY`, shortening a 429's wait to stay inside the window.

        Raises:
            RecipientBlocked: the user blocked the bot (never retried).
            RateLimited | TransientFailure: still failing when the attempts ran out, or a
                retry-after longer than the policy's ``max_delay``.
            Exception: any other error of the operation, at once.
        """

        async def attempt() -> T:
            if limited:
                await self._take(chat_id)
            try:
                return await operation()
            except RateLimited as error:  # the chat waits, in every process sharing the limiter
                await self.limiter.pause(chat_id, error.retry_after, self._clock.now())
                raise

        return await retry(
            attempt,
            policy=URGENT_RETRY if urgent else self.limits.retry,
            is_retryable=lambda error: isinstance(error, RateLimited | TransientFailure),
            retry_after=_urgent_hint if urgent else _hint,
            on_retry=lambda number, error, delay: self._on_retry(chat_id, number, error, delay),
            sleep=self._sleep,
            random=self._random,
        )

    async def _take(self, chat_id: int) -> None:
        while (wait := await self.limiter.take(chat_id, self._clock.now())) > 0:
            await self._sleep(wait)

    async def close(self) -> None:
        """Let go of the limiter (a shared one holds a connection)."""
        await self.limiter.close()

    def _on_retry(self, chat_id: int, number: int, error: Exception, delay: float) -> None:
        log.warning(
            "send to chat %s failed (%s); retry %s in %.2f s",
            chat_id,
            type(error).__name__,
            number,
            delay,
        )


def _hint(error: Exception) -> float | None:
    return error.retry_after if isinstance(error, RateLimited) else None


def _urgent_hint(error: Exception) -> float | None:
    hint = _hint(error)
    return None if hint is None else min(hint, URGENT_RETRY.max_delay)


def edit_in_place(
    actions: list[Action], *, pressed_message_id: int | None, message_ids: dict[str, int]
) -> list[Action]:
    """Answer a press on the current screen by editing that screen instead of sending anew.

    When the user pressed a button of the message that is the current screen, and the first
    visible action sends a new current screen, that action becomes an edit of the pressed
    message: the question is replaced by the next one and the chat stays clean. Typed answers,
    presses on older messages and screens preceded by a notice get a new message, so the
    order of what the user sees never changes.

    Args:
        actions: what the flow asked for, in order.
        pressed_message_id: the message whose button was pressed, None for other events.
        message_ids: the known message ids by tag.
    """
    if pressed_message_id is None or message_ids.get(SCREEN) != pressed_message_id:
        return actions
    for index, action in enumerate(actions):
        if isinstance(action, AnswerButton | AnswerPreCheckout):
            continue
        if isinstance(action, SendScreen) and action.tag == SCREEN:
            edited = EditScreen(screen=action.screen, tag=SCREEN)
            return [*actions[:index], edited, *actions[index + 1 :]]
        return actions
    return actions


@attrs.frozen
class CommandMenu:
    """The command menu for one language; ``language`` None is the default for all others."""

    language: str | None
    commands: tuple[tuple[str, str], ...]


def command_menus(bot: BotSpec, catalog: Catalog) -> list[CommandMenu]:
    """The bot's ``menu`` (command, description key) rendered per language of the catalog.

    The default menu (for clients in any other language) uses :data:`DEFAULT_LOCALE`.
    """
    if not bot.menu:
        return []

    def render(locale: str) -> tuple[tuple[str, str], ...]:
        return tuple((name, catalog.render(locale, Message(key))) for name, key in bot.menu)

    menus = [CommandMenu(None, render(DEFAULT_LOCALE))]
    menus += [CommandMenu(locale, render(locale)) for locale in catalog.locales]
    return menus


class MessengerChannel(Channel, Protocol):
    """A :class:`Channel` bound to one inbound event of a messenger.

    Contract: ``settle()`` answers what the event still needs answered after the actions ran
    (a button press the flow did not acknowledge, a pre-checkout query nobody answered) and
    never raises; ``apologise(text)`` tries to tell the user something went wrong and never
    raises.
    """

    async def settle(self) -> None: ...

    async def apologise(self, text: str) -> None: ...


class Delivery:
    """Handles inbound events for a messenger: per-user order, one error handler.

    One user's events run one at a time in arrival order; different users run in parallel.
    An error that escapes the conversation (the messenger still failing after the retries,
    say) is logged and the user is told something went wrong; their progress was already
    checkpointed by the router, so nothing is lost.

    Args:
        conversations: the use case the channel drives.
        catalog: renders the apology in the user's language.
    """

    def __init__(self, conversations: Conversations, catalog: Catalog) -> None:
        self.conversations = conversations
        self._catalog = catalog
        self.serializer = KeyedSerializer()

    async def handle(self, event: Event, channel: MessengerChannel) -> None:
        """Deliver ``event`` through ``channel`` in the user's turn; never raises."""
        async with self.serializer.hold(event.user_id):
            try:
                await self.conversations.deliver(event, channel)
            except Exception:
                log.exception(
                    "delivery failed: user=%s event=%s key=%s",
                    event.user_id,
                    type(event).__name__,
                    event.update_key,
                )
                await channel.apologise(self._apology(event))
            await channel.settle()

    def _apology(self, event: Event) -> str:
        return self.render(event.language_hint, Message("conversation.error"))

    def render(self, language_hint: str | None, message: Message) -> str:
        """``message`` in the client's language when the catalog has it, else the default."""
        hint = (language_hint or "").split("-")[0].lower()
        locale = hint if hint in self._catalog.locales else DEFAULT_LOCALE
        return self._catalog.render(locale, message)


def button_data_is_valid(data: str | None) -> bool:
    """Whether callback data could have come from one of our buttons (1–64 bytes)."""
    return bool(data) and len((data or "").encode()) <= MAX_CALLBACK_BYTES


START_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""Telegram's deep-link payload: up to 64 characters of ``A-Za-z0-9_-``."""


def parse_command(text: str, user_id: int, **common: Any) -> Event | None:
    """The event of a slash command typed in a chat, or None when ``text`` is not one.

    ``/start <payload>`` becomes :class:`Start` (a payload outside Telegram's alphabet is
    dropped); ``/name@bot args`` becomes :class:`Command` with ``name`` lower case.
    """
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name:
        return None
    if name == "start":
        payload = args.strip()
        valid = START_PAYLOAD.fullmatch(payload) is not None
        return Start(user_id=user_id, payload=payload if valid else None, **common)
    return Command(user_id=user_id, name=name, args=args.strip(), **common)


def update_key(update_id: int) -> str:
    """The inbox key of a Telegram update: the same update delivered twice has one effect."""
    return f"tg:{update_id}"


class MalformedUpdate(SleeplabError, ValueError):
    """A webhook body that is not a Telegram update; nothing of it is processed."""


def check_update_shape(body: object) -> None:
    """Reject what cannot be a Telegram update before a framework parses it.

    Raises:
        MalformedUpdate: ``body`` is not a JSON object with an integer ``update_id``.
    """
    update_id = body.get("update_id") if isinstance(body, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise MalformedUpdate("not a Telegram update: expected an object with an integer update_id")


class PushChannel:
    """A channel that reaches users outside an update (payment callbacks, reminders).

    Args:
        channel_for: builds the messenger channel of one chat (the runtime's own factory).
    """

    def __init__(self, channel_for: Callable[[int], Channel]) -> None:
        self._channel_for = channel_for

    async def perform(
        self, user_id: UserId, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        return await self._channel_for(user_id).perform(user_id, actions, message_ids)
