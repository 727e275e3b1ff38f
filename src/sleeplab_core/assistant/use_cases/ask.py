"""Ask the assistant a question: remembered context in, the answer stored in the log."""

from __future__ import annotations

from sleeplab_core.assistant.memory import memory_from
from sleeplab_core.assistant.purchase import Purchases
from sleeplab_core.assistant.service import Answer, Assistant, Question
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.users import UserId
from sleeplab_core.llm.redaction import PersonalData
from sleeplab_core.storage.ports import UnitOfWork


async def ask(
    uow: UnitOfWork,
    clock: Clock,
    assistant: Assistant,
    purchases: Purchases,
    *,
    user_id: UserId,
    text: str,
    locale: str,
    personal: PersonalData,
) -> Answer:
    """Answer ``text`` in the user's current conversation, with its recent turns as memory,
    paid through a ledger hold unless the user subscribes (see :meth:`Assistant.ask`); the
    answer (or the refusal) is added to the message log in ``uow``.

    The model may take its time: the unit of work is released while it answers (no
    transaction, nor SQLite's write lock, is held), so the ledger calls stand on their own.
    """
    config = assistant.config
    preferences = await uow.assistant.preferences(user_id)
    limit = config.recent_turns + config.summarised_turns
    entries = await uow.assistant.recent(user_id, preferences.conversation, limit)
    question = Question(
        user_id=user_id,
        text=text,
        locale=locale,
        length=preferences.answer_length,
        memory=memory_from(entries, config.recent_turns),
        conversation=preferences.conversation,
        personal=personal,
        subscribed=await purchases.subscribed(uow, user_id, clock.now()),
    )
    async with uow.released():
        answer = await assistant.ask(question)
    await uow.assistant.add(answer.entry)
    return answer
