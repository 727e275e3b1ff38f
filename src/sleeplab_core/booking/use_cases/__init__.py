"""The booking use cases, one per module: each takes an open unit of work, the clock and
the salon's config, and leaves committing to its caller."""

from sleeplab_core.booking.use_cases.book_slot import book_slot
from sleeplab_core.booking.use_cases.cancel_booking import cancel_booking
from sleeplab_core.booking.use_cases.check_config_change import config_change_problems
from sleeplab_core.booking.use_cases.confirm_hold import confirm_hold
from sleeplab_core.booking.use_cases.copy_to_sheet import (
    SHEET_JOB_KIND,
    SheetBatch,
    finish_sheet_batch,
    queue_sheet_copy,
    sheet_batch,
)
from sleeplab_core.booking.use_cases.find_free_slots import find_free_slots
from sleeplab_core.booking.use_cases.forget_client import forget_client
from sleeplab_core.booking.use_cases.hold_slot import SlotRequest, hold_slot
from sleeplab_core.booking.use_cases.join_waitlist import join_waitlist
from sleeplab_core.booking.use_cases.mark_no_show import mark_no_show
from sleeplab_core.booking.use_cases.offer_freed_slot import (
    WAITLIST_JOB_KIND,
    FreedSlotOffer,
    announce_freed_slot,
    offer_freed_slot,
)
from sleeplab_core.booking.use_cases.plan_reminders import (
    REMINDER_JOB_KIND,
    drop_reminders,
    due_reminder,
    plan_reminders,
)
from sleeplab_core.booking.use_cases.project_figures import (
    ProjectStats,
    project_stats,
    queue_figures,
)
from sleeplab_core.booking.use_cases.read_sheet_blocks import (
    SHEET_READ_JOB_KIND,
    BlocksRead,
    read_sheet,
    read_sheet_blocks,
    schedule_sheet_reading,
)
from sleeplab_core.booking.use_cases.reschedule_booking import reschedule_booking
from sleeplab_core.booking.use_cases.upcoming_bookings import upcoming_bookings

__all__ = [
    "REMINDER_JOB_KIND",
    "SHEET_JOB_KIND",
    "SHEET_READ_JOB_KIND",
    "WAITLIST_JOB_KIND",
    "BlocksRead",
    "FreedSlotOffer",
    "ProjectStats",
    "SheetBatch",
    "SlotRequest",
    "announce_freed_slot",
    "book_slot",
    "cancel_booking",
    "config_change_problems",
    "confirm_hold",
    "drop_reminders",
    "due_reminder",
    "find_free_slots",
    "finish_sheet_batch",
    "forget_client",
    "hold_slot",
    "join_waitlist",
    "mark_no_show",
    "offer_freed_slot",
    "plan_reminders",
    "project_stats",
    "queue_figures",
    "queue_sheet_copy",
    "read_sheet",
    "read_sheet_blocks",
    "reschedule_booking",
    "schedule_sheet_reading",
    "sheet_batch",
    "upcoming_bookings",
]
