"""Whole bots: a real aiogram Dispatcher and a real PTB Application, polling the emulator."""

from __future__ import annotations

import telegram
from aiogram import Bot, Dispatcher, F
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from adapters.telegram_emulator import Emulator

from .conftest import USER_ID, aiogram_polling, ptb_application, ptb_polling

OTHER_USER = 2002


def _aiogram_quiz() -> Dispatcher:
    dp = Dispatcher()

    @dp.message(CommandStart(deep_link=True))
    async def start(message: Message, command: CommandObject) -> None:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Begin", callback_data="begin")]]
        )
        await message.answer(f"Welcome via {command.args}", reply_markup=keyboard)

    @dp.callback_query(F.data == "begin")
    async def begin(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.edit_text("Question 1 of 10")
        await query.answer()

    return dp


async def test_aiogram_bot_handles_deep_link_and_button(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID, "Ann")

    async with aiogram_polling(_aiogram_quiz(), aiogram_bot):
        await user.send_command("/start", "ads_spring")
        [welcome] = await user.wait_for_messages(1)
        query = await user.press("Begin")
        assert query is not None
        await query.wait()

    assert (welcome.text, welcome.buttons) == ("Welcome via ads_spring", (("Begin",),))
    [now] = user.transcript()
    assert (now.text, now.buttons, now.edited) == ("Question 1 of 10", (), True)
    assert emu.calls.count("editMessageText") == 1


async def test_aiogram_polling_confirms_each_update_once(emu: Emulator, aiogram_bot: Bot) -> None:
    ann, bob = emu.user(USER_ID), emu.user(OTHER_USER)

    async with aiogram_polling(_aiogram_quiz(), aiogram_bot):
        await ann.send_command("/start", "a")
        await bob.send_command("/start", "b")
        await ann.wait_for_messages(1)
        await bob.wait_for_messages(1)
        await emu.wait_for_idle()

    assert emu.pending_updates == []
    assert emu.calls.per_chat("sendMessage") == {USER_ID: 1, OTHER_USER: 1}


async def test_ptb_application_handles_command_and_button(emu: Emulator) -> None:
    user = emu.user(USER_ID, "Ann", language_code="ru")
    app = ptb_application(emu)

    async def start(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = telegram.InlineKeyboardMarkup(
            [[telegram.InlineKeyboardButton("Да", callback_data="yes")]]
        )
        await update.effective_message.reply_text(f"args={context.args}", reply_markup=keyboard)

    async def yes(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("Принято")
        await update.callback_query.edit_message_text("Спасибо")

    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(yes))

    async with ptb_polling(app):
        await user.send_command("/start", "ref_7")
        [first] = await user.wait_for_messages(1)
        query = await user.press("Да")
        assert query is not None
        answer = await query.wait()
        await emu.wait_for_idle()

    assert first.text == "args=['ref_7']"
    assert answer["text"] == "Принято"
    assert [e.text for e in user.transcript()] == ["Спасибо"]
    assert emu.calls.count("deleteWebhook") == 1  # PTB's polling always starts with it
