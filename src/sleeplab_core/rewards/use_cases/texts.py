"""Operators edit the seed's content keys; the bot reads the override or its catalog text."""

from __future__ import annotations

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.rewards.content import check_override
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory


async def set_text(
    uow: RewardsUnitOfWorkFactory, clock: Clock, key: str, locale: str, text: str
) -> None:
    """Store an override (checked first). Raises InvalidRules naming the bad field."""
    check_override(key, locale, text)
    async with uow() as unit:
        await unit.rewards.texts.put(key, locale, text, clock.now())
        await unit.commit()


async def reset_text(uow: RewardsUnitOfWorkFactory, key: str, locale: str) -> bool:
    """Drop an override (the catalog text shows again); False when there was none."""
    async with uow() as unit:
        removed = await unit.rewards.texts.delete(key, locale)
        await unit.commit()
    return removed


async def list_texts(uow: RewardsUnitOfWorkFactory) -> list[tuple[str, str, str]]:
    async with uow() as unit:
        return await unit.rewards.texts.all()
