"""reply_markup checks and the parts of it that appear in a sent Message."""

from __future__ import annotations

from typing import Any

from adapters.telegram_emulator.errors import bad_request
from adapters.telegram_emulator.params import Params

_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def read_markup(params: Params) -> dict[str, Any] | None:
    """The reply_markup parameter, checked like Telegram checks inline keyboards."""
    markup = params.json("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard") or []:
        for button in row:
            _check_inline_button(button)
    return markup


def inline_part(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """Only inline keyboards are echoed in the Message; reply keyboards are not."""
    if markup and markup.get("inline_keyboard"):
        return {"inline_keyboard": markup["inline_keyboard"]}
    return None


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if not any(key in button for key in _BUTTON_ACTIONS):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= 64:
        raise bad_request("BUTTON_DATA_INVALID")
