"""The contract of the update intake, shared by the in-memory fake and the SQL stores.

Fixture: ``intake`` (an empty :class:`UpdateIntake`).

Besides the port's own rules, it plays the intake processor on it: two processors (as two
bot processes) sharing one intake process every user's updates once each, in update_id
order, however the updates are spread over them and whichever of them is busy.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sleeplab_core.conversation.intake import (
    IntakeProcessor,
    IntakeTimings,
    StoredUpdate,
    UpdateIntake,
    stored_update,
)
from sleeplab_core.kernel.clock import SystemClock

BOT = "sleeplab"
T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def text_update(update_id: int, user_id: int, text: str = "hi") -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Ann"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1,
            "chat": {"id": user_id, "type": "private"},
            "from": user,
            "text": text,
        },
    }


def pre_checkout(update_id: int, user_id: int) -> dict[str, Any]:
    query = {
        "id": f"pq{update_id}",
        "from": {"id": user_id, "is_bot": False, "first_name": "Ann"},
        "currency": "XTR",
        "total_amount": 250,
        "invoice_payload": "order-1",
    }
    return {"update_id": update_id, "pre_checkout_query": query}


def stored(update_id: int, user_id: int) -> StoredUpdate:
    return stored_update(text_update(update_id, user_id))


class IntakeContract:
    """What every :class:`UpdateIntake` guarantees."""

    @pytest.fixture
    def intake(self) -> UpdateIntake:
        raise NotImplementedError

    async def test_an_update_is_stored_once_per_update_id(self, intake: UpdateIntake) -> None:
        assert await intake.store(BOT, stored(1, 10), T0) is True
        assert await intake.store(BOT, stored(1, 10), T0) is False
        assert await intake.store("other-bot", stored(1, 10), T0) is True

        assert await intake.unfinished(BOT) == 1

    async def test_the_body_comes_back_as_stored(self, intake: UpdateIntake) -> None:
        body = text_update(7, 10, "привет ✓")
        await intake.store(BOT, stored_update(body), T0)

        update = await intake.next_update(BOT, 10)

        assert update is not None
        assert (update.update_id, update.user_id, dict(update.body)) == (7, 10, body)

    async def test_a_users_updates_come_in_update_id_order_until_finished(
        self, intake: UpdateIntake
    ) -> None:
        for update_id in (5, 3, 4):
            await intake.store(BOT, stored(update_id, 10), T0)
        await intake.store(BOT, stored(1, 11), T0)

        seen = []
        while (update := await intake.next_update(BOT, 10)) is not None:
            seen.append(update.update_id)
            await intake.finish(BOT, update.update_id, T0)

        assert seen == [3, 4, 5]
        assert await intake.unfinished(BOT) == 1

    async def test_one_owner_holds_a_user_until_release_or_expiry(
        self, intake: UpdateIntake
    ) -> None:
        assert await intake.claim(BOT, 10, "a", T0, T0 + LEASE)
        assert not await intake.claim(BOT, 10, "b", T0 + timedelta(seconds=29), T0 + 2 * LEASE)
        assert await intake.claim(BOT, 10, "a", T0 + timedelta(seconds=10), T0 + 2 * LEASE)
        assert await intake.claim(BOT, 11, "b", T0, T0 + LEASE), "another user is free"

        await intake.release(BOT, 10, "b")  # not b's: no effect
        assert not await intake.claim(BOT, 10, "b", T0, T0 + LEASE)
        await intake.release(BOT, 10, "a")
        assert await intake.claim(BOT, 10, "b", T0, T0 + LEASE)
        assert await intake.claim(BOT, 10, "c", T0 + LEASE, T0 + 2 * LEASE), "expired"

    async def test_of_concurrent_claimants_exactly_one_wins(self, intake: UpdateIntake) -> None:
        owners = [f"p{n}" for n in range(8)]

        won = await asyncio.gather(
            *(intake.claim(BOT, 10, owner, T0, T0 + LEASE) for owner in owners)
        )

        assert sum(won) == 1

    async def test_waiting_users_skip_live_leases_oldest_first(self, intake: UpdateIntake) -> None:
        await intake.store(BOT, stored(9, 30), T0)
        await intake.store(BOT, stored(2, 10), T0)
        await intake.store(BOT, stored(5, 20), T0)
        await intake.store(BOT, stored(6, 10), T0)
        await intake.claim(BOT, 20, "a", T0, T0 + LEASE)

        assert await intake.waiting_users(BOT, T0, limit=10) == [10, 30]
        assert await intake.waiting_users(BOT, T0 + LEASE, limit=10) == [10, 20, 30]
        assert await intake.waiting_users(BOT, T0, limit=1) == [10]
        assert await intake.waiting_users("other-bot", T0, limit=10) == []

    async def test_prune_deletes_only_old_finished_updates(self, intake: UpdateIntake) -> None:
        await intake.store(BOT, stored(1, 10), T0)
        await intake.store(BOT, stored(2, 10), T0)
        await intake.store(BOT, stored(3, 10), T0 + timedelta(days=8))
        for update_id in (1, 3):
            await intake.finish(BOT, update_id, T0 + timedelta(days=8))

        pruned = await intake.prune(T0 + timedelta(days=1))

        assert pruned == 1
        assert await intake.unfinished(BOT) == 1
        assert await intake.store(BOT, stored(3, 10), T0) is False, "recent ones stay"

    async def test_an_update_stored_finished_is_never_served(self, intake: UpdateIntake) -> None:
        assert await intake.store(BOT, stored(4, 10), T0, finished=True) is True
        assert await intake.store(BOT, stored(4, 10), T0) is False

        assert await intake.next_update(BOT, 10) is None
        assert await intake.unfinished(BOT) == 0
        assert await intake.waiting_users(BOT, T0, limit=10) == []

    async def test_a_pre_checkout_skips_the_users_busy_queue_and_is_answered_once(
        self, intake: UpdateIntake
    ) -> None:
        order: list[int] = []
        slow_started = asyncio.Event()
        release_slow = asyncio.Event()

        async def process(body: Mapping[str, Any]) -> None:
            if body["update_id"] == 1:
                slow_started.set()
                await release_slow.wait()
            order.append(body["update_id"])

        timings = IntakeTimings(lease=timedelta(seconds=5), scan_every=0.05)
        first = IntakeProcessor(intake, BOT, process, SystemClock(), timings=timings, owner="a")
        second = IntakeProcessor(intake, BOT, process, SystemClock(), timings=timings, owner="b")
        await first.accept(text_update(1, 10))
        await slow_started.wait()

        accepted = [
            await first.accept(pre_checkout(2, 10)),
            await second.accept(pre_checkout(2, 10)),
        ]
        for _ in range(100):
            if order:
                break
            await asyncio.sleep(0.01)
        release_slow.set()
        await first.drain()
        await second.drain()

        assert accepted == [True, False], "the duplicate is stored once"
        assert order == [2, 1], "answered while the user's earlier update still ran"

    async def test_two_processors_keep_each_users_order_with_one_busy(
        self, intake: UpdateIntake
    ) -> None:
        seen: dict[int, list[int]] = {}

        def processor(name: str, delay: float) -> IntakeProcessor:
            async def process(body: Mapping[str, Any]) -> None:
                await asyncio.sleep(delay)
                user = body["message"]["from"]["id"]
                seen.setdefault(user, []).append(body["update_id"])

            timings = IntakeTimings(lease=timedelta(seconds=5), scan_every=0.05)
            return IntakeProcessor(intake, BOT, process, SystemClock(), timings=timings, owner=name)

        busy, quick = processor("busy", 0.02), processor("quick", 0.0)
        busy.start()
        quick.start()
        users = range(100, 106)
        update_id = 0
        for _ in range(4):
            for user in users:
                for target in (busy, quick):  # alternate: one update to each process
                    update_id += 1
                    await target.accept(text_update(update_id, user))
        for _ in range(400):
            if await intake.unfinished(BOT) == 0 and not busy.busy_users + quick.busy_users:
                break
            await asyncio.sleep(0.05)
        await busy.drain()
        await quick.drain()

        assert await intake.unfinished(BOT) == 0
        for user in users:
            assert seen[user] == sorted(seen[user]), f"user {user}'s order swapped"
            assert len(seen[user]) == 8, f"user {user}: an update lost or repeated"
