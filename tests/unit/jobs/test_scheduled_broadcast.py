"""A broadcast can be scheduled: its sending job is due at the chosen time, never earlier
than now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sleeplab_core.jobs import create_broadcast
from sleeplab_core.storage import InMemoryStore

NOW = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


async def test_a_scheduled_broadcast_is_due_at_its_time_and_a_past_time_means_now() -> None:
    store = InMemoryStore()
    async with store() as uow:
        later = NOW + timedelta(hours=5)
        broadcast, job = await create_broadcast(uow, "all_active", "k", "ann", NOW, send_at=later)
        _, past = await create_broadcast(
            uow, "all_active", "k", "ann", NOW, send_at=NOW - timedelta(days=1)
        )
        _, plain = await create_broadcast(uow, "all_active", "k", "ann", NOW)
        await uow.commit()
    assert job.run_at == later
    assert job.payload == {"broadcast_id": broadcast.id}
    assert past.run_at == NOW
    assert plain.run_at == NOW
