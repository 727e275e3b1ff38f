"""The AssistantRepository contract, run against the in-memory store and Tortoise."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sleeplab_core.assistant import AnswerLength, LogEntry, Outcome, Preferences
from sleeplab_core.kernel.errors import Conflict
from sleeplab_core.storage import UnitOfWorkFactory

AT = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)


def entry(
    entry_id: str, *, user: int = 1, conversation: int = 1, outcome: Outcome = Outcome.ANSWERED
) -> LogEntry:
    return LogEntry(
        id=entry_id,
        user_id=user,
        conversation=conversation,
        at=AT,
        outcome=outcome,
        question=f"question {entry_id}",
        answer=f"answer {entry_id}",
        provider="offline",
        model="bm25",
        input_tokens=12,
        output_tokens=40,
        cost=1,
        latency_ms=5,
    )


class AssistantRepositoryContract:
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        raise NotImplementedError

    async def test_entries_round_trip_in_logging_order(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            for name in ("b", "a", "c"):
                await uow.assistant.add(entry(name))
            await uow.commit()

        async with uow_factory() as uow:
            found = await uow.assistant.for_user(1)

        assert found == [entry("b"), entry("a"), entry("c")]

    async def test_recent_keeps_the_last_answered_of_one_conversation(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.assistant.add(entry("1"))
            await uow.assistant.add(entry("2"))
            await uow.assistant.add(entry("3", outcome=Outcome.FAILED))
            await uow.assistant.add(entry("4"))
            await uow.assistant.add(entry("5", conversation=2))
            await uow.assistant.add(entry("6", user=2))
            await uow.commit()

        async with uow_factory() as uow:
            recent = await uow.assistant.recent(1, 1, 2)
            none = await uow.assistant.recent(1, 1, 0)

        assert [e.id for e in recent] == ["2", "4"]
        assert none == []

    async def test_an_entry_id_is_used_once(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            await uow.assistant.add(entry("x"))
            with pytest.raises(Conflict):
                await uow.assistant.add(entry("x"))

    async def test_preferences_default_then_stored(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            assert await uow.assistant.preferences(1) == Preferences(user_id=1)
            await uow.assistant.save_preferences(
                Preferences(user_id=1, answer_length=AnswerLength.SHORT, conversation=2)
            )
            await uow.assistant.save_preferences(
                Preferences(user_id=1, answer_length=AnswerLength.DETAILED, conversation=3)
            )
            await uow.commit()

        async with uow_factory() as uow:
            stored = await uow.assistant.preferences(1)

        assert stored == Preferences(user_id=1, answer_length=AnswerLength.DETAILED, conversation=3)

    async def test_uncommitted_entries_are_discarded(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            await uow.assistant.add(entry("lost"))

        async with uow_factory() as uow:
            assert await uow.assistant.for_user(1) == []

    async def test_delete_user_removes_entries_and_preferences(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.assistant.add(entry("1"))
            await uow.assistant.add(entry("2", user=2))
            await uow.assistant.save_preferences(Preferences(user_id=1, conversation=4))
            await uow.commit()

        async with uow_factory() as uow:
            await uow.assistant.delete_user(1)
            await uow.assistant.delete_user(99)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.assistant.for_user(1) == []
            assert await uow.assistant.preferences(1) == Preferences(user_id=1)
            assert [e.id for e in await uow.assistant.for_user(2)] == ["2"]
