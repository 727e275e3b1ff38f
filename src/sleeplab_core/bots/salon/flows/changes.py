"""A client's bookings: listing, moving and cancelling them; explaining refusals."""

from __future__ import annotations

from sleeplab_core.booking.errors import (
    BookingError,
    BookingNotFound,
    InvalidTransition,
    SlotTaken,
    SlotUnavailable,
    TooLate,
)
from sleeplab_core.booking.model import Booking
from sleeplab_core.booking.parsing import Intent, ParsedRequest
from sleeplab_core.booking.use_cases import cancel_booking, reschedule_booking, upcoming_bookings
from sleeplab_core.bots.salon.flows import effects, offers
from sleeplab_core.bots.salon.flows.state import HOLD, TARGET, forget, pending, text_of
from sleeplab_core.bots.salon.kit import SalonKit, booking_uow, client_of, menu
from sleeplab_core.bots.salon.render import describe, slot_from, when
from sleeplab_core.conversation import Button, FlowContext


async def _upcoming(ctx: FlowContext, kit: SalonKit) -> list[Booking]:
    found = await upcoming_bookings(booking_uow(ctx), ctx.clock, kit.config, client_of(ctx))
    return [b for b in found if b.id != ctx.data.get(HOLD)]


async def show_mine(ctx: FlowContext, kit: SalonKit) -> None:
    found = await _upcoming(ctx, kit)
    if not found:
        ctx.send(ctx.t("salon.mine.none"), [menu(ctx)])
        return
    rows = [
        [
            Button(ctx.t("salon.mine.move", when=when(ctx, kit.config, b.start)), f"move:{b.id}"),
            Button(ctx.t("salon.mine.cancel"), f"cancel:ask:{b.id}"),
        ]
        for b in found
    ]
    lines = "\n".join(describe(ctx, kit.config, b) for b in found)
    ctx.send(ctx.t("salon.mine.list", lines=lines), rows)


async def _one_or_choose(ctx: FlowContext, kit: SalonKit, action: str) -> Booking | None:
    found = await _upcoming(ctx, kit)
    if len(found) == 1:
        return found[0]
    if not found:
        ctx.send(ctx.t("salon.mine.none"), [menu(ctx)])
        return None
    data = "move:" if action == "move" else "cancel:ask:"
    rows = [[Button(describe(ctx, kit.config, b), f"{data}{b.id}")] for b in found]
    ctx.send(ctx.t(f"salon.choose.{action}"), rows)
    return None


async def start_cancel(ctx: FlowContext, kit: SalonKit) -> None:
    booking = await _one_or_choose(ctx, kit, "cancel")
    if booking is not None:
        _ask_cancel(ctx, kit, booking)


def _ask_cancel(ctx: FlowContext, kit: SalonKit, booking: Booking) -> None:
    text = ctx.t("salon.cancel.confirm", line=describe(ctx, kit.config, booking))
    ctx.send(text, [[ctx.button("salon.cancel.yes", f"cancel:yes:{booking.id}")],
                    [ctx.button("salon.cancel.keep", "keep:")]])  # fmt: skip


async def start_move(request: ParsedRequest, ctx: FlowContext, kit: SalonKit) -> None:
    booking = await _one_or_choose(ctx, kit, "move")
    if booking is not None:
        await _offer_move(booking, request, ctx, kit)


async def _offer_move(
    booking: Booking, request: ParsedRequest, ctx: FlowContext, kit: SalonKit
) -> None:
    ctx.data[TARGET] = booking.id
    moving = request.model_copy(update={
        "intent": Intent.RESCHEDULE,
        "service_id": booking.service_id,
        "specialist_id": request.specialist_id or booking.specialist_id,
    })  # fmt: skip
    await offers.offer(moving, ctx, kit)


async def move_to(data: str, ctx: FlowContext, kit: SalonKit) -> None:
    slot, target = slot_from(data), text_of(ctx, TARGET)
    if slot is None or target is None:
        await show_mine(ctx, kit)
        return
    uow = booking_uow(ctx)
    before = await uow.booking.get(target)
    moved = await reschedule_booking(
        uow, ctx.clock, kit.config, target, client_of(ctx), slot.start,
        specialist_id=slot.specialist_id,
    )  # fmt: skip
    if before is not None:
        await effects.moved(ctx, kit, before, moved)
    forget(ctx)
    ctx.send(ctx.t("salon.moved", line=describe(ctx, kit.config, moved)), [menu(ctx)])


async def on_button(kind: str, rest: str, ctx: FlowContext, kit: SalonKit) -> None:
    uow, client = booking_uow(ctx), client_of(ctx)
    if kind == "keep":
        forget(ctx)
        ctx.send(ctx.t("salon.cancel.kept"), [menu(ctx)])
        return
    if kind == "move":
        booking = await uow.booking.get(rest)
        if booking is None or booking.client_id != client:
            raise BookingNotFound(rest)
        await _offer_move(booking, pending(ctx) or ParsedRequest(), ctx, kit)
        return
    step, _, booking_id = rest.partition(":")
    if step == "ask":
        booking = await uow.booking.get(booking_id)
        if booking is None or booking.client_id != client:
            raise BookingNotFound(booking_id)
        _ask_cancel(ctx, kit, booking)
        return
    cancelled = await cancel_booking(uow, ctx.clock, kit.config, booking_id, client)
    await effects.cancelled(ctx, kit, cancelled)
    forget(ctx)
    ctx.send(ctx.t("salon.cancelled", line=describe(ctx, kit.config, cancelled)), [menu(ctx)])


async def explain(error: BookingError, ctx: FlowContext, kit: SalonKit) -> None:
    """Tell the client why the salon said no, and what they can do next."""
    match error:
        case SlotTaken() | SlotUnavailable():
            ctx.send(ctx.t("salon.error.taken"), tag="notice")
            ctx.data.pop(HOLD, None)
            request = pending(ctx)
            if request is not None and request.service_id is not None:
                await offers.offer(request, ctx, kit)
        case TooLate(notice_minutes=minutes):
            forget(ctx)
            ctx.send(ctx.t("salon.error.too_late", hours=_hours(minutes)), [menu(ctx)])
        case BookingNotFound() | InvalidTransition():
            forget(ctx)
            ctx.send(ctx.t("salon.error.not_found"), [menu(ctx)])
        case _:
            forget(ctx)
            ctx.send(ctx.t("salon.error.other"), [menu(ctx)])


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g}"
