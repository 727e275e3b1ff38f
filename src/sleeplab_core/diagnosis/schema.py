"""The shape of a rule set file (TOML), checked with pydantic before any rule is built.

The format is documented in docs/diagnosis-rules.md.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sleeplab_core.diagnosis.model import RuleKind, Severity

_IDENTIFIER = r"^[a-z][a-z0-9_]*$"
_MESSAGE_KEY = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BoolSpec(_Strict):
    type: Literal["bool"]


class IntSpec(_Strict):
    type: Literal["int"]
    min: int
    max: int

    @model_validator(mode="after")
    def _ordered(self) -> IntSpec:
        if self.min > self.max:
            raise ValueError("min is above max")
        return self


class NumberSpec(_Strict):
    type: Literal["number"]
    min: float
    max: float
    step: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> NumberSpec:
        if self.min > self.max:
            raise ValueError("min is above max")
        return self


class ChoiceSpec(_Strict):
    type: Literal["choice"]
    values: tuple[str, ...] = Field(min_length=1)


NameSpec = Annotated[BoolSpec | IntSpec | NumberSpec | ChoiceSpec, Field(discriminator="type")]


class HeaderSpec(_Strict):
    id: str = Field(pattern=_IDENTIFIER)
    version: str = Field(min_length=1)
    description: str = ""
    instruments: tuple[str, ...] = ()
    questionnaires: dict[str, str] = Field(default_factory=dict)


class RuleSpec(_Strict):
    id: str = Field(pattern=_IDENTIFIER)
    kind: RuleKind = RuleKind.ORDINARY
    when: str | None = None
    priority: int = 0
    code: str = Field(pattern=_IDENTIFIER)
    severity: Severity
    title: str | None = Field(default=None, pattern=_MESSAGE_KEY)
    explanation: str = Field(pattern=_MESSAGE_KEY)
    params: dict[str, str] = Field(default_factory=dict)
    documents: tuple[str, ...] = ()
    refer: bool = False
    group: str | None = Field(default=None, pattern=_IDENTIFIER)
    exclusive: bool = False


class RuleSetSpec(_Strict):
    ruleset: HeaderSpec
    answers: dict[str, NameSpec] = Field(default_factory=dict)
    profile: dict[str, NameSpec] = Field(default_factory=dict)
    names: dict[str, NameSpec] = Field(default_factory=dict)
    rules: tuple[RuleSpec, ...] = Field(min_length=1)
