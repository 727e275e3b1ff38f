"""The ask use case alone: holds under concurrency, failures, expiry, the log entry."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sleeplab_core.assistant import AssistantConfig, Outcome
from sleeplab_core.assistant.bot import build_assistant_kit
from sleeplab_core.assistant.flows.base import AssistantKit
from sleeplab_core.assistant.service import Question
from sleeplab_core.catalog import load_catalog
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import InMemoryLedger, Leg
from sleeplab_core.llm import ChatRequest, ChatResponse, FakeChatModel, ProviderUnavailable
from sleeplab_core.payments import ISSUER

USER = 7


class SlowModel(FakeChatModel):
    """Yields to the event loop before answering, so concurrent asks interleave."""

    async def complete(self, request: ChatRequest) -> ChatResponse:
        for _ in range(3):
            await asyncio.sleep(0)
        return await super().complete(request)


class ClockMovingModel(FakeChatModel):
    """Takes ``delay`` of (fake) time to answer."""

    def __init__(self, clock: FakeClock, delay: timedelta) -> None:
        super().__init__()
        self._clock, self._delay = clock, delay

    async def complete(self, request: ChatRequest) -> ChatResponse:
        self._clock.advance(self._delay)
        return await super().complete(request)


def kit_with(
    model: FakeChatModel, clock: FakeClock | None = None, trial: int = 0
) -> tuple[AssistantKit, InMemoryLedger]:
    clock = clock or FakeClock()
    ledger = InMemoryLedger(clock)
    config = AssistantConfig(trial_messages=trial, price_per_answer=2)
    return build_assistant_kit(model, ledger, load_catalog(), clock, config), ledger


async def fund(ledger: InMemoryLedger, credits: int) -> None:
    await ledger.open_account(ISSUER, "credits", allow_negative=True)
    await ledger.open_account(f"user:{USER}", "credits")
    if credits:
        await ledger.transfer("fund", Leg(ISSUER, f"user:{USER}", Money(credits, "credits")))


async def test_concurrent_questions_of_one_user_never_overdraw() -> None:
    kit, ledger = kit_with(SlowModel())
    await fund(ledger, 7)  # three answers at 2 credits, one credit over

    answers = await asyncio.gather(
        *(kit.assistant.ask(Question(user_id=USER, text=f"q{n}")) for n in range(10))
    )

    outcomes = [a.outcome for a in answers]
    assert outcomes.count(Outcome.ANSWERED) == 3
    assert outcomes.count(Outcome.NO_CREDITS) == 7
    balance = await ledger.balance(f"user:{USER}", "credits")
    assert (balance.available, balance.held) == (1, 0)


@settings(max_examples=40, deadline=None)
@given(script=st.lists(st.booleans(), min_size=1, max_size=12), credits=st.integers(0, 20))
async def test_only_shown_answers_are_charged(script: list[bool], credits: int) -> None:
    steps = ["an answer" if ok else ProviderUnavailable("fake", "down") for ok in script]
    kit, ledger = kit_with(FakeChatModel(steps))
    await fund(ledger, credits)

    answers = [await kit.assistant.ask(Question(user_id=USER, text="q")) for _ in script]

    charged = sum(a.cost for a in answers)
    answered = sum(a.outcome is Outcome.ANSWERED for a in answers)
    balance = await ledger.balance(f"user:{USER}", "credits")
    assert charged == 2 * answered
    assert balance.available == credits - charged >= 0
    assert balance.held == 0


async def test_an_answer_slower_than_the_hold_is_free_and_still_shown() -> None:
    clock = FakeClock()
    kit, ledger = kit_with(ClockMovingModel(clock, timedelta(minutes=20)), clock)
    await fund(ledger, 4)

    answer = await kit.assistant.ask(Question(user_id=USER, text="slow one"))

    assert answer.outcome is Outcome.ANSWERED
    assert answer.cost == 0
    assert (await ledger.balance(f"user:{USER}", "credits")).available == 4


async def test_a_subscriber_is_answered_without_a_hold() -> None:
    kit, _ = kit_with(FakeChatModel())

    answer = await kit.assistant.ask(Question(user_id=USER, text="q", subscribed=True))

    assert (answer.outcome, answer.cost) == (Outcome.ANSWERED, 0)


async def test_the_trial_is_booked_once_even_when_granted_concurrently() -> None:
    kit, ledger = kit_with(FakeChatModel(), trial=3)

    await asyncio.gather(*(kit.credits.grant_trial(USER) for _ in range(5)))

    assert await kit.credits.available(USER) == 6
    assert len(await ledger.history(f"user:{USER}", "credits")) == 1
    assert await kit.credits.grant_trial(USER) is False


async def test_the_failure_entry_names_the_error_type_only() -> None:
    secret = "sk-live-abcdef"
    kit, ledger = kit_with(FakeChatModel([ProviderUnavailable("openai", f"refused {secret}")]))
    await fund(ledger, 2)

    answer = await kit.assistant.ask(Question(user_id=USER, text="q"))

    assert answer.entry.error == "ProviderUnavailable"
    assert secret not in repr(answer.entry)
    assert answer.retry
