"""The way use cases talk to a model: redact what leaves, check what comes in and out."""

from __future__ import annotations

import attrs

from sleeplab_core.kernel.i18n import Message
from sleeplab_core.llm.model import ChatRequest, ChatResponse, Turn
from sleeplab_core.llm.ports import ChatModel
from sleeplab_core.llm.redaction import PersonalData, redact
from sleeplab_core.llm.safety import CrisisCheck, crisis_reply


@attrs.frozen
class Reply:
    """What to show the user.

    Attributes:
        response: the model's answer (None when the input check answered without a call).
        crisis: set when a crisis topic came up: show this message instead of ``response``;
            ``response`` is kept (when there was a call) for usage accounting and logs.
    """

    response: ChatResponse | None
    crisis: Message | None = None

    @property
    def is_crisis(self) -> bool:
        return self.crisis is not None


class GuardedChat:
    """A :class:`ChatModel` behind the privacy and safety rules.

    - Input check: a crisis topic in the user's message is answered with crisis resources at
      once; the model is not called.
    - Redaction: system prompt, history and message are redacted (e-mails, phones, cards,
      the user's names and usernames) before the request leaves.
    - Output check: an answer touching a crisis topic is replaced with crisis resources.
    """

    def __init__(self, model: ChatModel, crisis_check: CrisisCheck | None = None) -> None:
        self._model = model
        self._crisis = crisis_check or CrisisCheck.from_prompts()

    async def ask(self, request: ChatRequest, personal: PersonalData | None = None) -> Reply:
        """Ask the model, guarded.

        Raises:
            LlmError: the model's failures pass through unchanged.
        """
        if self._crisis.is_crisis(request.message):
            return Reply(response=None, crisis=crisis_reply())
        response = await self._model.complete(redact_request(request, personal))
        if self._crisis.is_crisis(response.text):
            return Reply(response=response, crisis=crisis_reply())
        return Reply(response=response)


def redact_request(request: ChatRequest, personal: PersonalData | None = None) -> ChatRequest:
    """``request`` with every text field redacted (images cannot be and pass unchanged)."""
    return attrs.evolve(
        request,
        system=redact(request.system, personal),
        message=redact(request.message, personal),
        history=tuple(Turn(turn.role, redact(turn.content, personal)) for turn in request.history),
    )
