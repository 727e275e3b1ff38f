"""Builds the offline provider pool (no keys, nothing to configure)."""

from __future__ import annotations

from collections.abc import Sequence

from adapters.llm_offline.chat_model import OfflineChatModel
from sleeplab_core.llm import ProviderPool


def build_offline_pool(locales: Sequence[str] = ("en", "ru")) -> ProviderPool:
    """A pool with the single offline model, for the end of the failover list."""
    return ProviderPool([OfflineChatModel(locales)])
