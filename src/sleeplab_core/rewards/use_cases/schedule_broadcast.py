"""Schedule a broadcast of a catalog text to a Steps segment, sent by the worker at the rate.

It uses the platform's broadcasts (one delivery per recipient, 429/403 handling, the global
send rate) under a job kind of the Steps bot, whose handler resolves the Steps segments.
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from sleeplab_core.jobs.broadcast import Broadcast
from sleeplab_core.jobs.model import NewJob
from sleeplab_core.jobs.ports import BroadcastRepository, JobRepository
from sleeplab_core.rewards.segments import parse_segment

STEPS_BROADCAST_JOB_KIND = "steps.broadcast.send"
MAX_ATTEMPTS = 20


class BroadcastUnitOfWork(Protocol):
    broadcasts: BroadcastRepository
    jobs: JobRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class BroadcastUnitOfWorkFactory(Protocol):
    def __call__(self) -> BroadcastUnitOfWork: ...


async def schedule_broadcast(
    uow: BroadcastUnitOfWorkFactory,
    segment: str,
    text_key: str,
    run_at: datetime,
    created_by: str,
    now: datetime,
) -> Broadcast:
    """Store the broadcast and its job (sent from ``run_at``). Raises UnknownSegment."""
    parse_segment(segment)
    async with uow() as unit:
        broadcast = await unit.broadcasts.create(segment, text_key, created_by, now)
        await unit.jobs.enqueue(
            NewJob(
                kind=STEPS_BROADCAST_JOB_KIND,
                payload={"broadcast_id": broadcast.id},
                run_at=max(run_at, now),
                unique_key=f"steps-broadcast:{broadcast.id}",
                max_attempts=MAX_ATTEMPTS,
            ),
            now,
        )
        await unit.commit()
    return broadcast
