"""The bot's command lists, kept per scope and language like Telegram does."""

from __future__ import annotations

import json
import re
from typing import Any

from adapters.telegram_emulator.errors import bad_request
from adapters.telegram_emulator.params import Params
from adapters.telegram_emulator.world import World

from .registry import bot_method

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


@bot_method("setMyCommands")
async def set_my_commands(world: World, params: Params) -> bool:
    commands = params.json("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    world.commands[_key(params)] = [_checked(c) for c in commands]
    return True


@bot_method("getMyCommands")
async def get_my_commands(world: World, params: Params) -> list[dict[str, Any]]:
    return list(world.commands.get(_key(params), []))


@bot_method("deleteMyCommands")
async def delete_my_commands(world: World, params: Params) -> bool:
    world.commands.pop(_key(params), None)
    return True


def _key(params: Params) -> tuple[str, str]:
    scope = params.json("scope") or {"type": "default"}
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope JSON object")
    return json.dumps(scope, sort_keys=True), params.text("language_code") or ""


def _checked(command: Any) -> dict[str, str]:
    if not isinstance(command, dict):
        raise bad_request("can't parse BotCommand JSON object")
    name = str(command.get("command", ""))
    description = str(command.get("description", ""))
    if not _COMMAND.match(name) or not 1 <= len(description) <= 256:
        raise bad_request("BOT_COMMAND_INVALID")
    return {"command": name, "description": description}
