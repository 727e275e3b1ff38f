"""Record the steps a user reached, on the user's local day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sleeplab_core.funnels.model import FunnelEvent
from sleeplab_core.funnels.ports import FunnelRepository
from sleeplab_core.kernel.users import User


def local_day(moment: datetime, time_zone: str) -> date:
    """The calendar day ``moment`` falls on in ``time_zone`` (UTC for an unknown zone)."""
    try:
        return moment.astimezone(ZoneInfo(time_zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return moment.astimezone(ZoneInfo("UTC")).date()


async def record_steps(
    funnels: FunnelRepository, bot: str, user: User, steps: Iterable[str], now: datetime
) -> int:
    """Record each step once per local day, in the caller's unit of work; how many were new."""
    day = local_day(now, user.time_zone)
    new = 0
    for step in dict.fromkeys(steps):
        event = FunnelEvent(bot=bot, step=step[:100], user_id=user.id, day=day, at=now)
        new += await funnels.record(event)
    return new
