"""Broadcasts as values: one message to a segment, one delivery record per recipient.

The delivery records are the broadcast's memory: a recipient with a record past ``pending``
is never sent to again, so a crashed broadcast resumes without duplicates.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from sleeplab_core.kernel.users import UserId

BroadcastId = int

BROADCAST_JOB_KIND = "broadcast.send"


class BroadcastState(StrEnum):
    CREATED = "created"
    SENDING = "sending"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class DeliveryState(StrEnum):
    """One recipient's delivery.

    ``sending`` is written (committed) before the message goes out; a record still
    ``sending`` when a broadcast resumes means a worker died mid-send, and it becomes
    ``unconfirmed`` rather than being sent again (at most once per recipient).
    """

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"


FINAL_DELIVERY_STATES = frozenset(
    {DeliveryState.SENT, DeliveryState.BLOCKED, DeliveryState.FAILED, DeliveryState.UNCONFIRMED}
)


@attrs.frozen(kw_only=True)
class Broadcast:
    """An operator's message to a segment, with its progress.

    Attributes:
        segment: the audience's name, resolved by the ``Segments`` port when sending starts.
        text_key: the catalog key of the message, rendered in each recipient's locale.
        created_by: who asked for it (an operator's name or id), for the audit trail.
        total: recipients snapshotted when sending started; the counters add up to it when
            the broadcast completes.
    """

    id: BroadcastId
    segment: str
    text_key: str
    created_by: str
    created_at: datetime
    state: BroadcastState = BroadcastState.CREATED
    total: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    unconfirmed: int = 0
    finished_at: datetime | None = None

    @property
    def done(self) -> int:
        return self.sent + self.blocked + self.failed + self.unconfirmed

    def counted(self, outcome: DeliveryState) -> Broadcast:
        """This broadcast with one more delivery in the final state ``outcome``."""
        field = {
            DeliveryState.SENT: "sent",
            DeliveryState.BLOCKED: "blocked",
            DeliveryState.FAILED: "failed",
            DeliveryState.UNCONFIRMED: "unconfirmed",
        }[outcome]
        return attrs.evolve(self, **{field: getattr(self, field) + 1})


@attrs.frozen(kw_only=True)
class Delivery:
    """The record of one recipient of one broadcast; unique per (broadcast, user)."""

    broadcast_id: BroadcastId
    user_id: UserId
    state: DeliveryState
    updated_at: datetime
    error: str | None = None
