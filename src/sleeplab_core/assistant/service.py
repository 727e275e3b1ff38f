"""Asking the assistant: check the input, hold the price, ask the model, post or void.

The use case touches the ledger and the model, never storage: it returns the message-log
entry for the caller to store in its unit of work. Called while that unit of work is
released (no transaction is held for the model), every ledger call is its own transaction:
one answer's money is safe on its own, and many questions run at once.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

import attrs

from sleeplab_core.assistant.config import AssistantConfig
from sleeplab_core.assistant.credits import Credits
from sleeplab_core.assistant.memory import Memory
from sleeplab_core.assistant.model import AnswerLength, LogEntry, Outcome
from sleeplab_core.assistant.prompts import assistant_system_prompt
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.i18n import Message, msg
from sleeplab_core.kernel.users import UserId
from sleeplab_core.ledger.errors import HoldExpired, InsufficientFunds, LedgerError
from sleeplab_core.llm.errors import InvalidRequest, LlmError
from sleeplab_core.llm.model import ChatRequest, ChatResponse
from sleeplab_core.llm.redaction import PersonalData, redact
from sleeplab_core.llm.safety import CrisisCheck, crisis_reply
from sleeplab_core.llm.service import GuardedChat

log = logging.getLogger(__name__)

EMPTY = "assistant.error.empty"
TOO_LONG = "assistant.error.too_long"
NO_CREDITS = "assistant.no_credits"
MEDIA = "assistant.error.media"


@attrs.frozen(kw_only=True)
class Question:
    """One question and what the assistant needs to answer it.

    ``personal`` holds the names and handles to redact (never stored); ``subscribed`` makes
    the answer free (an active subscription).
    """

    user_id: UserId
    text: str
    locale: str = "en"
    length: AnswerLength = AnswerLength.NORMAL
    memory: Memory = attrs.field(factory=Memory)
    conversation: int = 1
    personal: PersonalData = attrs.field(factory=PersonalData)
    subscribed: bool = False


@attrs.frozen(kw_only=True)
class Answer:
    """The result: ``text`` to show when answered, else ``notice`` (a message to render).

    ``retry`` says the failure was not the user's and asking again may work; ``entry`` is
    the message-log line to store.
    """

    outcome: Outcome
    entry: LogEntry
    text: str | None = None
    notice: Message | None = None
    retry: bool = False

    @property
    def cost(self) -> int:
        return self.entry.cost


class Assistant:
    """The paid assistant's one use case: :meth:`ask`."""

    def __init__(
        self,
        chat: GuardedChat,
        credits: Credits,
        clock: Clock,
        config: AssistantConfig,
        *,
        crisis: CrisisCheck | None = None,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
        stopwatch: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._chat = chat
        self._credits = credits
        self._clock = clock
        self._config = config
        self._crisis = crisis or CrisisCheck.from_prompts()
        self._new_id = new_id
        # A monotonic counter for latency only; the time of day comes from the Clock.
        self._stopwatch = stopwatch

    @property
    def config(self) -> AssistantConfig:
        return self._config

    async def ask(self, question: Question) -> Answer:
        """Answer ``question``, charging the price only for an answer shown.

        - Empty or too long: REJECTED, the model is not called.
        - A crisis topic in the question or the answer: crisis resources, nothing charged
          (the hold is voided; with no credits at all the question is still checked).
        - Not enough credits: NO_CREDITS, the model is not called.
        - The model fails: the hold is voided (nothing charged), FAILED with a retry offer.

        Raises:
            Exception: only unexpected ones (the hold is voided first); model failures
                are outcomes, not exceptions.
        """
        started = self._stopwatch()
        entry = LogEntry(
            id=self._new_id(),
            user_id=question.user_id,
            conversation=question.conversation,
            at=self._clock.now(),
            outcome=Outcome.REJECTED,
        )
        text = question.text.strip()
        if not text:
            return self._done(Answer(outcome=Outcome.REJECTED, entry=entry, notice=msg(EMPTY)))
        if len(text) > self._config.max_question_chars:
            limit = self._config.max_question_chars
            return self._done(
                Answer(
                    outcome=Outcome.REJECTED,
                    entry=attrs.evolve(entry, error=f"too_long:{len(text)}"),
                    notice=msg(TOO_LONG, limit=limit, length=len(text)),
                )
            )
        entry = attrs.evolve(entry, question=redact(text, question.personal))
        return await self._charged(question, text, entry, started)

    async def _charged(
        self, question: Question, text: str, entry: LogEntry, started: float
    ) -> Answer:
        key = None
        if not question.subscribed:
            try:
                key = await self._credits.hold(question.user_id, entry.id)
            except InsufficientFunds:
                if self._crisis.is_crisis(text):  # help never depends on credits
                    crisis = attrs.evolve(entry, outcome=Outcome.CRISIS)
                    notice = crisis_reply()
                    return self._done(Answer(outcome=Outcome.CRISIS, entry=crisis, notice=notice))
                short = attrs.evolve(entry, outcome=Outcome.NO_CREDITS)
                return self._done(
                    Answer(outcome=Outcome.NO_CREDITS, entry=short, notice=msg(NO_CREDITS))
                )
        try:
            reply = await self._chat.ask(self._request(question, text), question.personal)
        except LlmError as error:
            await self._release(key)
            failed = attrs.evolve(
                entry,
                outcome=Outcome.FAILED,
                provider=error.provider,
                error=type(error).__name__,
                latency_ms=self._elapsed(started),
            )
            retry = not isinstance(error, InvalidRequest)
            notice = Message(error.message_key)
            return self._done(
                Answer(outcome=Outcome.FAILED, entry=failed, notice=notice, retry=retry)
            )
        except BaseException:
            await self._release(key)
            raise
        response = reply.response
        if reply.is_crisis or response is None:
            await self._release(key)
            crisis = _with_response(attrs.evolve(entry, outcome=Outcome.CRISIS), response)
            return self._done(Answer(outcome=Outcome.CRISIS, entry=crisis, notice=reply.crisis))
        cost = await self._settle(key)
        answered = attrs.evolve(
            _with_response(entry, response),
            outcome=Outcome.ANSWERED,
            answer=redact(response.text, question.personal),
            cost=cost,
            latency_ms=self._elapsed(started),
        )
        return self._done(Answer(outcome=Outcome.ANSWERED, entry=answered, text=response.text))

    def refuse_media(self, user_id: UserId, conversation: int, kind: str) -> Answer:
        """A sticker, photo or voice note: the bot reads text only (Telegram sends media by
        file id, which never reaches the model). Nothing is charged; the refusal is logged."""
        kind = kind[:20]
        entry = LogEntry(
            id=self._new_id(),
            user_id=user_id,
            conversation=conversation,
            at=self._clock.now(),
            outcome=Outcome.REJECTED,
            error=f"media:{kind}",
        )
        return self._done(
            Answer(outcome=Outcome.REJECTED, entry=entry, notice=msg(MEDIA, kind=kind))
        )

    def _request(self, question: Question, text: str) -> ChatRequest:
        system = assistant_system_prompt(question.locale, question.length, question.memory.summary)
        return ChatRequest(
            system=system,
            message=text,
            history=question.memory.turns,
            locale=question.locale,
            max_output_tokens=question.length.max_output_tokens,
        )

    async def _settle(self, key: str | None) -> int:
        if key is None:
            return 0
        try:
            return await self._credits.post(key)
        except HoldExpired:
            # The model outlived the hold: the credits were released, the answer is free.
            log.warning("assistant hold expired before the answer: %s", key)
            return 0

    async def _release(self, key: str | None) -> None:
        if key is None:
            return
        try:
            await self._credits.void(key)
        except LedgerError as error:  # expired meanwhile: released all the same
            log.warning("assistant hold %s not voided: %s", key, type(error).__name__)

    def _elapsed(self, started: float) -> int:
        return round((self._stopwatch() - started) * 1000)

    def _done(self, answer: Answer) -> Answer:
        entry = answer.entry
        # Ids, counts and type names only: never the question, the answer or a key.
        log.info(
            "assistant %s: user=%s provider=%s model=%s tokens=%d/%d cost=%d latency_ms=%d %s",
            entry.outcome.value,
            entry.user_id,
            entry.provider or "-",
            entry.model or "-",
            entry.input_tokens,
            entry.output_tokens,
            entry.cost,
            entry.latency_ms,
            f"error={entry.error}" if entry.error else "",
        )
        return answer


def _with_response(entry: LogEntry, response: ChatResponse | None) -> LogEntry:
    if response is None:
        return entry
    return attrs.evolve(
        entry,
        provider=response.provider,
        model=response.model,
        input_tokens=response.usage.input_tokens,
        output_tokens=response.usage.output_tokens,
    )
