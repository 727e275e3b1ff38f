"""RunRepository on Tortoise."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.models.sleeplab import RunRecord
from adapters.tortoise.repositories.common import as_utc, plain_dict
from sleeplab_core.kernel.users import UserId
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus

_UPDATED = [
    "user_id",
    "questionnaire",
    "version",
    "level",
    "status",
    "started_at",
    "updated_at",
    "completed_at",
    "state",
    "result",
]


class TortoiseRunRepository:
    """Questionnaire runs by id; ``get`` and ``latest`` lock the row until the unit ends."""

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._db = connection

    async def get(self, run_id: str) -> QuestionnaireRun | None:
        query = RunRecord.filter(id=run_id).using_db(self._db).select_for_update()
        record = await query.first()
        return None if record is None else _to_run(record)

    async def save(self, run: QuestionnaireRun) -> None:
        await RunRecord.bulk_create(
            [_to_record(run)], on_conflict=["id"], update_fields=_UPDATED, using_db=self._db
        )

    async def latest(
        self, user_id: UserId, level: str, *, questionnaire: str
    ) -> QuestionnaireRun | None:
        query = RunRecord.filter(
            user_id=user_id, level=level, questionnaire=questionnaire
        ).using_db(self._db)
        record = await query.order_by("-started_at", "-id").select_for_update().first()
        return None if record is None else _to_run(record)

    async def for_user(self, user_id: UserId) -> list[QuestionnaireRun]:
        query = RunRecord.filter(user_id=user_id).using_db(self._db)
        return [_to_run(r) for r in await query.order_by("started_at", "id")]

    async def delete_user(self, user_id: UserId) -> None:
        await RunRecord.filter(user_id=user_id).using_db(self._db).delete()


def _to_record(run: QuestionnaireRun) -> RunRecord:
    return RunRecord(
        id=run.id,
        user_id=run.user_id,
        questionnaire=run.questionnaire,
        version=run.version,
        level=run.level,
        status=run.status.value,
        started_at=as_utc(run.started_at),
        updated_at=as_utc(run.updated_at),
        completed_at=as_utc(run.completed_at),
        state=plain_dict(run.state),
        result=plain_dict(run.result),
    )


def _to_run(record: RunRecord) -> QuestionnaireRun:
    return QuestionnaireRun(
        id=record.id,
        user_id=record.user_id,
        questionnaire=record.questionnaire,
        version=record.version,
        level=record.level,
        status=RunStatus(record.status),
        started_at=as_utc(record.started_at),
        updated_at=as_utc(record.updated_at),
        completed_at=as_utc(record.completed_at),
        state=dict(record.state),
        result=dict(record.result),
    )
