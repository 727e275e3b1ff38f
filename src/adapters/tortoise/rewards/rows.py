"""Rows ↔ rewards records (datetimes per dialect through the ledger's ``Session``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from adapters.tortoise.ledger.sql import Session
from sleeplab_core.rewards.model import (
    Family,
    GiftOrder,
    MeasuredBy,
    OrderStage,
    OrderStatus,
    Product,
    Profile,
    Recipient,
    TrackPoint,
    Walk,
    WalkStatus,
    WeatherReading,
)


def day_param(session: Session, day: date) -> Any:
    return day if session.dialect == "postgres" else day.isoformat()


def read_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def profile(row: dict[str, Any]) -> Profile:
    return Profile(
        user_id=row["user_id"],
        name=row["name"],
        phone=row["phone"],
        email=row["email"],
        city=row["city"],
        zone=row["zone"],
        referral_code=row["referral_code"],
        referrer_id=row["referrer_id"],
        family_id=row["family_id"],
        registered_at=Session.read_time(row["registered_at"]),
    )


def walk(row: dict[str, Any]) -> Walk:
    return Walk(
        id=row["id"],
        user_id=row["user_id"],
        key=row["walk_key"],
        measured_by=MeasuredBy(row["measured_by"]),
        status=WalkStatus(row["status"]),
        local_day=read_day(row["local_day"]),
        logged_at=Session.read_time(row["logged_at"]),
        minutes=row["minutes"],
        steps=row["steps"],
        distance_m=row["distance_m"],
        weather=WeatherReading(
            row["weather_source"],
            row["temperature_tenths"],
            Session.read_optional_time(row["observed_at"]),
            bool(row["weather_fallback"]),
        ),
        coefficient_per_mille=row["coefficient_per_mille"],
        points=row["points"],
        family_id=row["family_id"],
        refusal=row["refusal"],
        latitude=row["latitude"],
        longitude=row["longitude"],
    )


def walk_params(session: Session, record: Walk) -> list[Any]:
    fallback: Any = (
        record.weather.fallback if session.dialect == "postgres" else int(record.weather.fallback)
    )
    return [
        record.user_id,
        record.key,
        record.measured_by.value,
        record.status.value,
        day_param(session, record.local_day),
        session.time(record.logged_at),
        record.minutes,
        record.steps,
        record.distance_m,
        record.weather.source,
        record.weather.temperature_tenths,
        session.time(record.weather.observed_at),
        fallback,
        record.coefficient_per_mille,
        record.points,
        record.family_id,
        record.refusal,
        record.latitude,
        record.longitude,
    ]


def family(row: dict[str, Any]) -> Family:
    return Family(
        row["id"],
        row["name"],
        row["owner_id"],
        row["invite_code"],
        Session.read_time(row["created_at"]),
    )


def product(row: dict[str, Any]) -> Product:
    return Product(
        id=row["id"],
        code=row["code"],
        category_id=row["category_id"],
        title=row["title"],
        price=row["price"],
        stock=row["stock"],
        description=row["description"],
    )


def order(row: dict[str, Any]) -> GiftOrder:
    return GiftOrder(
        id=row["id"],
        user_id=row["user_id"],
        key=row["order_key"],
        product_id=row["product_id"],
        product_code=row["product_code"],
        pvz_id=row["pvz_id"],
        recipient=Recipient(row["first_name"], row["last_name"], row["phone"], row["email"]),
        price=row["price"],
        status=OrderStatus(row["status"]),
        created_at=Session.read_time(row["created_at"]),
        failure=row["failure"],
        stage=OrderStage(row["stage"]),
    )


def track_point(row: dict[str, Any]) -> TrackPoint:
    accuracy = row["accuracy_m"]
    return TrackPoint(
        user_id=row["user_id"],
        track=row["track_id"],
        at=Session.read_time(row["at"]),
        latitude=float(row["latitude"]),
        longitude=float(row["longitude"]),
        accuracy_m=None if accuracy is None else float(accuracy),
    )
