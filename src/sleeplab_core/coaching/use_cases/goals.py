"""Goals: create one (optionally with a mood-board photo), attach media, change status."""

from __future__ import annotations

import uuid

from sleeplab_core.coaching.errors import BoardFull, GoalNotOpen, GoalUnknown
from sleeplab_core.coaching.files import media_key, sniff
from sleeplab_core.coaching.model import Goal, GoalStatus, MediaKind, MediaRef
from sleeplab_core.coaching.ports import CoachingUnitOfWork, FileStore
from sleeplab_core.coaching.use_cases.remind import replan_goal_nudges
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.users import UserId

MAX_TITLE = 200
#: Photos one goal's mood board holds (more is a clear refusal, nothing stored).
MAX_BOARD_PHOTOS = 10


def clean_title(title: str) -> str:
    """``title`` with its whitespace collapsed. Raises ValidationFailed when empty or longer
    than MAX_TITLE characters."""
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE:
        raise ValidationFailed(f"a goal has 1–{MAX_TITLE} characters", field="title")
    return title


async def create_goal(uow: CoachingUnitOfWork, clock: Clock, user_id: UserId, title: str) -> Goal:
    """A new active goal. Raises ValidationFailed for an empty or overlong title."""
    title = clean_title(title)
    now = clock.now()
    goal = Goal(uuid.uuid4().hex, user_id, title, GoalStatus.ACTIVE, now, now)
    await uow.coaching.add_goal(goal)
    return goal


async def open_goal(uow: CoachingUnitOfWork, user_id: UserId, goal_id: str) -> Goal:
    """The user's goal when it takes check-ins and media. Raises GoalUnknown, GoalNotOpen."""
    goal = await uow.coaching.goal(user_id, goal_id)
    if goal is None:
        raise GoalUnknown()
    if goal.status in {GoalStatus.ARCHIVED, GoalStatus.COMPLETED}:
        raise GoalNotOpen(status=goal.status.value)
    return goal


async def attach_media(
    uow: CoachingUnitOfWork,
    clock: Clock,
    files: FileStore,
    user_id: UserId,
    kind: MediaKind,
    data: bytes,
    *,
    goal_id: str | None = None,
    check_in_id: str | None = None,
    transcript: str | None = None,
) -> MediaRef:
    """Check the format and size, keep the bytes in the file store, record the reference.

    Raises:
        MediaRejected: empty, too large or an unsupported format (nothing is stored).
        GoalUnknown / GoalNotOpen: the goal cannot take media.
        BoardFull: the goal's mood board already holds MAX_BOARD_PHOTOS photos.
    """
    mime = sniff(kind, data)
    if goal_id is not None:
        await open_goal(uow, user_id, goal_id)
        board = [m for m in await uow.coaching.media(user_id, goal_id) if m.kind is kind]
        if kind is MediaKind.PHOTO and len(board) >= MAX_BOARD_PHOTOS:
            raise BoardFull(limit=MAX_BOARD_PHOTOS)
    media_id = uuid.uuid4().hex
    ref = MediaRef(
        id=media_id,
        user_id=user_id,
        kind=kind,
        key=media_key(user_id, media_id, mime),
        mime_type=mime,
        size=len(data),
        created_at=clock.now(),
        goal_id=goal_id,
        check_in_id=check_in_id,
        transcript=transcript,
    )
    await files.put(ref.key, data, mime)
    await uow.coaching.add_media(ref)
    return ref


async def set_goal_status(
    uow: CoachingUnitOfWork, clock: Clock, user_id: UserId, goal_id: str, status: GoalStatus
) -> Goal:
    """Pause, resume, complete or archive a goal. Raises GoalUnknown."""
    goal = await uow.coaching.goal(user_id, goal_id)
    if goal is None:
        raise GoalUnknown()
    changed = Goal(goal.id, user_id, goal.title, status, goal.created_at, clock.now())
    await uow.coaching.save_goal(changed)
    await replan_goal_nudges(uow, clock, user_id)
    return changed
