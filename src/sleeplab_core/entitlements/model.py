from __future__ import annotations

from datetime import datetime
from typing import Protocol

import attrs

from sleeplab_core.kernel.users import UserId


@attrs.frozen
class Entitlement:
    """The right to use ``product`` from ``granted_at`` until ``expires_at`` (None = forever).

    ``source`` says why it exists (``payment:<id>``, ``promo:<code>``, ``dev-unlock``); one
    source grants a product to a user once.
    """

    user_id: UserId
    product: str
    source: str
    granted_at: datetime
    expires_at: datetime | None = None

    def active_at(self, moment: datetime) -> bool:
        return self.granted_at <= moment and (self.expires_at is None or moment < self.expires_at)


class EntitlementRepository(Protocol):
    """Granted entitlements.

    Contract: ``grant`` is idempotent per (user, product, source) — a second grant with the
    same triple changes nothing and returns False; ``active`` lists the user's entitlements
    active at ``moment``; ``delete_user`` removes all of a user's entitlements. ``revoke``
    (a refund) ends the entitlement granted to ``user_id`` for ``product`` by ``source`` at
    ``at`` — its ``expires_at`` becomes ``at`` unless it ended earlier — and returns whether
    one existed; history is kept, nothing is deleted.
    """

    async def grant(self, entitlement: Entitlement) -> bool: ...

    async def active(self, user_id: UserId, moment: datetime) -> list[Entitlement]: ...

    async def all_for(self, user_id: UserId) -> list[Entitlement]: ...

    async def delete_user(self, user_id: UserId) -> None: ...

    async def revoke(self, user_id: UserId, product: str, source: str, at: datetime) -> bool: ...
