"""Stars invoices, the pre-checkout answer, successful_payment and refunds."""

from __future__ import annotations

import pytest
import telegram
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import LabeledPrice, Message, PreCheckoutQuery
from telegram.ext import MessageHandler, PreCheckoutQueryHandler, filters

from adapters.telegram_emulator import Emulator

from .conftest import USER_ID, aiogram_polling, ptb_application, ptb_polling


async def _send_stars_invoice(bot: Bot, payload: str = "report:42") -> Message:
    return await bot.send_invoice(
        USER_ID,
        title="Sleep report",
        description="Full report with charts",
        payload=payload,
        currency="XTR",
        prices=[LabeledPrice(label="Report", amount=50)],
    )


async def test_invoice_message_has_the_invoice_shape(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)

    sent = await _send_stars_invoice(aiogram_bot)

    assert sent.invoice is not None
    assert (sent.invoice.currency, sent.invoice.total_amount) == ("XTR", 50)
    assert [(e.kind, e.text) for e in user.transcript()] == [("invoice", "Sleep report")]


async def test_paying_runs_pre_checkout_then_successful_payment(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)
    paid: list[str] = []
    dp = Dispatcher()

    @dp.pre_checkout_query()
    async def approve(query: PreCheckoutQuery) -> None:
        await query.answer(ok=True)

    @dp.message(F.successful_payment)
    async def thank(message: Message) -> None:
        assert message.successful_payment is not None
        paid.append(message.successful_payment.invoice_payload)
        await message.answer("Thank you!")

    await _send_stars_invoice(aiogram_bot)
    async with aiogram_polling(dp, aiogram_bot):
        result = await user.pay()
        await user.wait_for_messages(2)  # the invoice, then the thanks

    assert result.ok
    assert result.charge_id is not None
    assert paid == ["report:42"]
    assert user.transcript()[-1].text == "Thank you!"


async def test_refused_pre_checkout_creates_no_payment(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    app = ptb_application(emu)

    async def refuse(update: telegram.Update, context: object) -> None:
        assert update.pre_checkout_query is not None
        await update.pre_checkout_query.answer(ok=False, error_message="Sold out")

    app.add_handler(PreCheckoutQueryHandler(refuse))
    await _send_stars_invoice(aiogram_bot)

    async with ptb_polling(app):
        result = await user.pay()

    assert (result.ok, result.error_message) == (False, "Sold out")
    assert emu.world.charges == {}


async def test_ptb_bot_receives_successful_payment_and_refunds_it(emu: Emulator) -> None:
    user = emu.user(USER_ID)
    app = ptb_application(emu)
    refunds: list[str] = []

    async def approve(update: telegram.Update, context: object) -> None:
        assert update.pre_checkout_query is not None
        await update.pre_checkout_query.answer(ok=True)

    async def refund(update: telegram.Update, context: object) -> None:
        payment = update.message.successful_payment
        await update.get_bot().refund_star_payment(USER_ID, payment.telegram_payment_charge_id)

    async def note_refund(update: telegram.Update, context: object) -> None:
        refunds.append(update.message.refunded_payment.telegram_payment_charge_id)

    app.add_handler(PreCheckoutQueryHandler(approve))
    app.add_handler(MessageHandler(filters.SUCCESSFUL_PAYMENT, refund))
    app.add_handler(MessageHandler(filters.StatusUpdate.REFUNDED_PAYMENT, note_refund))

    async with ptb_polling(app):
        await app.bot.send_invoice(
            USER_ID, "Report", "PDF", "p1", "XTR", [telegram.LabeledPrice("Report", 50)]
        )
        result = await user.pay()
        await emu.wait_for_idle()

    assert refunds == [result.charge_id]
    assert emu.world.charges[str(result.charge_id)]["refunded"] is True


async def test_refunding_twice_is_a_bad_request(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    await _send_stars_invoice(aiogram_bot)
    dp = Dispatcher()

    @dp.pre_checkout_query()
    async def approve(query: PreCheckoutQuery) -> None:
        await query.answer(ok=True)

    async with aiogram_polling(dp, aiogram_bot):
        result = await user.pay()
    assert result.charge_id is not None
    await aiogram_bot.refund_star_payment(USER_ID, result.charge_id)

    with pytest.raises(TelegramBadRequest, match="CHARGE_ALREADY_REFUNDED"):
        await aiogram_bot.refund_star_payment(USER_ID, result.charge_id)


async def test_subscription_link_payment_carries_expiration(
    emu: Emulator, aiogram_bot: Bot
) -> None:
    user = emu.user(USER_ID)
    link = await aiogram_bot.create_invoice_link(
        title="Coach",
        description="30 days",
        payload="sub:coach",
        currency="XTR",
        prices=[LabeledPrice(label="Month", amount=300)],
        subscription_period=2592000,
    )
    dp = Dispatcher()
    payments: list[Message] = []

    @dp.pre_checkout_query()
    async def approve(query: PreCheckoutQuery) -> None:
        await query.answer(ok=True)

    @dp.message(F.successful_payment)
    async def store(message: Message) -> None:
        payments.append(message)

    async with aiogram_polling(dp, aiogram_bot):
        await user.pay(invoice_link=link)
        await emu.wait_for_idle()

    [message] = payments
    payment = message.successful_payment
    assert link.startswith("https://t.me/$")
    assert payment is not None
    assert (payment.is_recurring, payment.is_first_recurring) == (True, True)
    assert payment.subscription_expiration_date is not None


async def test_pay_without_an_invoice_fails_clearly(emu: Emulator) -> None:
    user = emu.user(USER_ID)

    with pytest.raises(LookupError, match="no invoice"):
        await user.pay()


async def test_cancelling_a_star_subscription_is_recorded(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    await _send_stars_invoice(aiogram_bot)
    dp = Dispatcher()

    @dp.pre_checkout_query()
    async def approve(query: PreCheckoutQuery) -> None:
        await query.answer(ok=True)

    async with aiogram_polling(dp, aiogram_bot):
        result = await user.pay()
    assert result.charge_id is not None

    await aiogram_bot.edit_user_star_subscription(USER_ID, result.charge_id, is_canceled=True)

    assert emu.world.charges[result.charge_id]["subscription_canceled"] is True
