"""Between the user's profile and the questionnaire: what questions see, what answers set."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sleeplab_core.kernel.users import Gender, User
from sleeplab_core.questionnaires import Definition, RunState, instrument_inputs


def engine_profile(user: User, now: datetime) -> dict[str, object]:
    """The ``profile.*`` names conditions may use: gender, age, locale…"""
    profile = user.profile()
    profile["age"] = now.year - user.birth_year if user.birth_year else None
    return profile


def profile_changes(
    definition: Definition, state: RunState, profile: dict[str, object], now: datetime
) -> dict[str, Any]:
    """Profile fields answered in this run (questions with ``maps_to = "profile.<field>"``)."""
    answered = instrument_inputs(definition, state, profile).get("profile", {})
    changes: dict[str, Any] = {}
    gender = answered.get("gender")
    if gender in {g.value for g in Gender}:
        changes["gender"] = Gender(str(gender))
    age = answered.get("age")
    if isinstance(age, int) and 0 < age < 130:
        changes["birth_year"] = now.year - age
    return changes
