"""The funnel event log port."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sleeplab_core.funnels.model import FunnelEvent, StepCount


class FunnelRepository(Protocol):
    """Funnel events inside a unit of work.

    Contract:
    - ``record`` stores the event once per (bot, step, user, day) — a unique constraint,
      never check-then-insert — and returns whether it was new.
    - ``counts`` returns, for ``bot`` and the days ``since``..``until`` inclusive, the number
      of users per (day, step), ordered by day then step.
    - ``for_user`` lists the user's events by day then step (export); ``delete_user``
      removes them (erasure).
    """

    async def record(self, event: FunnelEvent) -> bool: ...

    async def counts(self, bot: str, since: date, until: date) -> list[StepCount]: ...

    async def for_user(self, user_id: int) -> list[FunnelEvent]: ...

    async def delete_user(self, user_id: int) -> None: ...
