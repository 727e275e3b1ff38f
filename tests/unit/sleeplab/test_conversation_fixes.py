"""Conversation fixes: nothing discards answers without asking, every command is answered,
and the delayed report's preface names the real wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from chat_driver import Chat

from entrypoints.containers import build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.conversation import ButtonPress
from sleeplab_core.entitlements import Entitlement


async def three_answers_into_l0(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.say("40")
    await chat.press("Female")
    question = await chat.current_question()
    assert question is not None
    assert question[0] == "main_complaint"
    await chat.press(chat.screens[-1].buttons[0][0].label)


async def test_restart_asks_before_discarding_answers_and_no_keeps_them(chat: Chat) -> None:
    await three_answers_into_l0(chat)
    before = await chat.current_question()

    await chat.command("restart")

    assert "3 answers you gave will be discarded" in chat.last
    await chat.press("No, keep my answers")
    assert chat.saw("Your answers are kept")
    assert await chat.current_question() == before


async def test_restart_confirmed_starts_the_level_over(chat: Chat) -> None:
    await three_answers_into_l0(chat)

    await chat.command("restart")
    await chat.press("Yes, start over")

    assert chat.saw("Starting this level again")
    assert await chat.current_question() == ("age", "integer")


async def test_restart_on_the_first_question_needs_no_confirmation(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")

    await chat.command("restart")

    assert not chat.saw("will be discarded")
    assert await chat.current_question() == ("age", "integer")


async def test_a_command_for_the_screen_you_are_on_just_shows_it(chat: Chat) -> None:
    await chat.onboard()
    await chat.command("menu")
    await chat.command("menu")
    await chat.command("privacy")
    await chat.command("privacy")

    assert not chat.saw("I don't know the command")


async def test_help_explains_the_commands_and_keeps_the_place(chat: Chat) -> None:
    await three_answers_into_l0(chat)
    before = await chat.current_question()

    await chat.command("help")

    assert chat.saw("/restart")
    assert chat.saw("/privacy")
    assert await chat.current_question() == before


async def test_check_access_without_a_payment_says_so(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.answer_all({"age": "40", "gender": "male"})
    await chat.press("Go on to level L1")

    await chat.press("Check access")

    assert chat.saw("No payment has arrived for this level yet")


async def test_the_preface_names_the_real_wait_in_minutes(tmp_path: Path) -> None:
    far = datetime.now(UTC) + timedelta(hours=12)  # quiet hours well away from now
    quiet = f"{far:%H:%M}-{far + timedelta(minutes=1):%H:%M}"
    settings = Settings(
        database_url="memory://",
        data_dir=tmp_path,
        delivery="delayed",
        delivery_delay_minutes=1,
        quiet_hours=quiet,
    )
    container = build_container(settings)
    chat = Chat(await conversations_for(container, "sleeplab"))
    chat.library = container.questionnaires()
    try:
        await chat.onboard()
        await chat.press("Start level L0")
        await chat.answer_all({"age": "40", "gender": "male"})
        router = chat.conversations.router
        async with router.unit_of_work() as uow:
            since = router.clock.now() - timedelta(minutes=1)
            await uow.entitlements.grant(Entitlement(1, "sleeplab_l1", "test", since))
            await uow.commit()
        await chat.press("Go on to level L1")
        await chat.answer_all()

        assert chat.saw("ready in about 1 minute")
        assert not chat.saw("about 1 hour")
    finally:
        await resolve(container.shutdown_resources())


async def test_button_labels_typed_as_text_work_everywhere(chat: Chat) -> None:
    await chat.onboard()

    await chat.say("my data")
    assert chat.button("Download my data (JSON)")
    await chat.say("Back to the menu")
    await chat.say("Start level L0")
    await chat.say("40")
    await chat.say("female")
    assert await chat.current_question() == ("main_complaint", "single")
    await chat.say("back")
    assert await chat.current_question() == ("gender", "single")


async def test_done_typed_finishes_a_several_answers_question(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.say("40")
    await chat.say("Male")
    await chat.send(ButtonPress(user_id=1, data="a:main_complaint:night_waking"))
    await chat.say("23:30")
    await chat.say("07:00")
    await chat.send(ButtonPress(user_id=1, data="a:latency:under_15_min"))
    await chat.send(ButtonPress(user_id=1, data="a:night_waking:three_plus_nights"))
    assert await chat.current_question() == ("waking_reasons", "multiple")

    await chat.say(chat.screens[-1].buttons[0][0].label)
    assert chat.screens[-1].buttons[0][0].label.startswith("✓")
    await chat.say("Done")

    assert await chat.current_question() == ("sleep_length", "duration")


async def test_level_one_offers_what_level_zero_already_asked(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.answer_all({"age": "40", "gender": "male", "bedtime": "23:15", "rise_time": "06:45"})
    router = chat.conversations.router
    async with router.unit_of_work() as uow:
        since = router.clock.now() - timedelta(minutes=1)
        await uow.entitlements.grant(Entitlement(1, "sleeplab_l1", "test", since))
        await uow.commit()
    await chat.press("Go on to level L1")
    for _ in range(20):
        question = await chat.current_question()
        assert question is not None
        if question[0] == "psqi_bedtime":
            break
        if question[1] in ("integer", "decimal"):
            await chat.say("4")
        else:
            await chat.press(chat.screens[-1].buttons[0][0].label)

    assert "Your earlier answer: 23:15" in chat.last
    await chat.press("Keep 23:15")
    assert "Your earlier answer: 06:45" in chat.last
    await chat.say("07:00")  # or change it
    assert await chat.current_question() == ("psqi_latency", "duration")
