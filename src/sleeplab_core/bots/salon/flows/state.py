"""The dialogue's memory between messages, kept in the conversation's JSON data."""

from __future__ import annotations

from typing import Any

from sleeplab_core.booking.parsing import Intent, ParsedRequest
from sleeplab_core.conversation import FlowContext

REQUEST = "request"  # the request being completed by clarifying questions
TARGET = "target"  # the booking being moved or cancelled
HOLD = "hold"  # the booking held while the client confirms


def pending(ctx: FlowContext) -> ParsedRequest | None:
    stored: Any = ctx.data.get(REQUEST)
    if not isinstance(stored, dict):
        return None
    try:
        return ParsedRequest.model_validate(stored)
    except ValueError:
        return None


def remember(ctx: FlowContext, request: ParsedRequest) -> None:
    ctx.data[REQUEST] = request.model_dump(mode="json", exclude={"problems"})


def text_of(ctx: FlowContext, key: str) -> str | None:
    value = ctx.data.get(key)
    return value if isinstance(value, str) else None


def forget(ctx: FlowContext) -> None:
    for key in (REQUEST, TARGET, HOLD):
        ctx.data.pop(key, None)


def continuing(new: ParsedRequest, earlier: ParsedRequest | None) -> ParsedRequest:
    """A reply to a clarifying question completes the earlier request; a new intent starts over."""
    if earlier is None:
        return new
    if new.intent in (Intent.OTHER, earlier.intent) or (
        new.intent is Intent.BOOK and earlier.intent is Intent.RESCHEDULE
    ):
        return new.merged_over(earlier)
    return new
