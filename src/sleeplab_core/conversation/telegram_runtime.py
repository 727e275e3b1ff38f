"""What a Telegram bot process does, whatever framework makes its HTTP calls.

:class:`TelegramRuntimeBase` accepts updates into the durable intake (webhook bodies and
long polling alike), processes stored updates through the conversation core and drains on
shutdown. A framework adapter subclasses it and supplies only the Bot API calls: fetching
updates, setting and deleting the webhook, the command menu, and the channel of a chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any

from sleeplab_core.conversation.intake import IntakeProcessor, IntakeTimings, UpdateIntake
from sleeplab_core.conversation.outbound import (
    Delivery,
    MessengerChannel,
    PushChannel,
    RateLimited,
    TransientFailure,
)
from sleeplab_core.conversation.performer import PendingAnswers
from sleeplab_core.conversation.telegram_updates import pending_answers, to_event
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.i18n import Message

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "pre_checkout_query",
    "my_chat_member",
]
POLL_ERROR_PAUSE = 1.0
"""Seconds to wait after a failed getUpdates before asking again (or its retry_after)."""


class TelegramRuntimeBase:
    """Intake, processing and polling of one bot, framework-free.

    Args:
        delivery: per-user handling and the error handler around the conversation.
        intake: where accepted updates are stored before they are acknowledged.
        clock: the time of the intake's marks and leases.
        bot_name: the core bot's name (the intake keeps updates per bot).
        timings: the intake processor's lease, scan and prune intervals.
    """

    framework = "none"

    def __init__(
        self,
        *,
        delivery: Delivery,
        intake: UpdateIntake,
        clock: Clock,
        bot_name: str,
        timings: IntakeTimings | None = None,
    ) -> None:
        self.delivery = delivery
        self.bot_name = bot_name
        self.intake = IntakeProcessor(intake, bot_name, self.process, clock, timings=timings)
        self._polling_stopped = asyncio.Event()

    # What a framework supplies.

    async def fetch_updates(self, offset: int | None, poll_seconds: int) -> list[dict[str, Any]]:
        """``getUpdates``: the Bot API JSON of the updates after ``offset`` (long poll).

        Raises:
            RateLimited | TransientFailure: Telegram is busy or unreachable; ask again later.
        """
        raise NotImplementedError

    async def delete_webhook(self) -> None:
        """``deleteWebhook`` (polling and a webhook exclude each other)."""
        raise NotImplementedError

    def channel_for(self, chat_id: int, pending: PendingAnswers | None = None) -> Any:
        """The :class:`MessengerChannel` of one private chat; ``pending``: what it awaits."""
        raise NotImplementedError

    # What every framework shares.

    @property
    def push_channel(self) -> PushChannel:
        """Reaches users outside an update (payment callbacks, reminders)."""
        return PushChannel(self.channel_for)

    async def accept(self, body: object) -> bool:
        """Store one update (a webhook body); processing follows in the background.

        When this returns the update is committed: acknowledge it. True when it was new.

        Raises:
            MalformedUpdate: the body is not a Telegram update (nothing is stored).
        """
        return await self.intake.accept(body)

    def serve_updates(self) -> None:
        """Process stored updates: those accepted here, by other processes, before a crash."""
        self.intake.start()

    async def process(self, body: Mapping[str, Any]) -> None:
        """Run one stored update through the conversation core and answer what it awaits."""
        event = to_event(body)
        if event is None:
            log.info("update %s ignored (not a private-chat update we serve)", body["update_id"])
            return
        refusal = self.delivery.render(event.language_hint, Message("conversation.error"))
        channel: MessengerChannel = self.channel_for(event.user_id, pending_answers(body, refusal))
        await self.delivery.handle(event, channel)

    async def run_polling(self, *, polling_timeout: int = 30) -> None:
        """Long-poll until cancelled or :meth:`stop_polling`; a webhook is removed first.

        Fetched updates are stored before the next ``getUpdates`` confirms them to
        Telegram, so a stop (or a crash) at any point loses none: unconfirmed ones are
        fetched again and stored ones are processed after the restart.
        """
        await self.delete_webhook()
        self.serve_updates()
        self._polling_stopped.clear()
        offset: int | None = None
        while not self._polling_stopped.is_set():
            fetched = await self._fetch_or_wait(offset, polling_timeout)
            if fetched:
                await self.intake.accept_all(list(fetched))
                offset = max(int(body["update_id"]) for body in fetched) + 1

    def stop_polling(self) -> None:
        """End :meth:`run_polling` after the current ``getUpdates`` (its updates are kept)."""
        self._polling_stopped.set()

    async def drain(self) -> None:
        """Wait for the updates being processed now; stored ones wait for the next start."""
        await self.intake.drain()

    async def _fetch_or_wait(self, offset: int | None, poll_seconds: int) -> list[dict[str, Any]]:
        fetch = asyncio.ensure_future(self.fetch_updates(offset, poll_seconds))
        stopped = asyncio.ensure_future(self._polling_stopped.wait())
        try:
            await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            if not fetch.done():
                fetch.cancel()  # unconfirmed updates come again on the next start
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await fetch
        if fetch.cancelled():
            return []
        try:
            return fetch.result()
        except (RateLimited, TransientFailure) as error:
            pause = error.retry_after if isinstance(error, RateLimited) else POLL_ERROR_PAUSE
            log.warning("getUpdates failed (%s); asking again in %.1f s", error, pause)
            await asyncio.sleep(pause)
            return []
