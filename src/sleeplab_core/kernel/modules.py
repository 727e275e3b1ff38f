"""Capability modules that own their storage: the in-memory half of the contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

T = TypeVar("T")


@attrs.frozen
class MemoryModule:
    """A module's in-memory storage, present as ``uow.<name>`` in every unit of work.

    ``tables`` makes the module's empty tables (an attrs class of dicts); each unit of work
    works on a deep copy of them that replaces the committed tables on ``commit`` — the same
    isolation as the rest of the in-memory store. ``repository`` builds the module's
    repository over one transaction's copy. The SQL adapter registers a module of the same
    name (entry-point group ``sleeplab.sql_modules``).
    """

    name: str = attrs.field(validator=attrs.validators.matches_re(r"^[a-z][a-z0-9_]*$"))
    tables: Callable[[], Any]
    repository: Callable[[Any], Any]


def module_uow(uow: object, protocol: type[T]) -> T:
    """``uow`` seen as a module's unit-of-work protocol (e.g. ``BookingUnitOfWork``).

    Raises:
        TypeError: the unit of work lacks one of the protocol's repositories — the bot
            did not declare the module in ``Bot.modules``.
    """
    missing = [name for name in getattr(protocol, "__annotations__", {}) if not hasattr(uow, name)]
    if missing:
        raise TypeError(
            f"the unit of work has no {', '.join(sorted(missing))}: "
            f"declare the module in the bot's `modules`"
        )
    return cast(T, uow)
