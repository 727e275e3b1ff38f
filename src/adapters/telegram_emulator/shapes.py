"""Bot API JSON objects exactly as Telegram sends them (only fields that are set)."""

from __future__ import annotations

from typing import Any

from .model import Account, Chat, Message, StoredFile


def account_json(account: Account) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": account.id,
        "is_bot": account.is_bot,
        "first_name": account.first_name,
    }
    _put(data, "last_name", account.last_name)
    _put(data, "username", account.username)
    _put(data, "language_code", account.language_code)
    return data


def me_json(bot: Account) -> dict[str, Any]:
    """The ``getMe`` result: the bot's User with its capability flags."""
    return {
        **account_json(bot),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def chat_json(chat: Chat) -> dict[str, Any]:
    data: dict[str, Any] = {"id": chat.id}
    _put(data, "title", chat.title)
    _put(data, "first_name", chat.first_name)
    _put(data, "last_name", chat.last_name)
    _put(data, "username", chat.username)
    data["type"] = chat.type
    return data


def message_json(message: Message, sender: Account, chat: Chat) -> dict[str, Any]:
    data: dict[str, Any] = {
        "message_id": message.message_id,
        "from": account_json(sender),
        "chat": chat_json(chat),
        "date": message.date,
    }
    data.update(message.extra)
    _put(data, "edit_date", message.edit_date)
    data.update(message.content)
    _put(data, "reply_markup", message.reply_markup)
    return data


def document_json(stored: StoredFile) -> dict[str, Any]:
    data: dict[str, Any] = {}
    _put(data, "file_name", stored.file_name)
    _put(data, "mime_type", stored.mime_type)
    data.update(file_ids_json(stored))
    return data


def photo_sizes_json(stored: StoredFile, width: int, height: int) -> list[dict[str, Any]]:
    return [{**file_ids_json(stored), "width": width, "height": height}]


def file_ids_json(stored: StoredFile) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
    }


def file_json(stored: StoredFile) -> dict[str, Any]:
    """The ``getFile`` result."""
    return {**file_ids_json(stored), "file_path": stored.file_path}


def command_entities(text: str) -> list[dict[str, Any]]:
    """A ``bot_command`` entity for a text starting with ``/command``."""
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]


def bot_member_json(bot: Account, status: str) -> dict[str, Any]:
    data: dict[str, Any] = {"user": account_json(bot), "status": status}
    if status == "kicked":
        data["until_date"] = 0
    return data


def _utf16_len(text: str) -> int:
    # Entity offsets and lengths count UTF-16 code units.
    return len(text.encode("utf-16-le")) // 2


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        data[key] = value
