"""The subscription: the deep analysis is paid, checked on every use; trial once; Stars."""

from __future__ import annotations

from datetime import timedelta

from coach_chat import CoachChat

from sleeplab_core.conversation import PaymentSucceeded, PreCheckout, SendInvoice
from sleeplab_core.kernel.clock import FakeClock


async def test_without_a_subscription_the_deep_analysis_shows_the_paywall(chat: CoachChat) -> None:
    await chat.onboard()
    await chat.command("deep")

    assert "part of the coaching subscription" in chat.screens[-2].text
    assert "Try it free for 7 days" in chat.last


async def test_the_trial_opens_the_deep_analysis_once_and_it_closes_when_it_ends(
    chat: CoachChat, clock: FakeClock
) -> None:
    await chat.onboard()
    await chat.command("premium")
    await chat.press("pay:trial")
    assert "free week has started" in chat.last
    await chat.command("deep")
    assert "deep look at your whole history" in chat.screens[-2].text

    clock.advance(timedelta(days=8))
    await chat.command("deep")
    assert "part of the coaching subscription" in chat.screens[-2].text
    await chat.press("pay:trial")
    assert "free week has started" not in chat.last


async def test_a_stars_payment_unlocks_the_deep_analysis(chat: CoachChat) -> None:
    invoices: list[SendInvoice] = []
    original = chat.perform

    async def perform(user_id, actions, message_ids):  # type: ignore[no-untyped-def]
        invoices.extend(a for a in actions if isinstance(a, SendInvoice))
        return await original(user_id, actions, message_ids)

    chat.perform = perform  # type: ignore[method-assign]
    await chat.onboard()
    await chat.command("premium")
    await chat.press("pay:buy")
    (invoice,) = invoices
    total = sum(price.amount for price in invoice.prices)
    await chat.send(
        PreCheckout(
            user_id=1,
            query_id="q1",
            payload=invoice.payload,
            currency=invoice.currency,
            total_amount=total,
        )
    )
    await chat.send(
        PaymentSucceeded(
            user_id=1,
            payload=invoice.payload,
            currency=invoice.currency,
            total_amount=total,
            telegram_charge_id="charge-1",
        )
    )
    await chat.command("deep")

    assert invoice.currency == "XTR"
    assert "deep look at your whole history" in chat.screens[-2].text
