"""The assistant through both Telegram adapters against the loopback Bot API emulator:
trial, an offline answer, a sticker, a failure refund, a Stars top-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram_support import polling_assistant, shown

from adapters.telegram_emulator import Emulator
from entrypoints.containers import resolve, unit_of_work_factory
from sleeplab_core.ledger import Ledger
from sleeplab_core.llm import FakeChatModel, ProviderUnavailable

USER = 4242


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_the_assistant_works_through_telegram(tmp_path: Path, framework: str) -> None:
    model = FakeChatModel(["Keep naps under 20 minutes.", ProviderUnavailable("fake", "503")])
    async with (
        Emulator() as emu,
        polling_assistant(emu, tmp_path, framework, model, assistant_trial_messages=2) as (
            bot,
            container,
        ),
    ):
        user = emu.user(USER, "Olga")
        await user.send_command("start")
        await bot.wait(1)
        await user.send_text("Olga here: are naps good?")
        await bot.wait(2)
        await user.send_sticker()
        await bot.wait(3)
        await user.send_text("and coffee?")
        await bot.wait(4)
        await user.press("☰ Menu")
        await bot.wait(5)
        await user.press("➕ Top up")
        await bot.wait(6)
        await user.press("100 credits — 100 ⭐")
        await bot.wait(7)
        await user.pay()
        await bot.wait(9)  # the pre-checkout query, then the successful payment
        ledger: Ledger = await resolve(container.ledger())
        balance = await ledger.balance(f"user:{USER}", "credits")

    texts = shown(emu, USER)
    assert any("first 2 messages are free" in t for t in texts)
    assert any(t.startswith("Keep naps under 20 minutes.") and "1 message left" in t for t in texts)
    assert any("I can only read text" in t for t in texts)
    assert any("No credits were taken" in t for t in texts)
    assert any("Payment received" in t for t in texts)
    assert balance.available == 1 + 100
    assert model.requests[0].message == "[name] here: are naps good?"


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_the_monthly_subscription_is_bought_through_a_stars_invoice_link(
    tmp_path: Path, framework: str
) -> None:
    model = FakeChatModel(["Sleep well."])
    async with (
        Emulator() as emu,
        polling_assistant(emu, tmp_path, framework, model, assistant_trial_messages=1) as (
            bot,
            container,
        ),
    ):
        user = emu.user(USER, "Olga")
        await user.send_command("start")
        await bot.wait(1)
        await user.press("➕ Top up")
        await bot.wait(2)
        await user.press("Assistant, monthly — 300 ⭐")
        await bot.wait(3)
        offer = next(e for e in user.transcript() if "Subscribe for 30 days" in str(e.buttons))
        (row,) = offer.message["reply_markup"]["inline_keyboard"]
        link = row[0]["url"]
        result = await user.pay(invoice_link=link)
        await bot.wait(5)
        async with (await unit_of_work_factory(container))() as uow:
            subscription = await uow.subscriptions.get(USER, "assistant_monthly")

    assert result.ok
    assert subscription is not None, "the payment started a subscription"
    assert emu.calls.count("createInvoiceLink") == 1
    assert emu.calls.count("sendInvoice") == 0, "Stars subscriptions are sold by link only"
    texts = shown(emu, USER)
    assert any("Payment received" in t or "subscription is active" in t for t in texts)
