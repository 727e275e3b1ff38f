"""The worker's side of SendPulse: read a stored message, queue the replies, send them."""

from __future__ import annotations

from sleeplab_core.bots.salon.conversation_jobs import with_conversation
from sleeplab_core.bots.salon.flows import Reception
from sleeplab_core.bots.salon.kit import SalonKit, booking_uow
from sleeplab_core.bots.salon.sendpulse import (
    BUTTONS,
    CONTACT,
    TextSender,
    as_text,
    user_id_of,
)
from sleeplab_core.conversation import Action, ButtonPress, FlowContext
from sleeplab_core.jobs.model import NewJob
from sleeplab_core.platform import BotContext

SENDPULSE_REPLY_JOB_KIND = "salon.sendpulse_reply"
READ_KEYS = "sendpulse_read"  # conversation data: keys of the client's last messages read
KEYS_KEPT = 50
# Buttons that run a command in Telegram; SendPulse clients stay in the reception.
COMMAND_BUTTONS = {"cmd:bookings": "menu:mine", "cmd:book": "menu:book"}


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
        seen = list(flow.data.get(READ_KEYS) or [])
        if message_key in seen:  # two workers took the same message: read it once
            return
        flow.data[READ_KEYS] = [*seen, message_key][-KEYS_KEPT:]
        buttons = flow.data.get(BUTTONS) or []
        number = text.strip()
        if number.isdigit() and 1 <= int(number) <= len(buttons):
            data = buttons[int(number) - 1]
            data = COMMAND_BUTTONS.get(data, data)
            await Reception(kit).handle(ButtonPress(user_id=user_id, data=data), flow)
        else:
            await Reception(kit).read(text, flow)
        flow.data[CONTACT] = contact_id  # where reminders and offers go later
        queued = await _queue_replies(ctx, flow, contact_id, flow.actions, message_key)

    await with_conversation(ctx, user_id, work, create=True)
    return queued


async def queue_for_contact(
    ctx: BotContext, user_id: int, actions: list[Action], message_key: str
) -> bool:
    """Queue screens the bot starts itself (reminders, waitlist offers) for a SendPulse
    client, numbered buttons included; False if the client never wrote through SendPulse."""
    sent = False

    async def work(flow: FlowContext) -> None:
        nonlocal sent
        contact_id = flow.data.get(CONTACT)
        if isinstance(contact_id, str) and contact_id:
            sent = await _queue_replies(ctx, flow, contact_id, actions, message_key) > 0

    await with_conversation(ctx, user_id, work)
    return sent


async def _queue_replies(
    ctx: BotContext, flow: FlowContext, contact_id: str, actions: list[Action], key: str
) -> int:
    texts, pressed = as_text(actions)
    flow.data[BUTTONS] = pressed or flow.data.get(BUTTONS) or []
    for n, reply in enumerate(texts):
        await booking_uow(flow).jobs.enqueue(
            NewJob(kind=SENDPULSE_REPLY_JOB_KIND, run_at=ctx.clock.now(),
                   payload={"contact_id": contact_id, "text": reply},
                   unique_key=f"{SENDPULSE_REPLY_JOB_KIND}:{key}:{n}"),
            ctx.clock.now(),
        )  # fmt: skip
    return len(texts)


async def send_sendpulse_reply(sender: TextSender, contact_id: str, text: str) -> None:
    """Send one queued reply (retried by the worker on a transient refusal)."""
    await sender.send_text(contact_id, text)
