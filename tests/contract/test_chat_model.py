"""The ChatModel contract, run against every provider: real SDKs over mocked transports."""

from __future__ import annotations

import json

import httpx
import httpx2
import pytest

from adapters.llm_anthropic import AnthropicChatModel
from adapters.llm_anthropic.recorded import message_body
from adapters.llm_offline import OfflineChatModel
from adapters.llm_openai import OpenAIChatModel
from adapters.llm_openai.recorded import completion_body
from sleeplab_core.llm import ChatModel, FakeChatModel
from sleeplab_core.testing.contracts.chat_model import ChatModelContract, contract_advice_json

JSON_MARKER = "JSON Schema"


def _wants_json(payload: dict[str, object]) -> bool:
    return JSON_MARKER in json.dumps(payload, ensure_ascii=False)


def openai_server(request: httpx.Request) -> httpx.Response:
    payload = json.loads(request.content)
    text = contract_advice_json() if _wants_json(payload) else "Keep a steady wake-up time."
    return httpx.Response(200, json=completion_body(text))


def anthropic_server(request: httpx2.Request) -> httpx2.Response:
    payload = json.loads(request.content)
    text = contract_advice_json() if _wants_json(payload) else "Keep a steady wake-up time."
    return httpx2.Response(200, json=message_body(text))


class TestChatModelOnFake(ChatModelContract):
    @pytest.fixture
    def chat_model(self) -> ChatModel:
        return FakeChatModel()


class TestChatModelOnOffline(ChatModelContract):
    @pytest.fixture
    def chat_model(self) -> ChatModel:
        return OfflineChatModel()


class TestChatModelOnOpenAI(ChatModelContract):
    @pytest.fixture
    def chat_model(self) -> ChatModel:
        client = httpx.AsyncClient(transport=httpx.MockTransport(openai_server))
        return OpenAIChatModel(api_key="sk-contract", http_client=client)


class TestChatModelOnAnthropic(ChatModelContract):
    @pytest.fixture
    def chat_model(self) -> ChatModel:
        client = httpx2.AsyncClient(transport=httpx2.MockTransport(anthropic_server))
        return AnthropicChatModel(api_key="sk-ant-contract", http_client=client)
