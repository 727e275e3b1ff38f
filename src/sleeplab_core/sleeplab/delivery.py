"""SleepLab on the job system: delayed diagnosis delivery, journey reminders, segments.

Delivery is ``instant`` (the documents follow the last answer in the same reply) or
``delayed``: the last answer gets the preface ("your report will be ready in about 2
hours") and a ``sleeplab.deliver_diagnosis`` job is enqueued in the same unit of work,
keyed per run. At the due time :class:`DiagnosisDeliverer` diagnoses (if not yet), sends
the documents through a :class:`ConfirmingMessenger` and records ``sent_at`` in the run's
``result["delivery"]`` only after the channel confirmed every file. A re-run finds
``sent_at`` and does nothing, so duplicates are limited to the at-least-once window (the
files went out, the process died before recording it).

:class:`ChannelMessenger` turns any conversation :class:`Channel` into a messenger for
work outside a request (jobs, reminders, broadcasts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, cast

import attrs

from sleeplab_core.conversation import (
    Action,
    BotSpec,
    Channel,
    FlowContext,
    Receipt,
    SendDocument,
)
from sleeplab_core.conversation.outbound import RateLimited, TransientFailure
from sleeplab_core.jobs import (
    Job,
    JobContext,
    JobState,
    NewJob,
    PermanentFailure,
    QuietHours,
    ReminderTopic,
    RetryLater,
    cancel_reminders,
    next_allowed_send,
    plan_reminders,
    reminder_key,
    schedule_reminders,
)
from sleeplab_core.jobs.segments import DEFAULT_SEGMENTS, SegmentQuery
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.i18n import Catalog
from sleeplab_core.kernel.users import User, UserId
from sleeplab_core.sleeplab.flows.payment_events import PaymentEvents
from sleeplab_core.sleeplab.journey import FREE_LEVELS, LEVELS, PRODUCTS_UNLOCKING
from sleeplab_core.sleeplab.runs import QuestionnaireRun, RunStatus

if TYPE_CHECKING:
    from sleeplab_core.conversation import Router
    from sleeplab_core.storage.ports import UnitOfWork, UnitOfWorkFactory

DELIVER_DIAGNOSIS_JOB_KIND = "sleeplab.deliver_diagnosis"
DELIVERY_MAX_ATTEMPTS = 12
REPORT_TAG = "report"
"""Delivered documents are tagged ``report:<n>`` so the channel confirms each one."""


class DeliveryMode(StrEnum):
    INSTANT = "instant"
    DELAYED = "delayed"


@attrs.frozen
class JourneyJobs:
    """How SleepLab uses the job system.

    Attributes:
        delivery: ``instant`` or ``delayed`` diagnosis delivery.
        delay: how long after completion a delayed report is due.
        quiet: nothing is delivered or reminded in these local hours (user's time zone).
        reminders: whether journey reminders are scheduled at all.
        rearm_after: an unfinished-questionnaire reminder is moved to "24 h after the last
            answer" at most this often, so answering does not write jobs on every step.
    """

    delivery: DeliveryMode = DeliveryMode.INSTANT
    delay: timedelta = timedelta(hours=2)
    quiet: QuietHours = attrs.field(factory=QuietHours)
    reminders: bool = False
    rearm_after: timedelta = timedelta(hours=1)


INSTANT = JourneyJobs()


def delivery_key(run_id: str) -> str:
    """The unique key of a run's delivery job."""
    return f"sleeplab:deliver_diagnosis:{run_id}"


def delivery_record(run: QuestionnaireRun) -> Mapping[str, Any] | None:
    """The run's ``result["delivery"]`` (mode, due_at, sent_at), None for instant runs."""
    record = run.result.get("delivery")
    return record if isinstance(record, Mapping) else None


def diagnosis_sent(run: QuestionnaireRun) -> bool:
    """Whether the channel confirmed every document of a delayed delivery."""
    record = delivery_record(run)
    return bool(record and record.get("sent_at"))


def awaiting_delivery(run: QuestionnaireRun) -> bool:
    record = delivery_record(run)
    return bool(record and record.get("mode") == DeliveryMode.DELAYED and not record.get("sent_at"))


def due_at(run: QuestionnaireRun) -> datetime | None:
    record = delivery_record(run)
    raw = record.get("due_at") if record else None
    return datetime.fromisoformat(str(raw)) if raw else None


async def schedule_delivery(
    uow: UnitOfWork, run: QuestionnaireRun, user: User, jobs: JourneyJobs, now: datetime
) -> tuple[QuestionnaireRun, Job]:
    """Record a delayed delivery on ``run`` and enqueue its job, in the caller's transaction.

    Idempotent: a run already scheduled keeps its due time and job.
    """
    due = due_at(run) or next_allowed_send(now + jobs.delay, user.time_zone, jobs.quiet)
    if delivery_record(run) is None:
        record = {"mode": DeliveryMode.DELAYED.value, "due_at": due.isoformat()}
        run = attrs.evolve(run, result={**run.result, "delivery": record}, updated_at=now)
        await uow.runs.save(run)
    job = await uow.jobs.enqueue(_delivery_job(run, user.id, due), now)
    return run, job


def _delivery_job(run: QuestionnaireRun, user_id: UserId, due: datetime) -> NewJob:
    return NewJob(
        kind=DELIVER_DIAGNOSIS_JOB_KIND,
        payload={"run": run.id, "user_id": user_id},
        run_at=due,
        unique_key=delivery_key(run.id),
        max_attempts=DELIVERY_MAX_ATTEMPTS,
        user_id=user_id,
    )


async def delivery_stuck(uow: UnitOfWork, run: QuestionnaireRun, now: datetime) -> bool:
    """Whether an awaited delivery can no longer arrive by itself (its job failed or is gone
    after the due time): the result screen then shows the report at once instead."""
    job = await uow.jobs.find_by_key(delivery_key(run.id))
    if job is not None and job.state in (JobState.SCHEDULED, JobState.RUNNING):
        return False
    due = due_at(run)
    return job is not None or due is None or due <= now


# Reminders along the journey -------------------------------------------------------------


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


async def report_opened(uow: UnitOfWork, user_id: UserId, run_id: str, now: datetime) -> None:
    """The user came back to the delivered report: no "report not opened" reminder."""
    await cancel_reminders(uow.jobs, user_id, ReminderTopic.REPORT_NOT_OPENED, run_id, now)


# Sending outside a request ---------------------------------------------------------------


class ConfirmingMessenger(Protocol):
    """A :class:`~sleeplab_core.jobs.Messenger` that also reports what the channel confirmed.

    Contract: as ``Messenger.send`` (RecipientBlocked, RetryLater); ``deliver`` returns the
    receipts of the tagged actions — a receipt with a message id means the channel
    confirmed that message (for a document: the file was accepted).
    """

    async def send(self, user_id: UserId, actions: Sequence[Action]) -> None: ...

    async def deliver(self, user_id: UserId, actions: Sequence[Action]) -> list[Receipt]: ...


class ChannelMessenger:
    """Any conversation :class:`Channel` as a messenger for jobs, reminders and broadcasts.

    Reads the user's known message ids from the router's conversation store, performs the
    actions, and remembers the ids the channel reported — as a reply to an update does.
    Channel errors of the outbound policy become :class:`RetryLater` (429 with its hint,
    5xx and timeouts); RecipientBlocked passes through.
    """

    def __init__(self, channel: Channel, router: Router) -> None:
        self._channel = channel
        self._router = router

    async def send(self, user_id: UserId, actions: Sequence[Action]) -> None:
        await self.deliver(user_id, actions)

    async def deliver(self, user_id: UserId, actions: Sequence[Action]) -> list[Receipt]:
        before = await self._message_ids(user_id)
        try:
            receipts = await self._channel.perform(user_id, list(actions), dict(before))
        except RateLimited as error:
            raise RetryLater(str(error), retry_after=error.retry_after) from error
        except TransientFailure as error:
            raise RetryLater(str(error)) from error
        after = dict(before)
        for receipt in receipts:
            if receipt.message_id is None:
                after.pop(receipt.tag, None)
            else:
                after[receipt.tag] = receipt.message_id
        if after != before:
            await self._router.remember(user_id, after)
        return receipts

    async def _message_ids(self, user_id: UserId) -> dict[str, int]:
        async with self._router.unit_of_work() as uow:
            conversation = await uow.conversations.get(user_id, self._router.bot.name)
            return dict(conversation.messages) if conversation else {}


class ReportComposer(Protocol):
    """What renders a delivered report: the result flow (``Result.report_actions``)."""

    async def report_actions(self, ctx: FlowContext, run: QuestionnaireRun) -> QuestionnaireRun: ...


class DiagnosisDeliverer:
    """The handler of ``sleeplab.deliver_diagnosis`` jobs.

    Args:
        uow_factory: transactions for the run and the user.
        messenger: sends and confirms the documents.
        bot: the bot whose ``result`` flow renders the report.
        catalog: texts.
        clock: the time.
        jobs: quiet hours and reminders.

    Raises (to the worker): PermanentFailure when the run or user is gone; RetryLater when
    the channel refused or did not confirm a file; RecipientBlocked is retried later too (the
    user may unblock), and the result screen shows the report if the job dies.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        messenger: ConfirmingMessenger,
        bot: BotSpec,
        catalog: Catalog,
        clock: Clock,
        jobs: JourneyJobs,
    ) -> None:
        self._uow_factory = uow_factory
        self._messenger = messenger
        self._bot = bot
        self._catalog = catalog
        self._clock = clock
        self._jobs = jobs

    async def __call__(self, job: Job, context: JobContext) -> None:
        run_id = str(job.payload["run"])
        prepared = await self._prepare(run_id)
        if prepared is None:
            return
        user, actions = prepared
        if self._quiet_now(user):
            wait = next_allowed_send(self._clock.now(), user.time_zone, self._jobs.quiet)
            raise RetryLater(
                "inside the user's quiet hours", retry_after=_seconds(wait, self._clock)
            )
        await context.heartbeat_if_due()
        receipts = await self._messenger.deliver(user.id, actions)
        _require_confirmed(actions, receipts)
        await self._record_sent(run_id, user)

    async def _prepare(self, run_id: str) -> tuple[User, list[Action]] | None:
        """The user and the actions to send, diagnosing first if needed (committed)."""
        async with self._uow_factory() as uow:
            run = await uow.runs.get(run_id)
            if run is None or run.status is not RunStatus.COMPLETED:
                raise PermanentFailure(f"run {run_id} is gone or no longer completed")
            if diagnosis_sent(run):
                return None  # an earlier attempt delivered it; at-least-once ends here
            user = await uow.users.get(run.user_id)
            if user is None:
                raise PermanentFailure(f"the user of run {run_id} was erased")
            ctx = FlowContext(
                user=user,
                data={"level": run.level, "run": run.id},
                uow=uow,
                clock=self._clock,
                catalog=self._catalog,
                bot=self._bot.name,
            )
            composer = cast(ReportComposer, self._bot.flows["result"])
            await composer.report_actions(ctx, run)
            await uow.commit()  # the diagnosis is kept even if sending fails
            return user, list(ctx.actions)

    def _quiet_now(self, user: User) -> bool:
        now = self._clock.now()
        return next_allowed_send(now, user.time_zone, self._jobs.quiet) > now

    async def _record_sent(self, run_id: str, user: User) -> None:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            run = await uow.runs.get(run_id)
            if run is None:
                return
            record = {**(delivery_record(run) or {}), "sent_at": now.isoformat()}
            await uow.runs.save(
                attrs.evolve(run, result={**run.result, "delivery": record}, updated_at=now)
            )
            if self._jobs.reminders:
                planned = plan_reminders(
                    user, ReminderTopic.REPORT_NOT_OPENED, run_id, now, self._jobs.quiet
                )
                await schedule_reminders(uow.jobs, planned, now)
            await uow.commit()


def _require_confirmed(actions: Sequence[Action], receipts: Sequence[Receipt]) -> None:
    wanted = {a.tag for a in actions if isinstance(a, SendDocument) and a.tag}
    confirmed = {r.tag for r in receipts if r.message_id is not None}
    if missing := wanted - confirmed:
        raise RetryLater(f"the channel did not confirm {sorted(missing)}")


def _seconds(until: datetime, clock: Clock) -> float:
    return max(1.0, (until - clock.now()).total_seconds())


# Broadcast segments ----------------------------------------------------------------------


async def l0_completed_not_paid(uow: UnitOfWork) -> list[UserId]:
    """Active users who finished L0 but hold no paid entitlement to any level."""
    paid = frozenset().union(*PRODUCTS_UNLOCKING.values())
    members = []
    for user_id in await uow.users.ids(active_only=True):
        runs = await uow.runs.for_user(user_id)
        if not any(r.level == "L0" and r.status is RunStatus.COMPLETED for r in runs):
            continue
        owned = {e.product for e in await uow.entitlements.all_for(user_id)}
        if not owned & paid:
            members.append(user_id)
    return members


async def paid_level_unfinished(uow: UnitOfWork) -> list[UserId]:
    """Active users with a paid level started and not completed."""
    members = []
    paid_levels = [level for level in LEVELS if level not in FREE_LEVELS]
    for user_id in await uow.users.ids(active_only=True):
        for level in paid_levels:
            run = await uow.runs.latest(user_id, level)
            if run is not None and run.status is RunStatus.IN_PROGRESS:
                members.append(user_id)
                break
    return members


SLEEPLAB_SEGMENTS: Mapping[str, SegmentQuery] = {
    **DEFAULT_SEGMENTS,
    "l0_completed_not_paid": l0_completed_not_paid,
    "paid_level_unfinished": paid_level_unfinished,
}
"""Broadcast audiences: ``all_active`` plus SleepLab's own."""


def with_journey_jobs(bot: BotSpec, jobs: JourneyJobs) -> BotSpec:
    """``bot`` with its flows using ``jobs`` (flows offering ``using(jobs)``; wrappers kept)."""
    return attrs.evolve(bot, flows={name: _using(flow, jobs) for name, flow in bot.flows.items()})


def _using(flow: Any, jobs: JourneyJobs) -> Any:
    if isinstance(flow, PaymentEvents):
        return PaymentEvents(_using(flow.inner, jobs), flow.payments)
    return flow.using(jobs) if hasattr(type(flow), "using") else flow
