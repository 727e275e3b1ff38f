"""Where the booking module keeps a user's data, for the shared privacy registry.

A Telegram client's ``client_id`` is their user id as text. Erasure anonymises their
bookings (each keeps its slot, for the salon's statistics and so a freed slot is not
double-booked, but loses the person: client ``ERASED_CLIENT``, no name) and deletes their
waitlist entries and dialogue history (``BookingRepository.forget_client``). The export
carries every booking of the client in every salon (holds included, status ``held``),
their waitlist entries and each salon's dialogue: its summary and the recent turns.
"""

from __future__ import annotations

from typing import Any, cast

from sleeplab_core.booking.ports import BookingRepository, BookingUnitOfWork
from sleeplab_core.kernel.privacy import Location, PrivacyContext, Treatment
from sleeplab_core.kernel.users import UserId

MODULE = "booking"


def _repository(ctx: PrivacyContext) -> BookingRepository:
    return cast(BookingUnitOfWork, ctx.uow).booking


async def _export(ctx: PrivacyContext, user_id: UserId) -> Any:
    data = await _repository(ctx).client_data(str(user_id))
    return {
        "bookings": [
            {
                "salon": b.project_id,
                "specialist": b.specialist_id,
                "service": b.service_id,
                "name": b.client_name,
                "starts_at": b.appointment.start,
                "ends_at": b.appointment.end,
                "status": b.status,
                "booked_at": b.created_at,
                "hold_expires_at": b.hold_expires_at,
            }
            for b in data.bookings
        ],
        "waitlist": [
            {
                "salon": e.project_id,
                "service": e.service_id,
                "day": e.day,
                "specialist": e.specialist_id,
                "since": e.created_at,
            }
            for e in data.waitlist
        ],
        "dialogues": [
            {
                "salon": project,
                "summary": list(history.summary),
                "turns": [
                    {"speaker": str(t.speaker), "text": t.text, "at": t.at} for t in history.turns
                ],
            }
            for project, history in data.dialogues.items()
        ],
    }


async def _erase(ctx: PrivacyContext, user_id: UserId) -> None:
    await _repository(ctx).forget_client(str(user_id))


PRIVACY: tuple[Location, ...] = (
    Location(
        name="booking",
        module=MODULE,
        tables=(
            ("booking_bookings", "client_id"),
            ("booking_waitlist", "client_id"),
            ("booking_dialogues", "client_id"),
        ),
        treatment=Treatment.ANONYMISED,
        export=_export,
        erase=_erase,
        why="bookings keep their slots without the person; waitlist entries and dialogues "
        "are deleted",
    ),
)
