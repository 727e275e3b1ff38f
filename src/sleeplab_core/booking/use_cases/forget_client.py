"""Erase a client from the booking module (the privacy "forget me")."""

from __future__ import annotations

from sleeplab_core.booking.ports import BookingUnitOfWork


async def forget_client(uow: BookingUnitOfWork, client_id: str) -> int:
    """Anonymise the client's bookings (their slots stay taken, the person is gone) and
    delete their waitlist entries and dialogues; returns the bookings anonymised."""
    return await uow.booking.forget_client(client_id)
