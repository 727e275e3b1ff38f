"""The contract every ChatModel passes: subclass ChatModelContract and provide ``chat_model``.

A backend behind a mocked transport must answer plain requests with some text and requests
that ask for JSON with a valid ``ContractAdvice`` object (its server can build one with
``contract_advice_json()``), so the suite checks the adapter's side of the wire.
"""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, Field

from sleeplab_core.llm import (
    ChatModel,
    ChatRequest,
    ChatResponse,
    Image,
    Role,
    Turn,
    VisionNotSupported,
)
from sleeplab_core.llm.prompts import system_prompt

# The smallest valid PNG: a 1x1 transparent pixel.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class ContractAdvice(BaseModel):
    """The structured answer the suite asks for."""

    topic: Literal["sleep", "stress", "other"]
    tip: str = Field(min_length=1)
    minutes: int = Field(ge=0)


def contract_advice_json() -> str:
    """A valid ContractAdvice as a mocked server would send it."""
    return ContractAdvice(
        topic="sleep", tip="Dim the lights an hour before bed.", minutes=60
    ).model_dump_json()


def question(message: str = "How can I fall asleep faster?", **changes: object) -> ChatRequest:
    return ChatRequest(system=system_prompt("en"), message=message, **changes)  # type: ignore[arg-type]


class ChatModelContract:
    """Behaviour shared by OpenAI, Anthropic, offline and the fake."""

    @pytest.fixture
    def chat_model(self) -> ChatModel:
        raise NotImplementedError("each backend provides its chat_model fixture")

    async def test_plain_question_gets_text_with_usage_and_provider(
        self, chat_model: ChatModel
    ) -> None:
        response = await chat_model.complete(question())

        assert isinstance(response, ChatResponse)
        assert response.text.strip()
        assert response.parsed is None
        assert response.provider == chat_model.provider
        assert response.model
        assert response.usage.input_tokens >= 0
        assert response.usage.output_tokens > 0

    async def test_history_is_accepted_with_both_roles(self, chat_model: ChatModel) -> None:
        history = [
            Turn(Role.USER, "I wake up at 3 am."),
            Turn(Role.ASSISTANT, "That sounds tiring. How long does it last?"),
        ]

        response = await chat_model.complete(question("About an hour.", history=history))

        assert response.text.strip()

    async def test_structured_request_is_parsed_into_the_model(self, chat_model: ChatModel) -> None:
        response = await chat_model.complete(question(response_model=ContractAdvice))

        assert isinstance(response.parsed, ContractAdvice)
        assert ContractAdvice.model_validate_json(response.parsed.model_dump_json())
        assert response.provider == chat_model.provider

    async def test_images_are_read_only_by_a_model_with_vision(self, chat_model: ChatModel) -> None:
        request = question("What is on this picture?", images=[Image(PIXEL_PNG, "image/png")])

        if chat_model.supports_vision:
            response = await chat_model.complete(request)
            assert response.text.strip()
        else:
            with pytest.raises(VisionNotSupported):
                await chat_model.complete(request)

    async def test_russian_request_is_answered(self, chat_model: ChatModel) -> None:
        request = ChatRequest(
            system=system_prompt("ru"), message="Как быстрее заснуть?", locale="ru"
        )

        response = await chat_model.complete(request)

        assert response.text.strip()
