"""Broadcast audiences read from storage: named queries over a unit of work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING

from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.kernel.users import UserId

if TYPE_CHECKING:
    from sleeplab_core.storage.ports import UnitOfWork, UnitOfWorkFactory

SegmentQuery = Callable[["UnitOfWork"], Awaitable[list[UserId]]]


async def all_active(uow: UnitOfWork) -> list[UserId]:
    """Every user who has not blocked the bot."""
    return await uow.users.ids(active_only=True)


DEFAULT_SEGMENTS: Mapping[str, SegmentQuery] = {"all_active": all_active}


class StoredSegments:
    """The :class:`~sleeplab_core.jobs.ports.Segments` port over storage.

    Args:
        uow_factory: read transactions.
        queries: segment name → a query returning user ids; products add theirs (e.g.
            ``l0_finished_unpaid``) to :data:`DEFAULT_SEGMENTS`.
    """

    def __init__(
        self, uow_factory: UnitOfWorkFactory, queries: Mapping[str, SegmentQuery] = DEFAULT_SEGMENTS
    ) -> None:
        self._uow_factory = uow_factory
        self._queries = dict(queries)

    @property
    def names(self) -> list[str]:
        return sorted(self._queries)

    async def members(self, segment: str) -> list[UserId]:
        query = self._queries.get(segment)
        if query is None:
            raise NotFound(f"no segment named {segment!r}; known: {self.names}")
        async with self._uow_factory() as uow:
            return sorted(set(await query(uow)))
