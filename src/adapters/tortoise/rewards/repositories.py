"""The rewards repositories in SQL, bound to one open transaction (``SqlRewardsStore``).

Every uniqueness rule is a constraint: inserts use ``ON CONFLICT DO NOTHING RETURNING`` and
report a duplicate as None/False; stock is taken by a conditional UPDATE, so a race for
the last item has one winner and the CHECK keeps stock from going negative.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.database import Dialect
from adapters.tortoise.ledger.sql import Session
from adapters.tortoise.rewards import rows
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
from sleeplab_core.rewards.text import normalise_address

WALK_COLUMNS = (
    "user_id, walk_key, measured_by, status, local_day, logged_at, minutes, steps, distance_m, "
    "weather_source, temperature_tenths, observed_at, weather_fallback, coefficient_per_mille, "
    "points, family_id, refusal, latitude, longitude"
)


class _Repository:
    def __init__(self, session: Session) -> None:
        self._s = session

    async def _one(self, sql: str, *params: Any) -> dict[str, Any] | None:
        found = await self._s.rows(sql, *params)
        return found[0] if found else None


class SqlProfiles(_Repository):
    async def get(self, user_id: int, *, for_update: bool = False) -> Profile | None:
        lock = self._s.for_update if for_update else ""
        row = await self._one(f"SELECT * FROM rewards_profiles WHERE user_id = ?{lock}", user_id)
        return None if row is None else rows.profile(row)

    async def save(self, profile: Profile) -> None:
        await self._s.execute(
            "INSERT INTO rewards_profiles (user_id, name, phone, email, city, zone, referral_code,"
            " referrer_id, family_id, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, phone = excluded.phone,"
            " email = excluded.email, city = excluded.city, zone = excluded.zone,"
            " referrer_id = excluded.referrer_id, family_id = excluded.family_id",
            profile.user_id,
            profile.name,
            profile.phone,
            profile.email,
            profile.city,
            profile.zone,
            profile.referral_code,
            profile.referrer_id,
            profile.family_id,
            self._s.time(profile.registered_at),
        )

    async def by_referral_code(self, code: str) -> Profile | None:
        row = await self._one("SELECT * FROM rewards_profiles WHERE referral_code = ?", code)
        return None if row is None else rows.profile(row)

    async def everyone(self) -> list[Profile]:
        found = await self._s.rows("SELECT * FROM rewards_profiles ORDER BY user_id")
        return [rows.profile(row) for row in found]

    async def in_family(self, family_id: int) -> list[Profile]:
        found = await self._s.rows(
            "SELECT * FROM rewards_profiles WHERE family_id = ? ORDER BY user_id", family_id
        )
        return [rows.profile(row) for row in found]

    async def erase(self, user_id: int) -> None:
        await self._s.execute("DELETE FROM rewards_profiles WHERE user_id = ?", user_id)


class SqlWalks(_Repository):
    async def add(self, walk: Walk) -> Walk | None:
        marks = ", ".join("?" * len(WALK_COLUMNS.split(",")))
        row = await self._one(
            f"INSERT INTO rewards_walks ({WALK_COLUMNS}) VALUES ({marks})"
            " ON CONFLICT (user_id, walk_key) DO NOTHING RETURNING *",
            *rows.walk_params(self._s, walk),
        )
        return None if row is None else rows.walk(row)

    async def by_key(self, user_id: int, key: str) -> Walk | None:
        row = await self._one(
            "SELECT * FROM rewards_walks WHERE user_id = ? AND walk_key = ?", user_id, key
        )
        return None if row is None else rows.walk(row)

    async def points_on(self, user_id: int, day: date) -> int:
        row = await self._one(
            "SELECT COALESCE(SUM(points), 0) AS total FROM rewards_walks"
            " WHERE user_id = ? AND local_day = ? AND status = 'counted'",
            user_id,
            rows.day_param(self._s, day),
        )
        return int(row["total"]) if row else 0

    async def first_counted(self, user_id: int) -> Walk | None:
        row = await self._one(
            "SELECT * FROM rewards_walks WHERE user_id = ? AND status = 'counted'"
            " ORDER BY id LIMIT 1",
            user_id,
        )
        return None if row is None else rows.walk(row)

    async def for_user(self, user_id: int) -> list[Walk]:
        found = await self._s.rows(
            "SELECT * FROM rewards_walks WHERE user_id = ? ORDER BY id", user_id
        )
        return [rows.walk(row) for row in found]

    async def walkers_since(self, day: date) -> set[int]:
        found = await self._s.rows(
            "SELECT DISTINCT user_id FROM rewards_walks WHERE status = 'counted'"
            " AND local_day >= ?",
            rows.day_param(self._s, day),
        )
        return {int(row["user_id"]) for row in found}

    async def in_family(self, family_id: int, first_day: date, last_day: date) -> list[Walk]:
        found = await self._s.rows(
            "SELECT * FROM rewards_walks WHERE family_id = ? AND status = 'counted'"
            " AND local_day >= ? AND local_day <= ? ORDER BY id",
            family_id,
            rows.day_param(self._s, first_day),
            rows.day_param(self._s, last_day),
        )
        return [rows.walk(row) for row in found]

    async def erase(self, user_id: int) -> None:
        await self._s.execute(
            "UPDATE rewards_referrals SET rewarded_walk_id = NULL WHERE rewarded_walk_id IN"
            " (SELECT id FROM rewards_walks WHERE user_id = ?)",
            user_id,
        )
        await self._s.execute("DELETE FROM rewards_walks WHERE user_id = ?", user_id)


class SqlFamilies(_Repository):
    async def add(self, name: str, owner_id: int, invite_code: str, at: datetime) -> Family:
        row = await self._one(
            "INSERT INTO rewards_families (name, owner_id, invite_code, created_at)"
            " VALUES (?, ?, ?, ?) RETURNING *",
            name,
            owner_id,
            invite_code,
            self._s.time(at),
        )
        assert row is not None
        return rows.family(row)

    async def get(self, family_id: int) -> Family | None:
        row = await self._one("SELECT * FROM rewards_families WHERE id = ?", family_id)
        return None if row is None else rows.family(row)

    async def by_invite(self, invite_code: str) -> Family | None:
        row = await self._one("SELECT * FROM rewards_families WHERE invite_code = ?", invite_code)
        return None if row is None else rows.family(row)

    async def ids(self) -> list[int]:
        found = await self._s.rows("SELECT id FROM rewards_families ORDER BY id")
        return [int(row["id"]) for row in found]

    async def record_split(
        self, family_id: int, first_day: date, last_day: date, pool: int, at: datetime
    ) -> bool:
        row = await self._one(
            "INSERT INTO rewards_family_splits (family_id, first_day, last_day, pool, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING family_id",
            family_id,
            rows.day_param(self._s, first_day),
            rows.day_param(self._s, last_day),
            pool,
            self._s.time(at),
        )
        return row is not None


class SqlReferrals(_Repository):
    async def add(self, referral: Referral) -> bool:
        row = await self._one(
            "INSERT INTO rewards_referrals (referee_id, referrer_id, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (referee_id) DO NOTHING RETURNING referee_id",
            referral.referee_id,
            referral.referrer_id,
            self._s.time(referral.created_at),
        )
        return row is not None

    async def get(self, referee_id: int) -> Referral | None:
        row = await self._one("SELECT * FROM rewards_referrals WHERE referee_id = ?", referee_id)
        if row is None:
            return None
        return Referral(
            row["referee_id"],
            row["referrer_id"],
            Session.read_time(row["created_at"]),
            row["rewarded_walk_id"],
        )

    async def claim_reward(self, referee_id: int, walk_id: int) -> bool:
        await self._s.execute(
            "UPDATE rewards_referrals SET rewarded_walk_id = ?"
            " WHERE referee_id = ? AND rewarded_walk_id IS NULL",
            walk_id,
            referee_id,
        )
        row = await self._one(
            "SELECT rewarded_walk_id FROM rewards_referrals WHERE referee_id = ?", referee_id
        )
        return row is not None and row["rewarded_walk_id"] == walk_id


class SqlCatalog(_Repository):
    async def add_category(self, title: str) -> Category:
        row = await self._one(
            "INSERT INTO rewards_categories (title) VALUES (?) RETURNING *", title
        )
        assert row is not None
        return Category(row["id"], row["title"])

    async def add_product(
        self, code: str, category_id: int, title: str, price: int, stock: int, description: str
    ) -> Product:
        row = await self._one(
            "INSERT INTO rewards_products (code, category_id, title, description, price, stock)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
            code,
            category_id,
            title,
            description,
            price,
            stock,
        )
        assert row is not None
        return rows.product(row)

    async def categories(self) -> list[Category]:
        found = await self._s.rows("SELECT * FROM rewards_categories ORDER BY id")
        return [Category(row["id"], row["title"]) for row in found]

    async def products(self, category_id: int | None = None) -> list[Product]:
        if category_id is None:
            found = await self._s.rows("SELECT * FROM rewards_products ORDER BY id")
        else:
            found = await self._s.rows(
                "SELECT * FROM rewards_products WHERE category_id = ? ORDER BY id", category_id
            )
        return [rows.product(row) for row in found]

    async def product(self, product_id: int) -> Product | None:
        row = await self._one("SELECT * FROM rewards_products WHERE id = ?", product_id)
        return None if row is None else rows.product(row)

    async def take_one(self, product_id: int) -> bool:
        row = await self._one(
            "UPDATE rewards_products SET stock = stock - 1 WHERE id = ? AND stock > 0 RETURNING id",
            product_id,
        )
        return row is not None

    async def put_back(self, product_id: int) -> None:
        await self._s.execute(
            "UPDATE rewards_products SET stock = stock + 1 WHERE id = ?", product_id
        )


class SqlPickupPoints(_Repository):
    async def replace_all(self, points: Sequence[PickupPoint]) -> int:
        await self._s.execute("DELETE FROM rewards_pickup_points")
        unique = {point.id: point for point in points}
        for point in unique.values():
            await self._s.execute(
                "INSERT INTO rewards_pickup_points (id, full_address, search_text)"
                " VALUES (?, ?, ?)",
                point.id,
                point.full_address,
                normalise_address(point.full_address),
            )
        return len(unique)

    async def search(self, text: str) -> list[PickupPoint]:
        escaped = normalise_address(text).replace("\\", "\\\\").replace("%", "\\%")
        found = await self._s.rows(
            "SELECT id, full_address FROM rewards_pickup_points"
            " WHERE search_text LIKE ? ESCAPE '\\' ORDER BY full_address, id",
            "%" + escaped.replace("_", "\\_") + "%",
        )
        return [PickupPoint(row["id"], row["full_address"]) for row in found]

    async def get(self, point_id: str) -> PickupPoint | None:
        row = await self._one(
            "SELECT id, full_address FROM rewards_pickup_points WHERE id = ?", point_id
        )
        return None if row is None else PickupPoint(row["id"], row["full_address"])


class SqlOrders(_Repository):
    async def add(self, order: GiftOrder) -> GiftOrder | None:
        r = order.recipient
        row = await self._one(
            "INSERT INTO rewards_orders (user_id, order_key, product_id, product_code, pvz_id,"
            " first_name, last_name, phone, email, price, status, failure, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id, order_key) DO NOTHING RETURNING *",
            order.user_id,
            order.key,
            order.product_id,
            order.product_code,
            order.pvz_id,
            r.first_name,
            r.last_name,
            r.phone,
            r.email,
            order.price,
            order.status.value,
            order.failure,
            self._s.time(order.created_at),
        )
        return None if row is None else rows.order(row)

    async def by_key(self, user_id: int, key: str) -> GiftOrder | None:
        row = await self._one(
            "SELECT * FROM rewards_orders WHERE user_id = ? AND order_key = ?", user_id, key
        )
        return None if row is None else rows.order(row)

    async def get(self, order_id: int, *, for_update: bool = False) -> GiftOrder | None:
        lock = self._s.for_update if for_update else ""
        row = await self._one(f"SELECT * FROM rewards_orders WHERE id = ?{lock}", order_id)
        return None if row is None else rows.order(row)

    async def set_status(
        self, order_id: int, status: OrderStatus, failure: str | None = None
    ) -> None:
        await self._s.execute(
            "UPDATE rewards_orders SET status = ?, failure = ? WHERE id = ?",
            status.value,
            failure,
            order_id,
        )

    async def set_stage(self, order_id: int, stage: OrderStage) -> None:
        await self._s.execute(
            "UPDATE rewards_orders SET stage = ? WHERE id = ?", stage.value, order_id
        )

    async def created_between(self, start: datetime, end: datetime) -> list[GiftOrder]:
        found = await self._s.rows(
            "SELECT * FROM rewards_orders WHERE created_at >= ? AND created_at < ? ORDER BY id",
            self._s.time(start),
            self._s.time(end),
        )
        return [rows.order(row) for row in found]

    async def for_user(self, user_id: int) -> list[GiftOrder]:
        found = await self._s.rows(
            "SELECT * FROM rewards_orders WHERE user_id = ? ORDER BY id", user_id
        )
        return [rows.order(row) for row in found]

    async def anonymise(self, user_id: int) -> None:
        await self._s.execute(
            "UPDATE rewards_orders SET first_name = '', last_name = '', phone = '', email = ''"
            " WHERE user_id = ?",
            user_id,
        )


class SqlTexts(_Repository):
    async def get(self, key: str, locale: str) -> str | None:
        row = await self._one(
            "SELECT body FROM rewards_texts WHERE text_key = ? AND locale = ?", key, locale
        )
        return None if row is None else str(row["body"])

    async def put(self, key: str, locale: str, text: str, at: datetime) -> None:
        await self._s.execute(
            "INSERT INTO rewards_texts (text_key, locale, body, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (text_key, locale) DO UPDATE SET body = excluded.body,"
            " updated_at = excluded.updated_at",
            key,
            locale,
            text,
            self._s.time(at),
        )

    async def delete(self, key: str, locale: str) -> bool:
        deleted = await self._s.execute(
            "DELETE FROM rewards_texts WHERE text_key = ? AND locale = ?", key, locale
        )
        return deleted > 0

    async def all(self) -> list[tuple[str, str, str]]:
        found = await self._s.rows(
            "SELECT text_key, locale, body FROM rewards_texts ORDER BY text_key, locale"
        )
        return [(row["text_key"], row["locale"], row["body"]) for row in found]


class SqlTracks(_Repository):
    async def add(self, point: TrackPoint) -> bool:
        row = await self._one(
            "INSERT INTO rewards_track_points (user_id, track_id, at, latitude, longitude,"
            " accuracy_m) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING user_id",
            point.user_id,
            point.track,
            self._s.time(point.at),
            point.latitude,
            point.longitude,
            point.accuracy_m,
        )
        return row is not None

    async def points(self, user_id: int, track: int) -> list[TrackPoint]:
        found = await self._s.rows(
            "SELECT * FROM rewards_track_points WHERE user_id = ? AND track_id = ? ORDER BY at",
            user_id,
            track,
        )
        return [rows.track_point(row) for row in found]

    async def open_tracks(self, user_id: int) -> list[int]:
        found = await self._s.rows(
            "SELECT track_id, MIN(at) AS started FROM rewards_track_points WHERE user_id = ?"
            " GROUP BY track_id ORDER BY started, track_id",
            user_id,
        )
        return [int(row["track_id"]) for row in found]

    async def drop(self, user_id: int, track: int) -> None:
        await self._s.execute(
            "DELETE FROM rewards_track_points WHERE user_id = ? AND track_id = ?", user_id, track
        )

    async def erase(self, user_id: int) -> None:
        await self._s.execute("DELETE FROM rewards_track_points WHERE user_id = ?", user_id)


class SqlRewardsStore:
    """The rewards repositories bound to one open transaction (``uow.rewards``)."""

    def __init__(self, connection: BaseDBAsyncClient, dialect: Dialect) -> None:
        session = Session(connection, dialect)
        self.profiles = SqlProfiles(session)
        self.walks = SqlWalks(session)
        self.families = SqlFamilies(session)
        self.referrals = SqlReferrals(session)
        self.catalog = SqlCatalog(session)
        self.pickup_points = SqlPickupPoints(session)
        self.orders = SqlOrders(session)
        self.texts = SqlTexts(session)
        self.tracks = SqlTracks(session)
