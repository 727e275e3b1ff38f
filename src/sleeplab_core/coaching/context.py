"""What the coach is told: the profile, goals and recent check-ins as a short brief.

Only what coaching needs leaves the process: no ids, names or contacts (the guarded chat
redacts the rest); goal photos go along only for a vision-capable model.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from sleeplab_core.coaching.model import CheckIn, Goal, MediaRef, Profile

MAX_IMAGES = 3


@attrs.frozen
class CoachingContext:
    profile: Profile
    goals: tuple[Goal, ...]
    check_ins: tuple[CheckIn, ...]
    photos: tuple[MediaRef, ...] = ()


def brief(context: CoachingContext) -> str:
    """The context as plain text for the model (labels in English; the model answers in the
    language its system prompt asks for)."""
    profile = context.profile
    lines = [
        f"Areas of life: {', '.join(profile.areas) or '-'}",
        f"Planning horizon: {profile.horizon.value}",
        f"Motivation: {profile.motivation or '-'}",
        f"Energy (1-5): {profile.energy}",
        "Goals:",
        *[f"- {goal.title} ({goal.status.value})" for goal in context.goals],
        "Recent check-ins (oldest first):",
        *_check_in_lines(context.check_ins),
    ]
    return "\n".join(lines)


def _check_in_lines(check_ins: Sequence[CheckIn]) -> list[str]:
    if not check_ins:
        return ["- none yet"]
    return [
        f"- {c.day.isoformat()}: happened: {c.happened}; in the way: {c.obstacles or '-'}; "
        f"went well: {c.went_well or '-'}"
        for c in check_ins
    ]
