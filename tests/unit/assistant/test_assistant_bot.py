"""The assistant bot end to end through the container: trial, holds, failures, memory, log."""

from __future__ import annotations

import logging

import pytest
from assistant_chat import TRIAL_MESSAGES, Chat

from entrypoints.containers import Container, unit_of_work_factory
from sleeplab_core.assistant import LogEntry, Outcome
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import Ledger
from sleeplab_core.llm import (
    AllProvidersFailed,
    AuthenticationFailed,
    FakeChatModel,
    InvalidRequest,
    LlmError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    Role,
    StructuredOutputInvalid,
)


async def available(ledger: Ledger, user_id: int = 1) -> int:
    return (await ledger.balance(f"user:{user_id}", "credits")).available


async def log_of(container: Container, user_id: int = 1) -> list[LogEntry]:
    async with (await unit_of_work_factory(container))() as uow:
        return await uow.assistant.for_user(user_id)


async def test_first_start_grants_the_trial_once(chat: Chat, ledger: Ledger) -> None:
    await chat.start()
    await chat.start()

    welcomes = [s for s in chat.screens if "messages are free" in s.text]
    assert len(welcomes) == 1
    assert f"first {TRIAL_MESSAGES} messages are free for the next 30 days" in welcomes[0].text
    assert await available(ledger) == TRIAL_MESSAGES
    assert "You have 3 credits." in chat.last


async def test_typing_in_the_menu_asks_and_charges_one_credit(
    chat: Chat, ledger: Ledger, model: FakeChatModel
) -> None:
    await chat.start()

    await chat.say("How long should a nap be?")

    assert "fake answer to: How long should a nap be?" in chat.last
    assert "2 messages left." in chat.last
    assert await available(ledger) == TRIAL_MESSAGES - 1
    assert model.complete_calls == 1


async def test_trial_exhausted_offers_top_up_without_calling_the_model(
    chat: Chat, ledger: Ledger, model: FakeChatModel
) -> None:
    await chat.start()
    for number in range(TRIAL_MESSAGES):
        await chat.say(f"question {number}")

    await chat.say("one more question")

    assert "run out of credits" in chat.last
    assert chat.button("Top up")
    assert model.complete_calls == TRIAL_MESSAGES
    assert await available(ledger) == 0
    await chat.press("Top up")
    assert "100 credits — 100 ⭐" in [b.label for b in chat.screens[-1].all_buttons()]


async def test_trial_credits_lapse_after_the_trial_days(
    chat: Chat, ledger: Ledger, clock: FakeClock
) -> None:
    from datetime import timedelta

    await chat.start()
    clock.advance(timedelta(days=31))

    await chat.say("still there?")

    assert "run out of credits" in chat.last
    assert await available(ledger) == 0


FAILURES: list[LlmError] = [
    ProviderUnavailable("fake", "503"),
    ProviderTimeout("fake", "no answer in 60 s"),
    RateLimited("fake", "429", retry_after=3.0),
    AuthenticationFailed("fake", "key revoked"),
    AllProvidersFailed([ProviderUnavailable("openai", "down"), ProviderTimeout("x", "slow")]),
    StructuredOutputInvalid("fake", "missing field 'tip'", raw="{}"),
]


@pytest.mark.parametrize("failure", FAILURES, ids=lambda e: type(e).__name__)
async def test_a_failed_answer_costs_nothing_and_the_retry_answers(
    chat: Chat, ledger: Ledger, model: FakeChatModel, container: Container, failure: LlmError
) -> None:
    await chat.start()
    model.add(failure)

    await chat.say("Why do I wake at 4 am?")

    assert "No credits were taken" in chat.last
    assert await available(ledger) == TRIAL_MESSAGES
    await chat.press("Try again")
    assert "fake answer to: Why do I wake at 4 am?" in chat.last
    assert await available(ledger) == TRIAL_MESSAGES - 1
    failed, answered = await log_of(container)
    assert (failed.outcome, failed.cost, failed.error) == (
        Outcome.FAILED,
        0,
        type(failure).__name__,
    )
    assert (answered.outcome, answered.cost) == (Outcome.ANSWERED, 1)


