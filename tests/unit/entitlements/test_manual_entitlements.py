"""An operator grants and revokes entitlements by hand; history stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sleeplab_core.entitlements.use_cases import grant_entitlement, revoke_entitlement
from sleeplab_core.kernel.errors import NotFound, ValidationFailed
from sleeplab_core.kernel.users import User
from sleeplab_core.storage import InMemoryStore

NOW = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


@pytest.fixture
async def store() -> InMemoryStore:
    store = InMemoryStore()
    async with store() as uow:
        await uow.users.save(User(id=7, created_at=NOW))
        await uow.commit()
    return store


async def test_a_grant_is_active_until_revoked_and_kept_as_history(store) -> None:
    assert await grant_entitlement(store, NOW, user_id=7, product="sleeplab_l1", operator="ann")
    assert not await grant_entitlement(
        store, NOW, user_id=7, product="sleeplab_l1", operator="ann"
    ), "the same operator granting again changes nothing"
    later = NOW + timedelta(hours=1)
    await revoke_entitlement(store, later, user_id=7, product="sleeplab_l1", source="operator:ann")
    async with store() as uow:
        assert await uow.entitlements.active(7, later) == []
        [kept] = await uow.entitlements.all_for(7)
    assert kept.active_at(NOW)
    assert kept.expires_at == later


async def test_a_grant_with_days_ends_then(store) -> None:
    until = NOW + timedelta(days=3)
    await grant_entitlement(
        store, NOW, user_id=7, product="sleeplab_l2", operator="ann", expires_at=until
    )
    async with store() as uow:
        assert [e.product for e in await uow.entitlements.active(7, until - timedelta(1))] == [
            "sleeplab_l2"
        ]
        assert await uow.entitlements.active(7, until) == []


async def test_unknown_users_empty_products_and_missing_grants_are_refused(store) -> None:
    with pytest.raises(NotFound):
        await grant_entitlement(store, NOW, user_id=8, product="sleeplab_l1", operator="ann")
    with pytest.raises(ValidationFailed):
        await grant_entitlement(store, NOW, user_id=7, product=" ", operator="ann")
    with pytest.raises(ValidationFailed):
        await grant_entitlement(
            store, NOW, user_id=7, product="x", operator="ann", expires_at=NOW
        )
    with pytest.raises(NotFound):
        await revoke_entitlement(store, NOW, user_id=7, product="x", source="operator:ann")
