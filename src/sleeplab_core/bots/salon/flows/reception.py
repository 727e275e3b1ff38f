"""The reception: free text and buttons in, slots offered, bookings held, moved, cancelled.

It parses the event, calls the booking use cases, and renders; every rule lives in the
booking module.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sleeplab_core.booking.dialogue import Speaker, model_context
from sleeplab_core.booking.errors import BookingError
from sleeplab_core.booking.parsing import Intent, ParsedRequest, Problem
from sleeplab_core.bots.salon.flows import changes, history, offers
from sleeplab_core.bots.salon.flows.state import TARGET, continuing, forget, pending
from sleeplab_core.bots.salon.kit import SalonKit, menu
from sleeplab_core.bots.salon.render import SLOT_PREFIX, services_overview
from sleeplab_core.conversation import (
    Button,
    ButtonPress,
    Command,
    Event,
    FlowContext,
    Media,
    Start,
    Text,
)

log = logging.getLogger(__name__)
CYRILLIC = frozenset("абвгдежзийклмнопрстуфхцчшщъыьэюяё")


class Reception:
    name = "reception"

    def __init__(self, kit: SalonKit) -> None:
        self.kit = kit

    async def enter(self, ctx: FlowContext) -> None:
        forget(ctx)
        name = self.kit.config.name.get(ctx.locale)
        ctx.send(ctx.t("salon.welcome", salon=name), [self.menu(ctx)])

    def menu(self, ctx: FlowContext) -> list[Button]:
        return menu(ctx)

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        try:
            await self._handle(event, ctx)
        except BookingError as error:  # a rule said no: explain, keep the dialogue going
            log.info("salon: %s", type(error).__name__)
            await changes.explain(error, ctx, self.kit)

    async def _handle(self, event: Event, ctx: FlowContext) -> None:
        match event:
            case Start():
                await self.enter(ctx)
            case Command():
                await self.enter(ctx)
            case Text(text=text) if self.kit.burst_window > timedelta(0):
                await history.buffer(text, ctx, self.kit)
            case Text(text=text):
                await self.read(text, ctx)
            case ButtonPress(data=data):
                moving = bool(ctx.data.get(TARGET))
                await self.on_button(data, ctx)
                if _changes_a_booking(data, moving):
                    await history.record(ctx, self.kit, (Speaker.OUTCOME, history.last_reply(ctx)))
            case Media():
                ctx.send(ctx.t("salon.text_only"), tag="notice")
            case _:
                pass

    async def read(self, text: str, ctx: FlowContext) -> None:
        """Answer a client's text (one message, or a merged burst) and keep it in history."""
        if not text.strip():
            return
        try:
            await self.on_text(text, ctx)
        except BookingError as error:
            log.info("salon: %s", type(error).__name__)
            await changes.explain(error, ctx, self.kit)
        reply = history.last_reply(ctx)
        await history.record(ctx, self.kit, (Speaker.CLIENT, text), (Speaker.BOT, reply))
        await history.schedule_compression(ctx)

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        if ctx.locale != "ru" and CYRILLIC & set(text.lower()):
            ctx.update_user(locale="ru")
        today = self.kit.today(ctx.clock)
        context = model_context(await history.history_of(ctx, self.kit))
        parsed = await self.kit.parser.parse(text, self.kit.config, today, ctx.locale, context)
        request = continuing(parsed, pending(ctx))
        if await self._problem(request, ctx):
            return
        await self.act(request, ctx)

    async def act(self, request: ParsedRequest, ctx: FlowContext) -> None:
        match request.intent:
            case Intent.BOOK:
                await offers.offer(request, ctx, self.kit)
            case Intent.RESCHEDULE:
                await changes.start_move(request, ctx, self.kit)
            case Intent.CANCEL:
                await changes.start_cancel(ctx, self.kit)
            case Intent.QUESTION:
                self._answer_question(ctx)
            case _:
                ctx.send(ctx.t("salon.help"), [self.menu(ctx)])

    async def _problem(self, request: ParsedRequest, ctx: FlowContext) -> bool:
        for problem in request.problems:
            offers.keep(request.model_copy(update={"day": None}), ctx)
            ctx.send(ctx.t(f"salon.problem.{problem.value}"), tag="notice")
            if problem is Problem.UNKNOWN_SERVICE:
                await offers.ask_service(ctx, self.kit)
            return True
        return False

    def _answer_question(self, ctx: FlowContext) -> None:
        text = ctx.t("salon.question.answer", services=services_overview(ctx, self.kit.config))
        ctx.send(text, [self.menu(ctx)])

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        kind, _, rest = data.partition(":")
        match kind:
            case "menu" if rest == "book":
                forget(ctx)
                await offers.ask_service(ctx, self.kit)
            case "menu" if rest == "mine":
                await changes.show_mine(ctx, self.kit)
            case "svc":
                await offers.chose_service(rest, ctx, self.kit)
            case _ if data.startswith(SLOT_PREFIX):
                await self._chose_slot(data, ctx)
            case "hold":
                await offers.answer_hold(rest, ctx, self.kit)
            case "wait":
                await offers.join_wait(ctx, self.kit)
            case "move" | "cancel" | "keep":
                await changes.on_button(kind, rest, ctx, self.kit)
            case _:
                log.info("salon: unknown button")
                await self.enter(ctx)

    async def _chose_slot(self, data: str, ctx: FlowContext) -> None:
        if ctx.data.get(TARGET):
            await changes.move_to(data, ctx, self.kit)
        else:
            await offers.hold(data, ctx, self.kit)


def _changes_a_booking(data: str, moving: bool) -> bool:
    """Buttons after which a booking exists, moved or is gone: kept as outcomes."""
    return data.startswith(("hold:ok", "cancel:yes")) or (moving and data.startswith(SLOT_PREFIX))


class MyBookings(Reception):
    """``/bookings``: opens on the client's bookings, then reads everything as the reception."""

    name = "bookings"

    async def enter(self, ctx: FlowContext) -> None:
        forget(ctx)
        await changes.show_mine(ctx, self.kit)
