"""The promo repository port: codes and their atomically counted redemptions."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sleeplab_core.kernel.users import UserId
from sleeplab_core.promo.model import PromoCode, Redemption


class PromoRepository(Protocol):
    """Promo codes and redemptions, inside a unit of work.

    Contract:

    - ``get`` returns the code (already normalised by the caller) or None; ``save`` inserts
      or replaces a code.
    - ``reserve`` records one use of ``promo`` by ``user_id`` for ``order_id`` as RESERVED
      until ``until``. The limit check and the insert are one atomic step of the store
      (:func:`sleeplab_core.promo.rules.check_limits` over the code's uses, under a lock on
      the code's row in SQL), never a check-then-insert by the caller: concurrent
      reservations never exceed ``max_redemptions`` or ``max_per_user``. A second
      ``reserve`` for the same order returns the existing redemption (one per order:
      ``order_id`` is unique). Raises ``PromoUsedUp`` / ``PromoAlreadyUsed``.
    - ``redeem`` turns the order's redemption into REDEEMED and returns it — from RESERVED,
      or from a lapsed or RELEASED one with ``late=True`` (a payment that arrived is
      honoured); a REDEEMED one is returned unchanged; None when the order has none.
    - ``release`` turns a RESERVED redemption of the order into RELEASED (no-op otherwise).
    - ``uses`` lists the code's redemptions in reservation order.
    - ``list_codes`` lists every code, ordered by code (the operator's overview).
    """

    async def get(self, code: str) -> PromoCode | None: ...

    async def save(self, promo: PromoCode) -> None: ...

    async def reserve(
        self, promo: PromoCode, user_id: UserId, order_id: str, now: datetime, until: datetime
    ) -> Redemption: ...

    async def redeem(self, order_id: str, now: datetime) -> Redemption | None: ...

    async def release(self, order_id: str) -> None: ...

    async def uses(self, code: str) -> list[Redemption]: ...

    async def list_codes(self) -> list[PromoCode]: ...

    async def anonymise_user(self, user_id: UserId) -> None:
        """Give the user's redemptions to the anonymous user (erasure); counts stay."""
        ...
