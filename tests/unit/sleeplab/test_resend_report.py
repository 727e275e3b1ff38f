"""Support resends a SleepLab report: a due delivery job, the 'sent' mark dropped first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sleeplab_core.jobs import JobState
from sleeplab_core.kernel.errors import NotFound, ValidationFailed
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus
from sleeplab_core.sleeplab.delivery import DELIVER_DIAGNOSIS_JOB_KIND, diagnosis_sent
from sleeplab_core.sleeplab.use_cases.resend_report import resend_report
from sleeplab_core.storage import InMemoryStore

NOW = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night Moscow's neighbours change clocks


def run(status: RunStatus = RunStatus.COMPLETED, *, sent: bool = True) -> QuestionnaireRun:
    delivery = {"mode": "delayed", "due_at": (NOW - timedelta(days=1)).isoformat()}
    if sent:
        delivery["sent_at"] = (NOW - timedelta(hours=20)).isoformat()
    return QuestionnaireRun(
        id="run-1",
        user_id=7,
        questionnaire="sleeplab",
        version="1",
        level="L0",
        status=status,
        started_at=NOW - timedelta(days=2),
        updated_at=NOW - timedelta(days=1),
        result={"delivery": delivery, "diagnosis": {"codes": ["X"]}},
        completed_at=NOW - timedelta(days=1),
    )


async def stored(store: InMemoryStore, the_run: QuestionnaireRun) -> None:
    async with store() as tx:
        await tx.runs.save(the_run)
        await tx.commit()


async def test_a_sent_report_is_marked_unsent_and_a_due_delivery_job_enqueued() -> None:
    store = InMemoryStore()
    await stored(store, run())
    job = await resend_report(store, NOW, user_id=7, run_id="run-1")
    assert job.kind == DELIVER_DIAGNOSIS_JOB_KIND
    assert job.payload == {"run": "run-1", "user_id": 7}
    assert job.run_at == NOW
    assert job.user_id == 7
    assert job.state is JobState.SCHEDULED
    async with store() as tx:
        again = await tx.runs.get("run-1")
    assert again is not None
    assert not diagnosis_sent(again)
    assert again.result["diagnosis"] == {"codes": ["X"]}  # the findings stay


async def test_a_double_click_enqueues_one_job_and_a_later_resend_another() -> None:
    store = InMemoryStore()
    await stored(store, run(sent=False))
    first = await resend_report(store, NOW, user_id=7, run_id="run-1")
    double = await resend_report(store, NOW + timedelta(seconds=5), user_id=7, run_id="run-1")
    later = await resend_report(store, NOW + timedelta(minutes=3), user_id=7, run_id="run-1")
    assert double.id == first.id
    assert later.id != first.id


async def test_an_unfinished_level_or_another_users_run_is_refused_and_nothing_queued() -> None:
    store = InMemoryStore()
    await stored(store, run(RunStatus.IN_PROGRESS))
    with pytest.raises(ValidationFailed):
        await resend_report(store, NOW, user_id=7, run_id="run-1")
    with pytest.raises(NotFound):
        await resend_report(store, NOW, user_id=8, run_id="run-1")
    with pytest.raises(NotFound):
        await resend_report(store, NOW, user_id=7, run_id="no-such-run")
    async with store() as tx:
        assert await tx.jobs.list() == []
