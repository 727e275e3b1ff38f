"""Broadcast throughput: one message to every active user, through the Telegram emulator.

The run builds a container on a SQLite file in a temporary folder, pointed at an in-process
Telegram emulator, and stores ``--recipients`` active users directly through the unit of
work (not timed). It creates a broadcast for the segment ``all_active`` with an existing
text key and lets one ``Worker`` run its ``broadcast.send`` job: the ``BroadcastSender``
with the production pace (``SendSchedule``: slots on absolute deadlines) at ``--rate``
messages per second, sending through the Telegram
runtime's push channel (``TelegramPushChannel`` wrapped in ``ChannelMessenger``) — the real
framework adapter, HTTP to the emulator. The emulator answers 429 to sends above a rate a
little higher than the configured one, so a 429 means the sender exceeded its limit.

Prints the recipients, the elapsed time (from the job's start to its end, so the audience
snapshot is included), the achieved rate and its ratio to the limit, the rate between the
first and the last accepted send (the snapshot excluded), the 429 answers, and from the
emulator's call log the duplicates (recipients who got the message more than once) and the
missing (recipients who never got it): both must be 0.

The run is bounded: the job gets ``recipients / rate`` seconds plus a generous margin,
then the script gives up and says so.

Run: ``python benchmarks/broadcast.py [--recipients 10000] [--rate 200]
[--framework aiogram|ptb]``; ``--rate 25`` is the production default
(``SLEEPLAB_BROADCAST_RATE``).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import attrs

from adapters.telegram_emulator import Emulator
from entrypoints.bot import TelegramPushChannel
from entrypoints.containers import build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.jobs import (
    BROADCAST_JOB_KIND,
    BroadcastSender,
    SendSchedule,
    StoredSegments,
    Worker,
    WorkerSettings,
    create_broadcast,
)
from sleeplab_core.kernel.users import User
from sleeplab_core.sleeplab.messenger import ChannelMessenger
from sleeplab_core.sleeplab.segments import SLEEPLAB_SEGMENTS
from sleeplab_core.storage import UnitOfWorkFactory

TEXT_KEY = "sleeplab_jobs.broadcast.announcement"
FIRST_USER_ID = 100_000
USERS_PER_TRANSACTION = 1_000
EMULATOR_HEADROOM = 1.1
"""The emulator's 429 threshold, relative to the configured rate."""
TIME_MARGIN = 3.0
"""The run may take this many times its ideal duration (plus a minute) before giving up."""


@attrs.frozen
class Result:
    recipients: int
    rate: float
    emulator_limit: int
    elapsed: float
    send_window: float
    sent: int
    too_many_requests: int
    duplicates: int
    missing: int
    job_outcome: str

    @property
    def achieved(self) -> float:
        return self.sent / self.elapsed if self.elapsed else 0.0

    @property
    def sending(self) -> float:
        """Sends per second between the first and the last accepted send (no snapshot)."""
        return (self.sent - 1) / self.send_window if self.send_window else 0.0


def settings_for(emu: Emulator, folder: Path, framework: str) -> Settings:
    """A bot on a SQLite file pointed at ``emu``; the outbox's own limits are out of the way
    so the broadcast's token bucket is the only limit measured."""
    return Settings(
        data_dir=folder,
        database_url=f"sqlite:///{(folder / 'broadcast.sqlite3').as_posix()}",
        telegram_token=emu.token,
        telegram_api_url=emu.base_url,
        telegram_framework=framework,
        telegram_global_rate=10_000.0,
        telegram_global_burst=10_000.0,
        telegram_chat_rate=10_000.0,
        telegram_chat_burst=10_000.0,
    )


async def add_users(uow_factory: UnitOfWorkFactory, user_ids: list[int], now: datetime) -> None:
    """Active users, half of them in Russian, committed in chunks."""
    for start in range(0, len(user_ids), USERS_PER_TRANSACTION):
        async with uow_factory() as uow:
            for user_id in user_ids[start : start + USERS_PER_TRANSACTION]:
                locale = "ru" if user_id % 2 else "en"
                await uow.users.save(User(id=user_id, created_at=now, locale=locale))
            await uow.commit()


