"""Structured answers: JSON asked for, validated, repaired once, then a typed error."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from sleeplab_core.llm import (
    ChatRequest,
    FakeChatModel,
    Role,
    StructuredOutputInvalid,
    parse_json_answer,
)


class Verdict(BaseModel):
    state: str
    steps: list[str] = Field(min_length=1)


VALID = '{"state": "steady", "steps": ["walk in daylight"]}'


def structured_request() -> ChatRequest:
    return ChatRequest(system="Be kind.", message="How am I doing?", response_model=Verdict)


async def test_a_valid_answer_is_parsed_in_one_call() -> None:
    model = FakeChatModel([VALID])

    response = await model.complete(structured_request())

    assert response.parsed == Verdict(state="steady", steps=["walk in daylight"])
    assert len(model.requests) == 1


async def test_the_request_asks_for_json_matching_the_schema() -> None:
    model = FakeChatModel([VALID])

    await model.complete(structured_request())

    sent = model.requests[0]
    assert "JSON Schema" in sent.system
    assert '"steps"' in sent.system
    assert sent.response_model is None


async def test_an_invalid_answer_gets_one_repair_retry_with_the_errors() -> None:
    model = FakeChatModel(['{"state": "steady", "steps": []}', VALID])

    response = await model.complete(structured_request())

    assert response.parsed == Verdict(state="steady", steps=["walk in daylight"])
    repair = model.requests[1]
    assert "steps" in repair.message
    assert "did not validate" in repair.message
    assert [turn.role for turn in repair.history[-2:]] == [Role.USER, Role.ASSISTANT]
    assert repair.history[-1].content == '{"state": "steady", "steps": []}'


async def test_usage_counts_both_calls_of_a_repair() -> None:
    model = FakeChatModel(["not json at all", VALID])

    response = await model.complete(structured_request())

    first_output = len(["not", "json", "at", "all"])
    assert response.usage.output_tokens == first_output + len(VALID.split())


async def test_two_invalid_answers_raise_structured_output_invalid() -> None:
    model = FakeChatModel(["not json", '{"state": 1}'])

    with pytest.raises(StructuredOutputInvalid) as caught:
        await model.complete(structured_request())

    assert caught.value.raw == '{"state": 1}'
    assert "steps" in caught.value.errors
    assert len(model.requests) == 2


def test_json_wrapped_in_code_fences_and_chatter_is_read() -> None:
    text = f"Here you go:\n```json\n{VALID}\n```\nHope it helps!"

    assert parse_json_answer(text, Verdict) == Verdict(state="steady", steps=["walk in daylight"])


async def test_russian_requests_get_the_russian_json_instruction() -> None:
    model = FakeChatModel([VALID])
    request = ChatRequest(
        system="Будь добр.", message="Как дела?", response_model=Verdict, locale="ru"
    )

    await model.complete(request)

    assert "JSON-объектом" in model.requests[0].system
