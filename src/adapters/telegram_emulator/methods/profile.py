"""The bot's name, descriptions and menu button, kept per language like Telegram does."""

from __future__ import annotations

from typing import Any

from adapters.telegram_emulator.errors import bad_request
from adapters.telegram_emulator.params import Params
from adapters.telegram_emulator.world import World

from .registry import Handler, bot_method

# (field, limit): getMy<X> answers {field: text} for the requested language_code.
_TEXTS = {"name": 64, "description": 512, "short_description": 120}


def _setter(field: str, limit: int) -> Handler:
    async def set_text(world: World, params: Params) -> bool:
        text = params.text(field) or ""
        if len(text) > limit:
            raise bad_request(f"{field} is too long")  # emulator's wording
        world.profile_texts[(field, params.text("language_code") or "")] = text
        return True

    return set_text


def _getter(field: str) -> Handler:
    async def get_text(world: World, params: Params) -> dict[str, str]:
        return {field: world.profile_texts.get((field, params.text("language_code") or ""), "")}

    return get_text


for _field, _limit in _TEXTS.items():
    _method = "".join(part.capitalize() for part in _field.split("_"))
    bot_method(f"setMy{_method}")(_setter(_field, _limit))
    bot_method(f"getMy{_method}")(_getter(_field))


@bot_method("setChatMenuButton")
async def set_chat_menu_button(world: World, params: Params) -> bool:
    button = params.json("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or "type" not in button:
        raise bad_request("can't parse menu button JSON object")
    world.menu_buttons[params.integer("chat_id")] = button
    return True


@bot_method("getChatMenuButton")
async def get_chat_menu_button(world: World, params: Params) -> dict[str, Any]:
    chat_id = params.integer("chat_id")
    return world.menu_buttons.get(chat_id) or world.menu_buttons.get(None) or {"type": "commands"}
