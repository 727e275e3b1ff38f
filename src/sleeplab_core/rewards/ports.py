"""The rewards module's ports: its repositories and the unit of work that carries them.

Contract of every backend (checked by tests/contract/rewards_contract.py on memory, SQLite
and PostgreSQL): writes become visible to other units of work at ``commit``; uniqueness
(a walk's key per user, an order's key per user, one referral per referee, one split per
family and period, one family per invite code) and "stock never negative" are enforced by
the store itself, never by check-then-insert; ``take_one`` is atomic, so two units of work
racing for the last item cannot both get it.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self

from sleeplab_core.rewards.model import (
    Category,
    Family,
    GiftOrder,
    OrderStage,
    OrderStatus,
    PickupPoint,
    Product,
    Profile,
    Referral,
    TrackPoint,
    Walk,
)


class ProfileRepository(Protocol):
    async def get(self, user_id: int, *, for_update: bool = False) -> Profile | None:
        """The profile; ``for_update`` locks it until the unit of work ends (SQL)."""
        ...

    async def save(self, profile: Profile) -> None:
        """Insert or replace the profile of ``profile.user_id``."""
        ...

    async def by_referral_code(self, code: str) -> Profile | None: ...

    async def everyone(self) -> list[Profile]:
        """Every registered player, by user id (broadcast segments)."""
        ...

    async def in_family(self, family_id: int) -> list[Profile]:
        """The family's current members, by user id."""
        ...

    async def erase(self, user_id: int) -> None:
        """Forget the profile (privacy erasure)."""
        ...


class WalkRepository(Protocol):
    async def add(self, walk: Walk) -> Walk | None:
        """Store a walk and return it with its new id; None when ``(user_id, key)`` exists."""
        ...

    async def by_key(self, user_id: int, key: str) -> Walk | None: ...

    async def points_on(self, user_id: int, day: date) -> int:
        """Points the user's counted walks of that local day earned."""
        ...

    async def first_counted(self, user_id: int) -> Walk | None:
        """The user's first counted walk (lowest id), if any."""
        ...

    async def for_user(self, user_id: int) -> list[Walk]:
        """The user's walks, oldest first."""
        ...

    async def walkers_since(self, day: date) -> set[int]:
        """Users with a counted walk whose local day is ``day`` or later."""
        ...

    async def in_family(self, family_id: int, first_day: date, last_day: date) -> list[Walk]:
        """Counted walks logged in the family whose local day is in the inclusive range."""
        ...

    async def erase(self, user_id: int) -> None:
        """Forget the user's walks and their locations (privacy erasure)."""
        ...


class FamilyRepository(Protocol):
    async def add(self, name: str, owner_id: int, invite_code: str, at: datetime) -> Family:
        """Create a family (invite codes are unique)."""
        ...

    async def get(self, family_id: int) -> Family | None: ...

    async def by_invite(self, invite_code: str) -> Family | None: ...

    async def ids(self) -> list[int]:
        """Every family's id, ascending."""
        ...

    async def record_split(
        self, family_id: int, first_day: date, last_day: date, pool: int, at: datetime
    ) -> bool:
        """Record a period's split; False when that period was already split (unique)."""
        ...


class ReferralRepository(Protocol):
    async def add(self, referral: Referral) -> bool:
        """Record a referral; False when the referee already has one (unique referee)."""
        ...

    async def get(self, referee_id: int) -> Referral | None: ...

    async def claim_reward(self, referee_id: int, walk_id: int) -> bool:
        """Mark the reward earned by ``walk_id`` unless another walk earned it already.

        True when the reward belongs to ``walk_id`` (just now or before): the caller then
        books it under a key derived from the referee, which makes the payment idempotent.
        """
        ...


