"""ConversationRepository and Inbox on Tortoise."""

from __future__ import annotations

from collections.abc import Mapping

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.models.conversation import ConversationRecord, InboxRecord
from adapters.tortoise.repositories.common import as_utc, insert_once, plain_dict
from sleeplab_core.conversation.model import Conversation
from sleeplab_core.kernel.users import UserId


class TortoiseConversationRepository:
    """Conversations, unique per (user, bot); ``get`` locks the row until the unit ends."""

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._db = connection

    async def get(self, user_id: UserId, bot: str) -> Conversation | None:
        query = ConversationRecord.filter(user_id=user_id, bot=bot).using_db(self._db)
        record = await query.select_for_update().first()
        return None if record is None else _to_conversation(record)

    async def save(self, conversation: Conversation) -> None:
        record = ConversationRecord(
            user_id=conversation.user_id,
            bot=conversation.bot,
            flow=conversation.flow,
            updated_at=as_utc(conversation.updated_at),
            data=plain_dict(conversation.data),
            messages=plain_dict(conversation.messages),
        )
        await ConversationRecord.bulk_create(
            [record],
            on_conflict=["user_id", "bot"],
            update_fields=["flow", "updated_at", "data", "messages"],
            using_db=self._db,
        )

    async def set_messages(self, user_id: UserId, bot: str, messages: Mapping[str, int]) -> None:
        query = ConversationRecord.filter(user_id=user_id, bot=bot).using_db(self._db)
        await query.update(messages=plain_dict(messages))

    async def delete_user(self, user_id: UserId) -> None:
        await ConversationRecord.filter(user_id=user_id).using_db(self._db).delete()

    async def for_user(self, user_id: UserId) -> list[Conversation]:
        query = ConversationRecord.filter(user_id=user_id).using_db(self._db).order_by("bot")
        return [_to_conversation(record) for record in await query]


class TortoiseInbox:
    """Delivery keys in the ``inbox`` table, whose primary key admits each key once."""

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._db = connection

    async def first_time(self, key: str) -> bool:
        async def insert(db: BaseDBAsyncClient) -> None:
            await InboxRecord.create(key=key, using_db=db)

        return await insert_once(self._db, insert)


def _to_conversation(record: ConversationRecord) -> Conversation:
    return Conversation(
        user_id=record.user_id,
        bot=record.bot,
        flow=record.flow,
        updated_at=as_utc(record.updated_at),
        data=dict(record.data),
        messages={str(tag): int(message_id) for tag, message_id in record.messages.items()},
    )
