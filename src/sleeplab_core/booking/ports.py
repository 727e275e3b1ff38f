"""The booking module's storage port and its unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

import attrs

from sleeplab_core.booking.dialogue import History
from sleeplab_core.booking.model import (
    Booking,
    Interval,
    ProjectFigures,
    StaffBlock,
    WaitlistEntry,
)
from sleeplab_core.jobs.ports import JobRepository


@attrs.frozen(kw_only=True)
class ClientData:
    """Everything the module keeps about one client, in every salon (the privacy export)."""

    bookings: list[Booking]
    """Every booking of the client, holds included (status ``held``), by start."""
    waitlist: list[WaitlistEntry]
    dialogues: dict[str, History]
    """The client's dialogue history per salon (project id)."""


class BookingRepository(Protocol):
    """Bookings, holds and the waitlist of every salon, inside one transaction.

    Contract:
    - No two bookings of one specialist whose statuses occupy (held until it lapses,
      confirmed, no-show, completed) may have overlapping ``occupied`` intervals. The store
      itself enforces this (an exclusion constraint, unique cells), never a check before the
      write; a write that would break it raises :class:`SlotTaken` and changes nothing, and
      the transaction stays usable.
    - A hold whose ``hold_expires_at`` is at or before ``now`` no longer occupies: ``add``
      and ``save`` turn such holds of the specialist into ``expired`` first.
    - Intervals are half-open: touching bookings do not overlap.
    """

    async def add(self, booking: Booking, now: datetime) -> None:
        """Store a new booking.

        Raises:
            SlotTaken: its occupied interval overlaps another occupying booking.
        """
        ...

    async def save(self, booking: Booking, now: datetime) -> None:
        """Replace the stored booking of the same id (status, times, specialist…).

        Raises:
            BookingNotFound: no booking has that id.
            SlotTaken: the new occupied interval overlaps another occupying booking.
        """
        ...

    async def get(self, booking_id: str) -> Booking | None: ...

    async def occupying(
        self, project_id: str, specialist_ids: Sequence[str], window: Interval, now: datetime
    ) -> list[Booking]:
        """The bookings of those specialists that occupy at ``now`` and overlap ``window``."""
        ...

    async def of_client(self, project_id: str, client_id: str) -> list[Booking]:
        """Every booking of the client in the project, by start."""
        ...

    async def starting_between(self, project_id: str, window: Interval) -> list[Booking]:
        """Every booking whose appointment starts inside ``window``, by start."""
        ...

    async def add_waiting(self, entry: WaitlistEntry) -> None: ...

    async def waiting(self, project_id: str, service_id: str, day: date) -> list[WaitlistEntry]:
        """Who waits for the service on that local day, first come first."""
        ...

    async def remove_waiting(self, entry_id: str) -> None: ...

    async def figures(self, project_id: str) -> ProjectFigures:
        """Counts for the operator: bookings per status (every status present, zero or
        more), distinct clients with a booking, waitlist entries, clients with a dialogue."""
        ...

    async def forget_client(self, client_id: str) -> int:
        """Erase a client everywhere: their bookings keep their slots but lose the person
        (client id ``ERASED_CLIENT``, no name); waitlist entries and dialogues are deleted.
        Returns how many bookings were anonymised."""
        ...

    async def client_data(self, client_id: str) -> ClientData:
        """Everything kept about the client in every project (bookings with holds, waitlist
        entries, dialogue histories): what the privacy export hands them."""
        ...

    async def dialogue(self, project_id: str, client_id: str) -> History:
        """The client's dialogue history (empty when there is none)."""
        ...

    async def save_dialogue(self, project_id: str, client_id: str, history: History) -> None:
        """Replace the client's dialogue history."""
        ...

    async def lock_client(self, project_id: str, client_id: str) -> None:
        """Hold the client's lock until the transaction ends: units of work that take it
        for one client run one after another, so a client's messages read concurrently
        (several workers) never interleave. (PostgreSQL: an advisory transaction lock;
        SQLite and memory already run one transaction at a time.)"""
        ...

    async def replace_blocks(self, project_id: str, blocks: Sequence[StaffBlock]) -> None:
        """Make ``blocks`` the project's staff blocks (the sheet's latest reading)."""
        ...

    async def blocks(
        self, project_id: str, specialist_ids: Sequence[str], window: Interval
    ) -> list[StaffBlock]:
        """The staff blocks of those specialists overlapping ``window``, by start."""
        ...


class BookingUnitOfWork(Protocol):
    """An open unit of work carrying the booking repository as ``uow.booking``."""

    booking: BookingRepository


class BookingJobsUnitOfWork(BookingUnitOfWork, Protocol):
    """The booking module builds on jobs: reminders and waitlist offers are durable jobs
    enqueued in the same transaction as the booking change (the outbox)."""

    jobs: JobRepository
