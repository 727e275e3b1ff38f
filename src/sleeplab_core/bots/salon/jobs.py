"""The salon's worker handlers: reminders, waitlist offers, merged bursts, compression."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

from sleeplab_core.booking.errors import SyncUnavailable
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.booking.use_cases import (
    REMINDER_JOB_KIND,
    SHEET_JOB_KIND,
    SHEET_READ_JOB_KIND,
    WAITLIST_JOB_KIND,
    BlocksRead,
    due_reminder,
    finish_sheet_batch,
    offer_freed_slot,
    read_sheet,
    read_sheet_blocks,
    schedule_sheet_reading,
    sheet_batch,
)
from sleeplab_core.bots.salon.conversation_jobs import compress_history, read_burst
from sleeplab_core.bots.salon.flows.history import BURST_JOB_KIND, COMPRESS_JOB_KIND
from sleeplab_core.bots.salon.kit import SalonKit
from sleeplab_core.bots.salon.render import hold_rows, line_with, when_with
from sleeplab_core.bots.salon.sendpulse import SENDPULSE_JOB_KIND, TextSender, is_sendpulse_user
from sleeplab_core.bots.salon.sendpulse_jobs import (
    SENDPULSE_REPLY_JOB_KIND,
    queue_for_contact,
    read_sendpulse_message,
    send_sendpulse_reply,
)
from sleeplab_core.conversation import Action, Button, Screen, SendScreen
from sleeplab_core.conversation.errors import RecipientBlocked
from sleeplab_core.jobs.errors import PermanentFailure, RetryLater
from sleeplab_core.jobs.model import Job, NewJob
from sleeplab_core.jobs.ports import Messenger
from sleeplab_core.jobs.worker import Handler, JobContext
from sleeplab_core.kernel.i18n import msg
from sleeplab_core.kernel.modules import module_uow
from sleeplab_core.platform import BotContext

log = logging.getLogger(__name__)
SHEET_CONFLICT_JOB_KIND = "salon.sheet_conflict"
SENDPULSE_SERVICE = "sendpulse"
SHEET_READ_RETRY = timedelta(minutes=5)


def salon_jobs(
    kit_of: Callable[[BotContext], SalonKit],
) -> Callable[[BotContext, Messenger], Mapping[str, Handler]]:
    """The handlers, given how the bot makes its kit from the platform's context."""

    def handlers(ctx: BotContext, messenger: Messenger) -> Mapping[str, Handler]:
        kit = kit_of(ctx)

        async def remind(job: Job, context: JobContext) -> None:
            await send_reminder(ctx, kit, messenger, job)

        async def offer(job: Job, context: JobContext) -> None:
            await send_waitlist_offer(ctx, kit, messenger, job)

        async def burst(job: Job, context: JobContext) -> None:
            await read_burst(ctx, kit, messenger, int(job.payload["user_id"]))

        async def compress(job: Job, context: JobContext) -> None:
            await compress_history(ctx, kit, str(job.payload["user_id"]))

        async def sheet(job: Job, context: JobContext) -> None:
            await copy_booking(ctx, kit, str(job.payload["booking_id"]))

        async def sheet_read(job: Job, context: JobContext) -> None:
            await read_staff_blocks(ctx, kit)

        async def sheet_conflict(job: Job, context: JobContext) -> None:
            await tell_sheet_conflict(ctx, kit, messenger, job)

        async def sendpulse_in(job: Job, context: JobContext) -> None:
            await read_sendpulse_message(
                ctx, kit, str(job.payload["contact_id"]), str(job.payload["text"]), str(job.id)
            )

        async def sendpulse_out(job: Job, context: JobContext) -> None:
            sender: TextSender | None = ctx.service(SENDPULSE_SERVICE, None)
            if sender is None:
                raise PermanentFailure("no SendPulse account is configured")
            await send_sendpulse_reply(
                sender, str(job.payload["contact_id"]), str(job.payload["text"])
            )

        return {
            SENDPULSE_JOB_KIND: sendpulse_in,
            SENDPULSE_REPLY_JOB_KIND: sendpulse_out,
            SHEET_JOB_KIND: sheet,
            SHEET_READ_JOB_KIND: sheet_read,
            SHEET_CONFLICT_JOB_KIND: sheet_conflict,
            REMINDER_JOB_KIND: remind,
            WAITLIST_JOB_KIND: offer,
            BURST_JOB_KIND: burst,
            COMPRESS_JOB_KIND: compress,
        }

    return handlers


async def send_reminder(ctx: BotContext, kit: SalonKit, messenger: Messenger, job: Job) -> bool:
    """Remind the client if the booking is still confirmed at the same start."""
    async with ctx.uow() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        booking = await due_reminder(uow, job.payload)
        user = await base.users.get(int(booking.client_id)) if booking else None
    if booking is None or user is None:
        return False
    t = _texts(ctx, user.locale)
    text = t("salon.reminder", line=line_with(t, user.locale, kit.config, booking))
    button = Button(t("salon.menu.mine"), "cmd:bookings")
    return await _send(ctx, messenger, user.id, text, [[button]], f"reminder:{job.id}")


