"""What simulated users send parses into both frameworks' Update objects."""

from __future__ import annotations

from typing import Any

import aiogram.types
import pytest
import telegram
from aiogram import Bot

from adapters.telegram_emulator import Emulator

from .conftest import USER_ID


def _parsed_by_both(update: dict[str, Any], ptb_bot: telegram.Bot) -> telegram.Update:
    aiogram.types.Update.model_validate(update)
    return telegram.Update.de_json(update, ptb_bot)


async def test_deep_link_start_carries_payload_and_command_entity(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID, "Ann", language_code="ru")

    await user.send_command("/start", "promo_2024")
    [update] = await aiogram_bot.get_updates(timeout=0)

    message = update.message
    assert message is not None
    assert message.text == "/start promo_2024"
    assert message.entities is not None
    assert (message.entities[0].type, message.entities[0].length) == ("bot_command", 6)
    assert message.from_user is not None
    assert message.from_user.language_code == "ru"


@pytest.mark.parametrize("action", ["send_photo", "send_voice", "send_sticker"])
async def test_media_from_users_parse_in_both_frameworks(
    emu: Emulator, ptb_bot: telegram.Bot, action: str
) -> None:
    user = emu.user(USER_ID)

    await getattr(user, action)()
    [update] = emu.pending_updates

    parsed = _parsed_by_both(update, ptb_bot)
    assert parsed.effective_message is not None
    assert parsed.effective_message.effective_attachment is not None


async def test_users_voice_can_be_fetched_with_get_file(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    user = emu.user(USER_ID)
    sent = await user.send_voice(content=b"OggS voice bytes", duration=4)

    file = await ptb_bot.get_file(sent["voice"]["file_id"])

    assert bytes(await file.download_as_bytearray()) == b"OggS voice bytes"


async def test_edit_last_text_sends_edited_message(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    user = emu.user(USER_ID)
    await user.send_text("23:00")

    await user.edit_last_text("23:30")
    updates = await ptb_bot.get_updates(timeout=0)

    edited = updates[-1].edited_message
    assert edited is not None
    assert edited.text == "23:30"
    assert edited.message_id == updates[0].message.message_id
    assert edited.edit_date is not None


async def test_block_and_unblock_send_my_chat_member_updates(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)

    await user.block()
    await user.unblock()
    updates = await aiogram_bot.get_updates(timeout=0)

    statuses = [
        (u.my_chat_member.old_chat_member.status, u.my_chat_member.new_chat_member.status)
        for u in updates
        if u.my_chat_member is not None
    ]
    assert statuses == [("member", "kicked"), ("kicked", "member")]
    assert [e.kind for e in user.history()] == ["blocked", "unblocked"]


async def test_blocking_parses_as_ptb_chat_member_banned(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    user = emu.user(USER_ID)

    await user.block()
    [update] = await ptb_bot.get_updates(timeout=0)

    assert update.my_chat_member is not None
    assert isinstance(update.my_chat_member.new_chat_member, telegram.ChatMemberBanned)


async def test_wait_for_messages_returns_only_new_messages(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    await aiogram_bot.send_message(USER_ID, "one")
    assert [e.text for e in await user.wait_for_messages(1)] == ["one"]

    await aiogram_bot.send_message(USER_ID, "two")
    await aiogram_bot.send_message(USER_ID, "three")

    assert [e.text for e in await user.wait_for_messages(2)] == ["two", "three"]


async def test_wait_for_messages_times_out_with_a_count(emu: Emulator) -> None:
    user = emu.user(USER_ID)

    with pytest.raises(TimeoutError, match="expected 1 new bot message"):
        await user.wait_for_messages(1, timeout=0.01)


async def test_group_messages_come_from_members_in_the_group_chat(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    member = emu.user(USER_ID, "Ann")
    group = emu.group(-100500, "Sleep club", supergroup=True)

    await group.send_command(member, "/stats")
    [update] = await ptb_bot.get_updates(timeout=0)
    await ptb_bot.send_message(group.id, "Stats for the club")

    assert update.message.chat.type == "supergroup"
    assert update.message.chat.title == "Sleep club"
    assert update.message.from_user.id == USER_ID
    assert [e.text for e in group.transcript()] == ["Stats for the club"]


async def test_message_ids_are_shared_by_both_sides_of_a_chat(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)
    incoming = await user.send_text("hi")

    reply = await aiogram_bot.send_message(USER_ID, "hello")

    assert (incoming["message_id"], reply.message_id) == (1, 2)


async def test_wait_for_messages_leaves_extra_messages_for_the_next_call(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    user = emu.user(USER_ID)
    for text in ("a", "b", "c"):
        await ptb_bot.send_message(USER_ID, text)

    first = await user.wait_for_messages(1)
    rest = await user.wait_for_messages(2)

    assert [e.text for e in first] == ["a"]
    assert [e.text for e in rest] == ["b", "c"]
