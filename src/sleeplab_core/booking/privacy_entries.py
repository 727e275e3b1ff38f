"""Where the booking module keeps a user's data, for the shared privacy registry.

A Telegram client's ``client_id`` is their user id as text. Erasure anonymises their
bookings (each keeps its slot, for the salon's statistics and so a freed slot is not
double-booked, but loses the person: client ``ERASED_CLIENT``, no name) and deletes their
waitlist entries and dialogue history (``BookingRepository.forget_client``).
"""

from __future__ import annotations

from typing import cast

from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.kernel.privacy import Location, PrivacyContext, Treatment
from sleeplab_core.kernel.users import UserId

MODULE = "booking"


async def _erase(ctx: PrivacyContext, user_id: UserId) -> None:
    await cast(BookingUnitOfWork, ctx.uow).booking.forget_client(str(user_id))


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
        export=None,
        erase=_erase,
        why="bookings keep their slots without the person; waitlist entries and dialogues "
        "are deleted. Not exported yet: the repository lists a client's bookings per salon "
        "only (the bot shows them to the client there)",
    ),
)
