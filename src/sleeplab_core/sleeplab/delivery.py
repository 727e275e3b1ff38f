"""Delayed diagnosis delivery: the preface now, the documents later by a job.

Delivery is ``instant`` (the documents follow the last answer in the same reply) or
``delayed``: the last answer gets the preface ("your report will be ready in about 2
hours") and a ``sleeplab.deliver_diagnosis`` job is enqueued in the same unit of work,
keyed per run. At the due time :class:`DiagnosisDeliverer` diagnoses (if not yet), then
sends the report one message at a time through a :class:`ConfirmingMessenger`: each message
the channel confirmed is recorded (its tag in ``result["delivery"]["confirmed"]``, committed)
before the next one goes out, and ``sent_at`` is recorded once every message is confirmed.
A re-run after a crash or a failure sends only the messages not yet confirmed, and a run
that finds ``sent_at`` sends nothing. So a crash duplicates at most the one message in
flight (sent, the process died before recording it): each message reaches the user at
most twice, the second time only on the job's next attempt.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, cast

import attrs

from sleeplab_core.conversation import Action, BotSpec, FlowContext, Receipt, SendDocument
from sleeplab_core.jobs import (
    Job,
    JobContext,
    JobState,
    NewJob,
    PermanentFailure,
    RetryLater,
    next_allowed_send,
)
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.i18n import Catalog
from sleeplab_core.kernel.users import User, UserId
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus
from sleeplab_core.sleeplab.journey_jobs import DeliveryMode, JourneyJobs
from sleeplab_core.sleeplab.journey_reminders import remind_not_opened
from sleeplab_core.sleeplab.messenger import ConfirmingMessenger

if TYPE_CHECKING:
    from sleeplab_core.storage.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

DELIVER_DIAGNOSIS_JOB_KIND = "sleeplab.deliver_diagnosis"
RECORD_ATTEMPTS = 4
RECORD_PAUSE_SECONDS = 0.5
"""A confirmation that could not be recorded (the database connection dropped) is recorded
again after ½ s, 1 s, 1½ s before the job fails: the message went out, and failing now
would send it a second time."""
DELIVERY_MAX_ATTEMPTS = 12
REPORT_TAG = "report"
"""Delivered documents are tagged ``report:<n>`` so the channel confirms each one."""


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


def confirmed_tags(run: QuestionnaireRun) -> frozenset[str]:
    """The tags of the report messages the channel confirmed so far (per-message delivery)."""
    record = delivery_record(run)
    raw = record.get("confirmed") if record else None
    return frozenset(str(tag) for tag in raw) if isinstance(raw, list) else frozenset()


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
        for action in actions:
            await context.heartbeat_if_due()
            receipts = await self._messenger.deliver(user.id, [action])
            _require_confirmed([action], receipts)
            if tag := _confirmed_tag(action, receipts):
                await self._record_confirmed_surely(run_id, tag)
        await self._record_sent(run_id, user)

    async def _prepare(self, run_id: str) -> tuple[User, list[Action]] | None:
        """The user and the actions still to send — those whose tag is not yet confirmed —,
        diagnosing first if needed (committed)."""
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
            done = confirmed_tags(run)
            return user, [a for a in ctx.actions if _tag(a) not in done]

    def _quiet_now(self, user: User) -> bool:
        now = self._clock.now()
        return next_allowed_send(now, user.time_zone, self._jobs.quiet) > now

    async def _record_confirmed_surely(self, run_id: str, tag: str) -> None:
        for attempt in range(1, RECORD_ATTEMPTS + 1):
            try:
                await self._record_confirmed(run_id, tag)
                return
            except Exception as error:  # the store failed; the message is out already
                if attempt == RECORD_ATTEMPTS:
                    raise
                log.warning(
                    "run %s: recording %s failed (%s); again in %s s",
                    run_id,
                    tag,
                    type(error).__name__,
                    RECORD_PAUSE_SECONDS * attempt,
                )
                await asyncio.sleep(RECORD_PAUSE_SECONDS * attempt)

    async def _record_confirmed(self, run_id: str, tag: str) -> None:
        """Record that the channel confirmed the message tagged ``tag`` (its own commit, so a
        crash after it never sends that message again)."""
        async with self._uow_factory() as uow:
            run = await uow.runs.get(run_id)
            if run is None:
                return
            record = dict(delivery_record(run) or {})
            record["confirmed"] = sorted(confirmed_tags(run) | {tag})
            now = self._clock.now()
            await uow.runs.save(
                attrs.evolve(run, result={**run.result, "delivery": record}, updated_at=now)
            )
            await uow.commit()

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
            await remind_not_opened(uow, user, run_id, self._jobs, now)
            await uow.commit()


def _tag(action: Action) -> str | None:
    tag = getattr(action, "tag", None)
    return tag if isinstance(tag, str) else None


def _confirmed_tag(action: Action, receipts: Sequence[Receipt]) -> str | None:
    """The action's tag if the channel confirmed it (a receipt with a message id)."""
    tag = _tag(action)
    confirmed = any(r.tag == tag and r.message_id is not None for r in receipts)
    return tag if tag and confirmed else None


def _require_confirmed(actions: Sequence[Action], receipts: Sequence[Receipt]) -> None:
    wanted = {a.tag for a in actions if isinstance(a, SendDocument) and a.tag}
    confirmed = {r.tag for r in receipts if r.message_id is not None}
    if missing := wanted - confirmed:
        raise RetryLater(f"the channel did not confirm {sorted(missing)}")


def _seconds(until: datetime, clock: Clock) -> float:
    return max(1.0, (until - clock.now()).total_seconds())
