"""Slots and bookings as clients read them: local day and time, names, never ids."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Booking, Slot
from sleeplab_core.conversation import Button, FlowContext

SLOT_PREFIX = "slot:"


Texts = Callable[..., str]


def when(ctx: FlowContext, config: SalonConfig, moment: datetime) -> str:
    return when_with(ctx.t, config, moment)


def when_with(t: Texts, config: SalonConfig, moment: datetime) -> str:
    """``Fri 05.06 15:00`` in the salon's zone."""
    local = moment.astimezone(config.zone)
    weekday = t(f"salon.weekday.{local.weekday()}")
    return f"{weekday} {local:%d.%m} {local:%H:%M}"


def slot_button(ctx: FlowContext, config: SalonConfig, slot: Slot, with_name: bool) -> Button:
    label = when(ctx, config, slot.start)
    if with_name:
        label += " · " + config.specialist(slot.specialist_id).name.get(ctx.locale)
    minutes = int(slot.start.timestamp() // 60)
    return Button(label, f"{SLOT_PREFIX}{slot.specialist_id}:{minutes}")


def slot_from(data: str) -> Slot | None:
    """The slot a button carried, or None for malformed data."""
    specialist, _, minutes = data.removeprefix(SLOT_PREFIX).partition(":")
    if not specialist or not minutes.isdigit():
        return None
    return Slot(specialist, datetime.fromtimestamp(int(minutes) * 60, UTC))


def describe(ctx: FlowContext, config: SalonConfig, booking: Booking) -> str:
    return line_with(ctx.t, ctx.locale, config, booking)


def line_with(t: Texts, locale: str, config: SalonConfig, booking: Booking) -> str:
    """``Manicure with Anna, Fri 05.06 15:00`` in ``locale``."""
    service = config.find_service(booking.service_id)
    specialist = config.find_specialist(booking.specialist_id)
    # A service or specialist removed from the config since the booking was made.
    return t(
        "salon.booking.line",
        service=service.name.get(locale) if service else t("salon.removed.service"),
        specialist=specialist.name.get(locale) if specialist else t("salon.removed.specialist"),
        when=when_with(t, config, booking.start),
    )


def service_name(ctx: FlowContext, config: SalonConfig, service_id: str) -> str:
    return config.service(service_id).name.get(ctx.locale)


def services_overview(ctx: FlowContext, config: SalonConfig) -> str:
    lines = [
        ctx.t(
            "salon.services.line",
            service=service.name.get(ctx.locale),
            minutes=service.slots * config.slot_minutes,
        )
        for service in config.services
    ]
    return "\n".join(lines)


def hold_rows(t: Texts, booking_id: str) -> list[list[Button]]:
    """Confirm / another time, for the hold ``booking_id`` (the buttons carry it)."""
    return [
        [Button(t("salon.hold.ok"), f"hold:ok:{booking_id}")],
        [Button(t("salon.hold.other"), f"hold:other:{booking_id}")],
    ]
