"""Bad input never crashes: a clear reply, nothing booked twice, state unchanged."""

from __future__ import annotations

import pytest
from salon_chat import SalonChat

from sleeplab_core.conversation import Media

APOLOGY = "something went wrong on our side"


@pytest.mark.parametrize(
    "data",
    ["slot:", "slot:anna:notanumber", "slot:ghost:29000000", "hold:ok:", "hold:ok:deadbeef",
     "cancel:yes:deadbeef", "move:deadbeef", "svc:botox", "wait:", "nonsense", "x" * 64],
)  # fmt: skip
async def test_malformed_or_forged_buttons_get_a_clear_answer(chat: SalonChat, data: str) -> None:
    await chat.start()
    reply = await chat.press_data(data)
    assert reply.text
    assert APOLOGY not in reply.text, "the flow raised instead of answering"


async def test_someone_elses_hold_cannot_be_confirmed(
    chat: SalonChat, other_client: SalonChat
) -> None:
    await chat.start()
    await other_client.start()
    await chat.say("haircut tomorrow at 11")
    await chat.press(1)
    hold_button = chat.last.all_buttons()[0].data
    forged = await other_client.press_data(hold_button)
    assert "could not find that booking" in forged.text
    assert (await chat.press("Confirm")).text.startswith("Booked: Haircut")


async def test_huge_empty_and_odd_texts_are_answered(chat: SalonChat) -> None:
    await chat.start()
    for text in ["   ", "🙂" * 3000, "a" * 10_000, "31.02.2026 11:00 маникюр", "\x00\x01"]:
        await chat.say(text)
        assert APOLOGY not in chat.last.text


async def test_a_photo_is_declined_politely(chat: SalonChat) -> None:
    await chat.start()
    await chat.conversations.deliver(Media(user_id=1, kind="photo"), chat)
    assert chat.last.text == "I can read text messages only. Please write what you need."
