"""Worker handlers that act on a client's conversation: merged bursts, history compression."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import attrs

from sleeplab_core.booking.dialogue import compress, is_silent
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.bots.salon.bot import BOT_NAME
from sleeplab_core.bots.salon.flows import Reception
from sleeplab_core.bots.salon.flows.history import take_burst
from sleeplab_core.bots.salon.kit import SalonKit
from sleeplab_core.conversation import Action, FlowContext
from sleeplab_core.conversation.model import Conversation
from sleeplab_core.jobs.ports import Messenger
from sleeplab_core.kernel.modules import module_uow
from sleeplab_core.kernel.users import User
from sleeplab_core.platform import BotContext


async def with_conversation(
    ctx: BotContext,
    user_id: int,
    work: Callable[[FlowContext], Awaitable[None]],
    *,
    create: bool = False,
) -> list[Action]:
    """Run ``work`` on the client's stored conversation as one unit of work; returns what it
    would show. Nothing happens for a client without a conversation, unless ``create``.

    The client's lock is taken first, so workers handling one client's messages at once
    run one after another: no booking made twice, no message or turn lost.
    """
    async with ctx.uow() as uow:
        booking = module_uow(uow, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        await booking.booking.lock_client(_PROJECT_OF_LOCKS, str(user_id))
        user = await uow.users.get(user_id)
        conversation = await uow.conversations.get(user_id, BOT_NAME)
        if create:
            now = ctx.clock.now()
            user = user or User(id=user_id, created_at=now)
            conversation = conversation or Conversation(user_id, BOT_NAME, "reception", now)
        if user is None or conversation is None:
            return []
        flow = FlowContext(user=user, data=dict(conversation.data), uow=uow, clock=ctx.clock,
                           catalog=ctx.texts, bot=BOT_NAME)  # fmt: skip
        await work(flow)
        if flow.user != user or create:
            await uow.users.save(flow.user)
        await uow.conversations.save(
            attrs.evolve(conversation, data=flow.data, updated_at=ctx.clock.now())
        )
        await uow.commit()
        return flow.actions


# Conversations are per bot, not per salon: one lock namespace for the bot's clients.
_PROJECT_OF_LOCKS = BOT_NAME


async def read_burst(ctx: BotContext, kit: SalonKit, messenger: Messenger, user_id: int) -> bool:
    """Read the client's merged messages as one and send the answer; False if none waited."""

    async def work(flow: FlowContext) -> None:
        burst = take_burst(flow)
        if burst.texts:
            await Reception(kit).read(burst.joined, flow)

    actions = await with_conversation(ctx, user_id, work)
    if actions:
        await messenger.send(user_id, actions)
    return bool(actions)


async def compress_history(ctx: BotContext, kit: SalonKit, client_id: str) -> bool:
    """After a day of silence, fold the client's older turns into the summary."""
    async with ctx.uow() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        history = await uow.booking.dialogue(kit.config.id, client_id)
        if not is_silent(history, ctx.clock.now()):
            return False
        await uow.booking.save_dialogue(kit.config.id, client_id, compress(history))
        await base.commit()
    return True
