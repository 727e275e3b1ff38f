"""Privacy: export everything coaching keeps about a user, or erase it (files included)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from sleeplab_core.coaching.ports import CoachingUnitOfWork, FileStore
from sleeplab_core.kernel.users import UserId


async def export_coaching(uow: CoachingUnitOfWork, user_id: UserId) -> dict[str, Any]:
    """Goals, check-ins, sessions, media (with transcripts) and the profile, as JSON values."""
    profile = await uow.coaching.profile(user_id)
    return {
        "profile": None
        if profile is None
        else {
            "areas": list(profile.areas),
            "horizon": profile.horizon.value,
            "motivation": profile.motivation,
            "energy": profile.energy,
            "time_zone": profile.time_zone,
            "reminder_at": profile.reminder_at.isoformat() if profile.reminder_at else None,
        },
        "goals": [
            {"title": g.title, "status": g.status.value, "created_at": g.created_at.isoformat()}
            for g in await uow.coaching.goals(user_id)
        ],
        "check_ins": [
            {
                "day": c.day.isoformat(),
                "happened": c.happened,
                "obstacles": c.obstacles,
                "went_well": c.went_well,
            }
            for c in await uow.coaching.check_ins(user_id)
        ],
        "sessions": [
            {"at": s.at.isoformat(), "state": s.state.value, "steps": list(s.steps)}
            for s in await uow.coaching.sessions(user_id, limit=10_000)
        ],
        "media": [
            {"kind": m.kind.value, "file": m.key, "size": m.size, "transcript": m.transcript}
            for m in await uow.coaching.media(user_id)
        ],
    }


async def erase_coaching(uow: CoachingUnitOfWork, files: FileStore, user_id: UserId) -> int:
    """Delete the user's coaching rows and their files; returns how many files went."""
    keys = await uow.coaching.delete_user(user_id)
    for key in keys:
        await files.delete(key)
    return len(keys)


async def export_media_archive(
    uow: CoachingUnitOfWork, files: FileStore, user_id: UserId
) -> bytes | None:
    """The user's photos and voice notes as a ZIP (named as in the JSON export's ``file``),
    or None when they have none. A file the store no longer has is left out."""
    media = await uow.coaching.media(user_id)
    if not media:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for ref in media:
            data = await files.get(ref.key)
            if data is not None:
                archive.writestr(ref.key, data)
    return buffer.getvalue()
