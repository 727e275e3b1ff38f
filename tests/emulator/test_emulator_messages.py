"""Messages and keyboards through real aiogram and PTB bots."""

from __future__ import annotations

import pytest
import telegram
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from adapters.telegram_emulator import ButtonNotFoundError, Emulator

from .conftest import USER_ID


def _yes_no() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="Yes", callback_data="answer:yes")],
            [InlineKeyboardButton(text="No", callback_data="answer:no")],
        ]
    )


def _go_button() -> telegram.InlineKeyboardMarkup:
    return telegram.InlineKeyboardMarkup(
        [[telegram.InlineKeyboardButton("Go", callback_data="go")]]
    )


async def test_aiogram_send_message_with_keyboard_round_trips(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID, "Ann")

    sent = await aiogram_bot.send_message(USER_ID, "Sleep well?", reply_markup=_yes_no())

    assert sent.from_user is not None
    assert sent.from_user.id == emu.bot.id
    assert sent.chat.id == USER_ID
    assert sent.chat.type == "private"
    assert sent.reply_markup is not None
    assert sent.reply_markup.model_dump(exclude_none=True) == _yes_no().model_dump(
        exclude_none=True
    )
    [entry] = user.transcript()
    assert (entry.kind, entry.text, entry.buttons) == ("text", "Sleep well?", (("Yes",), ("No",)))


async def test_pressing_a_button_yields_callback_query_from_that_user(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID, "Ann")
    sent = await aiogram_bot.send_message(USER_ID, "Sleep well?", reply_markup=_yes_no())

    query = await user.press("No")
    [update] = await aiogram_bot.get_updates(timeout=0)

    callback = update.callback_query
    assert callback is not None
    assert query is not None
    assert (callback.id, callback.data, callback.from_user.id) == (query.id, "answer:no", USER_ID)
    assert callback.message is not None
    assert callback.message.message_id == sent.message_id


