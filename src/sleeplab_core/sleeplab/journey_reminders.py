"""Reminders along SleepLab's journey, armed and cancelled in the use cases' transactions.

Unfinished questionnaire (24 h and 72 h after the last answer), unpaid order (24 h), report
not opened (48 h after a delayed report was confirmed). Keys and texts come from
:mod:`sleeplab_core.jobs.reminders`; every time is moved out of the user's quiet hours.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sleeplab_core.jobs import (
    ReminderTopic,
    cancel_reminders,
    plan_reminders,
    reminder_key,
    schedule_reminders,
)
from sleeplab_core.kernel.users import User, UserId

if TYPE_CHECKING:
    from sleeplab_core.sleeplab.journey_jobs import JourneyJobs
    from sleeplab_core.storage.ports import UnitOfWork


async def remind_unfinished(
    uow: UnitOfWork, user: User, level: str, jobs: JourneyJobs, now: datetime
) -> None:
    """(Re)arm the unfinished-questionnaire reminders: 24 h and 72 h after ``now``.

    Only moved when the armed 24 h reminder is older than ``jobs.rearm_after``.
    """
    if not jobs.reminders:
        return
    armed = await uow.jobs.find_by_key(
        reminder_key(ReminderTopic.QUESTIONNAIRE, user.id, level, "24h")
    )
    if armed is not None and armed.run_at >= now + timedelta(hours=24) - jobs.rearm_after:
        return
    await cancel_reminders(uow.jobs, user.id, ReminderTopic.QUESTIONNAIRE, level, now)
    planned = plan_reminders(user, ReminderTopic.QUESTIONNAIRE, level, now, jobs.quiet)
    await schedule_reminders(uow.jobs, planned, now)


async def level_finished(uow: UnitOfWork, user_id: UserId, level: str, now: datetime) -> None:
    """The user moved on: their unfinished-questionnaire reminders for ``level`` go."""
    await cancel_reminders(uow.jobs, user_id, ReminderTopic.QUESTIONNAIRE, level, now)


async def remind_unpaid(
    uow: UnitOfWork, user: User, order_id: str, jobs: JourneyJobs, now: datetime
) -> None:
    """Arm the unpaid-order reminder (for the offer flow, when it creates an order)."""
    if jobs.reminders:
        planned = plan_reminders(user, ReminderTopic.UNPAID_ORDER, order_id, now, jobs.quiet)
        await schedule_reminders(uow.jobs, planned, now)


async def order_settled(uow: UnitOfWork, user_id: UserId, order_id: str, now: datetime) -> None:
    """The order was paid or dropped: its reminder goes."""
    await cancel_reminders(uow.jobs, user_id, ReminderTopic.UNPAID_ORDER, order_id, now)


async def remind_not_opened(
    uow: UnitOfWork, user: User, run_id: str, jobs: JourneyJobs, now: datetime
) -> None:
    """Arm the "report not opened" reminder once a delayed report was confirmed."""
    if jobs.reminders:
        planned = plan_reminders(user, ReminderTopic.REPORT_NOT_OPENED, run_id, now, jobs.quiet)
        await schedule_reminders(uow.jobs, planned, now)


async def report_opened(uow: UnitOfWork, user_id: UserId, run_id: str, now: datetime) -> None:
    """The user came back to the delivered report: no "report not opened" reminder."""
    await cancel_reminders(uow.jobs, user_id, ReminderTopic.REPORT_NOT_OPENED, run_id, now)