async def send_waitlist_offer(
    ctx: BotContext, kit: SalonKit, messenger: Messenger, job: Job
) -> bool:
    """Hold a freed slot for the first waiting client and ask them to confirm it."""
    day = date.fromisoformat(str(job.payload["day"]))
    async with ctx.uow() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        found = await offer_freed_slot(
            uow, ctx.clock, kit.config, str(job.payload["service_id"]), day
        )
        user = await base.users.get(int(found.entry.client_id)) if found else None
        await base.commit()
    if found is None or user is None:
        return False
    t = _texts(ctx, user.locale)
    line = line_with(t, user.locale, kit.config, found.hold)
    text = t("salon.waitlist.offer", line=line,
             minutes=kit.config.hold_minutes)  # fmt: skip
    return await _send(ctx, messenger, user.id, text, hold_rows(t, found.hold.id),
                       f"waitlist:{job.id}")  # fmt: skip


def _texts(ctx: BotContext, locale: str) -> Callable[..., str]:
    def t(key: str, **params: object) -> str:
        return ctx.texts.render(locale, msg(key, **params))

    return t


async def _send(
    ctx: BotContext,
    messenger: Messenger,
    user_id: int,
    text: str,
    rows: list[list[Button]],
    key: str,
) -> bool:
    """Send a screen the bot starts itself: through SendPulse to a client who wrote there
    (queued as replies in one transaction, numbered buttons remembered), else Telegram."""
    actions: list[Action] = [SendScreen(screen=Screen.of(text, rows))]
    if is_sendpulse_user(user_id):
        return await queue_for_contact(ctx, user_id, actions, key)
    try:
        await messenger.send(user_id, actions)
    except RecipientBlocked:
        log.info("a salon message found the client had blocked the bot")
        return False
    return True


async def copy_booking(ctx: BotContext, kit: SalonKit, booking_id: str) -> int:
    """Write the booking's current row to the sheet, with the rows of every other copy job
    due by now, in one upsert (one batchUpdate and an append per worksheet, whatever their
    number); the covered jobs are then retired. The sheet is written between two short
    transactions, never inside one; an outage is retried with backoff. Returns the rows
    written."""
    if kit.sheet is None:
        return 0
    async with ctx.uow() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        batch = await sheet_batch(uow, kit.config, booking_id, ctx.clock.now())
    try:
        await kit.sheet.upsert(batch.rows)
    except SyncUnavailable as error:
        raise RetryLater(str(error), retry_after=error.retry_after) from None
    async with ctx.uow() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        retired = await finish_sheet_batch(uow, batch.covered, ctx.clock.now())
        await schedule_sheet_reading(uow, ctx.clock)  # staff blocks are read back from now on
        await base.commit()
    if retired:
        log.info("salon %s: %d bookings copied to the sheet in one batch",
                 kit.config.id, len(batch.rows))  # fmt: skip
    return len(batch.rows)


async def tell_sheet_conflict(
    ctx: BotContext, kit: SalonKit, messenger: Messenger, job: Job
) -> bool:
    """Tell the operators' chat that staff marked busy a time a booking holds."""
    chat = kit.config.admin_chat_id
    async with ctx.uow() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        booking = await uow.booking.get(str(job.payload["booking_id"]))
    if chat is None or booking is None:
        return False
    config, locale = kit.config, kit.config.admin_locale
    t = _texts(ctx, locale)
    block_start = datetime.fromisoformat(str(job.payload["block_start"]))
    text = t(
        "salon.operator.sheet_conflict",
        line=line_with(t, locale, config, booking),
        client=booking.client_name or "-",
        block=when_with(t, config, block_start),
    )
    await messenger.send(chat, [SendScreen(screen=Screen.of(text, []))])
    return True


async def read_staff_blocks(ctx: BotContext, kit: SalonKit) -> BlocksRead | None:
    """Read the sheet (outside any transaction), store its staff blocks as busy time, and
    report rows it could not read (log) and blocks overlapping bookings to the operator (log,
    and the config's admin chat, once per block and booking time, through a job)."""
    if kit.sheet is None:
        return None
    config = kit.config
    try:
        rows = await read_sheet(kit.sheet, config)
    except SyncUnavailable as error:
        async with ctx.uow() as base:  # keep reading later; the last blocks stay
            await schedule_sheet_reading(module_uow(base, BookingJobsUnitOfWork),  # type: ignore[type-abstract]
                                         ctx.clock, after=SHEET_READ_RETRY)  # fmt: skip
            await base.commit()
        log.warning("salon %s: the sheet could not be read (%s)", config.id, error)
        return None
    async with ctx.uow() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        found = await read_sheet_blocks(uow, ctx.clock, config, rows)
        if config.admin_chat_id is not None:
            for block, booking in found.conflicts:  # told once per block and booking time
                start = block.interval.start.isoformat()
                await uow.jobs.enqueue(
                    NewJob(
                        kind=SHEET_CONFLICT_JOB_KIND,
                        payload={"booking_id": booking.id, "block_start": start},
                        run_at=ctx.clock.now(),
                        unique_key=f"{SHEET_CONFLICT_JOB_KIND}:{booking.id}:{start}:"
                        f"{booking.start.isoformat()}",
                    ),
                    ctx.clock.now(),
                )
        await base.commit()
    for line in found.unreadable:
        log.warning("salon %s: a sheet row could not be read as busy time: %s", config.id, line)
    for block, booking in found.conflicts:
        log.warning(
            "salon %s: staff marked %s busy at %s, over booking %s",
            config.id, block.specialist_id, block.interval.start.isoformat(), booking.id,
        )  # fmt: skip
    return found
