"""Provider configuration parsing, request rules, prompt files and the llm catalog."""

from __future__ import annotations

import pytest

from adapters.babel_catalog import load_catalog
from sleeplab_core.kernel.errors import NotFound, ValidationFailed
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES, Message
from sleeplab_core.llm import (
    CRISIS_REPLY_KEY,
    MAX_MESSAGE_CHARS,
    AllProvidersFailed,
    AuthenticationFailed,
    ChatRequest,
    Image,
    InvalidRequest,
    LlmError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    StructuredOutputInvalid,
    VisionNotSupported,
    load_prompt,
    parse_provider_order,
    split_keys,
    system_prompt,
)
from sleeplab_core.llm.errors import retry_after_seconds


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("openai,anthropic,offline", ("openai", "anthropic", "offline")),
        (" OpenAI , offline ,openai", ("openai", "offline")),
        ("", ("offline",)),
        (None, ("offline",)),
    ],
)
def test_the_provider_order_is_parsed(value: str | None, expected: tuple[str, ...]) -> None:
    assert parse_provider_order(value) == expected


def test_an_unknown_provider_names_the_setting() -> None:
    with pytest.raises(ValidationFailed, match="unknown provider 'gemini'") as caught:
        parse_provider_order("openai,gemini")

    assert caught.value.field == "SLEEPLAB_LLM_PROVIDERS"


def test_keys_are_split_on_commas_and_spaces_and_deduplicated() -> None:
    assert split_keys("sk-a, sk-b\nsk-c", "sk-a", None, "") == ("sk-a", "sk-b", "sk-c")


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"}, None),
        ({"retry-after": "-1"}, None),
        ({}, None),
    ],
)
def test_retry_after_hints_are_read_from_headers(
    headers: dict[str, str], expected: float | None
) -> None:
    assert retry_after_seconds(headers) == expected


def test_an_empty_message_without_images_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="empty") as caught:
        ChatRequest(system="s", message="   ")

    assert caught.value.field == "message"


def test_a_huge_message_is_refused_with_the_limit() -> None:
    with pytest.raises(ValidationFailed, match=str(MAX_MESSAGE_CHARS)):
        ChatRequest(system="s", message="z" * (MAX_MESSAGE_CHARS + 1))


def test_an_image_alone_is_a_valid_request() -> None:
    request = ChatRequest(system="s", message="", images=[Image(b"x", "image/webp")])

    assert request.images[0].mime_type == "image/webp"


def test_an_unsupported_image_type_names_the_allowed_ones() -> None:
    with pytest.raises(ValidationFailed, match="image/png"):
        Image(b"x", "image/tiff")


def test_image_bytes_stay_out_of_reprs() -> None:
    assert "secret-bytes" not in repr(Image(b"secret-bytes", "image/png"))


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", ["system", "structured", "repair", "crisis_terms"])
def test_every_prompt_exists_in_every_locale(locale: str, name: str) -> None:
    assert load_prompt(name, locale).strip()


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", ["diagnose", "medicines", "legal advice", "doctor"]),
        ("ru", ["диагнозы", "лекарства", "юридические советы", "врачу"]),
    ],
)
def test_the_system_prompt_forbids_diagnoses_prescriptions_and_legal_advice(
    locale: str, words: list[str]
) -> None:
    prompt = system_prompt(locale)

    for word in words:
        assert word in prompt


def test_use_case_context_is_appended_to_the_system_prompt() -> None:
    assert system_prompt("en", "Answer briefly.").endswith("\n\nAnswer briefly.")


def test_an_unknown_locale_falls_back_to_english() -> None:
    assert load_prompt("system", "de") == load_prompt("system", "en")


def test_a_missing_prompt_raises_not_found() -> None:
    with pytest.raises(NotFound, match="no-such-prompt"):
        load_prompt("no-such-prompt", "en")


ERRORS: list[LlmError] = [
    ProviderUnavailable("openai", "HTTP 500"),
    ProviderTimeout("openai", "slow"),
    RateLimited("openai", "HTTP 429", 2.0),
    AuthenticationFailed("openai", "HTTP 401"),
    InvalidRequest("openai", "HTTP 400"),
    VisionNotSupported("offline", "no eyes"),
    StructuredOutputInvalid("openai", "- x: missing", "{}"),
    AllProvidersFailed([]),
]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("error", ERRORS, ids=lambda error: type(error).__name__)
def test_every_error_has_a_user_message_in_every_locale(locale: str, error: LlmError) -> None:
    text = load_catalog().render(locale, Message(error.message_key))

    assert text.strip()


def test_when_every_provider_was_rate_limited_the_user_hears_busy_not_down() -> None:
    busy = AllProvidersFailed([RateLimited("openai", "429"), RateLimited("anthropic", "429")])
    mixed = AllProvidersFailed([RateLimited("openai", "429"), ProviderUnavailable("x", "500")])

    assert busy.message_key == "llm.error.busy"
    assert mixed.message_key == "llm.error.unavailable"


@pytest.mark.parametrize(("locale", "resource"), [("en", "988"), ("ru", "8-800-2000-122")])
def test_the_crisis_reply_names_crisis_resources(locale: str, resource: str) -> None:
    text = load_catalog().render(locale, Message(CRISIS_REPLY_KEY))

    assert "112" in text
    assert resource in text
