"""The in-memory rewards store: the fake every contract test also runs against.

``RewardsTables`` holds one copy of the data; a unit of work deep-copies it, works on the
copy and swaps it in at commit (one lock: units of work run one at a time), the same
semantics as the platform's in-memory store, which composes it through ``MEMORY_MODULE``;
``InMemoryRewardsDatabase`` runs it alone (rules tests, benchmarks).
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from types import TracebackType
from typing import Self

import attrs

from sleeplab_core.kernel.modules import MemoryModule
from sleeplab_core.rewards.model import (
    Category,
    Family,
    GiftOrder,
    OrderStage,
    OrderStatus,
    PickupPoint,
    Product,
    Profile,
    Recipient,
    Referral,
    TrackPoint,
    Walk,
    WalkStatus,
)
from sleeplab_core.rewards.text import normalise_address


@attrs.define
class RewardsTables:
    profiles: dict[int, Profile] = attrs.Factory(dict)
    walks: dict[int, Walk] = attrs.Factory(dict)
    families: dict[int, Family] = attrs.Factory(dict)
    splits: set[tuple[int, date, date]] = attrs.Factory(set)
    referrals: dict[int, Referral] = attrs.Factory(dict)
    categories: dict[int, Category] = attrs.Factory(dict)
    products: dict[int, Product] = attrs.Factory(dict)
    pickup_points: dict[str, PickupPoint] = attrs.Factory(dict)
    orders: dict[int, GiftOrder] = attrs.Factory(dict)
    texts: dict[tuple[str, str], str] = attrs.Factory(dict)
    tracks: dict[tuple[int, int], list[TrackPoint]] = attrs.Factory(dict)


def _next_id(table: Mapping[int, object]) -> int:
    return max(table, default=0) + 1


class _Profiles:
    def __init__(self, tables: RewardsTables) -> None:
        self._t = tables

    async def get(self, user_id: int, *, for_update: bool = False) -> Profile | None:
        return self._t.profiles.get(user_id)

    async def save(self, profile: Profile) -> None:
        self._t.profiles[profile.user_id] = profile

    async def by_referral_code(self, code: str) -> Profile | None:
        return next((p for p in self._t.profiles.values() if p.referral_code == code), None)

    async def everyone(self) -> list[Profile]:
        return sorted(self._t.profiles.values(), key=lambda profile: profile.user_id)

    async def in_family(self, family_id: int) -> list[Profile]:
        found = (p for p in self._t.profiles.values() if p.family_id == family_id)
        return sorted(found, key=lambda profile: profile.user_id)

    async def erase(self, user_id: int) -> None:
        self._t.profiles.pop(user_id, None)


class _Walks:
    def __init__(self, tables: RewardsTables) -> None:
        self._t = tables

    async def add(self, walk: Walk) -> Walk | None:
        if await self.by_key(walk.user_id, walk.key) is not None:
            return None
        stored = attrs.evolve(walk, id=_next_id(self._t.walks))
        self._t.walks[stored.id] = stored
        return stored

    async def by_key(self, user_id: int, key: str) -> Walk | None:
        return next(
            (w for w in self._t.walks.values() if w.user_id == user_id and w.key == key), None
        )

    async def points_on(self, user_id: int, day: date) -> int:
        return sum(
            w.points
            for w in self._t.walks.values()
            if w.user_id == user_id and w.local_day == day and w.status is WalkStatus.COUNTED
        )

    async def first_counted(self, user_id: int) -> Walk | None:
        counted = [w for w in await self.for_user(user_id) if w.status is WalkStatus.COUNTED]
        return counted[0] if counted else None

    async def for_user(self, user_id: int) -> list[Walk]:
        return sorted((w for w in self._t.walks.values() if w.user_id == user_id), key=_id)

    async def walkers_since(self, day: date) -> set[int]:
        return {
            w.user_id
            for w in self._t.walks.values()
            if w.status is WalkStatus.COUNTED and w.local_day >= day
        }

    async def in_family(self, family_id: int, first_day: date, last_day: date) -> list[Walk]:
        return sorted(
            (
                w
                for w in self._t.walks.values()
                if w.family_id == family_id
                and w.status is WalkStatus.COUNTED
                and first_day <= w.local_day <= last_day
            ),
            key=_id,
        )

    async def erase(self, user_id: int) -> None:
        for walk_id in [w.id for w in self._t.walks.values() if w.user_id == user_id]:
            del self._t.walks[walk_id]


class _Families:
    def __init__(self, tables: RewardsTables) -> None:
        self._t = tables

    async def add(self, name: str, owner_id: int, invite_code: str, at: datetime) -> Family:
        if await self.by_invite(invite_code) is not None:
            raise ValueError("invite code in use")
        family = Family(_next_id(self._t.families), name, owner_id, invite_code, at)
        self._t.families[family.id] = family
        return family

    async def get(self, family_id: int) -> Family | None:
        return self._t.families.get(family_id)

    async def by_invite(self, invite_code: str) -> Family | None:
        return next((f for f in self._t.families.values() if f.invite_code == invite_code), None)

    async def ids(self) -> list[int]:
        return sorted(self._t.families)

    async def record_split(
        self, family_id: int, first_day: date, last_day: date, pool: int, at: datetime
    ) -> bool:
        period = (family_id, first_day, last_day)
        if period in self._t.splits:
            return False
        self._t.splits.add(period)
        return True


class _Referrals:
    def __init__(self, tables: RewardsTables) -> None:
        self._t = tables

    async def add(self, referral: Referral) -> bool:
        if referral.referee_id in self._t.referrals:
            return False
        self._t.referrals[referral.referee_id] = referral
        return True

    async def get(self, referee_id: int) -> Referral | None:
        return self._t.referrals.get(referee_id)

    async def claim_reward(self, referee_id: int, walk_id: int) -> bool:
        referral = self._t.referrals.get(referee_id)
        if referral is None:
            return False
        if referral.rewarded_walk_id is None:
            self._t.referrals[referee_id] = attrs.evolve(referral, rewarded_walk_id=walk_id)
            return True
        return referral.rewarded_walk_id == walk_id


class _Catalog:
    def __init__(self, tables: RewardsTables) -> None:
        self._t = tables

    async def add_category(self, title: str) -> Category:
        category = Category(_next_id(self._t.categories), title)
        self._t.categories[category.id] = category
        return category

    async def add_product(
        self, code: str, category_id: int, title: str, price: int, stock: int, description: str
    ) -> Product:
        if stock < 0 or price < 0:
            raise ValueError("price and stock are never negative")
        product_id = _next_id(self._t.products)
        product = Product(product_id, code, category_id, title, price, stock, description)
        self._t.products[product.id] = product
        return product

    async def categories(self) -> list[Category]:
        return sorted(self._t.categories.values(), key=_id)

    async def products(self, category_id: int | None = None) -> list[Product]:
        found = self._t.products.values()
        return sorted((p for p in found if category_id in (None, p.category_id)), key=_id)

    async def product(self, product_id: int) -> Product | None:
        return self._t.products.get(product_id)

    async def take_one(self, product_id: int) -> bool:
        product = self._t.products.get(product_id)
        if product is None or product.stock <= 0:
            return False
        self._t.products[product_id] = attrs.evolve(product, stock=product.stock - 1)
        return True

    async def put_back(self, product_id: int) -> None:
        product = self._t.products[product_id]
        self._t.products[product_id] = attrs.evolve(product, stock=product.stock + 1)


class _PickupPoints:
    def __init__(self, tables: RewardsTables) -> None:
        self._t = tables

    async def replace_all(self, points: Sequence[PickupPoint]) -> int:
        self._t.pickup_points = {point.id: point for point in points}
        return len(self._t.pickup_points)

    async def search(self, text: str) -> list[PickupPoint]:
        wanted = normalise_address(text)
        found = (
            p for p in self._t.pickup_points.values() if wanted in normalise_address(p.full_address)
        )
        return sorted(found, key=lambda point: (point.full_address, point.id))

    async def get(self, point_id: str) -> PickupPoint | None:
        return self._t.pickup_points.get(point_id)


class _Orders:
    def __init__(self, tables: RewardsTables) -> None:
        self._t = tables

    async def add(self, order: GiftOrder) -> GiftOrder | None:
        if await self.by_key(order.user_id, order.key) is not None:
            return None
        stored = attrs.evolve(order, id=_next_id(self._t.orders))
        self._t.orders[stored.id] = stored
        return stored

    async def by_key(self, user_id: int, key: str) -> GiftOrder | None:
        return next(
            (o for o in self._t.orders.values() if o.user_id == user_id and o.key == key), None
        )

    async def get(self, order_id: int, *, for_update: bool = False) -> GiftOrder | None:
        return self._t.orders.get(order_id)

    async def set_status(
        self, order_id: int, status: OrderStatus, failure: str | None = None
    ) -> None:
        order = self._t.orders[order_id]
        self._t.orders[order_id] = attrs.evolve(order, status=status, failure=failure)

    async def set_stage(self, order_id: int, stage: OrderStage) -> None:
        self._t.orders[order_id] = attrs.evolve(self._t.orders[order_id], stage=stage)

    async def created_between(self, start: datetime, end: datetime) -> list[GiftOrder]:
        found = self._t.orders.values()
        return sorted((o for o in found if start <= o.created_at < end), key=_id)

    async def for_user(self, user_id: int) -> list[GiftOrder]:
        return sorted((o for o in self._t.orders.values() if o.user_id == user_id), key=_id)

    async def anonymise(self, user_id: int) -> None:
        for order in await self.for_user(user_id):
            self._t.orders[order.id] = attrs.evolve(order, recipient=Recipient("", "", ""))


class _Texts:
    def __init__(self, tables: RewardsTables) -> None:
        self._t = tables

    async def get(self, key: str, locale: str) -> str | None:
        return self._t.texts.get((key, locale))

    async def put(self, key: str, locale: str, text: str, at: datetime) -> None:
        self._t.texts[(key, locale)] = text

    async def delete(self, key: str, locale: str) -> bool:
        return self._t.texts.pop((key, locale), None) is not None

    async def all(self) -> list[tuple[str, str, str]]:
        return sorted((key, locale, text) for (key, locale), text in self._t.texts.items())


class _Tracks:
    def __init__(self, tables: RewardsTables) -> None:
        self._t = tables

    async def add(self, point: TrackPoint) -> bool:
        track = self._t.tracks.setdefault((point.user_id, point.track), [])
        if any(known.at == point.at for known in track):
            return False
        track.append(point)
        return True

    async def points(self, user_id: int, track: int) -> list[TrackPoint]:
        return sorted(self._t.tracks.get((user_id, track), []), key=lambda point: point.at)

    async def open_tracks(self, user_id: int) -> list[int]:
        started = {
            track: min(point.at for point in points)
            for (user, track), points in self._t.tracks.items()
            if user == user_id and points
        }
        return sorted(started, key=lambda track: (started[track], track))

    async def drop(self, user_id: int, track: int) -> None:
        self._t.tracks.pop((user_id, track), None)

    async def erase(self, user_id: int) -> None:
        for key in [key for key in self._t.tracks if key[0] == user_id]:
            del self._t.tracks[key]


def _id(record: Walk | GiftOrder | Category | Product) -> int:
    return record.id


class InMemoryRewardsStore:
    """The rewards repositories over one transaction's tables."""

    def __init__(self, tables: RewardsTables) -> None:
        self.profiles = _Profiles(tables)
        self.walks = _Walks(tables)
        self.families = _Families(tables)
        self.referrals = _Referrals(tables)
        self.catalog = _Catalog(tables)
        self.pickup_points = _PickupPoints(tables)
        self.orders = _Orders(tables)
        self.texts = _Texts(tables)
        self.tracks = _Tracks(tables)


