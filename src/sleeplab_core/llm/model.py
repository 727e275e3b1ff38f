"""What goes to a chat model and what comes back."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import attrs
from pydantic import BaseModel

from sleeplab_core.kernel.errors import ValidationFailed

#: The longest user message a request carries; longer input is a person's mistake to fix.
MAX_MESSAGE_CHARS = 16_000

#: Image formats every vision provider we support accepts.
IMAGE_MIME_TYPES: frozenset[str] = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


class Role(StrEnum):
    """Who said a turn of the history."""

    USER = "user"
    ASSISTANT = "assistant"


@attrs.frozen
class Turn:
    """One earlier message of the conversation."""

    role: Role = attrs.field(converter=Role)
    content: str


@attrs.frozen
class Image:
    """A picture sent along with the user's message."""

    data: bytes = attrs.field(repr=lambda data: f"<{len(data)} bytes>")
    mime_type: str = attrs.field()

    @mime_type.validator
    def _known_format(self, _attribute: object, value: str) -> None:
        if value not in IMAGE_MIME_TYPES:
            allowed = ", ".join(sorted(IMAGE_MIME_TYPES))
            raise ValidationFailed(f"unsupported image type {value!r}; use {allowed}", field="mime")


def _tuple_of_turns(value: Iterable[Turn]) -> tuple[Turn, ...]:
    return tuple(value)


def _tuple_of_images(value: Iterable[Image]) -> tuple[Image, ...]:
    return tuple(value)


@attrs.frozen
class ChatRequest:
    """A question for a chat model.

    Attributes:
        system: instructions from us (never from the user).
        message: the user's new message; may be empty only when images are attached.
        history: earlier turns, oldest first.
        images: pictures attached to ``message`` (needs a vision-capable model).
        response_model: a pydantic model type; when set the answer is parsed into it.
        locale: the user's language ("en", "ru"); offline retrieval and safety use it.
        max_output_tokens: an upper bound on the answer's length.
    """

    system: str
    message: str
    history: tuple[Turn, ...] = attrs.field(default=(), converter=_tuple_of_turns)
    images: tuple[Image, ...] = attrs.field(default=(), converter=_tuple_of_images)
    response_model: type[BaseModel] | None = None
    locale: str = "en"
    max_output_tokens: int = 1024

    def __attrs_post_init__(self) -> None:
        if not self.message.strip() and not self.images:
            raise ValidationFailed("the message is empty", field="message")
        if len(self.message) > MAX_MESSAGE_CHARS:
            raise ValidationFailed(
                f"the message has {len(self.message)} characters; the limit is {MAX_MESSAGE_CHARS}",
                field="message",
            )
        if self.max_output_tokens < 1:
            raise ValidationFailed("must be positive", field="max_output_tokens")


@attrs.frozen
class Usage:
    """Tokens a call consumed, as the provider counted them."""

    input_tokens: int = 0
    output_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens, self.output_tokens + other.output_tokens
        )


@attrs.frozen
class ChatResponse:
    """A model's answer.

    Attributes:
        text: the answer as the model wrote it (raw JSON for structured answers).
        usage: tokens for the whole call, repair retry included.
        provider: "openai", "anthropic", "offline", "fake", ...
        model: the provider's model name.
        parsed: the validated ``response_model`` instance, or None for plain answers.
    """

    text: str
    usage: Usage
    provider: str
    model: str
    parsed: BaseModel | None = None
