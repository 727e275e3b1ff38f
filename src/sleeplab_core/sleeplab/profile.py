"""Between the user's profile and the questionnaire: what questions see, what answers set."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sleeplab_core.kernel.users import Gender, User
from sleeplab_core.questionnaires import Definition, RunState, collected_answers

PROFILE_QUESTIONS = ("age", "gender")
"""Questions whose answers are the profile fields of the same name (asked in L0); later
levels read them as ``profile.age`` and ``profile.gender``."""


def engine_profile(user: User, now: datetime) -> dict[str, object]:
    """The ``profile.*`` names conditions may use: gender, age, locale…"""
    profile = user.profile()
    profile["age"] = now.year - user.birth_year if user.birth_year else None
    return profile


def profile_changes(
    definition: Definition, state: RunState, profile: dict[str, object], now: datetime
) -> dict[str, Any]:
    """The user fields to update from this run's answers to the profile questions."""
    answers = collected_answers(definition, state, profile)
    changes: dict[str, Any] = {}
    gender = answers.get("gender")
    if gender in {g.value for g in Gender} and gender != profile.get("gender"):
        changes["gender"] = Gender(str(gender))
    age = answers.get("age")
    if isinstance(age, int) and 0 < age < 130 and age != profile.get("age"):
        changes["birth_year"] = now.year - age
    return changes
