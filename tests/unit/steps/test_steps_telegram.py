"""The Steps bot through both Telegram adapters against the loopback Bot API emulator."""

from __future__ import annotations

from pathlib import Path

import pytest
from steps_telegram_support import polling_steps, shown

from adapters.telegram_emulator import Emulator

USER = 5151
FINAL = (
    "Спасибо за участие в игре! \n"
    "🎁 Как идет Ваш подарок можно увидеть по ссылке, которую Яндекс выслал в смс."
)


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_register_walk_and_order_through_telegram(tmp_path: Path, framework: str) -> None:
    async with Emulator() as emu, polling_steps(emu, tmp_path, framework) as (bot, _):
        user = emu.user(USER, "Аня", language_code="ru")
        handled = 0

        async def act(step: object) -> None:
            nonlocal handled
            await step  # type: ignore[misc]
            handled += 1
            await bot.wait(handled)

        await act(user.send_command("start"))
        for text in ("Аня", "+7 999 123-45-67", "Москва"):
            await act(user.send_text(text))
        for label in ("🚶 Начать прогулку", "📝 Заполнить форму", "Сегодня"):
            await act(user.press(label))
        for text in ("200", "30000"):
            await act(user.send_text(text))
        await act(user.send_command("catalog"))
        for label in ("Для прогулок", "Бутылка для воды — 30 баллов", "📦 Заказать в ПВЗ"):
            await act(user.press(label))
        await act(user.send_text("Москва"))
        await act(user.press("Москва Варшавское шоссе 168"))
        for text in ("Иван", "Петров", "+79991234567"):
            await act(user.send_text(text))
        await act(user.press("✅ Подтвердить"))

    texts = shown(emu, USER)
    assert any("Прогулка засчитана: 30 000 шагов" in text for text in texts)
    assert texts[-1] == FINAL
