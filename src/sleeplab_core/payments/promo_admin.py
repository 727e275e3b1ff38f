"""The operator's promo codes: create, list, show with their uses, disable.

The same use cases serve the CLI and any admin screen; a code is validated by
:class:`~sleeplab_core.promo.model.PromoCode` and its products against the catalog.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from sleeplab_core.catalog.model import Catalog
from sleeplab_core.kernel.errors import NotFound, ValidationFailed
from sleeplab_core.payments.ports import PaymentsUnitOfWorkFactory
from sleeplab_core.promo.model import PromoCode, Redemption, RedemptionState, normalize_code


@attrs.frozen
class PromoUsage:
    """A code and how it has been used so far (``live`` counts against its limits now)."""

    promo: PromoCode
    redeemed: int
    reserved: int
    released: int
    live: int
    active: bool


async def create_promo(
    uow: PaymentsUnitOfWorkFactory, catalog: Catalog, promo: PromoCode, *, replace: bool = False
) -> PromoCode:
    """Save a new code (or change one with ``replace``).

    Raises:
        ValidationFailed: the code exists (without ``replace``), or names an unknown product.
    """
    unknown = sorted(p for p in promo.products if p not in catalog)
    if unknown:
        raise ValidationFailed(f"unknown product(s): {', '.join(unknown)}", field="products")
    async with uow() as tx:
        if not replace and await tx.promos.get(promo.code) is not None:
            raise ValidationFailed(f"promo code {promo.code} exists already", field="code")
        await tx.promos.save(promo)
        await tx.commit()
    return promo


async def list_promos(uow: PaymentsUnitOfWorkFactory, now: datetime) -> list[PromoUsage]:
    """Every code with its usage, ordered by code."""
    async with uow() as tx:
        return [_usage(p, await tx.promos.uses(p.code), now) for p in await tx.promos.list_codes()]


async def show_promo(uow: PaymentsUnitOfWorkFactory, code: str, now: datetime) -> PromoUsage:
    """Raises:
    NotFound: no such code.
    """
    async with uow() as tx:
        promo = await tx.promos.get(normalize_code(code))
        if promo is None:
            raise NotFound(f"no promo code {normalize_code(code)}")
        return _usage(promo, await tx.promos.uses(promo.code), now)


async def disable_promo(uow: PaymentsUnitOfWorkFactory, code: str, now: datetime) -> PromoCode:
    """End the code's validity now (orders already reserving it may still be paid).

    Raises:
        NotFound: no such code.
    """
    async with uow() as tx:
        promo = await tx.promos.get(normalize_code(code))
        if promo is None:
            raise NotFound(f"no promo code {normalize_code(code)}")
        if promo.expires_at is None or promo.expires_at > now:
            promo = attrs.evolve(promo, expires_at=now)
            await tx.promos.save(promo)
            await tx.commit()
    return promo


def _usage(promo: PromoCode, uses: list[Redemption], now: datetime) -> PromoUsage:
    def count(state: RedemptionState) -> int:
        return sum(1 for use in uses if use.state is state)

    started = promo.starts_at is None or promo.starts_at <= now
    active = started and (promo.expires_at is None or now < promo.expires_at)
    return PromoUsage(
        promo=promo,
        redeemed=count(RedemptionState.REDEEMED),
        reserved=count(RedemptionState.RESERVED),
        released=count(RedemptionState.RELEASED),
        live=sum(1 for use in uses if use.counts_at(now)),
        active=active,
    )