MEMORY_MODULE = MemoryModule(name="rewards", tables=RewardsTables, repository=InMemoryRewardsStore)
"""The module's in-memory storage for the platform's store (``uow.rewards``)."""


class InMemoryRewardsDatabase:
    """Committed tables plus the lock that runs units of work one at a time."""

    def __init__(self) -> None:
        self.tables = RewardsTables()
        self.lock = asyncio.Lock()

    def __call__(self) -> InMemoryRewardsUnitOfWork:
        return InMemoryRewardsUnitOfWork(self)


class InMemoryRewardsUnitOfWork:
    """A unit of work over an :class:`InMemoryRewardsDatabase` (``rewards`` is its store)."""

    def __init__(self, database: InMemoryRewardsDatabase) -> None:
        self._database = database
        self._tables = RewardsTables()
        self.rewards = InMemoryRewardsStore(self._tables)

    async def __aenter__(self) -> Self:
        await self._database.lock.acquire()
        self._begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._database.lock.release()

    async def commit(self) -> None:
        self._database.tables = self._tables
        self._begin()

    @asynccontextmanager
    async def released(self) -> AsyncIterator[None]:
        await self.commit()
        self._database.lock.release()
        try:
            yield
        finally:
            await self._database.lock.acquire()
            self._begin()

    def _begin(self) -> None:
        self._tables = copy.deepcopy(self._database.tables)
        self.rewards = InMemoryRewardsStore(self._tables)
