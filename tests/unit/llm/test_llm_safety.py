"""Safety: crisis topics in either language are answered with help, never with model text."""

from __future__ import annotations

import pytest

from sleeplab_core.llm import (
    CRISIS_REPLY_KEY,
    ChatRequest,
    CrisisCheck,
    FakeChatModel,
    GuardedChat,
    PersonalData,
    ProviderUnavailable,
    Role,
    Turn,
)
from sleeplab_core.llm.prompts import system_prompt

CRISIS_MESSAGES = [
    "Sometimes I think about suicide",
    "I want to kill myself",
    "I've been self-harming again",
    "I don't want to live anymore",
    "Honestly I just want to die",
    "Я думаю о самоубийстве",
    "Хочу покончить с собой",
    "Не хочу больше жить",
    "Иногда режу себя",
    "Мне хочется умереть",
    "мысли о суициде",
]
ORDINARY_MESSAGES = [
    "This workout is killing me, but I sleep better",
    "I'm dying for a good night's sleep",
    "How do I cut down on coffee?",
    "Я умираю от усталости после смены",
    "Как перестать резать сон телефоном?",
    "Хочу жить по режиму",
]


@pytest.fixture(scope="module")
def check() -> CrisisCheck:
    return CrisisCheck.from_prompts()


@pytest.mark.parametrize("text", CRISIS_MESSAGES)
def test_crisis_topics_are_recognised_in_english_and_russian(check: CrisisCheck, text: str) -> None:
    assert check.is_crisis(text)


@pytest.mark.parametrize("text", ORDINARY_MESSAGES)
def test_everyday_figures_of_speech_are_not_crises(check: CrisisCheck, text: str) -> None:
    assert not check.is_crisis(text)


def test_the_check_ignores_case_and_the_letter_yo(check: CrisisCheck) -> None:
    assert check.is_crisis("СВЕСТИ СЧЁТЫ С ЖИЗНЬЮ")


def ask(message: str, locale: str = "en") -> ChatRequest:
    return ChatRequest(system=system_prompt(locale), message=message, locale=locale)


async def test_a_crisis_message_is_answered_with_resources_without_calling_the_model() -> None:
    model = FakeChatModel()

    reply = await GuardedChat(model).ask(ask("I want to end my life"))

    assert reply.is_crisis
    assert reply.crisis is not None
    assert reply.crisis.key == CRISIS_REPLY_KEY
    assert reply.response is None
    assert model.complete_calls == 0


async def test_a_crisis_answer_from_the_model_is_replaced_but_kept_for_accounting() -> None:
    model = FakeChatModel(["Some people consider suicide when sleep-deprived."])

    reply = await GuardedChat(model).ask(ask("Why am I so tired?"))

    assert reply.is_crisis
    assert reply.response is not None
    assert reply.response.usage.output_tokens > 0


async def test_an_ordinary_answer_passes_through() -> None:
    model = FakeChatModel(["Try a steady wake-up time."])

    reply = await GuardedChat(model).ask(ask("How do I sleep better?"))

    assert not reply.is_crisis
    assert reply.response is not None
    assert reply.response.text == "Try a steady wake-up time."


async def test_personal_data_is_redacted_before_the_model_sees_it() -> None:
    model = FakeChatModel()
    request = ChatRequest(
        system="The user is Anna.",
        message="I'm Anna, mail anna@example.com or +7 912 345-67-89",
        history=[Turn(Role.USER, "my card 4111 1111 1111 1111")],
    )

    await GuardedChat(model).ask(request, PersonalData(names=["Anna"]))

    sent = model.requests[0]
    assert sent.system == "The user is [name]."
    assert sent.message == "I'm [name], mail [email] or [phone]"
    assert sent.history[0].content == "my card [card]"


async def test_model_failures_pass_through_unchanged() -> None:
    model = FakeChatModel([ProviderUnavailable("fake", "down")])

    with pytest.raises(ProviderUnavailable):
        await GuardedChat(model).ask(ask("Hello"))
