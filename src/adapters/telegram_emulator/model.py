"""The emulator's world: the bot, users, chats and the messages in them."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.define
class Account:
    """A Telegram account: the bot itself or a user talking to it."""

    id: int
    first_name: str
    is_bot: bool = False
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None


@attrs.define
class Chat:
    """A chat the bot is in; private chats share the user's id, groups have negative ids."""

    id: int
    type: str = "private"
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    blocked: bool = False
    reply_keyboard: list[list[str]] | None = None
    last_message_id: int = 0
    messages: dict[int, Message] = attrs.field(factory=dict)

    def next_message_id(self) -> int:
        # Telegram numbers messages per private chat, shared by both sides.
        self.last_message_id += 1
        return self.last_message_id

    def live_messages(self) -> list[Message]:
        return [m for m in self.messages.values() if not m.deleted]


@attrs.define
class Message:
    """A message as it is now: ``content`` holds the type-specific fields (text, photo ...)."""

    message_id: int
    chat_id: int
    sender_id: int
    date: int
    content: dict[str, Any]
    reply_markup: dict[str, Any] | None = None
    edit_date: int | None = None
    deleted: bool = False
    # Fields that survive edits: reply_to_message, has_protected_content.
    extra: dict[str, Any] = attrs.field(factory=dict)

    @property
    def kind(self) -> str:
        for kind in (
            "text",
            "document",
            "photo",
            "invoice",
            "sticker",
            "voice",
            "successful_payment",
            "refunded_payment",
        ):
            if kind in self.content:
                return kind
        return "other"

    @property
    def shown_text(self) -> str | None:
        """The text a person reads: the text, the caption, or an invoice's title."""
        if "text" in self.content:
            return str(self.content["text"])
        if "caption" in self.content:
            return str(self.content["caption"])
        if "invoice" in self.content:
            return str(self.content["invoice"]["title"])
        return None

    def inline_buttons(self) -> list[list[dict[str, Any]]]:
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard") or []
        return [list(row) for row in rows]


@attrs.define
class StoredFile:
    """A file the emulator knows, by the ids Telegram would hand out."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def file_size(self) -> int:
        return len(self.content)
