"""The OpenAI adapter: the real SDK over a mocked HTTP transport with recorded shapes."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from adapters.llm_openai import OpenAIChatModel, build_openai_pool
from adapters.llm_openai.recorded import completion_body, error_body
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.retry import RetryPolicy
from sleeplab_core.llm import (
    AuthenticationFailed,
    ChatRequest,
    Image,
    InvalidRequest,
    LlmError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    ResiliencePolicy,
    ResilientChatModel,
    Role,
    Turn,
    VisionNotSupported,
)

Reply = httpx.Response | Callable[[httpx.Request], httpx.Response]
KEY = "sk-test-0123456789abcdef"


class Server:
    """Answers each HTTP request with the next scripted reply and keeps the requests."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0)
        return reply(request) if callable(reply) else reply

    def body(self, index: int = 0) -> dict[str, Any]:
        return json.loads(self.requests[index].content)  # type: ignore[no-any-return]

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))


def ok(text: str = "Keep a steady wake-up time.", **usage: Any) -> httpx.Response:
    return httpx.Response(200, json=completion_body(text, **usage))


def failure(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=error_body(status), headers=headers)


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def model_on(server: Server, **options: Any) -> OpenAIChatModel:
    return OpenAIChatModel(api_key=KEY, http_client=server.client(), **options)


def ask(**changes: Any) -> ChatRequest:
    return ChatRequest(system="Be kind.", message="How do I sleep better?", **changes)


