"""Support sends a user's SleepLab report again (lost chat, new phone, deleted message).

The report goes out through the same ``sleeplab.deliver_diagnosis`` job as a delayed
delivery: the worker renders the run's documents and sends them. A run whose delivery was
recorded as sent has that mark dropped first, or the job would see it and skip.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from sleeplab_core.jobs import Job, NewJob
from sleeplab_core.kernel.errors import NotFound, ValidationFailed
from sleeplab_core.kernel.users import UserId
from sleeplab_core.questionnaires.runs import RunStatus
from sleeplab_core.sleeplab.delivery import (
    DELIVER_DIAGNOSIS_JOB_KIND,
    DELIVERY_MAX_ATTEMPTS,
    delivery_record,
)

if TYPE_CHECKING:
    from sleeplab_core.storage.ports import UnitOfWorkFactory


def resend_key(run_id: str, now: datetime) -> str:
    """One resend per run and minute: a double-clicked button enqueues one job."""
    return f"sleeplab:resend_report:{run_id}:{now:%Y%m%dT%H%M}"


async def resend_report(
    uow: UnitOfWorkFactory, now: datetime, *, user_id: UserId, run_id: str
) -> Job:
    """Enqueue the delivery of ``run_id``'s report to ``user_id``, due now.

    Raises:
        NotFound: no such run of this user.
        ValidationFailed: the level is not finished, so it has no report.
    """
    async with uow() as tx:
        run = await tx.runs.get(run_id)
        if run is None or run.user_id != user_id:
            raise NotFound(f"user {user_id} has no such report")
        if run.status is not RunStatus.COMPLETED:
            raise ValidationFailed("the level is not finished: there is no report yet")
        record = delivery_record(run)
        if record is not None and record.get("sent_at"):
            unsent = {k: v for k, v in record.items() if k != "sent_at"}
            await tx.runs.save(
                attrs.evolve(run, result={**run.result, "delivery": unsent}, updated_at=now)
            )
        job = await tx.jobs.enqueue(
            NewJob(
                kind=DELIVER_DIAGNOSIS_JOB_KIND,
                payload={"run": run.id, "user_id": user_id},
                run_at=now,
                unique_key=resend_key(run.id, now),
                max_attempts=DELIVERY_MAX_ATTEMPTS,
                user_id=user_id,
            ),
            now,
        )
        await tx.commit()
    return job
