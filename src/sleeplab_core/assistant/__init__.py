"""The paid AI assistant bot: trial, credits held per answer, memory, message log, top-up.

Only the values and the storage port are re-exported here: the storage port of the core
(``storage.ports``) imports this package, so the use cases (``service``, ``credits``,
``purchase``) and the bot (``bot``, ``flows``), which reach the payments module and through
it the storage port, are imported from their modules. See ``docs/assistant.md``.
"""

from sleeplab_core.assistant.config import AssistantConfig
from sleeplab_core.assistant.fakes import AssistantTables, InMemoryAssistantRepository
from sleeplab_core.assistant.memory import Memory, memory_from, offline_summary
from sleeplab_core.assistant.model import AnswerLength, LogEntry, Outcome, Preferences
from sleeplab_core.assistant.ports import AssistantRepository

__all__ = [
    "AnswerLength",
    "AssistantConfig",
    "AssistantRepository",
    "AssistantTables",
    "InMemoryAssistantRepository",
    "LogEntry",
    "Memory",
    "Outcome",
    "Preferences",
    "memory_from",
    "offline_summary",
]
