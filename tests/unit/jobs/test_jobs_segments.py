"""Segments read from storage."""

from __future__ import annotations

import pytest
from jobs_support import T0

from sleeplab_core.jobs import DEFAULT_SEGMENTS, StoredSegments
from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.kernel.users import User
from sleeplab_core.storage import InMemoryStore, UnitOfWork


async def test_all_active_lists_users_who_did_not_block_the_bot(store: InMemoryStore) -> None:
    async with store() as uow:
        for user_id, active in ((3, True), (1, True), (2, False)):
            await uow.users.save(User(id=user_id, created_at=T0, active=active))
        await uow.commit()

    members = await StoredSegments(store).members("all_active")

    assert members == [1, 3]


async def test_a_product_adds_its_own_segments(store: InMemoryStore) -> None:
    async def testers(_uow: UnitOfWork) -> list[int]:
        return [9, 5, 9]

    segments = StoredSegments(store, {**DEFAULT_SEGMENTS, "testers": testers})

    assert await segments.members("testers") == [5, 9]
    assert segments.names == ["all_active", "testers"]


async def test_an_unknown_segment_names_the_known_ones(store: InMemoryStore) -> None:
    with pytest.raises(NotFound, match="all_active"):
        await StoredSegments(store).members("everyone")
