"""The router: hands each event to the user's active flow and checkpoints the result."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import attrs

from sleeplab_core.conversation.actions import Action, Screen, SendScreen
from sleeplab_core.conversation.errors import RecipientBlocked, UnknownFlow
from sleeplab_core.conversation.events import (
    Blocked,
    Command,
    Event,
    Location,
    Start,
    Unblocked,
    Unsupported,
)
from sleeplab_core.conversation.flow import BotSpec, FlowContext
from sleeplab_core.conversation.model import Conversation
from sleeplab_core.conversation.ports import Channel
from sleeplab_core.funnels.use_cases.record_steps import record_steps
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, Catalog, Message
from sleeplab_core.kernel.users import User

if TYPE_CHECKING:
    # The aggregate unit of work sits above every module; the router only opens it.
    from sleeplab_core.storage.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

MAX_FLOW_SWITCHES = 8
"""Guards against two flows switching to each other forever."""


class Router:
    """Turns one inbound event into the actions to perform, in one unit of work.

    A re-delivered event (same ``update_key``) does nothing. A failing flow rolls its unit of
    work back — the user's progress stays at the last checkpoint — and the user is told
    something went wrong.
    """

    def __init__(
        self, bot: BotSpec, uow: UnitOfWorkFactory, clock: Clock, catalog: Catalog
    ) -> None:
        for name in (bot.start, *bot.commands.values()):
            if name not in bot.flows:
                raise UnknownFlow(f"bot {bot.name!r} has no flow {name!r}")
        self.bot = bot
        self._uow = uow
        self._clock = clock
        self._catalog = catalog

    async def handle(self, event: Event) -> tuple[list[Action], dict[str, int]]:
        """Process ``event``; return the actions and the known message ids by tag."""
        try:
            return await self._handle(event)
        except Exception:
            log.exception(
                "flow failed: bot=%s user=%s event=%s",
                self.bot.name,
                event.user_id,
                type(event).__name__,
            )
            return await self._apology(event), await self._message_ids(event)

    @property
    def unit_of_work(self) -> UnitOfWorkFactory:
        """The factory the router opens its units of work with (operators and tests peek)."""
        return self._uow

    @property
    def clock(self) -> Clock:
        return self._clock

    async def knows(self, user_id: int) -> bool:
        """Whether the user has a conversation with this bot (to resume rather than start)."""
        async with self._uow() as uow:
            return await uow.conversations.get(user_id, self.bot.name) is not None

    async def remember(self, user_id: int, messages: dict[str, int]) -> None:
        """Store the channel's message ids of tagged messages (for later edits/deletes)."""
        async with self._uow() as uow:
            await uow.conversations.set_messages(user_id, self.bot.name, messages)
            await uow.commit()

    async def _handle(self, event: Event) -> tuple[list[Action], dict[str, int]]:
        async with self._uow() as uow:
            if event.update_key and not await uow.inbox.first_time(event.update_key):
                log.info("duplicate delivery ignored: %s", event.update_key)
                return [], {}
            known = await uow.users.get(event.user_id)
            user = known or self._new_user(event)
            conversation = await uow.conversations.get(user.id, self.bot.name)
            before = conversation.flow if conversation is not None else None
            if conversation is None:
                conversation = Conversation(
                    user.id, self.bot.name, self.bot.start, self._clock.now()
                )
            ctx = FlowContext(
                user=user,
                data=dict(conversation.data),
                uow=uow,
                clock=self._clock,
                catalog=self._catalog,
                bot=self.bot.name,
            )
            flow_name = await self._dispatch(event, ctx, conversation.flow)
            if known is None and isinstance(event, Blocked | Unblocked):
                return [], {}  # nothing to remember about someone we never met
            if ctx.erased:
                await uow.commit()
                return ctx.actions, {}
            if ctx.user != known:
                await uow.users.save(ctx.user)
            await self._record_steps(uow, ctx, before, flow_name)
            await uow.conversations.save(
                attrs.evolve(
                    conversation, flow=flow_name, data=ctx.data, updated_at=self._clock.now()
                )
            )
            await uow.commit()
            return ctx.actions, dict(conversation.messages)

    async def _dispatch(self, event: Event, ctx: FlowContext, current: str) -> str:
        if isinstance(event, Blocked | Unblocked):
            ctx.update_user(active=isinstance(event, Unblocked))
            return current
        if not ctx.user.active:
            ctx.update_user(active=True)  # a user who writes again has unblocked the bot
        if isinstance(event, Unsupported) or (
            isinstance(event, Location) and not self.bot.locations
        ):
            ctx.send(ctx.t("conversation.unsupported"), tag="notice")
            return current
        target = self._command_target(event)
        if target is not None:
            ctx.data = {}
            flow = self.bot.flows[target]
            if isinstance(event, Command) and event.name not in getattr(flow, "commands", ()):
                # A routed command opens its flow: the flow never sees it as input (so it
                # cannot answer "unknown command" before working) unless it declares the
                # command among its ``commands`` (e.g. the assistant's ``/new``).
                ctx.data = {"args": event.args} if event.args else {}
                await flow.enter(ctx)
            else:
                await flow.handle(event, ctx)
            current = target
        elif current not in self.bot.flows:
            log.warning("unknown flow %r in stored conversation; restarting", current)
            current = self.bot.start
            ctx.data = {}
            await self.bot.flows[current].enter(ctx)
        else:
            await self.bot.flows[current].handle(event, ctx)
        return await self._follow_switches(ctx, current)

    async def _record_steps(
        self, uow: UnitOfWork, ctx: FlowContext, before: str | None, after: str
    ) -> None:
        """The funnel steps of this event: the flow reached, and what the flows noted.
        Only where the store has the funnels module (every deployment; bare test stores
        may leave it out)."""
        funnels = getattr(uow, "funnels", None)
        steps = ([f"flow:{after}"] if after != before else []) + ctx.reached
        if funnels is not None and steps:
            await record_steps(funnels, self.bot.name, ctx.user, steps, self._clock.now())

    def _command_target(self, event: Event) -> str | None:
        if isinstance(event, Start):
            return self.bot.start
        if isinstance(event, Command):
            return self.bot.commands.get(event.name)
        return None

    async def _follow_switches(self, ctx: FlowContext, current: str) -> str:
        for _ in range(MAX_FLOW_SWITCHES):
            if ctx.next_flow is None:
                return current
            current, data = ctx.next_flow
            ctx.next_flow = None
            if current not in self.bot.flows:
                raise UnknownFlow(f"bot {self.bot.name!r} has no flow {current!r}")
            ctx.data = data
            await self.bot.flows[current].enter(ctx)
        raise UnknownFlow(f"flows kept switching: last {current!r}")

    def _new_user(self, event: Event) -> User:
        hint = (event.language_hint or "").split("-")[0].lower()
        locale = hint if hint in SUPPORTED_LOCALES else DEFAULT_LOCALE
        return User(id=event.user_id, created_at=self._clock.now(), locale=locale)

    async def _apology(self, event: Event) -> list[Action]:
        locale = DEFAULT_LOCALE
        try:
            async with self._uow() as uow:
                user = await uow.users.get(event.user_id)
                locale = user.locale if user else locale
        except Exception:
            log.exception("could not load user %s for the apology", event.user_id)
        text = self._catalog.render(locale, Message("conversation.error"))
        return [SendScreen(screen=Screen.of(text), tag="notice")]

    async def _message_ids(self, event: Event) -> dict[str, int]:
        try:
            async with self._uow() as uow:
                conversation = await uow.conversations.get(event.user_id, self.bot.name)
                return dict(conversation.messages) if conversation else {}
        except Exception:
            return {}


class Conversations:
    """The use case every channel calls: handle an event, perform its actions, remember ids."""

    def __init__(self, router: Router) -> None:
        self.router = router

    async def deliver(self, event: Event, channel: Channel) -> list[Action]:
        actions, message_ids = await self.router.handle(event)
        if not actions:
            return actions
        before = dict(message_ids)
        try:
            receipts = await channel.perform(event.user_id, actions, dict(message_ids))
        except RecipientBlocked:
            log.info("user %s blocked the bot; marking inactive", event.user_id)
            await self.router.handle(Blocked(user_id=event.user_id))
            return actions
        after = dict(before)
        for receipt in receipts:
            if receipt.message_id is None:
                after.pop(receipt.tag, None)
            else:
                after[receipt.tag] = receipt.message_id
        if after != before:
            await self.router.remember(event.user_id, after)
        return actions
