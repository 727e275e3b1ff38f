"""The embedded offline assistant: no network, no keys, deterministic retrieval answers."""

from adapters.llm_offline.chat_model import MODEL, PROVIDER, OfflineChatModel
from adapters.llm_offline.factory import build_offline_pool
from adapters.llm_offline.knowledge import KnowledgeBase, load_knowledge_base

__all__ = [
    "MODEL",
    "PROVIDER",
    "KnowledgeBase",
    "OfflineChatModel",
    "build_offline_pool",
    "load_knowledge_base",
]
