"""Conversation memory: the recent turns word for word, older ones as a short summary.

The summary is deterministic and made offline (no model call, nothing charged): the opening
words of each older question, newest kept first when space runs out. It reaches the model
inside the system prompt, framed by the ``summary`` prompt of the user's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from sleeplab_core.assistant.model import LogEntry
from sleeplab_core.llm.model import Role, Turn

MAX_TOPIC_CHARS = 80
MAX_SUMMARY_CHARS = 600
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")


@attrs.frozen
class Memory:
    """What the model is reminded of: ``turns`` (oldest first) and a ``summary`` of the rest."""

    turns: tuple[Turn, ...] = ()
    summary: str = ""


def memory_from(entries: Sequence[LogEntry], recent_turns: int) -> Memory:
    """The memory of a conversation from its answered entries, oldest first."""
    older, recent = entries[:-recent_turns], entries[-recent_turns:]
    turns: list[Turn] = []
    for entry in recent:
        turns += [Turn(Role.USER, entry.question), Turn(Role.ASSISTANT, entry.answer)]
    return Memory(tuple(turns), offline_summary([entry.question for entry in older]))


def offline_summary(questions: Sequence[str], max_chars: int = MAX_SUMMARY_CHARS) -> str:
    """The topics of ``questions`` (oldest first) in at most ``max_chars`` characters.

    Each question gives its first sentence cut to ``MAX_TOPIC_CHARS``; when the topics do not
    fit, the oldest are dropped. The order stays chronological.
    """
    kept: list[str] = []
    used = 0
    for question in reversed(questions):
        topic = _topic(question)
        if not topic:
            continue
        if used + len(topic) + 2 > max_chars:
            break
        kept.append(topic)
        used += len(topic) + 2
    return "; ".join(reversed(kept))


def _topic(question: str) -> str:
    first = _SENTENCE_END.split(" ".join(question.split()), maxsplit=1)[0]
    if len(first) <= MAX_TOPIC_CHARS:
        return first
    return first[: MAX_TOPIC_CHARS - 1].rsplit(" ", 1)[0] + "…"
