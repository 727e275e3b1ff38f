"""The client's dialogue history (booking storage) and message bursts (conversation state)."""

from __future__ import annotations

from datetime import datetime

from sleeplab_core.booking.bursts import Burst, due_at, extend
from sleeplab_core.booking.dialogue import SILENCE, History, Speaker, add_turn
from sleeplab_core.bots.salon.kit import SalonKit, booking_uow, client_of
from sleeplab_core.conversation import EditScreen, FlowContext, SendScreen
from sleeplab_core.jobs.model import NewJob

BURST = "burst"
COMPRESS_JOB_KIND = "salon.compress"
BURST_JOB_KIND = "salon.burst"


async def history_of(ctx: FlowContext, kit: SalonKit) -> History:
    return await booking_uow(ctx).booking.dialogue(kit.config.id, client_of(ctx))


async def record(ctx: FlowContext, kit: SalonKit, *turns: tuple[Speaker, str]) -> None:
    """Add turns (empty texts skipped) to the client's stored dialogue."""
    history = await history_of(ctx, kit)
    for speaker, text in turns:
        if text:
            history = add_turn(history, speaker, text, ctx.clock.now())
    await booking_uow(ctx).booking.save_dialogue(kit.config.id, client_of(ctx), history)


def last_reply(ctx: FlowContext) -> str:
    for action in reversed(ctx.actions):
        if isinstance(action, SendScreen | EditScreen):
            return action.screen.text
    return ""


async def schedule_compression(ctx: FlowContext) -> None:
    """Compress this client's history after a day of silence (re-armed by every message)."""
    await _rearm(ctx, COMPRESS_JOB_KIND, ctx.clock.now() + SILENCE)


def take_burst(ctx: FlowContext) -> Burst:
    """The pending burst, removed from the state."""
    stored = ctx.data.pop(BURST, None)
    try:
        return Burst.model_validate(stored or {})
    except ValueError:
        return Burst()


async def buffer(text: str, ctx: FlowContext, kit: SalonKit) -> None:
    """Add ``text`` to the burst and (re)schedule its reading; nothing is answered yet."""
    now = ctx.clock.now()
    burst = Burst.model_validate(ctx.data.get(BURST) or {})
    run_at = due_at(burst, now, kit.burst_window, kit.burst_max_wait)
    ctx.data[BURST] = extend(burst, text, now).model_dump(mode="json")
    await _rearm(ctx, BURST_JOB_KIND, run_at)


async def _rearm(ctx: FlowContext, kind: str, run_at: datetime) -> None:
    jobs = booking_uow(ctx).jobs
    key, now = f"{kind}:{ctx.user.id}", ctx.clock.now()
    await jobs.cancel_by_key(key, now)
    payload = {"user_id": ctx.user.id}
    await jobs.enqueue(
        NewJob(kind=kind, payload=payload, run_at=run_at, unique_key=key, user_id=ctx.user.id),
        now,
    )
