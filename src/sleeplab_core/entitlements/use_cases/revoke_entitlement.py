"""End a user's entitlement by hand (history is kept)."""

from __future__ import annotations

from datetime import datetime

from sleeplab_core.entitlements.ports import EntitlementsUnitOfWorkFactory
from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.kernel.users import UserId


async def revoke_entitlement(
    uow: EntitlementsUnitOfWorkFactory, now: datetime, *, user_id: UserId, product: str, source: str
) -> None:
    """End the entitlement to ``product`` that ``source`` granted, at ``now``.

    Raises:
        NotFound: the user has no such entitlement.
    """
    async with uow() as tx:
        if not await tx.entitlements.revoke(user_id, product, source, now):
            raise NotFound(f"user {user_id} has no {product} from {source}")
        await tx.commit()
