"""Counts per step by day, for the console's funnel page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

import attrs

from sleeplab_core.funnels.ports import FunnelRepository


class _FunnelsUnitOfWork(Protocol):
    funnels: FunnelRepository

    async def __aenter__(self) -> _FunnelsUnitOfWork: ...

    async def __aexit__(self, *exc_info: object) -> None: ...


class FunnelsUnitOfWorkFactory(Protocol):
    def __call__(self) -> _FunnelsUnitOfWork: ...


@attrs.frozen
class FunnelReport:
    """``table[step][i]`` users reached ``step`` on ``days[i]``; ``totals`` sums the days."""

    days: tuple[date, ...]
    steps: tuple[str, ...]
    table: dict[str, tuple[int, ...]]

    def total(self, step: str) -> int:
        return sum(self.table[step])


async def funnel_report(
    uow: FunnelsUnitOfWorkFactory, bot: str, until: date, days: int = 14
) -> FunnelReport:
    """The last ``days`` days up to ``until``; steps ordered by how many users reached
    them (the funnel's width), then by name."""
    since = until - timedelta(days=days - 1)
    async with uow() as tx:
        counts = await tx.funnels.counts(bot, since, until)
    all_days = tuple(since + timedelta(days=i) for i in range(days))
    index = {day: i for i, day in enumerate(all_days)}
    table: dict[str, list[int]] = {}
    for count in counts:
        table.setdefault(count.step, [0] * days)[index[count.day]] = count.users
    steps = tuple(sorted(table, key=lambda s: (-sum(table[s]), s)))
    return FunnelReport(all_days, steps, {s: tuple(table[s]) for s in steps})
