"""The chat model port: one question in, one answer out."""

from __future__ import annotations

from typing import Protocol

from sleeplab_core.llm.model import ChatRequest, ChatResponse


class ChatModel(Protocol):
    """A language model behind one provider (or a resilient mix of several).

    Contract:
    - ``complete`` sends the system prompt, the history (oldest first), the user's message and
      its images, and returns the answer with ``usage``, ``provider`` and ``model`` filled in;
      ``provider`` equals the attribute below (a failover wrapper reports the one that answered).
    - With ``request.response_model`` set, ``response.parsed`` is a validated instance of it
      and ``response.text`` the raw answer. On an answer that does not validate the model is
      asked once more with the validation errors ("repair retry"); if that fails too,
      :class:`StructuredOutputInvalid` is raised. Usage covers both calls.
    - Images with ``supports_vision`` false raise :class:`VisionNotSupported` before any call.
    - One call is one attempt: a single-provider adapter does not retry by itself; it raises
      :class:`RateLimited` (with the retry-after hint), :class:`ProviderUnavailable` or
      :class:`ProviderTimeout` for transient failures, :class:`AuthenticationFailed` for a
      refused key and :class:`InvalidRequest` for a rejected request. Retries, key rotation
      and failover are the job of :class:`ResilientChatModel`.
    - Nothing secret (API keys) appears in errors, reprs or logs.
    """

    @property
    def provider(self) -> str: ...

    @property
    def model(self) -> str: ...

    @property
    def supports_vision(self) -> bool: ...

    async def complete(self, request: ChatRequest) -> ChatResponse:
        """Answer ``request``.

        Raises:
            LlmError: one of its subclasses as described in the class contract.
        """
        ...
