"""Tell the player where their gift is: a catalog text per status, sent by the worker.

The notice is a job (``steps.order.notice``) queued with the status change it reports,
under the key ``steps-order:<id>:<status>``, so each status is announced once however
often the change is repeated. The handler (``bots/steps/jobs.py``) renders
``steps.order.status.<status>`` in the player's language.
"""

from __future__ import annotations

from datetime import datetime

from sleeplab_core.jobs.model import Job, NewJob
from sleeplab_core.jobs.ports import JobRepository
from sleeplab_core.rewards.model import GiftOrder

ORDER_NOTICE_JOB_KIND = "steps.order.notice"
NOTICE_STATUSES = ("ready", "picked_up", "cancelled")
MAX_ATTEMPTS = 20


async def queue_order_notice(jobs: JobRepository, order: GiftOrder, now: datetime) -> Job | None:
    """Queue the notice of the order's current status (None when it has none to tell)."""
    status = order.shown_status
    if status not in NOTICE_STATUSES:
        return None
    return await jobs.enqueue(
        NewJob(
            kind=ORDER_NOTICE_JOB_KIND,
            payload={"order_id": order.id, "status": status},
            run_at=now,
            unique_key=f"steps-order:{order.id}:{status}",
            max_attempts=MAX_ATTEMPTS,
            user_id=order.user_id,
        ),
        now,
    )
