"""What happened in the chats: an append-only event log and the transcript view."""

from __future__ import annotations

from typing import Any

import attrs

from .model import Message


@attrs.frozen
class HistoryEvent:
    """One thing that happened, in order.

    ``kind`` is one of: user_message, user_edit, bot_message, bot_edit, bot_delete,
    chat_action, callback_query, callback_answer, pre_checkout_query, pre_checkout_answer,
    payment, refund, subscription_edit, blocked, unblocked.
    """

    seq: int
    kind: str
    chat_id: int | None
    message_id: int | None = None
    data: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class TranscriptEntry:
    """A bot message as the user sees it now (edits applied).

    ``buttons`` lists the inline keyboard's labels row by row; ``message`` is the full
    Bot API Message JSON.
    """

    message_id: int
    kind: str
    text: str | None
    buttons: tuple[tuple[str, ...], ...]
    edited: bool
    message: dict[str, Any]

    @property
    def button_labels(self) -> list[str]:
        return [label for row in self.buttons for label in row]


def transcript_entry(message: Message, message_json: dict[str, Any]) -> TranscriptEntry:
    return TranscriptEntry(
        message_id=message.message_id,
        kind=message.kind,
        text=message.shown_text,
        buttons=tuple(tuple(str(b.get("text")) for b in row) for row in message.inline_buttons()),
        edited=message.edit_date is not None,
        message=message_json,
    )


class History:
    def __init__(self) -> None:
        self.events: list[HistoryEvent] = []

    def add(
        self, kind: str, chat_id: int | None, message_id: int | None = None, **data: Any
    ) -> HistoryEvent:
        event = HistoryEvent(len(self.events) + 1, kind, chat_id, message_id, data)
        self.events.append(event)
        return event

    def of_chat(self, chat_id: int) -> list[HistoryEvent]:
        return [e for e in self.events if e.chat_id == chat_id]
