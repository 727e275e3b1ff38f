"""Deterministic instances for providers that cannot write JSON (offline, the fake)."""

from __future__ import annotations

import enum
from typing import Literal

import pytest
from pydantic import BaseModel, Field, field_validator

from sleeplab_core.llm import UnsupportedShape, minimal_instance


class Mood(enum.Enum):
    CALM = "calm"
    TENSE = "tense"


class Step(BaseModel):
    title: str
    minutes: int = Field(gt=4)


class Plan(BaseModel):
    state: Literal["overloaded", "steady", "stuck"]
    mood: Mood
    summary: str = Field(max_length=10)
    steps: list[Step] = Field(min_length=2)
    questions: list[str] = []
    note: str | None
    score: float = Field(ge=1.5)
    done: bool


def test_every_field_is_filled_validly_from_its_type() -> None:
    plan = minimal_instance(Plan, "Rest more and walk daily")

    assert isinstance(plan, Plan)
    assert plan.state == "overloaded"
    assert plan.mood is Mood.CALM
    assert plan.summary == "Rest more "
    assert len(plan.steps) == 2
    assert plan.steps[0] == Step(title="Rest more and walk daily", minutes=5)
    assert plan.questions == []
    assert plan.note is None
    assert plan.score == 1.5
    assert plan.done is False


def test_the_same_input_gives_the_same_instance() -> None:
    assert minimal_instance(Plan, "x") == minimal_instance(Plan, "x")


class Picky(BaseModel):
    code: str

    @field_validator("code")
    @classmethod
    def must_be_upper(cls, value: str) -> str:
        if value != value.upper():
            raise ValueError("must be upper case")
        return value


class WithMapping(BaseModel):
    counts: dict[str, int]


def test_a_model_its_values_cannot_satisfy_raises_unsupported_shape() -> None:
    with pytest.raises(UnsupportedShape, match="Picky"):
        minimal_instance(Picky, "lower case text")


def test_an_unfillable_field_type_raises_unsupported_shape() -> None:
    with pytest.raises(UnsupportedShape, match="dict"):
        minimal_instance(WithMapping, "text")
