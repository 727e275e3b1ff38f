"""The in-memory :class:`ChatModel`: scripted answers and failures, every request recorded."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

from pydantic import BaseModel

from sleeplab_core.llm.errors import VisionNotSupported
from sleeplab_core.llm.instances import minimal_instance
from sleeplab_core.llm.model import ChatRequest, ChatResponse, Usage
from sleeplab_core.llm.structured import complete_with_structure

#: One scripted step: a text to answer, or an error to raise.
ScriptStep = str | Exception


def _default_answer(request: ChatRequest, expect_json: bool) -> str:
    return f"fake answer to: {request.message}"


class FakeChatModel:
    """A ChatModel for tests.

    Each call (a repair retry is a second call) takes the next step of ``script``: a string
    is the answer text, an exception is raised. When the script is empty, plain requests get
    ``"fake answer to: <message>"`` and structured requests a deterministic valid instance
    (see :func:`minimal_instance`). ``requests`` records every request actually sent,
    including the JSON instruction and repair turns; ``complete_calls`` counts calls to
    :meth:`complete`.
    """

    def __init__(
        self,
        script: Iterable[ScriptStep] = (),
        *,
        provider: str = "fake",
        model: str = "fake-1",
        supports_vision: bool = True,
        answer: Callable[[ChatRequest, bool], str] = _default_answer,
    ) -> None:
        self._script: deque[ScriptStep] = deque(script)
        self._provider = provider
        self._model = model
        self._vision = supports_vision
        self._answer = answer
        self.requests: list[ChatRequest] = []
        self.complete_calls = 0

    @property
    def provider(self) -> str:
        return self._provider

    @property
    def model(self) -> str:
        return self._model

    @property
    def supports_vision(self) -> bool:
        return self._vision

    def add(self, *steps: ScriptStep) -> None:
        """Append steps to the script."""
        self._script.extend(steps)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        self.complete_calls += 1
        if request.images and not self._vision:
            raise VisionNotSupported(self._provider, "this fake is set up without vision")
        if request.response_model is not None and not self._script:
            parsed = minimal_instance(request.response_model, _default_answer(request, True))
            self.requests.append(request)
            return self._response(parsed.model_dump_json(), request, parsed=parsed)
        return await complete_with_structure(request, self._call)

    async def _call(self, request: ChatRequest, expect_json: bool) -> ChatResponse:
        self.requests.append(request)
        step = self._script.popleft() if self._script else self._answer(request, expect_json)
        if isinstance(step, Exception):
            raise step
        return self._response(step, request)

    def _response(
        self, text: str, request: ChatRequest, parsed: BaseModel | None = None
    ) -> ChatResponse:
        usage = Usage(_words(request.system, request.message), _words(text))
        return ChatResponse(text, usage, self._provider, self._model, parsed)


def _words(*texts: str) -> int:
    return sum(len(text.split()) for text in texts)
