"""Recurring jobs: one job per period, deduplicated by a unique (kind, period) key.

Any number of processes may schedule the same recurring job at any moment of a period;
the unique key makes the store keep exactly one job for that period.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from sleeplab_core.jobs.model import DEFAULT_MAX_ATTEMPTS, Job, NewJob
from sleeplab_core.jobs.ports import JobRepository
from sleeplab_core.kernel.clock import Clock

if TYPE_CHECKING:
    from sleeplab_core.storage.ports import UnitOfWorkFactory

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _positive(_: object, __: attrs.Attribute[timedelta], value: timedelta) -> None:
    if value <= timedelta(0):
        raise ValueError(f"a recurring job needs a positive period, got {value}")


@attrs.frozen(kw_only=True)
class Recurring:
    """A job to run once per period ``every``, periods counted from ``anchor``.

    Example: ``Recurring(kind="reports.nightly", every=timedelta(days=1),
    anchor=datetime(2026, 1, 1, 3, tzinfo=UTC))`` runs at 03:00 UTC every day.
    """

    kind: str
    every: timedelta = attrs.field(validator=_positive)
    anchor: datetime = EPOCH
    payload: dict[str, Any] = attrs.field(factory=dict)
    max_attempts: int = DEFAULT_MAX_ATTEMPTS


def period_start(moment: datetime, every: timedelta, anchor: datetime = EPOCH) -> datetime:
    """The start of the period of length ``every`` (counted from ``anchor``) holding ``moment``."""
    return anchor + every * ((moment - anchor) // every)


def recurring_key(kind: str, start: datetime) -> str:
    """The unique key of ``kind``'s occurrence for the period starting at ``start``."""
    return f"recurring:{kind}:{start.astimezone(UTC).isoformat()}"


def occurrence(spec: Recurring, now: datetime) -> NewJob:
    """The job of ``spec`` for the period holding ``now``, due at the period's start."""
    start = period_start(now, spec.every, spec.anchor)
    return NewJob(
        kind=spec.kind,
        payload=spec.payload,
        run_at=start,
        unique_key=recurring_key(spec.kind, start),
        max_attempts=spec.max_attempts,
    )


async def schedule_recurring(jobs: JobRepository, spec: Recurring, now: datetime) -> Job:
    """Enqueue the current period's occurrence of ``spec`` (a no-op if it exists)."""
    return await jobs.enqueue(occurrence(spec, now), now)


async def schedule_all(
    uow_factory: UnitOfWorkFactory, specs: Sequence[Recurring], clock: Clock
) -> list[Job]:
    """Enqueue the current occurrence of every spec in one transaction; call it each round."""
    async with uow_factory() as uow:
        now = clock.now()
        scheduled = [await schedule_recurring(uow.jobs, spec, now) for spec in specs]
        await uow.commit()
    return scheduled
