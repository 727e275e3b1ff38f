"""Button labels typed as text work on the offer banner and on the result screens, as they
do on the menu, the privacy screen and the questions."""

from __future__ import annotations

from chat_driver import Chat


async def at_the_offer(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.answer_all({"age": "40", "gender": "male"})
    await chat.press("Go on to level L1")
    assert chat.saw("in-depth assessment")


def labels(chat: Chat) -> list[str]:
    return [button.label for button in chat.screens[-1].all_buttons()]


async def test_result_screen_takes_its_labels_typed(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.answer_all({"age": "40", "gender": "male"})
    shown = len(chat.screens)

    await chat.say("go on to level l1")

    assert chat.screens[shown:], "typing the label showed nothing"
    assert "in-depth assessment" in chat.last
    assert not chat.saw("Please choose one of the buttons below.")


async def test_result_screen_back_to_menu_typed(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.answer_all({"age": "40", "gender": "male"})

    await chat.say("Back to the menu")

    assert chat.last.startswith("Your sleep check-up:")


async def test_offer_check_access_typed(chat: Chat) -> None:
    await at_the_offer(chat)

    await chat.say("check access")

    assert chat.saw("No payment has arrived for this level yet")


async def test_offer_promo_and_cancel_typed(chat: Chat) -> None:
    await at_the_offer(chat)

    await chat.say("I have a promo code")
    assert chat.last == "Type your promo code:"
    await chat.say("Cancel")

    assert "in-depth assessment" in chat.last
    assert not chat.saw("not found")


async def test_offer_bundle_and_back_typed(chat: Chat) -> None:
    await at_the_offer(chat)
    bundle = next(label for label in labels(chat) if label.startswith("Levels 1 and 2"))

    await chat.say(bundle)
    assert chat.saw("Levels 1 and 2 together, at a better price.")
    single = next(label for label in labels(chat) if label.startswith("Only level L1"))
    await chat.say(single.upper())
    assert "Levels 1 and 2 together, at a better price." not in chat.last

    await chat.say("back to the menu")
    assert chat.last.startswith("Your sleep check-up:")


async def test_offer_pay_button_typed_opens_the_invoice(chat: Chat) -> None:
    await at_the_offer(chat)
    pay = next(label for label in labels(chat) if label.startswith("Pay "))

    await chat.say(pay)

    assert not chat.saw("Please choose one of the buttons below.")
    async with chat.conversations.router.unit_of_work() as uow:
        assert await uow.orders.for_user(1), "typing the pay label opened no order"


async def test_text_that_is_no_label_still_gets_the_hint(chat: Chat) -> None:
    await at_the_offer(chat)

    await chat.say("hello there")

    assert chat.saw("Please choose one of the buttons below.")
    assert "in-depth assessment" in chat.last
