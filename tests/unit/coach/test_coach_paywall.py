"""The subscription: the deep analysis is paid, checked on every use; trial once; Stars,
or a month by card when a Telegram Payments provider is configured."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from coach_chat import CoachChat
from dependency_injector import providers
from pydantic import SecretStr

from entrypoints.containers import (
    Container,
    build_container,
    conversations_for,
    resolve,
    unit_of_work_factory,
)
from entrypoints.settings import Settings
from sleeplab_core.bots.coach.paywall import PRODUCT
from sleeplab_core.conversation import PaymentSucceeded, PreCheckout, SendInvoice
from sleeplab_core.entitlements.model import Entitlement
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.llm import FakeChatModel


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


@pytest.fixture
async def card_chat(
    tmp_path: Path, clock: FakeClock, model: FakeChatModel
) -> AsyncIterator[tuple[CoachChat, Container]]:
    """The coach with a Telegram Payments provider configured (card payments)."""
    container = build_container(
        Settings(
            database_url="memory://",
            data_dir=tmp_path / "data",
            bots="coach",
            telegram_provider_token=SecretStr("284685063:TEST:provider"),
        )
    )
    container.clock.override(providers.Object(clock))
    container.chat_model.override(providers.Object(model))
    chat = CoachChat(await conversations_for(container, "coach"), tmp_path, clock=clock)
    yield chat, container
    await resolve(container.shutdown_resources())


def record_invoices(chat: CoachChat) -> list[SendInvoice]:
    invoices: list[SendInvoice] = []
    original = chat.perform

    async def perform(user_id, actions, message_ids):  # type: ignore[no-untyped-def]
        invoices.extend(a for a in actions if isinstance(a, SendInvoice))
        return await original(user_id, actions, message_ids)

    chat.perform = perform  # type: ignore[method-assign]
    return invoices


def paid(invoice: SendInvoice, charge: str) -> PaymentSucceeded:
    return PaymentSucceeded(
        user_id=1,
        payload=invoice.payload,
        currency=invoice.currency,
        total_amount=sum(price.amount for price in invoice.prices),
        telegram_charge_id=charge,
        provider_charge_id=f"p-{charge}",
    )


async def coach_entitlements(container: Container) -> list[Entitlement]:
    async with (await unit_of_work_factory(container))() as uow:
        return [e for e in await uow.entitlements.all_for(1) if e.product == PRODUCT]


async def test_without_a_card_provider_the_paywall_offers_no_card_payment(
    chat: CoachChat,
) -> None:
    await chat.onboard()
    await chat.command("premium")

    labels = [button.label for button in chat.screens[-1].all_buttons()]
    assert "💳 Pay by card" not in labels
    assert "⭐ Subscribe" in labels
    await chat.press("pay:card")  # a stale or forged press: nothing to pay, a clear word
    assert "Card payment is not available" in chat.last


async def test_a_card_payment_grants_one_month_once_whatever_the_replays(
    card_chat: tuple[CoachChat, Container], clock: FakeClock
) -> None:
    chat, container = card_chat
    invoices = record_invoices(chat)
    await chat.onboard()
    await chat.command("premium")
    assert "💳 Pay by card" in [button.label for button in chat.screens[-1].all_buttons()]
    assert "paid again by hand" in chat.last

    await chat.press("pay:card")
    (invoice,) = invoices
    assert (invoice.currency, invoice.provider_token) == ("RUB", "284685063:TEST:provider")
    assert invoice.subscription_period is None  # a card month is bought, not renewed
    assert sum(price.amount for price in invoice.prices) == 79900
    await chat.send(
        PreCheckout(
            user_id=1,
            query_id="q1",
            payload=invoice.payload,
            currency=invoice.currency,
            total_amount=79900,
        )
    )
    await chat.send(paid(invoice, "card-1"))
    await chat.send(paid(invoice, "card-1"))  # Telegram delivers it again

    (granted,) = await coach_entitlements(container)
    assert granted.expires_at is not None
    assert granted.expires_at - clock.now() == timedelta(days=30)
    await chat.command("deep")
    assert "deep look at your whole history" in chat.screens[-2].text

    clock.advance(timedelta(days=31))  # no automatic renewal by card
    await chat.command("deep")
    assert "part of the coaching subscription" in chat.screens[-2].text


async def test_the_next_card_month_is_paid_by_hand_and_follows_the_current_one(
    card_chat: tuple[CoachChat, Container], clock: FakeClock
) -> None:
    chat, container = card_chat
    invoices = record_invoices(chat)
    await chat.onboard()
    await chat.command("premium")
    await chat.press("pay:card")
    await chat.send(paid(invoices[-1], "card-1"))
    clock.advance(timedelta(days=27))

    await chat.command("premium")
    assert "open until 2026-04-27" in chat.last
    await chat.press("pay:card")
    assert len(invoices) == 2
    await chat.send(paid(invoices[-1], "card-2"))

    ends = sorted(e.expires_at for e in await coach_entitlements(container) if e.expires_at)
    assert [end - ends[0] for end in ends] == [timedelta(0), timedelta(days=30)]
    clock.advance(timedelta(days=10))  # past the first month, inside the second
    await chat.command("deep")
    assert "deep look at your whole history" in chat.screens[-2].text
