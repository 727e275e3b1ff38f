"""Builds the Anthropic provider pool from plain configuration values."""

from __future__ import annotations

from collections.abc import Sequence

import httpx2
from pydantic import SecretStr

from adapters.llm_anthropic.chat_model import DEFAULT_MODEL, AnthropicChatModel
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.llm import ProviderPool


def build_anthropic_pool(
    api_keys: Sequence[str | SecretStr],
    *,
    model: str = DEFAULT_MODEL,
    base_url: str | None = None,
    http_client: httpx2.AsyncClient | None = None,
    timeout_seconds: float = 60.0,
    supports_vision: bool = True,
) -> ProviderPool:
    """One :class:`AnthropicChatModel` per key, rotated by the pool.

    Args:
        api_keys: from ``ANTHROPIC_API_KEYS`` (comma-separated) and/or ``ANTHROPIC_API_KEY``;
            plain strings or ``SecretStr`` (revealed only to build the SDK client).
        model: the model name (``SLEEPLAB_ANTHROPIC_MODEL``).
        base_url: a proxy or compatible server (``SLEEPLAB_ANTHROPIC_BASE_URL``).
        http_client: a shared ``httpx2.AsyncClient`` (tests pass one with a mock transport).
        timeout_seconds: the SDK's per-request timeout.
        supports_vision: False for text-only models.

    Raises:
        ValidationFailed: no key given.
    """
    keys = [_reveal(key) for key in api_keys if _reveal(key)]
    if not keys:
        raise ValidationFailed(
            "set ANTHROPIC_API_KEY or ANTHROPIC_API_KEYS", field="anthropic api key"
        )
    return ProviderPool(
        [
            AnthropicChatModel(
                api_key=key,
                model=model,
                base_url=base_url,
                http_client=http_client,
                timeout_seconds=timeout_seconds,
                supports_vision=supports_vision,
            )
            for key in keys
        ]
    )


def _reveal(key: str | SecretStr) -> str:
    return (key.get_secret_value() if isinstance(key, SecretStr) else key).strip()
