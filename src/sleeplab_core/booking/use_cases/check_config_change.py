"""Check a new salon config against the bookings it would have to keep."""

from __future__ import annotations

from datetime import timedelta

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.model import Interval
from sleeplab_core.booking.ports import BookingUnitOfWork
from sleeplab_core.kernel.clock import Clock

FAR_AHEAD = timedelta(days=800)  # past any horizon: every booking still to come


async def config_change_problems(
    uow: BookingUnitOfWork, clock: Clock, old: SalonConfig, new: SalonConfig
) -> list[str]:
    """Why ``new`` cannot replace ``old`` (empty: it can).

    A change never breaks existing bookings: the project id stays, and every booking still
    to come (held or confirmed) keeps its specialist, its service, and that specialist
    offering it. Times and hours may change; bookings made under the old ones stay.
    """
    if new.id != old.id:
        return [f"id: the project id stays {old.id!r}"]
    now = clock.now()
    ahead = Interval(now, now + FAR_AHEAD)
    specialists = [s.id for s in old.specialists]
    problems: dict[str, int] = {}
    for booking in await uow.booking.occupying(old.id, specialists, ahead, now):
        if booking.appointment.end <= now:
            continue
        if not new.has_specialist(booking.specialist_id):
            reason = f"specialist {booking.specialist_id!r} has bookings to come"
        elif not new.has_service(booking.service_id):
            reason = f"service {booking.service_id!r} has bookings to come"
        elif booking.specialist_id not in {s.id for s in new.specialists_for(booking.service_id)}:
            reason = (f"specialist {booking.specialist_id!r} must keep offering "
                      f"{booking.service_id!r} (bookings to come)")  # fmt: skip
        else:
            continue
        problems[reason] = problems.get(reason, 0) + 1
    return [f"{reason}: {count}" for reason, count in sorted(problems.items())]
