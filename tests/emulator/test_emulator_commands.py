"""setMyCommands / getMyCommands keep one list per scope and language."""

from __future__ import annotations

import pytest
import telegram
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BotCommand, BotCommandScopeAllGroupChats, MenuButtonCommands

from adapters.telegram_emulator import Emulator


async def test_commands_are_kept_per_language(emu: Emulator, aiogram_bot: Bot) -> None:
    await aiogram_bot.set_my_commands([BotCommand(command="start", description="Start")])
    await aiogram_bot.set_my_commands(
        [BotCommand(command="start", description="Начать")], language_code="ru"
    )

    english = await aiogram_bot.get_my_commands()
    russian = await aiogram_bot.get_my_commands(language_code="ru")

    assert [c.description for c in english] == ["Start"]
    assert [c.description for c in russian] == ["Начать"]


async def test_commands_are_kept_per_scope(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    groups = telegram.BotCommandScopeAllGroupChats()
    await ptb_bot.set_my_commands([("stats", "Club stats")], scope=groups)

    assert await ptb_bot.get_my_commands() == ()
    assert [c.command for c in await ptb_bot.get_my_commands(scope=groups)] == ["stats"]


async def test_delete_my_commands_clears_that_scope(emu: Emulator, aiogram_bot: Bot) -> None:
    scope = BotCommandScopeAllGroupChats()
    await aiogram_bot.set_my_commands([BotCommand(command="a", description="A")], scope=scope)

    await aiogram_bot.delete_my_commands(scope=scope)

    assert await aiogram_bot.get_my_commands(scope=scope) == []


async def test_invalid_command_name_is_rejected(emu: Emulator, aiogram_bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await aiogram_bot.set_my_commands([BotCommand(command="Bad Name", description="x")])


async def test_descriptions_are_kept_per_language(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    await ptb_bot.set_my_description("Sleep diagnostics")
    await ptb_bot.set_my_description("Диагностика сна", language_code="ru")
    await ptb_bot.set_my_short_description("Sleep better", language_code="en")

    russian = await ptb_bot.get_my_description(language_code="ru")
    default = await ptb_bot.get_my_description()
    short = await ptb_bot.get_my_short_description(language_code="en")

    assert (russian.description, default.description) == ("Диагностика сна", "Sleep diagnostics")
    assert short.short_description == "Sleep better"


async def test_bot_name_and_menu_button_round_trip(emu: Emulator, aiogram_bot: Bot) -> None:
    await aiogram_bot.set_my_name(name="СонЛаб", language_code="ru")
    await aiogram_bot.set_chat_menu_button(menu_button=MenuButtonCommands())

    name = await aiogram_bot.get_my_name(language_code="ru")
    button = await aiogram_bot.get_chat_menu_button()

    assert name.name == "СонЛаб"
    assert button.type == "commands"
