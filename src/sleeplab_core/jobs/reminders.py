"""Reminders: nudges scheduled as jobs, outside the user's quiet hours, cancelled by key.

A reminder is a ``reminder.send`` job whose unique key names what it is about, e.g.
``reminder:questionnaire:<user>:<level>:24h``. Scheduling twice is harmless (the key
dedupes); when the user moves on (finishes the level, pays, opens the report) the use case
cancels the keys, in the same transaction as that change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

from sleeplab_core.conversation.actions import Screen, SendScreen
from sleeplab_core.conversation.errors import RecipientBlocked
from sleeplab_core.jobs.errors import RetryLater
from sleeplab_core.jobs.model import Job, NewJob
from sleeplab_core.jobs.ports import JobRepository, Messenger
from sleeplab_core.jobs.quiet_hours import QuietHours, is_quiet, next_allowed_send
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.i18n import Catalog, Message
from sleeplab_core.kernel.users import User, UserId

if TYPE_CHECKING:
    from sleeplab_core.jobs.worker import JobContext
    from sleeplab_core.storage.ports import UnitOfWorkFactory

REMINDER_JOB_KIND = "reminder.send"
REMINDER_MAX_ATTEMPTS = 5


class ReminderTopic(StrEnum):
    QUESTIONNAIRE = "questionnaire"
    UNPAID_ORDER = "unpaid_order"
    REPORT_NOT_OPENED = "report_not_opened"


@attrs.frozen
class ReminderRule:
    """Remind about ``topic`` ``after`` the moment the user stopped, with ``text_key``."""

    topic: ReminderTopic
    after: timedelta
    label: str
    text_key: str


DEFAULT_RULES: tuple[ReminderRule, ...] = (
    ReminderRule(
        ReminderTopic.QUESTIONNAIRE, timedelta(hours=24), "24h", "jobs.reminder.questionnaire.24h"
    ),
    ReminderRule(
        ReminderTopic.QUESTIONNAIRE, timedelta(hours=72), "72h", "jobs.reminder.questionnaire.72h"
    ),
    ReminderRule(
        ReminderTopic.UNPAID_ORDER, timedelta(hours=24), "24h", "jobs.reminder.unpaid_order.24h"
    ),
    ReminderRule(
        ReminderTopic.REPORT_NOT_OPENED,
        timedelta(hours=48),
        "48h",
        "jobs.reminder.report_not_opened.48h",
    ),
)


def reminder_key(topic: ReminderTopic, user_id: UserId, subject: str, label: str) -> str:
    """The unique key of one reminder, e.g. ``reminder:questionnaire:42:L1:24h``."""
    return f"reminder:{topic.value}:{user_id}:{subject}:{label}"


def plan_reminders(
    user: User,
    topic: ReminderTopic,
    subject: str,
    since: datetime,
    quiet: QuietHours,
    rules: Sequence[ReminderRule] = DEFAULT_RULES,
) -> list[NewJob]:
    """The reminder jobs for ``topic`` about ``subject`` (a level, an order id, a report).

    Each is due ``rule.after`` past ``since``, moved out of the user's quiet hours.
    """
    return [
        NewJob(
            kind=REMINDER_JOB_KIND,
            payload={"user_id": user.id, "text_key": rule.text_key},
            run_at=next_allowed_send(since + rule.after, user.time_zone, quiet),
            unique_key=reminder_key(topic, user.id, subject, rule.label),
            max_attempts=REMINDER_MAX_ATTEMPTS,
            user_id=user.id,
        )
        for rule in rules
        if rule.topic is topic
    ]


async def schedule_reminders(
    jobs: JobRepository, planned: Sequence[NewJob], now: datetime
) -> list[Job]:
    """Enqueue planned reminders; ones already scheduled are left as they are."""
    return [await jobs.enqueue(new, now) for new in planned]


async def cancel_reminders(
    jobs: JobRepository,
    user_id: UserId,
    topic: ReminderTopic,
    subject: str,
    now: datetime,
    rules: Sequence[ReminderRule] = DEFAULT_RULES,
) -> list[Job]:
    """Cancel the user's pending reminders about ``subject``; returns those cancelled."""
    cancelled = []
    for rule in rules:
        if rule.topic is topic:
            key = reminder_key(topic, user_id, subject, rule.label)
            if (job := await jobs.cancel_by_key(key, now)) is not None:
                cancelled.append(job)
    return cancelled


class ReminderSender:
    """The handler of ``reminder.send`` jobs.

    Sends nothing to inactive or deleted users; a user found in quiet hours at send time
    (their time zone changed since scheduling) is retried when the quiet hours end; a 403
    marks the user inactive and ends the job.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        messenger: Messenger,
        catalog: Catalog,
        clock: Clock,
        quiet: QuietHours,
    ) -> None:
        self._uow_factory = uow_factory
        self._messenger = messenger
        self._catalog = catalog
        self._clock = clock
        self._quiet = quiet

    async def __call__(self, job: Job, context: JobContext) -> None:
        user_id = int(job.payload["user_id"])
        async with self._uow_factory() as uow:
            user = await uow.users.get(user_id)
        if user is None or not user.active:
            return
        now = self._clock.now()
        if is_quiet(now, user.time_zone, self._quiet):
            wait = next_allowed_send(now, user.time_zone, self._quiet) - now
            raise RetryLater("inside the user's quiet hours", retry_after=wait.total_seconds())
        text = self._catalog.render(user.locale, Message(str(job.payload["text_key"])))
        try:
            await self._messenger.send(user_id, [SendScreen(screen=Screen(text))])
        except RecipientBlocked:
            await self._deactivate(user_id)

    async def _deactivate(self, user_id: UserId) -> None:
        async with self._uow_factory() as uow:
            user = await uow.users.get(user_id)
            if user is not None and user.active:
                await uow.users.save(attrs.evolve(user, active=False))
                await uow.commit()
