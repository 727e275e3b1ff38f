"""The Steps bot through both Telegram adapters against the loopback Bot API emulator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from steps_telegram_support import polling_steps, shown

from adapters.telegram_emulator import Emulator
from entrypoints.containers import resolve

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
        await act(user.press("Пропустить"))
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


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_live_location_walk_through_telegram(tmp_path: Path, framework: str) -> None:
    now = [1_767_000_000.0]  # the emulator's clock: message and edit dates
    async with (
        Emulator(clock=lambda: now[0]) as emu,
        polling_steps(emu, tmp_path, framework) as (
            bot,
            container,
        ),
    ):
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
        await act(user.press("Пропустить"))
        await act(user.send_location(55.75, 37.62, accuracy_m=10, live_period=3600))
        for minute in range(1, 21):  # 20 stretches of ~111 m a minute
            now[0] += 60
            await act(user.move_live_location(55.75 + 0.001 * minute, 37.62, accuracy_m=10))
        now[0] += 60
        await act(user.move_live_location(55.70, 37.62, accuracy_m=1500))  # blurred: dropped
        now[0] += 30
        await act(user.stop_live_location())
        await act(user.press("🏁 Завершить прогулку"))  # already ended: nothing more

        ledger = await resolve(container.ledger())
        points = (await ledger.balance(f"user:{USER}", "points")).available

    texts = shown(emu, USER)
    assert any("Прогулка началась" in text for text in texts)
    report = next(text for text in texts if "Прогулка по геопозиции" in text)
    assert "2223 м за 21 мин" in report
    assert "Прогулка засчитана: 2 964 шагов" in report
    assert points == 2
    assert "Сейчас нет прогулки с геопозицией" in texts[-1]
    assert sum("Прогулка по геопозиции" in text for text in texts) == 1


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_the_command_menu_is_described_in_each_language(
    tmp_path: Path, framework: str
) -> None:
    async with Emulator() as emu, polling_steps(emu, tmp_path, framework):
        menus = {
            call.params.get("language_code"): call.params["commands"]
            for call in emu.calls.of()
            if call.method.lower() == "setmycommands" and call.status == 200
        }
    for language, walk in ((None, "Log a walk"), ("en", "Log a walk"), ("ru", "Записать прогулку")):
        commands = menus[language]
        if isinstance(commands, str):
            commands = json.loads(commands)
        described = {command["command"]: command["description"] for command in commands}
        assert described["walk"] == walk
        assert set(described) == {
            "start",
            "menu",
            "walk",
            "points",
            "family",
            "catalog",
            "orders",
            "promo",
            "email",
            "privacy",
        }
        assert not any(text.startswith("steps.") for text in described.values())
