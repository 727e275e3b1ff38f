"""The worker's side of SendPulse: read a stored message, queue the replies, send them."""

from __future__ import annotations

from sleeplab_core.bots.salon.conversation_jobs import with_conversation
from sleeplab_core.bots.salon.flows import Reception
from sleeplab_core.bots.salon.kit import SalonKit, booking_uow
from sleeplab_core.bots.salon.sendpulse import (
    BUTTONS,
    TextSender,
    as_text,
    user_id_of,
)
from sleeplab_core.conversation import ButtonPress, FlowContext
from sleeplab_core.jobs.model import NewJob
from sleeplab_core.platform import BotContext

SENDPULSE_REPLY_JOB_KIND = "salon.sendpulse_reply"


async def read_sendpulse_message(
    ctx: BotContext, kit: SalonKit, contact_id: str, text: str, message_key: str
) -> int:
    """Answer one client message; the replies are queued in the same transaction (sent by
    ``send_sendpulse_reply``), so a retry never reads the message twice. Returns how many
    replies were queued."""
    user_id = user_id_of(contact_id)
    queued = 0

    async def work(flow: FlowContext) -> None:
        nonlocal queued
        buttons = flow.data.get(BUTTONS) or []
        number = text.strip()
        if number.isdigit() and 1 <= int(number) <= len(buttons):
            await Reception(kit).handle(
                ButtonPress(user_id=user_id, data=buttons[int(number) - 1]), flow
            )
        else:
            await Reception(kit).read(text, flow)
        texts, pressed = as_text(flow.actions)
        flow.data[BUTTONS] = pressed or buttons
        for n, reply in enumerate(texts):
            await booking_uow(flow).jobs.enqueue(
                NewJob(kind=SENDPULSE_REPLY_JOB_KIND, run_at=ctx.clock.now(),
                       payload={"contact_id": contact_id, "text": reply},
                       unique_key=f"{SENDPULSE_REPLY_JOB_KIND}:{message_key}:{n}"),
                ctx.clock.now(),
            )  # fmt: skip
        queued = len(texts)

    await with_conversation(ctx, user_id, work, create=True)
    return queued


async def send_sendpulse_reply(sender: TextSender, contact_id: str, text: str) -> None:
    """Send one queued reply (retried by the worker on a transient refusal)."""
    await sender.send_text(contact_id, text)
