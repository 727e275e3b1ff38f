"""The OpenAI chat completions API (and compatible servers) as a :class:`ChatModel`."""

from __future__ import annotations

from typing import Any

import httpx
import httpx2
import openai

from adapters.llm_openai.errors import PROVIDER, translate
from adapters.llm_openai.messages import to_messages
from sleeplab_core.llm import (
    ChatRequest,
    ChatResponse,
    ProviderUnavailable,
    Usage,
    VisionNotSupported,
    complete_with_structure,
)

DEFAULT_MODEL = "gpt-5-mini"


class OpenAIChatModel:
    """One API key against one model. Makes exactly one HTTP call per attempt.

    The SDK's own retries are off (``max_retries=0``): retries, key rotation and failover
    belong to ``ResilientChatModel`` so there is one behaviour, tested once. ``http_client``
    may be an ``httpx.AsyncClient`` or an ``httpx2.AsyncClient`` (the SDK's own transport).
    """

    def __init__(
        self,
        *,
        api_key: str,
        model: str = DEFAULT_MODEL,
        base_url: str | None = None,
        http_client: httpx.AsyncClient | httpx2.AsyncClient | None = None,
        timeout_seconds: float = 60.0,
        supports_vision: bool = True,
    ) -> None:
        self._model = model
        self._vision = supports_vision
        self._base_url = base_url
        self._client = openai.AsyncOpenAI(
            api_key=api_key,
            base_url=base_url,
            # The SDK accepts a plain httpx client at run time too; its hint names httpx2 only.
            http_client=http_client,  # type: ignore[arg-type]
            max_retries=0,
            timeout=timeout_seconds,
        )

    def __repr__(self) -> str:
        return f"OpenAIChatModel(model={self._model!r}, base_url={self._base_url!r})"

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
        extra: dict[str, Any] = {"response_format": {"type": "json_object"}} if expect_json else {}
        try:
            completion = await self._client.chat.completions.create(
                model=self._model,
                messages=to_messages(request),  # type: ignore[arg-type]
                max_completion_tokens=request.max_output_tokens,
                **extra,
            )
        except (openai.OpenAIError, ValueError) as error:
            raise translate(error) from None
        return self._response(completion)

    def _response(self, completion: Any) -> ChatResponse:
        try:
            text = completion.choices[0].message.content
            usage = Usage(completion.usage.prompt_tokens, completion.usage.completion_tokens)
        except (AttributeError, IndexError, TypeError):
            raise ProviderUnavailable(PROVIDER, "malformed reply (missing fields)") from None
        if not isinstance(text, str) or not text:
            raise ProviderUnavailable(PROVIDER, "empty answer")
        return ChatResponse(text, usage, PROVIDER, completion.model or self._model)
