"""Funnel events and counts."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from sleeplab_core.kernel.users import UserId


@attrs.frozen(kw_only=True)
class FunnelEvent:
    """``user_id`` reached ``step`` of ``bot`` on their local ``day`` (first time that day)."""

    bot: str
    step: str
    user_id: UserId
    day: date
    at: datetime


@attrs.frozen
class StepCount:
    """How many distinct users reached ``step`` on ``day``."""

    day: date
    step: str
    users: int
