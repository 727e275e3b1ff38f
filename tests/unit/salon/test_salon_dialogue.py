"""Clients book, move and cancel from free text in English and Russian."""

from __future__ import annotations

import re
from datetime import timedelta

from salon_chat import SalonChat

from sleeplab_core.kernel.clock import FakeClock


async def test_a_client_books_from_one_english_sentence(chat: SalonChat) -> None:
    await chat.start()
    offer = await chat.say("can I get a manicure with Anna tomorrow after 3?")
    assert "Free times for Manicure" in offer.text
    assert chat.labels[0] == "Thu 04.06 15:00"
    held = await chat.press(1)
    assert "Manicure with Anna, Thu 04.06 15:00" in held.text
    booked = await chat.press("Confirm")
    assert booked.text.startswith("Booked: Manicure with Anna, Thu 04.06 15:00")


async def test_a_russian_client_is_answered_in_russian_and_moves_then_cancels(
    chat: SalonChat,
) -> None:
    await chat.start("en")
    await chat.say("хочу стрижку к Маше завтра в 11")
    await chat.press(1)
    booked = await chat.press(1)
    assert booked.text.startswith("Вы записаны: Стрижка, мастер Мария, Чт 04.06 11:00")
    moving = await chat.say("перенесите меня на пятницу")
    assert "Куда перенести «Стрижка»" in moving.text
    assert chat.labels[0].startswith("Пт 05.06")
    moved = await chat.press(1)
    assert moved.text.startswith("Запись перенесена: Стрижка, мастер Мария, Пт 05.06 09:00")
    asked = await chat.say("отмените запись")
    assert "Отменить запись" in asked.text
    cancelled = await chat.press("Да, отменить")
    assert cancelled.text.startswith("Запись отменена")
    assert "нет предстоящих" in (await chat.press_menu_mine()).text


async def test_a_missing_service_is_asked_for_and_the_answer_completes_the_request(
    chat: SalonChat,
) -> None:
    await chat.start()
    asked = await chat.say("I'd like to come tomorrow after 5")
    assert asked.text == "Which service would you like?"
    offer = await chat.press("Massage")
    assert "Free times for Massage" in offer.text
    assert chat.labels[0].startswith("Thu 04.06 17:00")


async def test_typos_in_service_names_are_understood(chat: SalonChat) -> None:
    await chat.start()
    offer = await chat.say("manicur tomorow please")
    assert "Manicure" in offer.text


async def test_an_impossible_date_gets_a_clear_answer_and_books_nothing(chat: SalonChat) -> None:
    await chat.start()
    reply = await chat.say("haircut on 31 February")
    assert "does not exist" in reply.text
    assert "no upcoming bookings" in (await chat.press_menu_mine()).text


async def test_a_slot_taken_while_the_client_decided_is_reported_with_new_slots(
    chat: SalonChat, other_client: SalonChat
) -> None:
    await chat.start()
    await other_client.start()
    await chat.say("haircut with Anna tomorrow at 11")
    await other_client.say("haircut with Anna tomorrow at 11")
    await other_client.press(1)  # holds 11:00
    reply = await chat.press(1)
    assert "just been taken" in chat.screens[-2].text
    assert "Thu 04.06 11:00" not in chat.labels
    assert chat.labels[0].startswith("Thu 04.06")
    assert reply.text.startswith("Nothing is free exactly then")


async def test_a_lapsed_hold_can_still_be_confirmed_when_the_slot_is_free(
    chat: SalonChat, clock: FakeClock
) -> None:
    await chat.start()
    await chat.say("coloring tomorrow at 12")
    await chat.press(1)
    clock.advance(timedelta(minutes=30))
    assert (await chat.press("Confirm")).text.startswith("Booked: Coloring")


async def test_cancelling_too_close_to_the_start_is_refused_politely(
    chat: SalonChat, clock: FakeClock
) -> None:
    await chat.start()
    await chat.say("manicure tomorrow at 11")
    await chat.press(1)
    await chat.press("Confirm")
    clock.advance(timedelta(hours=22))  # 3 h before, the notice is 4 h
    await chat.say("cancel my booking")
    refused = await chat.press("Yes, cancel")
    assert "4 h notice" in refused.text


async def test_a_question_lists_the_services(chat: SalonChat) -> None:
    await chat.start()
    answer = await chat.say("how much is a haircut?")
    assert "Haircut — 30 min" in answer.text


async def test_no_internal_id_is_ever_shown(chat: SalonChat) -> None:
    await chat.start()
    await chat.say("manicure tomorrow")
    await chat.press(1)
    await chat.press("Confirm")
    await chat.press_menu_mine()
    for screen in chat.screens:
        shown = screen.text + " ".join(b.label for b in screen.all_buttons())
        assert not re.search(r"[0-9a-f]{32}", shown), "a booking id"
        assert "demo-salon" not in shown
        assert not re.search(r"\b(anna|maria|elena)\b", shown), "a specialist id"
