"""Promo groups: codes that grant bonus points once per player, within the group's limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from dependency_injector import providers
from steps_chat import StepsChat

from entrypoints.containers import (
    Container,
    build_container,
    conversations_for,
    resolve,
    unit_of_work_factory,
)
from entrypoints.settings import Settings
from sleeplab_core.platform import load_bot
from sleeplab_core.rewards import default_rules
from sleeplab_core.rewards.use_cases.create_promo_group import PromoGroup, create_promo_group


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[Container]:
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    container.bots.override(providers.Object({"steps": load_bot("steps")}))
    yield container
    await resolve(container.shutdown_resources())


async def test_a_group_code_credits_its_points_once_and_the_group_limit_holds(container):
    conversations = await conversations_for(container, "steps")
    uow = await unit_of_work_factory(container)
    group = PromoGroup(codes=["walk-2026", "walk-2026", "spring"], points=15, max_redemptions=1)
    assert await create_promo_group(uow, default_rules(), group) == ["WALK-2026", "SPRING"]
    anna, boris = StepsChat(conversations, 1), StepsChat(conversations, 2)
    for player in (anna, boris):
        await player.register()
        await player.command("promo")
    await anna.say("walk-2026")
    assert "Начислено бонусных баллов: 15" in anna.last
    await anna.command("promo")
    await anna.say("WALK-2026")
    assert "Вы уже использовали промокод WALK-2026." in anna.texts()
    await boris.say("walk-2026")
    assert "все активации использованы" in boris.texts()[-2]
    await boris.say("нет-такого")
    assert "Промокода НЕТ-ТАКОГО не существует" in boris.texts()[-2]
    ledger = await resolve(container.ledger())
    assert (await ledger.balance("user:1", "points")).available == 15
    assert (await ledger.balance("user:2", "points")).available == 0
