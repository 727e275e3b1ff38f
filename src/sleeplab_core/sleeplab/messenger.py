"""Sending to a user outside a request: any conversation channel as a job messenger."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from sleeplab_core.conversation import Action, Channel, Receipt
from sleeplab_core.conversation.outbound import RateLimited, TransientFailure
from sleeplab_core.jobs import RetryLater
from sleeplab_core.kernel.users import UserId

if TYPE_CHECKING:
    from sleeplab_core.conversation import Router

log = logging.getLogger(__name__)


class ConfirmingMessenger(Protocol):
    """A :class:`~sleeplab_core.jobs.Messenger` that also reports what the channel confirmed.

    Contract: as ``Messenger.send`` (RecipientBlocked, RetryLater); ``deliver`` returns the
    receipts of the tagged actions — a receipt with a message id means the channel
    confirmed that message (for a document: the file was accepted).
    """

    async def send(self, user_id: UserId, actions: Sequence[Action]) -> None: ...

    async def deliver(self, user_id: UserId, actions: Sequence[Action]) -> list[Receipt]: ...


class ChannelMessenger:
    """Any conversation :class:`Channel` as a messenger for jobs, reminders and broadcasts.

    Reads the user's known message ids from the router's conversation store, performs the
    actions, and remembers the ids the channel reported — as a reply to an update does.
    Channel errors of the outbound policy become :class:`RetryLater` (429 with its hint,
    5xx and timeouts); RecipientBlocked passes through. Once the channel performed the
    actions, a failure to remember their ids (the database went away) is logged, not
    raised: raising would make the job send them again.
    """

    def __init__(self, channel: Channel, router: Router) -> None:
        self._channel = channel
        self._router = router

    async def send(self, user_id: UserId, actions: Sequence[Action]) -> None:
        await self.deliver(user_id, actions)

    async def deliver(self, user_id: UserId, actions: Sequence[Action]) -> list[Receipt]:
        before = await self._message_ids(user_id)
        try:
            receipts = await self._channel.perform(user_id, list(actions), dict(before))
        except RateLimited as error:
            raise RetryLater(str(error), retry_after=error.retry_after) from error
        except TransientFailure as error:
            raise RetryLater(str(error)) from error
        after = dict(before)
        for receipt in receipts:
            if receipt.message_id is None:
                after.pop(receipt.tag, None)
            else:
                after[receipt.tag] = receipt.message_id
        if after != before:
            try:
                await self._router.remember(user_id, after)
            except Exception as error:  # the messages are out: failing now would resend them
                log.warning(
                    "user %s: message ids not remembered (%s)", user_id, type(error).__name__
                )
        return receipts

    async def _message_ids(self, user_id: UserId) -> dict[str, int]:
        async with self._router.unit_of_work() as uow:
            conversation = await uow.conversations.get(user_id, self._router.bot.name)
            return dict(conversation.messages) if conversation else {}
