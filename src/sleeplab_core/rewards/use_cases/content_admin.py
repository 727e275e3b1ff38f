"""Operators manage the gift catalog, the pickup points and see the gift orders (the
console's content pages).

The catalog grows by categories and products; pickup points arrive as a CSV file
(``id,full_address`` per line, a header line optional) that replaces the whole list, like
the admin API's ``POST /pvz``.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.ledger import Ledger
from sleeplab_core.rewards.accounts import points_balance
from sleeplab_core.rewards.model import Category, GiftOrder, PickupPoint, Product, Profile, Walk
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.use_cases.pickup_points import replace_pickup_points

MAX_TITLE = 200
MAX_DESCRIPTION = 2000
MAX_POINT_ID = 64
MAX_ADDRESS = 500
MAX_POINTS = 50_000
CSV_HEADER = ("id", "full_address")
MAX_ORDER_DAYS = 92


@attrs.frozen
class CatalogView:
    categories: list[Category]
    products: list[Product]


@attrs.frozen
class NewProduct:
    code: str
    category_id: int
    title: str
    price: int
    stock: int
    description: str = ""


async def catalog_view(uow: RewardsUnitOfWorkFactory) -> CatalogView:
    async with uow() as unit:
        return CatalogView(
            await unit.rewards.catalog.categories(), await unit.rewards.catalog.products()
        )


async def add_category(uow: RewardsUnitOfWorkFactory, title: str) -> Category:
    """Raises ValidationFailed: a blank or too long title, or one that exists already."""
    title = _text(title, "title", MAX_TITLE)
    async with uow() as unit:
        existing = await unit.rewards.catalog.categories()
        if any(c.title.casefold() == title.casefold() for c in existing):
            raise ValidationFailed("a category with this title exists", field="title")
        added = await unit.rewards.catalog.add_category(title)
        await unit.commit()
    return added


async def add_product(uow: RewardsUnitOfWorkFactory, new: NewProduct) -> Product:
    """Raises ValidationFailed naming the field: unknown category, a code in use, a price
    below 1 point or a negative stock, blank or too long texts."""
    code = _text(new.code, "code", 64)
    if not all(c.isalnum() or c in "_-" for c in code):
        raise ValidationFailed("letters, digits, '_' and '-' only", field="code")
    title = _text(new.title, "title", MAX_TITLE)
    if new.price < 1:
        raise ValidationFailed("at least 1 point", field="price")
    if new.stock < 0:
        raise ValidationFailed("never negative", field="stock")
    if len(new.description) > MAX_DESCRIPTION:
        raise ValidationFailed(f"at most {MAX_DESCRIPTION} characters", field="description")
    async with uow() as unit:
        catalog = unit.rewards.catalog
        if new.category_id not in {c.id for c in await catalog.categories()}:
            raise ValidationFailed("no such category", field="category")
        if any(p.code == code for p in await catalog.products()):
            raise ValidationFailed("a product with this code exists", field="code")
        added = await catalog.add_product(
            code, new.category_id, title, new.price, new.stock, new.description.strip()
        )
        await unit.commit()
    return added


async def all_pickup_points(uow: RewardsUnitOfWorkFactory) -> list[PickupPoint]:
    """Every pickup point, by address."""
    async with uow() as unit:
        return await unit.rewards.pickup_points.search("")


def parse_pickup_points(text: str) -> list[PickupPoint]:
    """The points of a CSV text: ``id,full_address`` per row (comma, semicolon or tab), an
    optional header row, blank rows skipped.

    Raises:
        ValidationFailed: naming the first bad row (a missing field, a field too long, an id
            given twice) or an empty file; nothing is imported then.
    """
    first = text.split("\n", 1)[0]
    # Russian spreadsheets export with semicolons (their addresses hold commas): a tab or a
    # semicolon in the first row means the file uses it.
    delimiter = next((d for d in "\t;" if d in first), ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    points: list[PickupPoint] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and tuple(c.lower() for c in cells[:2]) == CSV_HEADER:
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise ValidationFailed(f"row {number}: needs an id and an address", field="csv")
        point_id, address = cells[0], ", ".join(c for c in cells[1:] if c)
        if len(point_id) > MAX_POINT_ID or len(address) > MAX_ADDRESS:
            raise ValidationFailed(f"row {number}: id or address too long", field="csv")
        if point_id in seen:
            raise ValidationFailed(f"row {number}: id {point_id} given twice", field="csv")
        seen.add(point_id)
        points.append(PickupPoint(point_id, address))
        if len(points) > MAX_POINTS:
            raise ValidationFailed(f"more than {MAX_POINTS} points", field="csv")
    if not points:
        raise ValidationFailed("no pickup points in the file", field="csv")
    return points


async def import_pickup_points(uow: RewardsUnitOfWorkFactory, text: str) -> int:
    """Replace the pickup points with the CSV's (all or nothing); the count imported."""
    return await replace_pickup_points(uow, parse_pickup_points(text))


def _text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if not value or len(value) > limit:
        raise ValidationFailed(f"1 to {limit} characters", field=field)
    return value


async def orders_in_range(
    uow: RewardsUnitOfWorkFactory, first_day: date, last_day: date, zone: str
) -> list[GiftOrder]:
    """Every order created on the local days ``first_day``..``last_day`` of ``zone``, in any
    status (the admin API's report, :func:`orders_between`, lists the placed ones only),
    newest first.

    Raises:
        ValidationFailed: the range runs backwards or spans more than :data:`MAX_ORDER_DAYS`.
    """
    if last_day < first_day or (last_day - first_day).days >= MAX_ORDER_DAYS:
        raise ValidationFailed(f"1 to {MAX_ORDER_DAYS} days, first to last", field="days")
    tz = ZoneInfo(zone)
    start = datetime.combine(first_day, time(), tz)
    end = datetime.combine(last_day + timedelta(days=1), time(), tz)
    async with uow() as unit:
        orders = await unit.rewards.orders.created_between(start, end)
    return sorted(orders, key=lambda o: o.id, reverse=True)


@attrs.frozen
class PlayerView:
    """What support sees of a steps player: the profile, the points, walks and gift orders."""

    profile: Profile
    points: int
    walks: list[Walk]
    orders: list[GiftOrder]


async def player_view(
    uow: RewardsUnitOfWorkFactory, ledger: Ledger, unit: str, user_id: int
) -> PlayerView | None:
    """The player ``user_id`` (None: not a player), newest walks and orders first."""
    async with uow() as tx:
        profile = await tx.rewards.profiles.get(user_id)
        if profile is None:
            return None
        walks = await tx.rewards.walks.for_user(user_id)
        orders = await tx.rewards.orders.for_user(user_id)
    return PlayerView(
        profile=profile,
        points=await points_balance(ledger, unit, user_id),
        walks=sorted(walks, key=lambda w: w.logged_at, reverse=True),
        orders=sorted(orders, key=lambda o: o.id, reverse=True),
    )