async def test_a_rejected_request_is_not_offered_for_retry(
    chat: Chat, ledger: Ledger, model: FakeChatModel
) -> None:
    await chat.start()
    model.add(InvalidRequest("fake", "400 context too long"))

    await chat.say("a question the provider refuses")

    assert "couldn't process this message" in chat.last
    assert "Try again" not in [b.label for b in chat.screens[-1].all_buttons()]
    assert await available(ledger) == TRIAL_MESSAGES


async def test_an_unexpected_crash_voids_the_hold_and_apologises(
    chat: Chat, ledger: Ledger, model: FakeChatModel
) -> None:
    await chat.start()
    model.add(RuntimeError("bug in a provider adapter"))

    await chat.say("anything")

    assert "went wrong" in chat.last
    assert await available(ledger) == TRIAL_MESSAGES


async def test_crisis_message_gets_crisis_resources_free_even_without_credits(
    chat: Chat, ledger: Ledger, model: FakeChatModel, container: Container
) -> None:
    await chat.start()
    for number in range(TRIAL_MESSAGES):
        await chat.say(f"question {number}")

    await chat.say("I think about suicide every night")

    assert "988" in chat.last
    assert "112" in chat.last
    assert model.complete_calls == TRIAL_MESSAGES
    assert (await log_of(container))[-1].outcome is Outcome.CRISIS


async def test_crisis_topic_in_the_answer_is_replaced_and_not_charged(
    chat: Chat, ledger: Ledger, model: FakeChatModel
) -> None:
    await chat.start()
    model.add("Some people think about ending it all when sleep is bad.")

    await chat.say("Why is bad sleep so hard?")

    assert "crisis line" in chat.last
    assert "ending it all" not in chat.last
    assert await available(ledger) == TRIAL_MESSAGES


@pytest.mark.parametrize(
    ("text", "shown"),
    [("   ", "Your message is empty"), ("z" * 4001, "4001 characters; I can read up to 4000")],
    ids=["empty", "huge"],
)
async def test_empty_or_huge_messages_are_refused_without_charge(
    chat: Chat, ledger: Ledger, model: FakeChatModel, text: str, shown: str
) -> None:
    await chat.start()
    await chat.press("Ask the AI")

    await chat.say(text)

    assert shown in chat.last
    assert model.complete_calls == 0
    assert await available(ledger) == TRIAL_MESSAGES


async def test_stickers_and_photos_are_refused_without_charge_and_logged(
    chat: Chat, ledger: Ledger, model: FakeChatModel, container: Container
) -> None:
    await chat.start()
    await chat.press("Ask the AI")

    await chat.media("sticker")

    assert "I can only read text" in chat.last
    assert model.complete_calls == 0
    assert await available(ledger) == TRIAL_MESSAGES
    entry = (await log_of(container))[-1]
    assert (entry.outcome, entry.error) == (Outcome.REJECTED, "media:sticker")


async def test_recent_turns_reach_the_model_and_new_starts_over(
    chat: Chat, model: FakeChatModel
) -> None:
    await chat.start()
    await chat.say("Is coffee after lunch fine?")
    await chat.say("And green tea?")

    history = model.requests[-1].history
    assert [(t.role, t.content) for t in history] == [
        (Role.USER, "Is coffee after lunch fine?"),
        (Role.ASSISTANT, "fake answer to: Is coffee after lunch fine?"),
    ]

    await chat.command("new")
    assert "new conversation" in chat.last
    await chat.say("What about naps?")

    assert model.requests[-1].history == ()


