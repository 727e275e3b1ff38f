"""Offering the nearest free slots, holding the one picked, confirming it."""

from __future__ import annotations

from datetime import timedelta

from sleeplab_core.booking.availability import SlotQuery
from sleeplab_core.booking.model import Slot
from sleeplab_core.booking.parsing import Intent, ParsedRequest
from sleeplab_core.booking.use_cases import (
    SlotRequest,
    cancel_booking,
    confirm_hold,
    find_free_slots,
    hold_slot,
    join_waitlist,
)
from sleeplab_core.bots.salon.flows import effects
from sleeplab_core.bots.salon.flows.state import HOLD, TARGET, forget, pending, remember, text_of
from sleeplab_core.bots.salon.kit import (
    SEARCH_DAYS,
    SLOTS_SHOWN,
    SalonKit,
    booking_uow,
    client_of,
    menu,
)
from sleeplab_core.bots.salon.render import (
    describe,
    hold_rows,
    service_name,
    slot_button,
    slot_from,
)
from sleeplab_core.conversation import Button, FlowContext


def keep(request: ParsedRequest, ctx: FlowContext) -> None:
    remember(ctx, request)


async def ask_service(ctx: FlowContext, kit: SalonKit) -> None:
    rows = [[Button(s.name.get(ctx.locale), f"svc:{s.id}")] for s in kit.config.services]
    ctx.send(ctx.t("salon.ask.service"), rows)


async def chose_service(service_id: str, ctx: FlowContext, kit: SalonKit) -> None:
    if not kit.config.has_service(service_id):
        await ask_service(ctx, kit)
        return
    earlier = pending(ctx) or ParsedRequest(intent=Intent.BOOK)
    await offer(earlier.model_copy(update={"service_id": service_id}), ctx, kit)


async def offer(request: ParsedRequest, ctx: FlowContext, kit: SalonKit) -> None:
    """Show the nearest free slots for ``request``, asking for a service first if needed."""
    request = _without_unfit_specialist(request, ctx, kit)
    remember(ctx, request)
    if request.service_id is None:
        await ask_service(ctx, kit)
        return
    slots, exact = await nearest(request, ctx, kit)
    service = service_name(ctx, kit.config, request.service_id)
    if not slots:
        ctx.send(ctx.t("salon.offer.none", service=service),
                 [[ctx.button("salon.waitlist.join", "wait:")], menu(ctx)])  # fmt: skip
        return
    key = "salon.offer.move" if ctx.data.get(TARGET) else "salon.offer.slots"
    text = ctx.t(key, service=service)
    if not exact:
        text = ctx.t("salon.offer.nearest") + "\n" + text
    several = len({slot.specialist_id for slot in slots}) > 1 or request.specialist_id is None
    rows = [[slot_button(ctx, kit.config, slot, several)] for slot in slots]
    ctx.send(text + "\n" + ctx.t("salon.offer.other_time"), rows)


def _without_unfit_specialist(
    request: ParsedRequest, ctx: FlowContext, kit: SalonKit
) -> ParsedRequest:
    if request.service_id is None or request.specialist_id is None:
        return request
    offering = {s.id for s in kit.config.specialists_for(request.service_id)}
    if request.specialist_id in offering:
        return request
    ctx.send(ctx.t("salon.offer.not_by_specialist",
                   specialist=kit.config.specialist(request.specialist_id).name.get(ctx.locale),
                   service=service_name(ctx, kit.config, request.service_id)),
             tag="notice")  # fmt: skip
    return request.model_copy(update={"specialist_id": None})


async def nearest(
    request: ParsedRequest, ctx: FlowContext, kit: SalonKit
) -> tuple[list[Slot], bool]:
    """Slots fitting the request exactly, else the nearest with its wishes relaxed."""
    assert request.service_id is not None
    first = request.day or kit.today(ctx.clock)
    last = first if request.day else first + timedelta(days=SEARCH_DAYS)
    wide = first + timedelta(days=SEARCH_DAYS)
    attempts = (
        SlotQuery(request.service_id, first, last, request.specialist_id,
                  request.not_before, request.not_after),
        SlotQuery(request.service_id, first, first, request.specialist_id),
        SlotQuery(request.service_id, first, wide, request.specialist_id),
        SlotQuery(request.service_id, first, wide),
    )  # fmt: skip
    for number, query in enumerate(attempts):
        slots = await find_free_slots(booking_uow(ctx), ctx.clock, kit.config, query)
        if slots:
            return slots[:SLOTS_SHOWN], number == 0
    return [], False


async def hold(data: str, ctx: FlowContext, kit: SalonKit) -> None:
    slot, request = slot_from(data), pending(ctx)
    if slot is None or request is None or request.service_id is None:
        await ask_service(ctx, kit)
        return
    wanted = SlotRequest(client_of(ctx), request.service_id, slot.specialist_id, slot.start)
    held = await hold_slot(booking_uow(ctx), ctx.clock, kit.config, wanted)
    ctx.data[HOLD] = held.id
    text = ctx.t("salon.hold.confirm", line=describe(ctx, kit.config, held),
                 minutes=kit.config.hold_minutes)  # fmt: skip
    ctx.send(text, hold_rows(ctx.t, held.id))


async def answer_hold(rest: str, ctx: FlowContext, kit: SalonKit) -> None:
    answer, _, held_id = rest.partition(":")
    held = held_id or text_of(ctx, HOLD)
    if not held:
        ctx.send(ctx.t("salon.hold.gone"), [menu(ctx)])
        return
    uow, client = booking_uow(ctx), client_of(ctx)
    if answer == "ok":
        booking = await confirm_hold(uow, ctx.clock, kit.config, held, client)
        await effects.booked(ctx, kit, booking)
        forget(ctx)
        ctx.send(ctx.t("salon.booked", line=describe(ctx, kit.config, booking)), [menu(ctx)])
        return
    released = await cancel_booking(uow, ctx.clock, kit.config, held, client)
    await effects.released(ctx, kit, released)
    ctx.data.pop(HOLD, None)
    request = pending(ctx)
    if request is not None:
        await offer(request.model_copy(update={"not_before": None, "not_after": None}), ctx, kit)


async def join_wait(ctx: FlowContext, kit: SalonKit) -> None:
    request = pending(ctx)
    if request is None or request.service_id is None:
        await ask_service(ctx, kit)
        return
    day = request.day or kit.today(ctx.clock)
    await join_waitlist(booking_uow(ctx), ctx.clock, kit.config, client_of(ctx),
                        request.service_id, day, request.specialist_id)  # fmt: skip
    forget(ctx)
    start = ctx.t("salon.waitlist.joined", service=service_name(ctx, kit.config,
                                                                 request.service_id))  # fmt: skip
    ctx.send(start, [menu(ctx)])
