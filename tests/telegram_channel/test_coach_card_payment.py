"""The coach's card payment through real aiogram against the loopback emulator: the paywall
offers "Pay by card" when a provider token is configured, Telegram's invoice is in roubles
with the provider token, and the paid month opens the deep analysis."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from pydantic import SecretStr

from adapters.telegram_emulator import Emulator
from entrypoints.bot import build_telegram
from entrypoints.containers import build_container, resolve
from telegram_channel.harness import LOOPBACK, BotProcess, bot_settings, shown

USER_ID = 2003
PROVIDER_TOKEN = "284685063:TEST:card"
ONBOARDING = ["Run a 5k", "health, sport", "feel strong", "20:30", "22:00-08:00", "Berlin"]


async def test_a_card_payment_on_telegram_opens_the_deep_analysis(
    emu: Emulator, tmp_path: Path
) -> None:
    settings = bot_settings(
        emu, tmp_path, bots="coach", telegram_provider_token=SecretStr(PROVIDER_TOKEN)
    )
    container = build_container(settings)
    runtime = await build_telegram(container, bot="coach", framework="aiogram", options=LOOPBACK)
    process = BotProcess(runtime)
    process.count_deliveries()
    task = asyncio.create_task(runtime.run_polling(polling_timeout=1))
    user = emu.user(USER_ID, "Ann", language_code="en")
    handled = 0

    async def step(action: object) -> None:
        nonlocal handled
        await action  # type: ignore[misc]
        handled += 1
        await process.wait_handled(handled)

    try:
        await step(user.send_command("/start"))
        await step(user.press("✅ I agree"))
        await step(user.send_text(ONBOARDING[0]))
        await step(user.send_text(ONBOARDING[1]))
        await step(user.press("3 months"))
        await step(user.send_text(ONBOARDING[2]))
        await step(user.press("3"))
        await step(user.send_text(ONBOARDING[3]))
        await step(user.press("Every day"))
        for text in ONBOARDING[4:]:
            await step(user.send_text(text))
        await step(user.press("At midnight"))
        await step(user.send_command("/premium"))
        await step(user.press("💳 Pay by card"))
        (invoice_call,) = [c for c in emu.calls.of(chat_id=USER_ID) if c.method == "sendInvoice"]
        assert invoice_call.params["currency"] == "RUB"
        assert invoice_call.params["provider_token"] == PROVIDER_TOKEN
        paid = await user.pay()
        handled += 2  # the pre-checkout query and the successful payment
        await process.wait_handled(handled)
        await step(user.send_command("/deep"))
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await runtime.close()
        await resolve(container.shutdown_resources())

    assert paid.ok
    texts = [text for text, _ in shown(emu, USER_ID)]
    assert any("deep look at your whole history" in text for text in texts), texts[-3:]
