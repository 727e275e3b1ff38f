"""The rewards module's records: profiles, walks, families, referrals, catalog and orders."""

from __future__ import annotations

import enum
from datetime import date, datetime

import attrs


@attrs.frozen
class Profile:
    """A registered player. ``family_id`` is their family now; ``referrer_id`` who invited them."""

    user_id: int
    name: str
    phone: str
    registered_at: datetime
    referral_code: str = ""
    email: str = ""
    city: str = ""
    zone: str = "Europe/Moscow"
    referrer_id: int | None = None
    family_id: int | None = None


class MeasuredBy(enum.Enum):
    """How a walk was measured (stored with it; rewards may depend on it)."""

    FORM = "form"
    GPS = "gps"


class WalkStatus(enum.Enum):
    COUNTED = "counted"
    REFUSED = "refused"


@attrs.frozen
class WeatherReading:
    """The temperature used for a walk's coefficient, kept for audit.

    ``temperature_tenths`` is in tenths of a degree Celsius; ``fallback`` marks a reading
    the service could not give (then the default coefficient applied).
    """

    source: str
    temperature_tenths: int | None
    observed_at: datetime | None
    fallback: bool = False


@attrs.frozen
class Walk:
    """A logged walk; ``key`` makes re-submission and re-delivery idempotent per user."""

    id: int
    user_id: int
    key: str
    measured_by: MeasuredBy
    status: WalkStatus
    local_day: date
    logged_at: datetime
    minutes: int
    steps: int
    distance_m: int
    weather: WeatherReading
    coefficient_per_mille: int
    points: int
    family_id: int | None = None
    refusal: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@attrs.frozen
class TrackPoint:
    """One point of a live location being shared: ``track`` is the live message's id."""

    user_id: int
    track: int
    at: datetime
    latitude: float
    longitude: float
    accuracy_m: float | None = None


@attrs.frozen
class Family:
    id: int
    name: str
    owner_id: int
    invite_code: str
    created_at: datetime


@attrs.frozen
class Referral:
    """``referrer_id`` invited ``referee_id``; ``rewarded_walk_id`` is the qualifying walk."""

    referee_id: int
    referrer_id: int
    created_at: datetime
    rewarded_walk_id: int | None = None


@attrs.frozen
class Category:
    id: int
    title: str


@attrs.frozen
class Product:
    """A gift in the catalog: ``price`` in points, ``stock`` never negative."""

    id: int
    code: str
    category_id: int
    title: str
    price: int
    stock: int
    description: str = ""


@attrs.frozen
class PickupPoint:
    """A pickup point (ПВЗ) as the admin API delivers it: an opaque id and an address."""

    id: str
    full_address: str


class OrderStatus(enum.Enum):
    PENDING = "pending"  # recorded, points not yet held
    PLACED = "placed"  # points held and posted, item taken from stock
    FAILED = "failed"  # refused (no points, out of stock); nothing held
    CANCELLED = "cancelled"  # points returned, item back in stock


class OrderStage(enum.Enum):
    """Where a placed order is on its way to the player (operators move it forward)."""

    PLACED = "placed"  # placed, on its way to the pickup point
    READY = "ready"  # waiting at the pickup point
    PICKED_UP = "picked_up"  # the player has it: it can no longer be cancelled


STAGE_ORDER = (OrderStage.PLACED, OrderStage.READY, OrderStage.PICKED_UP)


@attrs.frozen
class Recipient:
    first_name: str
    last_name: str
    phone: str
    email: str = ""


@attrs.frozen
class GiftOrder:
    """An order of a product to a pickup point; ``key`` makes placing it idempotent."""

    id: int
    user_id: int
    key: str
    product_id: int
    product_code: str
    pvz_id: str
    recipient: Recipient
    price: int
    status: OrderStatus
    created_at: datetime
    failure: str | None = None
    stage: OrderStage = OrderStage.PLACED

    @property
    def shown_status(self) -> str:
        """What the player and operators call it: ``cancelled``, or the stage of a placed
        order (``placed``, ``ready``, ``picked_up``), or ``pending`` / ``failed``."""
        return self.stage.value if self.status is OrderStatus.PLACED else self.status.value
