"""The admin's order report: orders created on the local days of an inclusive range."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sleeplab_core.rewards.model import GiftOrder, OrderStatus
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory


async def orders_between(
    uow: RewardsUnitOfWorkFactory, first_day: date, last_day: date, zone: str
) -> list[GiftOrder]:
    """Placed orders created from ``first_day`` 00:00 to the end of ``last_day`` in ``zone``.

    Days are local days of ``zone`` (DST-correct: each bound is a local midnight).
    """
    tz = ZoneInfo(zone)
    start = datetime.combine(first_day, time(), tz)
    end = datetime.combine(last_day + timedelta(days=1), time(), tz)
    async with uow() as unit:
        orders = await unit.rewards.orders.created_between(start, end)
    return [order for order in orders if order.status is OrderStatus.PLACED]
