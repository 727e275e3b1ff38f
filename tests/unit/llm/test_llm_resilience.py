"""Retries, key rotation, timeouts and failover over fake providers; nothing sleeps for real."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable

import pytest

from sleeplab_core.kernel.retry import RetryPolicy
from sleeplab_core.llm import (
    AllProvidersFailed,
    AuthenticationFailed,
    ChatRequest,
    ChatResponse,
    FakeChatModel,
    Image,
    InvalidRequest,
    ProviderPool,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    ResiliencePolicy,
    ResilientChatModel,
    StructuredOutputInvalid,
    VisionNotSupported,
)

PNG = b"\x89PNG\r\n\x1a\n"


class Sleeper:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


class NeverAnswers:
    provider = "slow"
    model = "slow-1"
    supports_vision = False

    def __init__(self) -> None:
        self.calls = 0

    async def complete(self, request: ChatRequest) -> ChatResponse:
        self.calls += 1
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def expire_unless_ready(awaitable: Awaitable[ChatResponse], seconds: float) -> ChatResponse:
    """A virtual time limit: an answer still pending after a few loop turns has "timed out"."""
    task = asyncio.ensure_future(awaitable)
    for _ in range(10):
        if task.done():
            return task.result()
        await asyncio.sleep(0)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    raise TimeoutError


def resilient(*pools: ProviderPool, sleeper: Sleeper, attempts: int = 3) -> ResilientChatModel:
    policy = ResiliencePolicy(retry=RetryPolicy(attempts=attempts, base_delay=1.0))
    return ResilientChatModel(
        list(pools), policy, sleep=sleeper, random=lambda: 0.5, deadline=expire_unless_ready
    )


def ask(**changes: object) -> ChatRequest:
    return ChatRequest(system="Be kind.", message="How do I sleep better?", **changes)  # type: ignore[arg-type]


async def test_the_first_provider_answers_without_any_wait() -> None:
    sleeper = Sleeper()
    model = resilient(ProviderPool([FakeChatModel(provider="openai")]), sleeper=sleeper)

    response = await model.complete(ask())

    assert response.provider == "openai"
    assert (model.provider, model.model) == ("openai", "fake-1")
    assert sleeper.delays == []


async def test_a_rate_limit_waits_for_the_servers_hint_then_retries() -> None:
    sleeper = Sleeper()
    fake = FakeChatModel([RateLimited("openai", "HTTP 429", retry_after=4.0), "ok"])
    model = resilient(ProviderPool([fake]), sleeper=sleeper)

    response = await model.complete(ask())

    assert response.text == "ok"
    assert sleeper.delays == [4.0]


async def test_server_errors_back_off_exponentially_with_jitter() -> None:
    sleeper = Sleeper()
    down = ProviderUnavailable("openai", "HTTP 500")
    model = resilient(ProviderPool([FakeChatModel([down, down, "ok"])]), sleeper=sleeper)

    await model.complete(ask())

    assert sleeper.delays == [0.5, 1.0]  # random 0.5 of ceilings 1 and 2


async def test_an_exhausted_provider_fails_over_to_the_next() -> None:
    sleeper = Sleeper()
    down = ProviderUnavailable("openai", "HTTP 503")
    first = FakeChatModel([down, down], provider="openai")
    second = FakeChatModel(["from the backup"], provider="anthropic")
    model = resilient(ProviderPool([first]), ProviderPool([second]), sleeper=sleeper, attempts=2)

    response = await model.complete(ask())

    assert response.provider == "anthropic"
    assert response.text == "from the backup"
    assert first.complete_calls == 2
    assert model.provider == "anthropic"


async def test_keys_are_used_round_robin() -> None:
    keys = [FakeChatModel(provider="openai") for _ in range(3)]
    model = resilient(ProviderPool(keys), sleeper=Sleeper())

    for _ in range(6):
        await model.complete(ask())

    assert [key.complete_calls for key in keys] == [2, 2, 2]


async def test_a_refused_key_is_retired_and_the_next_key_answers_at_once() -> None:
    sleeper = Sleeper()
    revoked = FakeChatModel([AuthenticationFailed("openai", "HTTP 401")], provider="openai")
    valid = FakeChatModel(provider="openai")
    model = resilient(ProviderPool([revoked, valid]), sleeper=sleeper)

    for _ in range(3):
        await model.complete(ask())

    assert revoked.complete_calls == 1
    assert valid.complete_calls == 3
    assert sleeper.delays == []


async def test_a_provider_with_every_key_refused_fails_over() -> None:
    refused = [
        FakeChatModel([AuthenticationFailed("openai", "HTTP 401")], provider="openai")
        for _ in range(2)
    ]
    backup = FakeChatModel(provider="offline")
    model = resilient(ProviderPool(refused), ProviderPool([backup]), sleeper=Sleeper())

    response = await model.complete(ask())

    assert response.provider == "offline"


async def test_when_every_provider_fails_the_error_lists_each_failure() -> None:
    down = FakeChatModel([ProviderUnavailable("openai", "HTTP 500")] * 2, provider="openai")
    refused = FakeChatModel([AuthenticationFailed("anthropic", "HTTP 401")], provider="anthropic")
    model = resilient(ProviderPool([down]), ProviderPool([refused]), sleeper=Sleeper(), attempts=2)

    with pytest.raises(AllProvidersFailed) as caught:
        await model.complete(ask())

    assert [type(error) for error in caught.value.failures] == [
        ProviderUnavailable,
        AuthenticationFailed,
    ]
    assert caught.value.message_key == "llm.error.unavailable"


@pytest.mark.parametrize(
    "error",
    [
        InvalidRequest("openai", "HTTP 400: too long"),
        StructuredOutputInvalid("openai", "- state: missing", "{}"),
    ],
)
async def test_a_faulty_request_is_neither_retried_nor_failed_over(error: Exception) -> None:
    first = FakeChatModel([error], provider="openai")
    backup = FakeChatModel(provider="offline")
    model = resilient(ProviderPool([first]), ProviderPool([backup]), sleeper=Sleeper())

    with pytest.raises(type(error)):
        await model.complete(ask())

    assert backup.complete_calls == 0


async def test_a_provider_that_does_not_answer_in_time_times_out_and_fails_over() -> None:
    slow = NeverAnswers()
    backup = FakeChatModel(provider="offline")
    model = resilient(ProviderPool([slow]), ProviderPool([backup]), sleeper=Sleeper(), attempts=2)

    response = await model.complete(ask())

    assert slow.calls == 2
    assert response.provider == "offline"


async def test_the_default_time_limit_reports_provider_timeout() -> None:
    # asyncio.wait_for with a zero limit expires at once: no real waiting.
    policy = ResiliencePolicy(timeout_seconds=0, retry=RetryPolicy(attempts=1))
    model = ResilientChatModel([ProviderPool([NeverAnswers()])], policy, sleep=Sleeper())

    with pytest.raises(AllProvidersFailed) as caught:
        await model.complete(ask())

    assert isinstance(caught.value.failures[0], ProviderTimeout)


async def test_images_skip_providers_without_vision() -> None:
    blind = FakeChatModel(provider="offline", supports_vision=False)
    seeing = FakeChatModel(provider="openai")
    model = resilient(ProviderPool([blind]), ProviderPool([seeing]), sleeper=Sleeper())

    response = await model.complete(ask(images=[Image(PNG, "image/png")]))

    assert response.provider == "openai"
    assert blind.complete_calls == 0


async def test_images_with_no_vision_provider_raise_vision_not_supported() -> None:
    model = resilient(ProviderPool([FakeChatModel(supports_vision=False)]), sleeper=Sleeper())

    with pytest.raises(VisionNotSupported):
        await model.complete(ask(images=[Image(PNG, "image/png")]))


async def test_log_lines_name_the_provider_and_key_number_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    revoked = FakeChatModel([AuthenticationFailed("openai", "HTTP 401")], provider="openai")
    model = resilient(ProviderPool([revoked, FakeChatModel(provider="openai")]), sleeper=Sleeper())

    with caplog.at_level(logging.INFO, logger="sleeplab_core.llm"):
        await model.complete(ask())

    assert "llm provider openai key #1 refused; retired" in caplog.text
    assert "How do I sleep better" not in caplog.text


def test_a_pool_needs_at_least_one_model() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ProviderPool([])
