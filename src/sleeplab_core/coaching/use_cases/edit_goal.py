"""Editing a goal after it was created: its title, and the photos of its mood board.

A replaced or removed photo leaves the file store as well as the database; the goal's
``updated_at`` moves, which counts as an update for the reminders about quiet goals.
"""

from __future__ import annotations

import attrs

from sleeplab_core.coaching.errors import GoalUnknown, MediaUnknown
from sleeplab_core.coaching.files import sniff
from sleeplab_core.coaching.model import Goal, MediaKind, MediaRef
from sleeplab_core.coaching.ports import CoachingUnitOfWork, FileStore
from sleeplab_core.coaching.use_cases.goals import attach_media, clean_title, open_goal
from sleeplab_core.coaching.use_cases.remind import replan_goal_nudges
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.users import UserId


async def rename_goal(
    uow: CoachingUnitOfWork, clock: Clock, user_id: UserId, goal_id: str, title: str
) -> Goal:
    """Give the goal a new title (any status). Raises ValidationFailed (empty or longer than
    200 characters: nothing changes), GoalUnknown."""
    title = clean_title(title)
    goal = await uow.coaching.goal(user_id, goal_id)
    if goal is None:
        raise GoalUnknown()
    renamed = attrs.evolve(goal, title=title, updated_at=clock.now())
    await uow.coaching.save_goal(renamed)
    await replan_goal_nudges(uow, clock, user_id)
    return renamed


async def add_goal_photo(
    uow: CoachingUnitOfWork,
    clock: Clock,
    files: FileStore,
    user_id: UserId,
    goal_id: str,
    data: bytes,
) -> MediaRef:
    """Pin a photo to an open goal's mood board.

    Raises:
        MediaRejected, BoardFull, GoalUnknown, GoalNotOpen (nothing is stored).
    """
    added = await attach_media(uow, clock, files, user_id, MediaKind.PHOTO, data, goal_id=goal_id)
    await _touch(uow, clock, user_id, goal_id)
    return added


async def replace_goal_photo(
    uow: CoachingUnitOfWork,
    clock: Clock,
    files: FileStore,
    user_id: UserId,
    goal_id: str,
    media_id: str,
    data: bytes,
) -> MediaRef:
    """Put a new photo in place of one on the goal's mood board; the old file is deleted.

    Raises:
        MediaRejected (the old photo stays), MediaUnknown, GoalUnknown, GoalNotOpen.
    """
    sniff(MediaKind.PHOTO, data)  # a bad file changes nothing
    old = await _board_photo(uow, user_id, goal_id, media_id)
    await uow.coaching.delete_media(user_id, old.id)  # frees its place on a full board
    new = await attach_media(uow, clock, files, user_id, MediaKind.PHOTO, data, goal_id=goal_id)
    await files.delete(old.key)
    await _touch(uow, clock, user_id, goal_id)
    return new


async def remove_goal_photo(
    uow: CoachingUnitOfWork,
    clock: Clock,
    files: FileStore,
    user_id: UserId,
    goal_id: str,
    media_id: str,
) -> MediaRef:
    """Take a photo off the goal's mood board and delete its file (any goal status: a closed
    goal's photos can still be removed). Raises MediaUnknown, GoalUnknown."""
    photo = await _board_photo(uow, user_id, goal_id, media_id, open_only=False)
    await uow.coaching.delete_media(user_id, photo.id)
    await files.delete(photo.key)
    await _touch(uow, clock, user_id, goal_id)
    return photo


async def _board_photo(
    uow: CoachingUnitOfWork, user_id: UserId, goal_id: str, media_id: str, *, open_only: bool = True
) -> MediaRef:
    if open_only:
        await open_goal(uow, user_id, goal_id)
    elif await uow.coaching.goal(user_id, goal_id) is None:
        raise GoalUnknown()
    for media in await uow.coaching.media(user_id, goal_id):
        if media.id == media_id and media.kind is MediaKind.PHOTO:
            return media
    raise MediaUnknown()


async def _touch(uow: CoachingUnitOfWork, clock: Clock, user_id: UserId, goal_id: str) -> None:
    goal = await uow.coaching.goal(user_id, goal_id)
    if goal is not None:
        await uow.coaching.save_goal(attrs.evolve(goal, updated_at=clock.now()))
        await replan_goal_nudges(uow, clock, user_id)
