"""Storage ports of the conversation module."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from sleeplab_core.conversation.actions import Action, Receipt
from sleeplab_core.conversation.model import Conversation
from sleeplab_core.kernel.users import UserId


class ConversationRepository(Protocol):
    """One conversation per (user, bot).

    Contract: ``get`` returns None when there is none; ``save`` inserts or replaces;
    ``set_messages`` replaces only the tag → message id map of an existing conversation (a
    no-op when there is none); ``delete_user`` removes every conversation of the user (all
    bots).
    """

    async def get(self, user_id: UserId, bot: str) -> Conversation | None: ...

    async def save(self, conversation: Conversation) -> None: ...

    async def set_messages(
        self, user_id: UserId, bot: str, messages: Mapping[str, int]
    ) -> None: ...

    async def delete_user(self, user_id: UserId) -> None: ...

    async def for_user(self, user_id: UserId) -> list[Conversation]:
        """Every bot's conversation with the user, ordered by bot name (privacy export)."""
        ...


class Inbox(Protocol):
    """Remembers processed deliveries so a re-sent update has no second effect.

    Contract: ``first_time(key)`` returns True exactly once per key — also under concurrent
    calls, enforced by a unique constraint in real stores — and False ever after. The mark
    belongs to the surrounding unit of work: rolled back with it.
    """

    async def first_time(self, key: str) -> bool: ...


class Channel(Protocol):
    """Performs actions for one user and reports the message ids of tagged ones.

    Contract: actions run in order; a failure to deliver to a user who blocked the bot raises
    :class:`~sleeplab_core.conversation.errors.RecipientBlocked`; ``EditScreen`` and
    ``DeleteMessage`` receive the channel message id in ``message_ids`` (tag → id) and edit or
    delete it; an edit whose message is gone is sent anew.
    """

    async def perform(
        self, user_id: UserId, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]: ...
