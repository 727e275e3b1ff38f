"""A unit of work lent to a use case that would open its own."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from sleeplab_core.storage.ports import UnitOfWork


class JoinedUnitOfWork:
    """An open unit of work lent to a use case that opens its own.

    Entering and committing do nothing: the owner (the router) commits once the whole event
    was handled. Opening a second unit of work would wait for the first (one lock in memory,
    one connection in SQLite), so a flow must never do that.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def __getattr__(self, name: str) -> Any:
        return getattr(self._uow, name)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        return None  # the owner commits
