"""Operators override any bot's text per locale; the bot lays the overrides over its catalogs."""

from __future__ import annotations

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.operators.model import TextOverride
from sleeplab_core.operators.ports import OperatorsUnitOfWorkFactory
from sleeplab_core.operators.texts import check_override


async def set_text_override(
    uow: OperatorsUnitOfWorkFactory,
    clock: Clock,
    *,
    bot: str,
    locale: str,
    key: str,
    text: str,
    default: str,
) -> TextOverride:
    """Store ``text`` for ``key`` once checked against ``default`` (the catalog text).

    Raises:
        ValidationFailed: a placeholder of the default is missing, one is unknown, the text
            is empty, too long or not a valid format string.
    """
    override = TextOverride(
        bot=bot, locale=locale, key=key, text=check_override(default, text), changed_at=clock.now()
    )
    async with uow() as tx:
        await tx.operators.put_text_override(override)
        await tx.commit()
    return override


async def reset_text_override(
    uow: OperatorsUnitOfWorkFactory, *, bot: str, locale: str, key: str
) -> bool:
    """Drop an override (the catalog text shows again); False when there was none."""
    async with uow() as tx:
        removed = await tx.operators.drop_text_override(bot, locale, key)
        await tx.commit()
    return removed


async def text_overrides(uow: OperatorsUnitOfWorkFactory, bot: str) -> list[TextOverride]:
    """Every override of ``bot``, by locale and key."""
    async with uow() as tx:
        return await tx.operators.text_overrides(bot)
