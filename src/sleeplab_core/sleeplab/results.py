"""Turning a completed paid level into its diagnosis and documents, once, and remembering it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from sleeplab_core.diagnosis import RuleSet, build_env
from sleeplab_core.documents.catalog import DocumentCatalog
from sleeplab_core.documents.ports import DocumentStore, ReportRenderer
from sleeplab_core.documents.prepare import prepare_documents
from sleeplab_core.kernel.i18n import Catalog
from sleeplab_core.kernel.users import User
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus
from sleeplab_core.sleeplab.advice import Advice, AdviceBook, shipped_advice
from sleeplab_core.sleeplab.assessment import Assessment, assess, merged_results
from sleeplab_core.sleeplab.journey import FREE_LEVELS, LEVELS
from sleeplab_core.sleeplab.profile import engine_profile
from sleeplab_core.sleeplab.report import build_report
from sleeplab_core.sleeplab.report_number import report_number
from sleeplab_core.storage.ports import UnitOfWork


@attrs.frozen
class DiagnosisKit:
    """What diagnosing needs: the rules, the texts, the documents and how to render a report."""

    ruleset: RuleSet
    catalog: Catalog
    documents: DocumentCatalog
    store: DocumentStore
    renderer: ReportRenderer
    advice: AdviceBook = attrs.field(factory=shipped_advice)


async def paid_runs_up_to(uow: UnitOfWork, user_id: int, level: str) -> list[QuestionnaireRun]:
    """The latest completed run of every paid level up to ``level``, in level order."""
    wanted = [lvl for lvl in LEVELS[: LEVELS.index(level) + 1] if lvl not in FREE_LEVELS]
    latest: dict[str, QuestionnaireRun] = {}
    for run in await uow.runs.for_user(user_id):
        if run.level in wanted and run.status is RunStatus.COMPLETED:
            latest[run.level] = run
    return [latest[lvl] for lvl in wanted if lvl in latest]


async def diagnose(
    uow: UnitOfWork, kit: DiagnosisKit, user: User, run: QuestionnaireRun, now: datetime
) -> QuestionnaireRun:
    """Diagnose ``run`` (a completed paid level) unless it already was; save and return it.

    The stored summary (codes, the report's document key, the guides) lets the result be
    shown again — after a restart, from another process — without diagnosing twice.
    """
    if "diagnosis" in run.result:
        return run
    profile = engine_profile(user, now)
    paid = await paid_runs_up_to(uow, user.id, run.level)
    assessment = assess(paid, profile, kit.ruleset)
    advice = await _advice(uow, kit.advice, user.id, paid, assessment, profile)
    age = profile.get("age")
    report = build_report(
        assessment,
        catalog=kit.catalog,
        locale=user.locale,
        report_id=run.id,
        issued_at=run.completed_at or now,
        age=age if isinstance(age, int) else None,
        gender=user.gender.value if user.gender else None,
        advice=advice,
    )
    prepared = await prepare_documents(
        report,
        assessment.diagnosis.documents,
        catalog=kit.documents,
        store=kit.store,
        renderer=kit.renderer,
    )
    summary: dict[str, Any] = {
        "ruleset": f"{assessment.diagnosis.ruleset_id}@{assessment.diagnosis.ruleset_version}",
        "locale": user.locale,
        "codes": list(assessment.diagnosis.codes),
        "urgent": assessment.diagnosis.urgent,
        "outcomes": [
            {
                "code": o.code,
                "severity": o.severity.value,
                "red_flag": o.red_flag,
                "title": _message(o.title),
                "explanation": _message(o.explanation),
            }
            for o in assessment.diagnosis.outcomes
        ],
        "fired": [
            {
                "rule": f.rule_id,
                "condition": f.condition,
                "values": {k: _plain(v) for k, v in f.values.items()},
            }
            for f in assessment.diagnosis.fired
        ],
        "scores": {k: {"total": s.total, "band": s.band} for k, s in assessment.scores.items()},
        "unscored": dict(assessment.unscored),
        "report": prepared.report_key,
        "number": report_number(run.id),
        "advice": [piece.id for piece in advice],
        "guides": [entry.document_key for entry in prepared.guides],
    }
    run = attrs.evolve(run, result={**run.result, "diagnosis": summary}, updated_at=now)
    await uow.runs.save(run)
    return run


async def _advice(
    uow: UnitOfWork,
    book: AdviceBook,
    user_id: int,
    paid: list[QuestionnaireRun],
    assessment: Assessment,
    profile: Mapping[str, object],
) -> tuple[Advice, ...]:
    """Advice from every answer the person gave (the free level's too) and the scores."""
    free = [run for run in await uow.runs.for_user(user_id) if run.level in FREE_LEVELS]
    done = [run for run in free if run.status is RunStatus.COMPLETED][-1:]
    answers, _ = merged_results([*done, *paid])
    return book.choose(build_env(assessment.scores, answers, dict(profile)))


def _message(message: Any) -> dict[str, Any]:
    return {"key": message.key, "params": {k: _plain(v) for k, v in message.params.items()}}


def _plain(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)
