"""Grant a product to a user by hand (goodwill, a support case)."""

from __future__ import annotations

from datetime import datetime

from sleeplab_core.entitlements.model import Entitlement
from sleeplab_core.entitlements.ports import EntitlementsUnitOfWorkFactory
from sleeplab_core.kernel.errors import NotFound, ValidationFailed
from sleeplab_core.kernel.users import UserId

OPERATOR_SOURCE = "operator"
"""The source of entitlements an operator granted: ``operator:<username>``."""


async def grant_entitlement(
    uow: EntitlementsUnitOfWorkFactory,
    now: datetime,
    *,
    user_id: UserId,
    product: str,
    operator: str,
    expires_at: datetime | None = None,
) -> bool:
    """Give ``product`` to the user from ``now``; False when this operator already had.

    Raises:
        NotFound: no such user.
        ValidationFailed: an empty product or an end not after now.
    """
    product = product.strip()
    if not product:
        raise ValidationFailed("a product is needed", field="product")
    if expires_at is not None and expires_at <= now:
        raise ValidationFailed("must be in the future", field="expires_at")
    async with uow() as tx:
        if await tx.users.get(user_id) is None:
            raise NotFound(f"no user {user_id}")
        granted = await tx.entitlements.grant(
            Entitlement(
                user_id=user_id,
                product=product,
                source=f"{OPERATOR_SOURCE}:{operator}",
                granted_at=now,
                expires_at=expires_at,
            )
        )
        await tx.commit()
    return granted