async def test_personal_data_is_redacted_before_the_model_and_in_the_log(
    chat: Chat, model: FakeChatModel, container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    await chat.start()
    await chat.press("Ask the AI")
    caplog.set_level(logging.DEBUG)

    await chat.say("I'm Olga, mail olga.k@example.com or +7 912 345-67-89", first_name="Olga")

    sent = model.requests[-1].message
    assert sent == "I'm [name], mail [email] or [phone]"
    entry = (await log_of(container))[-1]
    assert entry.question == sent
    assert "Olga" not in entry.answer
    for secret in ("Olga", "example.com", "912"):
        assert secret not in caplog.text


async def test_every_question_is_logged_with_provider_tokens_cost_and_outcome(
    chat: Chat, container: Container
) -> None:
    await chat.start()

    await chat.say("How warm should a bedroom be?")

    (entry,) = await log_of(container)
    assert (entry.outcome, entry.provider, entry.model, entry.cost) == (
        Outcome.ANSWERED,
        "fake",
        "fake-1",
        1,
    )
    assert entry.input_tokens > 0
    assert entry.output_tokens > 0
    assert entry.latency_ms >= 0
    assert entry.answer == "fake answer to: How warm should a bedroom be?"


async def test_answer_length_setting_changes_the_request(chat: Chat, model: FakeChatModel) -> None:
    await chat.start()
    await chat.press("Settings")

    await chat.press("Short")
    assert "Answer length: Short" in chat.last
    await chat.say("Tips for jet lag?")

    assert model.requests[-1].max_output_tokens == 300
    assert "two or three sentences" in model.requests[-1].system


async def test_language_setting_switches_texts_with_russian_plurals(
    chat: Chat, ledger: Ledger
) -> None:
    await chat.start()
    await chat.press("Settings")

    await chat.press("Русский")
    await chat.say("Сколько спать?")

    assert "Осталось 2 сообщения." in chat.last
    await chat.command("credits")
    assert "У вас 2 кредита." in chat.last


async def test_a_pack_paid_in_stars_adds_its_credits_once(chat: Chat, ledger: Ledger) -> None:
    await chat.start()
    await chat.press("Top up")

    await chat.press("100 credits")
    invoice = chat.invoices[-1]
    await chat.pay_last_invoice()
    await chat.pay_last_invoice()  # Telegram re-delivers: one effect only

    assert (invoice.currency, invoice.prices[0].amount) == ("XTR", 100)
    assert chat.pre_checkout_answers[0].ok
    assert await available(ledger) == TRIAL_MESSAGES + 100
    assert chat.saw("Payment received")


async def test_a_subscription_makes_answers_free(chat: Chat, ledger: Ledger) -> None:
    await chat.start()
    await chat.command("topup")
    await chat.press("Assistant, monthly")
    await chat.pay_last_invoice()

    await chat.say("Does reading in bed help?")

    assert "fake answer to" in chat.last
    assert await available(ledger) == TRIAL_MESSAGES
    await chat.command("menu")
    assert "subscription is active" in chat.last


async def test_an_unknown_command_names_the_assistant_commands(chat: Chat) -> None:
    await chat.start()

    await chat.command("privacy")

    assert "/menu, /new or /settings" in chat.screens[-2].text


async def test_crisis_message_with_credits_skips_the_model_and_costs_nothing(
    chat: Chat, ledger: Ledger, model: FakeChatModel
) -> None:
    await chat.start()

    await chat.say("I keep thinking I want to kill myself")

    assert "crisis line" in chat.last
    assert model.complete_calls == 0
    assert await available(ledger) == TRIAL_MESSAGES


async def test_a_name_typed_in_the_menu_is_redacted_and_never_stored(
    chat: Chat, model: FakeChatModel, container: Container
) -> None:
    await chat.start()

    await chat.say("Olga asks: are naps fine?", first_name="Olga")

    assert model.requests[-1].message == "[name] asks: are naps fine?"
    async with (await unit_of_work_factory(container))() as uow:
        conversation = await uow.conversations.get(1, "assistant")
    assert conversation is not None
    assert "Olga" not in repr(conversation.data)


async def test_the_question_that_ran_out_of_credits_is_answered_after_a_top_up(
    chat: Chat, ledger: Ledger, model: FakeChatModel
) -> None:
    await chat.start()
    for number in range(TRIAL_MESSAGES):
        await chat.say(f"question {number}")
    await chat.say("What about melatonin?")

    await chat.press("Top up")
    await chat.press("100 credits")
    await chat.pay_last_invoice()
    await chat.press("Try again")

    assert "fake answer to: What about melatonin?" in chat.last
    assert await available(ledger) == 99
