"""Bot API method handlers by name; Telegram matches method names case-insensitively."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import attrs

from adapters.telegram_emulator.params import Params
from adapters.telegram_emulator.world import World

Handler = Callable[[World, Params], Awaitable[Any]]


@attrs.frozen
class Described:
    """A result that Telegram sends with a ``description`` (setWebhook, deleteWebhook)."""

    result: Any
    description: str


@attrs.frozen
class Method:
    name: str
    handler: Handler


METHODS: dict[str, Method] = {}


def bot_method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = Method(name, handler)
        return handler

    return register


def find_method(name: str) -> Method | None:
    return METHODS.get(name.lower())
