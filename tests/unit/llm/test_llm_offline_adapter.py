"""The offline assistant: deterministic retrieval answers from the shipped knowledge base."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from adapters.llm_offline import OfflineChatModel, build_offline_pool, load_knowledge_base
from adapters.llm_offline.stemming import stem, tokens
from sleeplab_core.llm import (
    ChatRequest,
    Image,
    StructuredOutputInvalid,
    VisionNotSupported,
)


@pytest.fixture(scope="module")
def offline() -> OfflineChatModel:
    return OfflineChatModel()


def ask(message: str, locale: str = "en", **changes: object) -> ChatRequest:
    return ChatRequest(system="", message=message, locale=locale, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_each_locale_ships_25_to_40_entries_with_unique_ids(locale: str) -> None:
    base = load_knowledge_base(locale)

    ids = [entry.id for entry in base.entries]
    assert 25 <= len(ids) <= 40
    assert len(set(ids)) == len(ids)
    assert all(entry.text and entry.title for entry in base.entries)


def test_both_locales_cover_the_same_topics() -> None:
    english = {entry.id for entry in load_knowledge_base("en").entries}
    russian = {entry.id for entry in load_knowledge_base("ru").entries}

    assert english == russian


@pytest.mark.parametrize(
    ("question", "locale", "entry_id"),
    [
        ("Is coffee in the afternoon bad for my sleep?", "en", "caffeine"),
        ("My husband snores loudly and stops breathing", "en", "snoring-apnea"),
        ("I can't fall asleep, I lie awake for hours", "en", "cant-fall-asleep"),
        ("How do I get over jet lag after a flight east?", "en", "jet-lag"),
        ("Should I take a nap after lunch?", "en", "naps"),
        ("I work night shifts", "en", "shift-work"),
        ("Можно ли пить кофе вечером?", "ru", "caffeine"),
        ("Муж храпит и перестаёт дышать ночью", "ru", "snoring-apnea"),
        ("как справиться с джетлагом после перелёта", "ru", "jet-lag"),
        ("что такое бессонница", "ru", "insomnia"),
        ("тревожные мысли не дают уснуть", "ru", "stress"),
        ("можно ли принимать мелатонин", "ru", "sleep-medication"),
    ],
)
def test_questions_find_the_entry_on_their_topic(question: str, locale: str, entry_id: str) -> None:
    best, _score = load_knowledge_base(locale).search(question)[0]

    assert best.id == entry_id


async def test_the_answer_says_it_is_the_offline_assistant_and_quotes_the_entry(
    offline: OfflineChatModel,
) -> None:
    response = await offline.complete(ask("Is coffee bad for sleep?"))

    base = load_knowledge_base("en")
    caffeine = next(entry for entry in base.entries if entry.id == "caffeine")
    assert response.text.startswith(base.texts.intro)
    assert caffeine.text in response.text
    assert response.provider == "offline"
    assert response.usage.output_tokens == len(response.text.split())


async def test_the_same_request_always_gets_the_same_answer(offline: OfflineChatModel) -> None:
    first = await offline.complete(ask("I wake up at 3 am"))
    second = await OfflineChatModel().complete(ask("I wake up at 3 am"))

    assert first == second


async def test_a_russian_question_is_answered_in_russian_whatever_the_locale(
    offline: OfflineChatModel,
) -> None:
    response = await offline.complete(ask("Как перестать просыпаться ночью?", locale="en"))

    assert response.text.startswith(load_knowledge_base("ru").texts.intro)


async def test_an_unknown_topic_gets_the_fallback_listing_topics(
    offline: OfflineChatModel,
) -> None:
    response = await offline.complete(ask("What is the capital of France?"))

    base = load_knowledge_base("en")
    assert base.texts.fallback.split("{topics}")[0] in response.text
    assert base.entries[0].title in response.text


class Advice(BaseModel):
    topic: str
    minutes: int


async def test_a_simple_structured_request_gets_a_valid_instance(
    offline: OfflineChatModel,
) -> None:
    response = await offline.complete(ask("Tips for naps?", response_model=Advice))

    assert isinstance(response.parsed, Advice)
    assert "nap" in response.parsed.topic.lower()
    assert Advice.model_validate_json(response.text) == response.parsed


class Unfillable(BaseModel):
    scores: dict[str, int]


async def test_a_structured_shape_it_cannot_fill_raises_a_typed_error(
    offline: OfflineChatModel,
) -> None:
    with pytest.raises(StructuredOutputInvalid, match="dict"):
        await offline.complete(ask("Tips for naps?", response_model=Unfillable))


async def test_images_are_refused(offline: OfflineChatModel) -> None:
    with pytest.raises(VisionNotSupported):
        await offline.complete(ask("What is this?", images=[Image(b"x", "image/png")]))


def test_the_factory_pool_holds_the_offline_model() -> None:
    pool = build_offline_pool()

    assert pool.provider == "offline"
    assert not pool.supports_vision


@pytest.mark.parametrize(
    ("words", "same_stem"),
    [
        (["napping", "naps", "nap"], True),
        (["sleeping", "sleeps"], True),
        (["бессонница", "бессонницей", "бессонницы"], True),
        (["кофеин", "кофеина", "кофеином"], True),
        (["caffeine", "coffee"], False),
    ],
)
def test_light_stemming_joins_common_word_forms(words: list[str], same_stem: bool) -> None:
    assert (len({stem(word) for word in words}) == 1) is same_stem


def test_tokens_drop_stop_words_and_read_yo_as_ye() -> None:
    assert tokens("The night is dark") == ["night", "dark"]
    assert tokens("Всё ещё не сплю") == ["спл"]
