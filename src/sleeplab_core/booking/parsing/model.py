"""What a client's message asks for, as the parsers (rules or a model) report it."""

from __future__ import annotations

import enum
from datetime import date, time

from pydantic import BaseModel, ConfigDict, Field


class Intent(enum.StrEnum):
    BOOK = "book"
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"
    QUESTION = "question"
    OTHER = "other"


class Problem(enum.StrEnum):
    """Something in the message that cannot be acted on as written."""

    INVALID_DATE = "invalid_date"  # "31 February"
    PAST_DATE = "past_date"
    UNKNOWN_SERVICE = "unknown_service"  # the model named a service the salon lacks


class ParsedRequest(BaseModel):
    """A message's intent and the details it gives; absent details stay None.

    Also the structured answer asked of a language model, so it is validated like input.
    Service and specialist are the salon config's ids.
    """

    model_config = ConfigDict(frozen=True)
    intent: Intent = Intent.OTHER
    service_id: str | None = Field(default=None, max_length=32)
    specialist_id: str | None = Field(default=None, max_length=32)
    day: date | None = None
    not_before: time | None = None  # local time of day
    not_after: time | None = None
    problems: tuple[Problem, ...] = ()

    def merged_over(self, earlier: ParsedRequest) -> ParsedRequest:
        """This message's details, completed by an earlier one's (for clarifying replies)."""
        return ParsedRequest(
            intent=self.intent if self.intent is not Intent.OTHER else earlier.intent,
            service_id=self.service_id or earlier.service_id,
            specialist_id=self.specialist_id or earlier.specialist_id,
            day=self.day or earlier.day,
            not_before=self.not_before if self._has_time else earlier.not_before,
            not_after=self.not_after if self._has_time else earlier.not_after,
            problems=self.problems,
        )

    @property
    def _has_time(self) -> bool:
        return self.not_before is not None or self.not_after is not None
