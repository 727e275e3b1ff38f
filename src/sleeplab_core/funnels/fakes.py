"""The funnels module's in-memory storage."""

from __future__ import annotations

from collections import Counter
from datetime import date

import attrs

from sleeplab_core.funnels.model import FunnelEvent, StepCount
from sleeplab_core.kernel.modules import MemoryModule

Key = tuple[str, str, int, date]


@attrs.define
class FunnelTables:
    events: dict[Key, FunnelEvent] = attrs.field(factory=dict)


@attrs.define
class InMemoryFunnels:
    """The ``FunnelRepository`` over one transaction's tables."""

    _t: FunnelTables

    async def record(self, event: FunnelEvent) -> bool:
        key = (event.bot, event.step, event.user_id, event.day)
        if key in self._t.events:
            return False
        self._t.events[key] = event
        return True

    async def counts(self, bot: str, since: date, until: date) -> list[StepCount]:
        counted = Counter(
            (e.day, e.step)
            for e in self._t.events.values()
            if e.bot == bot and since <= e.day <= until
        )
        return [StepCount(day, step, n) for (day, step), n in sorted(counted.items())]

    async def for_user(self, user_id: int) -> list[FunnelEvent]:
        mine = [e for e in self._t.events.values() if e.user_id == user_id]
        return sorted(mine, key=lambda e: (e.day, e.step, e.bot))

    async def delete_user(self, user_id: int) -> None:
        for key in [k for k in self._t.events if k[2] == user_id]:
            del self._t.events[key]


FUNNELS = MemoryModule(name="funnels", tables=FunnelTables, repository=InMemoryFunnels)
