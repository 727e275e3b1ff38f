"""The Anthropic Messages API as a :class:`ChatModel`."""

from __future__ import annotations

from typing import Any

import anthropic
import httpx2

from adapters.llm_anthropic.errors import PROVIDER, translate
from adapters.llm_anthropic.messages import to_messages
from sleeplab_core.llm import (
    ChatRequest,
    ChatResponse,
    ProviderUnavailable,
    Usage,
    VisionNotSupported,
    complete_with_structure,
)

DEFAULT_MODEL = "claude-haiku-4-5"


class AnthropicChatModel:
    """One API key against one model. Makes exactly one HTTP call per attempt.

    The SDK's own retries are off (``max_retries=0``): retries, key rotation and failover
    belong to ``ResilientChatModel``. ``http_client`` must be an ``httpx2.AsyncClient``: the
    transport this SDK is built on (tests give it an ``httpx2.MockTransport``).
    """

    def __init__(
        self,
        *,
        api_key: str,
        model: str = DEFAULT_MODEL,
        base_url: str | None = None,
        http_client: httpx2.AsyncClient | None = None,
        timeout_seconds: float = 60.0,
        supports_vision: bool = True,
    ) -> None:
        self._model = model
        self._vision = supports_vision
        self._base_url = base_url
        self._client = anthropic.AsyncAnthropic(
            api_key=api_key,
            base_url=base_url,
            http_client=http_client,
            max_retries=0,
            timeout=timeout_seconds,
        )

    def __repr__(self) -> str:
        return f"AnthropicChatModel(model={self._model!r}, base_url={self._base_url!r})"

    @property
    def provider(self) -> str:
        return PROVIDER

    @property
    def model(self) -> str:
        return self._model

    @property
    def supports_vision(self) -> bool:
        return self._vision

    async def complete(self, request: ChatRequest) -> ChatResponse:
        if request.images and not self._vision:
            raise VisionNotSupported(PROVIDER, f"model {self._model} is configured without vision")
        return await complete_with_structure(request, self._call)

    async def _call(self, request: ChatRequest, expect_json: bool) -> ChatResponse:
        try:
            message = await self._client.messages.create(
                model=self._model,
                system=request.system,
                messages=to_messages(request),  # type: ignore[arg-type]
                max_tokens=request.max_output_tokens,
            )
        except (anthropic.AnthropicError, ValueError) as error:
            raise translate(error) from None
        return self._response(message)

    def _response(self, message: Any) -> ChatResponse:
        try:
            text = "".join(block.text for block in message.content if block.type == "text")
            usage = Usage(message.usage.input_tokens, message.usage.output_tokens)
        except (AttributeError, TypeError):
            raise ProviderUnavailable(PROVIDER, "malformed reply (missing fields)") from None
        if not text:
            raise ProviderUnavailable(PROVIDER, "empty answer")
        return ChatResponse(text, usage, PROVIDER, message.model or self._model)
