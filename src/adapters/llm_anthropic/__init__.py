"""The Anthropic Messages provider (official ``anthropic`` SDK), vision included."""

from adapters.llm_anthropic.chat_model import DEFAULT_MODEL, AnthropicChatModel
from adapters.llm_anthropic.factory import build_anthropic_pool

__all__ = ["DEFAULT_MODEL", "AnthropicChatModel", "build_anthropic_pool"]
