"""The Steps bot end to end in process: the production container on the in-memory store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from dependency_injector import providers
from steps_chat import StepsChat

from entrypoints.containers import Container, build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.conversation import ButtonPress, Conversations
from sleeplab_core.ledger import Ledger
from sleeplab_core.platform import load_bot
from sleeplab_core.rewards.use_cases.privacy import export_player

FINAL = (
    "Спасибо за участие в игре! \n"
    "🎁 Как идет Ваш подарок можно увидеть по ссылке, которую Яндекс выслал в смс."
)
NO_PVZ = "К сожалению нет доступных ПВЗ по указанному адресу."


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[Container]:
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    container.bots.override(providers.Object({"steps": load_bot("steps")}))
    yield container
    await resolve(container.shutdown_resources())


@pytest.fixture
async def conversations(container: Container) -> Conversations:
    return await conversations_for(container, "steps")


@pytest.fixture
async def ledger(container: Container, conversations: Conversations) -> Ledger:
    found: Ledger = await resolve(container.ledger())
    return found


async def balance(ledger: Ledger, user_id: int) -> int:
    return (await ledger.balance(f"user:{user_id}", "points")).available


async def test_a_phone_like_8_999_123_gets_a_clear_message_and_is_asked_again(conversations):
    anna = StepsChat(conversations, 1)
    await anna.start()
    await anna.say("Аня", "8(999)123")
    assert "не похоже на полный номер" in anna.texts()[-2]
    assert "номер телефона" in anna.last
    await anna.say("8 (999) 123-45-67", "Москва")
    assert "E-mail указывать не обязательно" in anna.last
    await anna.press("Пропустить")
    assert "Аня, ваш баланс: 0 баллов" in anna.last


async def test_a_walk_earns_points_with_its_breakdown(conversations, ledger):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.walk(90, 12_000)
    assert "Прогулка засчитана: 12 000 шагов" in anna.last
    assert "12000 / 1000 × 1.0 × 1.0 = 12 баллов" in anna.last
    assert "погода недоступна" in anna.last  # offline: the default coefficient, flagged
    assert await balance(ledger, 1) == 12


async def test_two_hundred_thousand_steps_in_ten_minutes_is_refused_clearly(conversations, ledger):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.walk(10, 200_000)
    assert "Прогулка не засчитана: 20000 шагов в минуту" in anna.last
    assert await balance(ledger, 1) == 0


async def test_bad_numbers_in_the_form_are_asked_again(conversations):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.command("walk")
    await anna.press("Заполнить форму")
    await anna.press("Сегодня")
    await anna.say("сорок")
    assert "Введите минуты целым числом" in anna.texts()[-2]
    assert "Сколько минут" in anna.last


async def test_a_family_is_created_joined_by_link_and_left(conversations):
    anna, boris = StepsChat(conversations, 1), StepsChat(conversations, 2)
    await anna.register()
    await anna.command("family")
    await anna.press("Создать")
    await anna.say("Ивановы")
    assert "Семья «Ивановы», участников: 1" in anna.last
    await boris.register("Борис", payload=anna.link("fam_"))
    assert any("Вы вступили в семью «Ивановы»" in text for text in boris.texts())
    await anna.command("family")
    assert "участников: 2" in anna.last
    await boris.command("family")
    await boris.press("Выйти из семьи")
    assert "Вы пока не в семье" in boris.last
    async with conversations.router.unit_of_work() as uow:  # the weekly split is on the worker
        jobs = await uow.jobs.list(kind="steps.family.split")
    assert len(jobs) == 1


async def test_a_referral_pays_both_once_the_friend_walks(conversations, ledger):
    anna, boris = StepsChat(conversations, 1), StepsChat(conversations, 2)
    await anna.register()
    await anna.command("menu")
    await anna.press("Пригласить друга")
    await boris.register("Борис", payload=anna.link("ref_"))
    assert await balance(ledger, 1) == 0
    await boris.walk(60, 5000)
    await boris.walk(60, 5000)
    assert await balance(ledger, 1) == 20
    assert await balance(ledger, 2) == 5 + 5 + 10


async def test_ordering_a_gift_to_a_pickup_point_ends_with_the_seed_message(conversations, ledger):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.walk(200, 30_000)
    await anna.command("catalog")
    await anna.press("Для прогулок")
    await anna.press("Бутылка для воды")
    await anna.press("Заказать в ПВЗ")
    await anna.say("Тверь")
    assert NO_PVZ in anna.texts()
    await anna.say("МОСКВА")
    await anna.press("Варшавское шоссе 168")
    await anna.say("Иван", "Петров", "8(999)123")
    assert "не похоже на полный номер" in anna.texts()[-2]
    await anna.say("+79991234567")
    assert "Иван Петров, +79991234567" in anna.last
    await anna.press("Подтвердить")
    assert anna.last == FINAL
    assert await balance(ledger, 1) == 0


async def test_too_few_points_holds_nothing_and_says_so(conversations, ledger):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.walk(60, 5000)
    await anna.order_bottle()
    assert "Пока не хватает баллов" in anna.last
    assert (await ledger.balance("user:1", "points")).held == 0
    assert await balance(ledger, 1) == 5


async def test_text_where_buttons_are_expected_keeps_the_screen(conversations):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.say("привет")
    assert "воспользуйтесь кнопками" in anna.texts()[-2]
    assert "ваш баланс" in anna.last


async def test_erasure_deletes_walks_and_profile_and_anonymises_orders(conversations, container):
    from entrypoints.containers import unit_of_work_factory

    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.walk(200, 30_000)
    await anna.order_bottle()
    await anna.command("privacy")
    await anna.press("Удалить мои данные")
    await anna.press("Да, удалить")
    assert "Ваши данные удалены" in anna.last
    uow = await unit_of_work_factory(container)
    async with uow() as unit:
        store = unit.rewards  # type: ignore[attr-defined]
        assert await store.profiles.get(1) is None
        assert await store.walks.for_user(1) == []
        [order] = await store.orders.for_user(1)
    assert (order.recipient.first_name, order.recipient.phone) == ("", "")


async def test_an_optional_email_is_checked_saved_and_removed(conversations, container):
    anna = StepsChat(conversations, 1)
    await anna.register()
    assert "/email" in anna.texts()[-2]  # offered after registration, never required
    await anna.command("email")
    assert "не обязательно" in anna.last
    await anna.say("ivan@@example")
    assert "не похоже на адрес e-mail" in anna.texts()[-2]
    await anna.say("Anna.P@Example.COM")
    assert "E-mail сохранён: Anna.P@example.com" in anna.texts()[-2]
    assert "ваш баланс" in anna.last  # back to the menu
    await anna.command("email")
    assert "Ваш e-mail: Anna.P@example.com" in anna.last
    await anna.press("Удалить e-mail")
    assert "E-mail удалён" in anna.texts()[-2]
    await anna.command("email")
    await anna.press("Пропустить")
    assert "ваш баланс" in anna.last


async def test_registration_asks_an_optional_email_checked_as_in_its_command(conversations):
    anna = StepsChat(conversations, 1)
    await anna.start()
    await anna.say("Аня", "+7 999 123-45-67", "Москва")
    assert "E-mail указывать не обязательно" in anna.last
    assert anna.button("Пропустить")
    await anna.say("ivan@@example")
    assert "не похоже на адрес e-mail" in anna.texts()[-2]
    assert "E-mail указывать не обязательно" in anna.last  # asked again
    await anna.say("Anna.P@Example.COM")
    assert "E-mail сохранён: Anna.P@example.com" in anna.texts()[-3]
    assert "Готово, Аня!" in anna.texts()[-2]
    assert "Аня, ваш баланс: 0 баллов" in anna.last
    exported = await export_player(conversations.router.unit_of_work, 1)
    assert exported["profile"]["email"] == "Anna.P@example.com"


@pytest.mark.parametrize("typed", ["skip", "Пропустить", "SKIP"])
async def test_the_registration_email_is_skipped_by_typing_skip(conversations, typed):
    boris = StepsChat(conversations, 2)
    await boris.start()
    await boris.say("Борис", "+7 999 123-45-68", "Тверь", typed)
    assert "Борис, ваш баланс: 0 баллов" in boris.last
    exported = await export_player(conversations.router.unit_of_work, 2)
    assert not exported["profile"]["email"]


async def test_the_email_goes_with_the_export(conversations):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.command("email")
    await anna.say("anna@почта.рф")
    exported = await export_player(conversations.router.unit_of_work, 1)
    assert exported["profile"]["email"] == "anna@почта.рф"


async def test_my_orders_lists_statuses_and_cancels_a_placed_order(conversations, ledger):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.command("orders")
    assert "пока нет заказов" in anna.last
    await anna.walk(200, 30_000)
    await anna.order_bottle()
    left = await balance(ledger, 1)
    await anna.command("menu")
    await anna.press("Мои заказы")
    assert "«Бутылка для воды» — оформлен, едет в пункт выдачи" in anna.last
    await anna.press("Отменить «Бутылка для воды»")
    assert "баллов вернутся на баланс" in anna.last
    await anna.press("Нет, оставить")
    assert "оформлен, едет в пункт выдачи" in anna.last
    assert await balance(ledger, 1) == left
    await anna.press("Отменить «Бутылка для воды»")
    await anna.press("Да, отменить")
    assert "Ваш заказ «Бутылка для воды» отменён" in anna.texts()[-2]
    assert "«Бутылка для воды» — отменён, баллы возвращены" in anna.last
    assert all("Отменить" not in b.label for b in anna.screens[-1].all_buttons())
    assert await balance(ledger, 1) > left


async def test_another_players_order_cannot_be_cancelled(conversations, ledger):
    anna = StepsChat(conversations, 1)
    await anna.register()
    await anna.walk(200, 30_000)
    await anna.order_bottle()
    await anna.command("orders")
    data = anna.button("Отменить").data
    boris = StepsChat(conversations, 2)
    await boris.register("Борис")
    left = await balance(ledger, 1)
    await boris.command("orders")
    for forged in (data, data.replace("cancel", "confirm")):
        await boris.send(ButtonPress(user_id=2, data=forged))
        assert "пока нет заказов" in boris.last  # refused as a stale button: his list again
    await anna.command("orders")
    assert "оформлен, едет в пункт выдачи" in anna.last
    assert await balance(ledger, 1) == left


async def test_an_order_shows_the_players_local_day(tmp_path: Path):
    from datetime import UTC, datetime

    from sleeplab_core.kernel.clock import FakeClock

    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    container.bots.override(providers.Object({"steps": load_bot("steps")}))
    # 22:30 UTC on 28 March is already 29 March in Moscow (UTC+3)
    container.clock.override(providers.Object(FakeClock(datetime(2026, 3, 28, 22, 30, tzinfo=UTC))))
    try:
        anna = StepsChat(await conversations_for(container, "steps"), 1)
        await anna.register()
        await anna.walk(200, 30_000)
        await anna.order_bottle()
        await anna.command("orders")
        assert "«Бутылка для воды» — оформлен, едет в пункт выдачи (2026-03-29)" in anna.last
    finally:
        await resolve(container.shutdown_resources())