async def test_answer_callback_query_resolves_the_press(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    await aiogram_bot.send_message(USER_ID, "Sleep well?", reply_markup=_yes_no())
    query = await user.press("answer:yes")
    assert query is not None

    await aiogram_bot.answer_callback_query(query.id, text="Noted", show_alert=True)

    assert await query.wait(1) == {"text": "Noted", "show_alert": True, "url": None}


async def test_press_uses_the_latest_message_with_that_button(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    user = emu.user(USER_ID)
    keyboard = telegram.InlineKeyboardMarkup(
        [[telegram.InlineKeyboardButton("Go", callback_data="go")]]
    )
    await ptb_bot.send_message(USER_ID, "first", reply_markup=keyboard)
    second = await ptb_bot.send_message(USER_ID, "second", reply_markup=keyboard)

    query = await user.press("Go")

    assert query is not None
    assert query.payload["message"]["message_id"] == second.message_id


async def test_press_of_missing_button_names_the_existing_ones(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)
    await aiogram_bot.send_message(USER_ID, "Sleep well?", reply_markup=_yes_no())

    with pytest.raises(ButtonNotFoundError, match="'Yes', 'No'"):
        await user.press("Maybe")


async def test_ptb_send_message_parses_into_ptb_objects(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    emu.user(USER_ID, "Ann")

    sent = await ptb_bot.send_message(USER_ID, "<b>Hello</b>, Ann", parse_mode="HTML")

    assert sent.text == "Hello, Ann"
    assert sent.entities == (telegram.MessageEntity("bold", 0, 5),)
    assert sent.chat.first_name == "Ann"


async def test_malformed_html_is_rejected_like_telegram(emu: Emulator, aiogram_bot: Bot) -> None:
    emu.user(USER_ID)

    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await aiogram_bot.send_message(USER_ID, "<b>open", parse_mode="HTML")


async def test_edit_message_text_is_reflected_in_transcript(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)
    sent = await aiogram_bot.send_message(USER_ID, "Step 1", reply_markup=_yes_no())

    edited = await aiogram_bot.edit_message_text(
        text="Step 2", chat_id=USER_ID, message_id=sent.message_id, reply_markup=_yes_no()
    )

    assert not isinstance(edited, bool)
    assert edited.edit_date is not None
    [entry] = user.transcript()
    assert (entry.text, entry.edited, entry.buttons) == ("Step 2", True, (("Yes",), ("No",)))
    assert [e.kind for e in user.history()] == ["bot_message", "bot_edit"]


async def test_editing_without_markup_removes_the_keyboard(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    user = emu.user(USER_ID)
    keyboard = telegram.InlineKeyboardMarkup(
        [[telegram.InlineKeyboardButton("Go", callback_data="go")]]
    )
    sent = await ptb_bot.send_message(USER_ID, "Choose", reply_markup=keyboard)

    await ptb_bot.edit_message_text("Chosen", chat_id=USER_ID, message_id=sent.message_id)

    assert user.transcript()[0].buttons == ()


async def test_edit_to_the_same_content_is_not_modified(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    emu.user(USER_ID)
    sent = await ptb_bot.send_message(USER_ID, "Same")

    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message is not modified"):
        await ptb_bot.edit_message_text("Same", chat_id=USER_ID, message_id=sent.message_id)


async def test_edit_reply_markup_replaces_buttons(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    sent = await aiogram_bot.send_message(USER_ID, "Pick", reply_markup=_yes_no())

    await aiogram_bot.edit_message_reply_markup(
        chat_id=USER_ID,
        message_id=sent.message_id,
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Done", callback_data="done")]]
        ),
    )

    assert user.transcript()[0].buttons == (("Done",),)


async def test_delete_message_removes_it_from_transcript_but_not_history(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)
    first = await aiogram_bot.send_message(USER_ID, "temporary")
    await aiogram_bot.send_message(USER_ID, "kept")

    assert await aiogram_bot.delete_message(USER_ID, first.message_id) is True

    assert [e.text for e in user.transcript()] == ["kept"]
    assert [e.kind for e in user.history()] == ["bot_message", "bot_message", "bot_delete"]


async def test_deleting_twice_is_a_bad_request(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    emu.user(USER_ID)
    sent = await ptb_bot.send_message(USER_ID, "bye")
    await ptb_bot.delete_message(USER_ID, sent.message_id)

    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message to delete not found"):
        await ptb_bot.delete_message(USER_ID, sent.message_id)


async def test_chat_action_is_recorded(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    user = emu.user(USER_ID)

    assert await ptb_bot.send_chat_action(USER_ID, "typing") is True

    assert [(e.kind, e.data) for e in user.history()] == [("chat_action", {"action": "typing"})]


async def test_reply_keyboard_label_is_pressed_as_text(emu: Emulator, aiogram_bot: Bot) -> None:
    from aiogram.types import KeyboardButton, ReplyKeyboardMarkup

    user = emu.user(USER_ID)
    keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Menu")]])
    sent = await aiogram_bot.send_message(USER_ID, "Hi", reply_markup=keyboard)

    assert await user.press("Menu") is None

    assert sent.reply_markup is None  # Telegram echoes only inline keyboards
    [update] = await aiogram_bot.get_updates(timeout=0)
    assert update.message is not None
    assert update.message.text == "Menu"


async def test_reply_carries_the_replied_message(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    await user.send_text("what time is it?")
    [update] = await aiogram_bot.get_updates(timeout=0)
    assert update.message is not None

    reply = await update.message.reply("23:00", protect_content=True)

    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "what time is it?"
    assert reply.has_protected_content is True


async def test_reply_to_a_missing_message_is_rejected(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    emu.user(USER_ID)

    with pytest.raises(telegram.error.BadRequest, match=r"(?i)message to be replied not found"):
        await ptb_bot.send_message(USER_ID, "hi", reply_to_message_id=77)
