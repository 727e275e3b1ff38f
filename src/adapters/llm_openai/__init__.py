"""The OpenAI chat completions provider (official ``openai`` SDK), vision included."""

from adapters.llm_openai.chat_model import DEFAULT_MODEL, OpenAIChatModel
from adapters.llm_openai.factory import build_openai_pool

__all__ = ["DEFAULT_MODEL", "OpenAIChatModel", "build_openai_pool"]