async def test_the_request_carries_system_history_and_message_in_order() -> None:
    server = Server(ok())
    history = [Turn(Role.USER, "Hi"), Turn(Role.ASSISTANT, "Hello!")]

    await model_on(server, model="gpt-test").complete(ask(history=history, max_output_tokens=300))

    body = server.body()
    assert body["model"] == "gpt-test"
    assert body["max_completion_tokens"] == 300
    assert body["messages"] == [
        {"role": "system", "content": "Be kind."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": "How do I sleep better?"},
    ]
    assert "response_format" not in body
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"


async def test_the_answer_usage_and_model_come_from_the_completion() -> None:
    server = Server(ok("Dim the lights.", prompt_tokens=42, completion_tokens=7))

    response = await model_on(server).complete(ask())

    assert response.text == "Dim the lights."
    assert (response.usage.input_tokens, response.usage.output_tokens) == (42, 7)
    assert response.provider == "openai"
    assert response.model == "gpt-5-mini-2025-08-07"


async def test_a_base_url_override_sends_requests_there() -> None:
    server = Server(ok())

    await model_on(server, base_url="https://proxy.example/v1").complete(ask())

    assert str(server.requests[0].url) == "https://proxy.example/v1/chat/completions"


async def test_images_travel_as_data_urls_after_the_text() -> None:
    server = Server(ok())

    await model_on(server).complete(ask(images=[Image(b"\x89PNG", "image/png")]))

    content = server.body()["messages"][-1]["content"]
    assert content[0] == {"type": "text", "text": "How do I sleep better?"}
    assert content[1] == {
        "type": "image_url",
        "image_url": {"url": "data:image/png;base64,iVBORw=="},
    }


async def test_a_model_without_vision_refuses_images_without_a_call() -> None:
    server = Server()

    with pytest.raises(VisionNotSupported):
        await model_on(server, supports_vision=False).complete(
            ask(images=[Image(b"x", "image/jpeg")])
        )

    assert server.requests == []


class Tip(BaseModel):
    tip: str


async def test_structured_requests_use_json_mode_and_are_parsed() -> None:
    server = Server(ok('{"tip": "Get morning light."}'))

    response = await model_on(server).complete(ask(response_model=Tip))

    assert server.body()["response_format"] == {"type": "json_object"}
    assert response.parsed == Tip(tip="Get morning light.")


async def test_an_invalid_structured_answer_is_repaired_over_a_second_request() -> None:
    server = Server(ok('{"advice": "x"}', completion_tokens=5), ok('{"tip": "Nap early."}'))

    response = await model_on(server).complete(ask(response_model=Tip))

    assert response.parsed == Tip(tip="Nap early.")
    assert len(server.requests) == 2
    assert "tip" in server.body(1)["messages"][-1]["content"]
    assert response.usage.output_tokens == 5 + 10


@pytest.mark.parametrize(
    ("reply", "error_type"),
    [
        (failure(500), ProviderUnavailable),
        (failure(503), ProviderUnavailable),
        (failure(401), AuthenticationFailed),
        (failure(403), AuthenticationFailed),
        (failure(400), InvalidRequest),
        (failure(404), InvalidRequest),
        (timeout, ProviderTimeout),
        (refused, ProviderUnavailable),
        (httpx.Response(200, content=b'{"id": "chatcmpl-1", "choices": ['), ProviderUnavailable),
        (httpx.Response(200, json={"unexpected": True}), ProviderUnavailable),
        (ok(""), ProviderUnavailable),
    ],
)
async def test_failures_become_typed_errors_after_exactly_one_request(
    reply: Reply, error_type: type[LlmError]
) -> None:
    server = Server(reply)

    with pytest.raises(error_type) as caught:
        await model_on(server).complete(ask())

    assert type(caught.value) is error_type
    assert len(server.requests) == 1  # the SDK's own retries are off
    assert KEY not in str(caught.value)


async def test_a_rejected_request_says_why() -> None:
    server = Server(failure(400))

    with pytest.raises(InvalidRequest, match="maximum context length"):
        await model_on(server).complete(ask())


@pytest.mark.parametrize(
    ("headers", "hint"),
    [({"retry-after": "2"}, 2.0), ({"retry-after-ms": "1500"}, 1.5), ({}, None)],
)
async def test_a_rate_limit_carries_the_retry_after_hint(
    headers: dict[str, str], hint: float | None
) -> None:
    server = Server(failure(429, headers))

    with pytest.raises(RateLimited) as caught:
        await model_on(server).complete(ask())

    assert caught.value.retry_after == hint


class Sleeper:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def resilient(server: Server, keys: list[str], sleeper: Sleeper) -> ResilientChatModel:
    pool = build_openai_pool(keys, http_client=server.client())
    policy = ResiliencePolicy(retry=RetryPolicy(attempts=3, base_delay=0.5))
    return ResilientChatModel([pool], policy, sleep=sleeper, random=lambda: 0.0)


async def test_through_the_resilient_wrapper_429_then_500_then_success() -> None:
    server = Server(failure(429, {"retry-after": "3"}), failure(500), ok("Finally."))
    sleeper = Sleeper()

    response = await resilient(server, [KEY], sleeper).complete(ask())

    assert response.text == "Finally."
    assert sleeper.delays == [3.0, 0.0]
    assert len(server.requests) == 3


async def test_a_revoked_key_is_retired_and_the_next_key_is_used(
    caplog: pytest.LogCaptureFixture,
) -> None:
    keys = ["sk-revoked-aaaaaaaaaaaa", "sk-valid-bbbbbbbbbbbbbb"]
    server = Server(failure(401), ok(), ok())
    model = resilient(server, keys, Sleeper())

    with caplog.at_level(logging.DEBUG):
        await model.complete(ask())
        await model.complete(ask())

    used = [request.headers["authorization"] for request in server.requests]
    assert used == [f"Bearer {keys[0]}", f"Bearer {keys[1]}", f"Bearer {keys[1]}"]
    assert caplog.records  # the SDK and our wrapper did log at DEBUG ...
    for key in keys:  # ... yet no line holds a key
        assert key not in caplog.text


def test_the_model_repr_holds_no_key() -> None:
    model = OpenAIChatModel(api_key=KEY, base_url="https://proxy.example/v1")

    assert KEY not in repr(model)
    assert "proxy.example" in repr(model)


async def test_the_factory_takes_secret_strings_from_the_settings() -> None:
    server = Server(ok())
    pool = build_openai_pool([SecretStr(KEY)], http_client=server.client())

    await ResilientChatModel([pool]).complete(ask())

    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_the_factory_builds_one_model_per_key_and_needs_one() -> None:
    pool = build_openai_pool([" sk-a ", "sk-b", ""])

    assert pool.live_keys == 2
    assert pool.provider == "openai"
    with pytest.raises(ValidationFailed, match="OPENAI_API_KEY"):
        build_openai_pool([" "])
