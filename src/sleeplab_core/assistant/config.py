"""The assistant's knobs: trial, price, holds, input limits, memory and what it sells."""

from __future__ import annotations

from datetime import timedelta

import attrs

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.llm.model import MAX_MESSAGE_CHARS


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValidationFailed("must be a positive whole number", field=attribute.name)


def _not_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValidationFailed("must not be negative", field=attribute.name)


@attrs.frozen(kw_only=True)
class AssistantConfig:
    """How the assistant bot charges, remembers and sells.

    Attributes:
        trial_messages: free answers a new user gets (granted as expiring credits); 0: none.
        trial_days: days after which unspent trial credits lapse.
        price_per_answer: credits one answer costs.
        unit: the ledger unit of the credits (the catalog's packs book the same unit).
        hold_minutes: how long a hold waits for the model before it lapses by itself (a
            crashed request never keeps credits locked longer than this).
        max_question_chars: the longest question accepted (at most the model port's limit).
        recent_turns: answered questions kept word for word as history.
        summarised_turns: older answered questions condensed into the summary.
        packs: catalog codes of the credit packs offered for top-up, in order.
        subscription: the catalog code of the subscription that makes answers free.
    """

    trial_messages: int = attrs.field(default=5, validator=_not_negative)
    trial_days: int = attrs.field(default=30, validator=_positive)
    price_per_answer: int = attrs.field(default=1, validator=_positive)
    unit: str = "credits"
    hold_minutes: int = attrs.field(default=15, validator=_positive)
    max_question_chars: int = attrs.field(default=4000, validator=_positive)
    recent_turns: int = attrs.field(default=6, validator=_positive)
    summarised_turns: int = attrs.field(default=20, validator=_not_negative)
    packs: tuple[str, ...] = ("credits_100", "credits_500")
    subscription: str | None = "assistant_monthly"

    def __attrs_post_init__(self) -> None:
        if self.max_question_chars > MAX_MESSAGE_CHARS:
            raise ValidationFailed(
                f"at most {MAX_MESSAGE_CHARS}, the model port's limit", field="max_question_chars"
            )

    @property
    def trial_credits(self) -> int:
        return self.trial_messages * self.price_per_answer

    @property
    def trial_period(self) -> timedelta:
        return timedelta(days=self.trial_days)

    @property
    def hold_period(self) -> timedelta:
        return timedelta(minutes=self.hold_minutes)
