"""The language model port: requests, answers, errors, resilience, privacy and safety.

Use cases build a :class:`ChatRequest`, hand it to a :class:`GuardedChat` wrapping a
:class:`ChatModel` (usually a :class:`ResilientChatModel` over the configured providers) and
show the :class:`Reply`. See ``docs/llm.md``.
"""

from typing import TYPE_CHECKING

from sleeplab_core.llm.config import KNOWN_PROVIDERS, parse_provider_order, split_keys
from sleeplab_core.llm.errors import (
    AllProvidersFailed,
    AuthenticationFailed,
    InvalidRequest,
    LlmError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    StructuredOutputInvalid,
    VisionNotSupported,
)
from sleeplab_core.llm.instances import UnsupportedShape, minimal_instance
from sleeplab_core.llm.model import (
    MAX_MESSAGE_CHARS,
    ChatRequest,
    ChatResponse,
    Image,
    Role,
    Turn,
    Usage,
)
from sleeplab_core.llm.ports import ChatModel
from sleeplab_core.llm.prompts import load_prompt, system_prompt
from sleeplab_core.llm.redaction import PersonalData, luhn_valid, redact
from sleeplab_core.llm.resilience import ProviderPool, ResiliencePolicy, ResilientChatModel
from sleeplab_core.llm.safety import CRISIS_REPLY_KEY, CrisisCheck, crisis_reply
from sleeplab_core.llm.service import GuardedChat, Reply, redact_request
from sleeplab_core.llm.structured import complete_with_structure, parse_json_answer

__all__ = [
    "CRISIS_REPLY_KEY",
    "KNOWN_PROVIDERS",
    "MAX_MESSAGE_CHARS",
    "AllProvidersFailed",
    "AuthenticationFailed",
    "ChatModel",
    "ChatRequest",
    "ChatResponse",
    "CrisisCheck",
    "FakeChatModel",
    "GuardedChat",
    "Image",
    "InvalidRequest",
    "LlmError",
    "PersonalData",
    "ProviderPool",
    "ProviderTimeout",
    "ProviderUnavailable",
    "RateLimited",
    "Reply",
    "ResiliencePolicy",
    "ResilientChatModel",
    "Role",
    "StructuredOutputInvalid",
    "Turn",
    "UnsupportedShape",
    "Usage",
    "VisionNotSupported",
    "complete_with_structure",
    "crisis_reply",
    "load_prompt",
    "luhn_valid",
    "minimal_instance",
    "parse_json_answer",
    "parse_provider_order",
    "redact",
    "redact_request",
    "split_keys",
    "system_prompt",
]

if TYPE_CHECKING:
    from sleeplab_core.llm.fakes import FakeChatModel


def __getattr__(name: str) -> object:
    """The test fakes are imported on first use, not with the package (PEP 562)."""
    if name in _FAKES:
        from sleeplab_core.llm import fakes

        return getattr(fakes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_FAKES = frozenset({"FakeChatModel"})