class CatalogRepository(Protocol):
    async def add_category(self, title: str) -> Category: ...

    async def add_product(
        self, code: str, category_id: int, title: str, price: int, stock: int, description: str
    ) -> Product: ...

    async def categories(self) -> list[Category]: ...

    async def products(self, category_id: int | None = None) -> list[Product]:
        """Products (of one category), by id."""
        ...

    async def product(self, product_id: int) -> Product | None: ...

    async def take_one(self, product_id: int) -> bool:
        """Take one item from stock atomically; False when none is left."""
        ...

    async def put_back(self, product_id: int) -> None:
        """Return one item to stock (a cancelled order)."""
        ...


class PickupPointRepository(Protocol):
    async def replace_all(self, points: Sequence[PickupPoint]) -> int:
        """Replace the whole list (in this unit of work: atomically); returns the count."""
        ...

    async def search(self, text: str) -> list[PickupPoint]:
        """Points whose address contains ``text`` (case- and ё/е-insensitive), by address."""
        ...

    async def get(self, point_id: str) -> PickupPoint | None: ...


class GiftOrderRepository(Protocol):
    async def add(self, order: GiftOrder) -> GiftOrder | None:
        """Store an order with a new id; None when ``(user_id, key)`` exists."""
        ...

    async def by_key(self, user_id: int, key: str) -> GiftOrder | None: ...

    async def get(self, order_id: int, *, for_update: bool = False) -> GiftOrder | None: ...

    async def set_status(
        self, order_id: int, status: OrderStatus, failure: str | None = None
    ) -> None: ...

    async def set_stage(self, order_id: int, stage: OrderStage) -> None: ...

    async def created_between(self, start: datetime, end: datetime) -> list[GiftOrder]:
        """Orders created in ``[start, end)``, by id."""
        ...

    async def for_user(self, user_id: int) -> list[GiftOrder]: ...

    async def anonymise(self, user_id: int) -> None:
        """Blank the recipient of the user's orders (kept for accounting)."""
        ...


class TrackRepository(Protocol):
    """The points of live locations being shared, until their walk is logged."""

    async def add(self, point: TrackPoint) -> bool:
        """Keep a point; False when the track already has one at that instant."""
        ...

    async def points(self, user_id: int, track: int) -> list[TrackPoint]:
        """The track's points by time."""
        ...

    async def open_tracks(self, user_id: int) -> list[int]:
        """The user's tracks that have points, oldest first."""
        ...

    async def drop(self, user_id: int, track: int) -> None:
        """Forget a track's points (its walk is logged)."""
        ...

    async def erase(self, user_id: int) -> None: ...


class TextOverrideRepository(Protocol):
    async def get(self, key: str, locale: str) -> str | None: ...

    async def put(self, key: str, locale: str, text: str, at: datetime) -> None:
        """Insert or replace the override of (key, locale)."""
        ...

    async def delete(self, key: str, locale: str) -> bool:
        """Remove the override; False when there was none."""
        ...

    async def all(self) -> list[tuple[str, str, str]]:
        """Every override as (key, locale, text), by key and locale."""
        ...


class RewardsStore(Protocol):
    """The rewards repositories of one unit of work (``uow.rewards``)."""

    profiles: ProfileRepository
    walks: WalkRepository
    families: FamilyRepository
    referrals: ReferralRepository
    catalog: CatalogRepository
    pickup_points: PickupPointRepository
    orders: GiftOrderRepository
    texts: TextOverrideRepository
    tracks: TrackRepository


class RewardsUnitOfWork(Protocol):
    """A transaction over the rewards repositories (see the module docstring)."""

    rewards: RewardsStore

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    def released(self) -> AbstractAsyncContextManager[None]:
        """For a slow call that touches no storage (the weather service): commit what was
        changed so far and hold no transaction for the ``async with`` block; a new one
        begins when it ends (see :meth:`sleeplab_core.storage.ports.UnitOfWork.released`)."""
        ...


class RewardsUnitOfWorkFactory(Protocol):
    def __call__(self) -> RewardsUnitOfWork: ...