async def run(recipients: int, rate: float, framework: str) -> Result:
    emulator_limit = math.ceil(rate * EMULATOR_HEADROOM)
    user_ids = list(range(FIRST_USER_ID, FIRST_USER_ID + recipients))
    async with Emulator() as emu:
        for user_id in user_ids:
            emu.user(user_id)
        with tempfile.TemporaryDirectory() as folder:
            container = build_container(settings_for(emu, Path(folder), framework))
            channel = TelegramPushChannel(container)
            try:
                conversations = await conversations_for(container, "sleeplab")
                router = conversations.router
                clock = container.clock()
                uow_factory = router.unit_of_work
                await add_users(uow_factory, user_ids, clock.now())
                async with uow_factory() as uow:
                    await create_broadcast(uow, "all_active", TEXT_KEY, "benchmark", clock.now())
                    await uow.commit()
                sender = BroadcastSender(
                    uow_factory,
                    ChannelMessenger(channel, router),
                    StoredSegments(uow_factory, SLEEPLAB_SEGMENTS),
                    container.catalog(),
                    clock,
                    limiter=SendSchedule(rate=rate),
                    sleep=asyncio.sleep,
                )
                queue = await resolve(container.job_queue())
                worker = Worker(
                    queue, {BROADCAST_JOB_KIND: sender}, clock, WorkerSettings(name="benchmark")
                )
                # Build the Telegram runtime (getMe, setMyCommands) before the clock starts.
                await channel.perform(user_ids[0], [], {})
                emu.calls.clear()
                emu.faults.rate_limit(per_second=emulator_limit, retry_after=1)
                budget = TIME_MARGIN * recipients / rate + 60
                started = time.perf_counter()
                try:
                    report = await asyncio.wait_for(worker.run_once(), budget)
                    outcome = _outcome(report)
                except TimeoutError:
                    outcome = f"gave up after {budget:.0f} s"
                elapsed = time.perf_counter() - started
            finally:
                await channel.close()
                await resolve(container.shutdown_resources())
    sends = emu.calls.of("sendMessage")
    accepted = [call for call in sends if call.status == 200]
    delivered = Counter(call.chat_id for call in accepted)
    return Result(
        recipients=recipients,
        rate=rate,
        emulator_limit=emulator_limit,
        elapsed=elapsed,
        send_window=accepted[-1].at - accepted[0].at if accepted else 0.0,
        sent=sum(delivered.values()),
        too_many_requests=sum(1 for call in sends if call.status == 429),
        duplicates=sum(1 for count in delivered.values() if count > 1),
        missing=sum(1 for user_id in user_ids if delivered[user_id] == 0),
        job_outcome=outcome,
    )


def _outcome(report: object) -> str:
    for name in ("succeeded", "retried", "dead", "lost", "unrecorded"):
        if getattr(report, name, ()):
            return name
    return "not claimed"


def show(result: Result, framework: str) -> None:
    print(
        f"broadcast to {result.recipients} active users via {framework}, SQLite; "
        f"limit {result.rate:g} msg/s, emulator answers 429 above {result.emulator_limit}/s"
    )
    print(f"job:          {result.job_outcome}")
    print(f"recipients:   {result.recipients}")
    print(f"elapsed:      {result.elapsed:.1f} s")
    print(f"achieved:     {result.achieved:.1f} msg/s")
    print(f"achieved/limit: {result.achieved / result.rate:.3f}")
    print(
        f"sending only: {result.sending:.1f} msg/s over {result.send_window:.1f} s "
        f"(first to last send; ratio {result.sending / result.rate:.3f})"
    )
    print(f"429 answers:  {result.too_many_requests}")
    print(f"duplicates:   {result.duplicates} (must be 0)")
    print(f"missing:      {result.missing} (must be 0)")


async def main(recipients: int, rate: float, framework: str) -> None:
    logging.disable(logging.WARNING)
    result = await run(recipients, rate, framework)
    show(result, framework)
    if result.duplicates or result.missing:
        raise SystemExit("FAILED: a recipient got the message twice or not at all")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument(
        "--rate", type=float, default=200.0, help="the broadcast limit, messages per second"
    )
    parser.add_argument("--framework", choices=("aiogram", "ptb"), default="aiogram")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.recipients, arguments.rate, arguments.framework))
