"""A paid level is finished: diagnose it now, or schedule its delayed delivery."""

from __future__ import annotations

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.users import User
from sleeplab_core.questionnaires.runs import QuestionnaireRun
from sleeplab_core.sleeplab.delivery import schedule_delivery
from sleeplab_core.sleeplab.journey_jobs import DeliveryMode, JourneyJobs
from sleeplab_core.sleeplab.results import DiagnosisKit, diagnose
from sleeplab_core.storage.ports import UnitOfWork


async def request_report(
    uow: UnitOfWork,
    clock: Clock,
    kit: DiagnosisKit,
    user: User,
    run: QuestionnaireRun,
    jobs: JourneyJobs,
) -> QuestionnaireRun:
    """With delayed delivery, record the due time on the run and enqueue the delivery job
    (idempotent); otherwise diagnose the run now and prepare its report and guides (the
    summary is stored on the run, so the result is never diagnosed twice)."""
    now = clock.now()
    if jobs.delivery is DeliveryMode.DELAYED:
        scheduled, _ = await schedule_delivery(uow, run, user, jobs, now)
        return scheduled
    return await diagnose(uow, kit, user, run, now)
