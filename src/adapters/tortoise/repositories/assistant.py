"""AssistantRepository on Tortoise: the message log and preferences."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.models.assistant import AssistantLogRecord, AssistantPreferencesRecord
from adapters.tortoise.repositories.common import as_utc, insert_once
from sleeplab_core.assistant.model import AnswerLength, LogEntry, Outcome, Preferences
from sleeplab_core.kernel.errors import Conflict
from sleeplab_core.kernel.users import UserId


class TortoiseAssistantRepository:
    """Entries are append-only and unique by id (a constraint); preferences one row a user."""

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._db = connection

    async def add(self, entry: LogEntry) -> None:
        async def insert(db: BaseDBAsyncClient) -> None:
            await AssistantLogRecord.create(
                entry_id=entry.id,
                user_id=entry.user_id,
                conversation=entry.conversation,
                at=as_utc(entry.at),
                outcome=entry.outcome.value,
                question=entry.question,
                answer=entry.answer,
                provider=entry.provider,
                model=entry.model,
                input_tokens=entry.input_tokens,
                output_tokens=entry.output_tokens,
                cost=entry.cost,
                latency_ms=entry.latency_ms,
                error=entry.error,
                using_db=db,
            )

        if not await insert_once(self._db, insert):
            raise Conflict(f"log entry {entry.id!r} exists")

    async def recent(self, user_id: UserId, conversation: int, limit: int) -> list[LogEntry]:
        if limit <= 0:
            return []
        query = AssistantLogRecord.filter(
            user_id=user_id, conversation=conversation, outcome=Outcome.ANSWERED.value
        )
        records = await query.using_db(self._db).order_by("-seq").limit(limit)
        return [_to_entry(r) for r in reversed(records)]

    async def for_user(self, user_id: UserId) -> list[LogEntry]:
        query = AssistantLogRecord.filter(user_id=user_id).using_db(self._db)
        return [_to_entry(r) for r in await query.order_by("seq")]

    async def preferences(self, user_id: UserId) -> Preferences:
        record = await AssistantPreferencesRecord.filter(user_id=user_id).using_db(self._db).first()
        if record is None:
            return Preferences(user_id=user_id)
        return Preferences(
            user_id=user_id,
            answer_length=AnswerLength(record.answer_length),
            conversation=record.conversation,
        )

    async def save_preferences(self, preferences: Preferences) -> None:
        values = {
            "answer_length": preferences.answer_length.value,
            "conversation": preferences.conversation,
        }

        async def insert(db: BaseDBAsyncClient) -> None:
            await AssistantPreferencesRecord.create(
                user_id=preferences.user_id, using_db=db, **values
            )

        if not await insert_once(self._db, insert):
            query = AssistantPreferencesRecord.filter(user_id=preferences.user_id)
            await query.using_db(self._db).update(**values)

    async def delete_user(self, user_id: UserId) -> None:
        await AssistantLogRecord.filter(user_id=user_id).using_db(self._db).delete()
        await AssistantPreferencesRecord.filter(user_id=user_id).using_db(self._db).delete()


def _to_entry(record: AssistantLogRecord) -> LogEntry:
    return LogEntry(
        id=record.entry_id,
        user_id=record.user_id,
        conversation=record.conversation,
        at=as_utc(record.at),
        outcome=Outcome(record.outcome),
        question=record.question,
        answer=record.answer,
        provider=record.provider,
        model=record.model,
        input_tokens=record.input_tokens,
        output_tokens=record.output_tokens,
        cost=record.cost,
        latency_ms=record.latency_ms,
        error=record.error,
    )
