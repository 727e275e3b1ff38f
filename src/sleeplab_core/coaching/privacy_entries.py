"""Where the coaching module keeps a user's data, for the shared privacy registry.

Erasure deletes the profile, goals, check-ins, sessions and media rows, and the media files
(photos, voice notes): through the coaching file store when the caller gives it
(``file_stores["coaching"]``), else by a ``coaching.delete_files`` job the coach bot's
worker runs (the keys travel in the job, which names no user).
"""

from __future__ import annotations

from typing import Any, cast

from sleeplab_core.coaching.ports import CoachingUnitOfWork, FileStore
from sleeplab_core.coaching.use_cases.delete_files import DELETE_FILES_JOB_KIND, delete_files
from sleeplab_core.coaching.use_cases.privacy import export_coaching
from sleeplab_core.jobs.model import NewJob
from sleeplab_core.kernel.privacy import Location, PrivacyContext, Treatment
from sleeplab_core.kernel.users import UserId

MODULE = "coaching"
FILES_ATTEMPTS = 20


def _coaching(ctx: PrivacyContext) -> CoachingUnitOfWork:
    return cast(CoachingUnitOfWork, ctx.uow)


async def _export(ctx: PrivacyContext, user_id: UserId) -> Any:
    return await export_coaching(_coaching(ctx), user_id)


async def _erase(ctx: PrivacyContext, user_id: UserId) -> None:
    uow = _coaching(ctx)
    keys = await uow.coaching.delete_user(user_id)
    if not keys:
        return
    store: FileStore | None = ctx.file_stores.get(MODULE)
    if store is not None:
        await delete_files(store, keys)
        return
    job = NewJob(
        kind=DELETE_FILES_JOB_KIND,
        payload={"keys": list(keys)},
        run_at=ctx.now,
        max_attempts=FILES_ATTEMPTS,
    )
    await uow.jobs.enqueue(job, ctx.now)


PRIVACY: tuple[Location, ...] = (
    Location(
        name="coaching",
        module=MODULE,
        tables=(
            ("coach_profiles", "user_id"),
            ("coach_goals", "user_id"),
            ("coach_media", "user_id"),
            ("coach_check_ins", "user_id"),
            ("coach_sessions", "user_id"),
        ),
        folders=("<coaching file store>/<media key>",),
        treatment=Treatment.DELETED,
        export=_export,
        erase=_erase,
    ),
)
