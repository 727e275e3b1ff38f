"""What follows a booking change, in the same transaction: reminders, waitlist offers and
the spreadsheet copy, all as durable jobs."""

from __future__ import annotations

from sleeplab_core.booking.model import Booking
from sleeplab_core.booking.use_cases import (
    announce_freed_slot,
    drop_reminders,
    plan_reminders,
    queue_sheet_copy,
)
from sleeplab_core.bots.salon.kit import SalonKit, booking_uow
from sleeplab_core.conversation import FlowContext


async def booked(ctx: FlowContext, kit: SalonKit, booking: Booking) -> None:
    uow = booking_uow(ctx)
    await plan_reminders(uow, ctx.clock, booking)
    await _copy(ctx, kit, booking)


async def moved(ctx: FlowContext, kit: SalonKit, before: Booking, after: Booking) -> None:
    uow = booking_uow(ctx)
    await drop_reminders(uow, ctx.clock, before)
    await announce_freed_slot(uow, ctx.clock, kit.config, before)
    await plan_reminders(uow, ctx.clock, after)
    await _copy(ctx, kit, after)


async def cancelled(ctx: FlowContext, kit: SalonKit, booking: Booking) -> None:
    uow = booking_uow(ctx)
    await drop_reminders(uow, ctx.clock, booking)
    await announce_freed_slot(uow, ctx.clock, kit.config, booking)
    await _copy(ctx, kit, booking)


async def released(ctx: FlowContext, kit: SalonKit, hold: Booking) -> None:
    await announce_freed_slot(booking_uow(ctx), ctx.clock, kit.config, hold)


async def _copy(ctx: FlowContext, kit: SalonKit, booking: Booking) -> None:
    if kit.sheet is not None:
        await queue_sheet_copy(booking_uow(ctx), ctx.clock, booking)
