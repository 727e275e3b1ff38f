"""The coach's structured answer, and the deterministic rules that answer offline.

Offline (and as the fallback when a model's answer stays invalid or the model is down) the
state comes from simple, documented rules over the user's energy and recent check-ins:

- overloaded: energy 1–2 of 5, or obstacles written in most of the last three check-ins;
- stuck: no check-in in the last three local days, or the same obstacle three times;
- steady: otherwise.

The micro-steps and questions are texts of the ``coach`` catalog for that state.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from sleeplab_core.coaching.model import CheckIn, CoachState
from sleeplab_core.kernel.i18n import Message, msg

MAX_STEP_CHARS = 300
RECENT = 3


class CoachAnswer(BaseModel):
    """What a model must return: a state, 1–3 micro-steps and at most 2 questions."""

    state: Literal["overloaded", "steady", "stuck"]
    steps: list[str] = Field(min_length=1, max_length=3)
    questions: list[str] = Field(default_factory=list, max_length=2)

    @field_validator("steps", "questions")
    @classmethod
    def _short_and_not_blank(cls, items: list[str]) -> list[str]:
        cleaned = [item.strip() for item in items]
        if any(not item or len(item) > MAX_STEP_CHARS for item in cleaned):
            raise ValueError(f"each item must have 1–{MAX_STEP_CHARS} characters")
        return cleaned


def judge_state(energy: int, recent: Sequence[CheckIn], today: date) -> CoachState:
    """The state the offline rules give (see the module docstring)."""
    latest = list(recent)[-RECENT:]
    with_obstacles = [c for c in latest if c.obstacles.strip()]
    if energy <= 2 or (latest and len(with_obstacles) * 2 > len(latest) and len(latest) >= 2):
        return CoachState.OVERLOADED
    quiet_since = today - timedelta(days=RECENT)
    obstacles = [c.obstacles.strip().lower() for c in latest if c.obstacles.strip()]
    repeated = len(obstacles) == RECENT and len(set(obstacles)) == 1
    if not latest or latest[-1].day < quiet_since or repeated:
        return CoachState.STUCK
    return CoachState.STEADY


def rule_steps(state: CoachState) -> tuple[list[Message], list[Message]]:
    """The micro-steps and questions of ``state``, as catalog messages."""
    steps = [msg(f"coach.rules.{state.value}.step{n}") for n in (1, 2)]
    return steps, [msg(f"coach.rules.{state.value}.question")]
