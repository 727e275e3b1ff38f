"""The fault matrix beyond intake: real ``sleeplab worker`` processes delivering reports.

Users finish a paid level with delayed delivery (due at once, no quiet hours); a worker
process sends their reports to the loopback Telegram emulator while a fault strikes:

- SIGKILL at a random point of the deliveries, then a restarted worker;
- Telegram answering 500 and 429 (with ``retry_after``) to sends;
- on PostgreSQL, the worker's database connections terminated mid-run, once
  (``pg_terminate_backend``; restarting the server is not the tests' to do).

Invariants after each (docs/reliability.md): no job lost (every delivery job succeeds),
every message of every report arrives, none more than twice, and a second copy only for
the message a killed worker had in flight (at most one per job). The worker also stops on
SIGTERM with exit code 0 and no unclosed HTTP session (finding 10).
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import pytest

from adapters.telegram_emulator import Emulator
from entrypoints.containers import build_container, resolve
from entrypoints.fixtures import RecordingChannel, grant, pilot_for
from entrypoints.settings import Settings
from sleeplab_core.sleeplab.delivery import DELIVER_DIAGNOSIS_JOB_KIND
from sleeplab_core.sleeplab.journey_jobs import DeliveryMode

from .bot_processes import environment, kill, start, stop, wait_for

pytestmark = pytest.mark.slow
USERS = (9101, 9102, 9103, 9104)
SENDS = ("sendMessage", "sendDocument")
NO_QUIET = "00:00-00:00"
SEED = 20261202
LONG_PATIENCE_SECONDS = 240.0


def delivery_settings(url: str, workdir: Path) -> dict[str, Any]:
    return {
        "database_url": url,
        "data_dir": workdir,
        "delivery": "delayed",
        "delivery_delay_minutes": 0,
        "quiet_hours": NO_QUIET,
    }


async def finish_paid_levels(url: str, workdir: Path) -> None:
    """Every user completes L0 and a granted L1: one delivery job each, due now."""
    container = build_container(Settings(**delivery_settings(url, workdir)))
    try:
        for user_id in USERS:
            pilot = await pilot_for(container, user_id, RecordingChannel(), DeliveryMode.DELAYED)
            await pilot.onboard()
            await pilot.open_level("L0")
            await pilot.answer()
            await grant(pilot.router, user_id, "sleeplab_l1")
            await pilot.open_level("L1")
            await pilot.answer()
    finally:
        await resolve(container.shutdown_resources())


async def rows(url: str, sql: str) -> list[dict[str, Any]]:
    """A read-only query beside the running worker (no migration check, no write lock)."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute(sql)]
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        return [dict(row) for row in await connection.fetch(sql)]
    finally:
        await connection.close()


async def delivery_states(url: str) -> Counter[str]:
    found = await rows(url, f"SELECT state FROM jobs WHERE kind = '{DELIVER_DIAGNOSIS_JOB_KIND}'")
    return Counter(str(row["state"]) for row in found)


STARTED: list[asyncio.subprocess.Process] = []


@pytest.fixture(autouse=True)
async def no_worker_left() -> Any:
    """A failing test leaves no worker running; its stderr goes to the report."""
    yield
    while STARTED:
        process = STARTED.pop()
        if process.returncode is None:
            process.kill()
            _, stderr = await process.communicate()
            print(stderr.decode(errors="replace")[-4000:])


async def start_worker(emu: Emulator, url: str, workdir: Path) -> asyncio.subprocess.Process:
    env = environment(
        emu,
        url,
        workdir,
        SLEEPLAB_DELIVERY="delayed",
        SLEEPLAB_QUIET_HOURS=NO_QUIET,
        PYTHONWARNINGS="always::ResourceWarning",
    )
    return await start(workdir, env, "worker", "--lease-seconds", "3", "--poll-interval", "0.2")


def received(emu: Emulator, user_id: int) -> Counter[str]:
    """What the user's chat holds: each text and each file, with how often it arrived."""
    got: Counter[str] = Counter()
    for entry in emu.transcript(user_id):
        document = entry.message.get("document")
        got[f"file:{document['file_name']}" if document else f"text:{entry.text}"] += 1
    return got


def sent_ok(emu: Emulator) -> int:
    return sum(1 for call in emu.calls.of() if call.method in SENDS and call.status == 200)


async def all_delivered(url: str) -> bool:
    return (await delivery_states(url)).get("succeeded", 0) == len(USERS)


async def finish_cleanly(worker: asyncio.subprocess.Process) -> None:
    code, stderr = await stop(worker)
    assert code == 0, stderr
    assert "Unclosed" not in stderr, stderr  # the Telegram HTTP session is closed on stop
    assert "ResourceWarning" not in stderr, stderr


def check_reports(emu: Emulator, *, duplicates_allowed: int) -> dict[int, Counter[str]]:
    """Every user got the whole report (a text and at least two files), nothing more than
    twice, and at most ``duplicates_allowed`` messages twice (per user)."""
    chats = {user_id: received(emu, user_id) for user_id in USERS}
    for user_id, got in chats.items():
        files = [key for key in got if key.startswith("file:")]
        assert any(key.startswith("text:") for key in got), (user_id, got)
        assert len(files) >= 2, (user_id, got)
        assert max(got.values()) <= 2, (user_id, got)
        assert sum(1 for count in got.values() if count == 2) <= duplicates_allowed, got
    return chats


@pytest.fixture
async def emu() -> Any:
    async with Emulator() as emulator:
        for user_id in USERS:
            emulator.user(user_id)
        yield emulator


@pytest.mark.parametrize("round_", range(2))
async def test_sigkill_at_a_random_point_loses_no_job_and_repeats_only_in_flight_messages(
    emu: Emulator, database_url: str, tmp_path: Path, round_: int
) -> None:
    await finish_paid_levels(database_url, tmp_path)
    everything = 3 * len(USERS)  # a text and two files each
    kill_after = random.Random(SEED + round_).randint(1, everything - 1)

    doomed = await start_worker(emu, database_url, tmp_path)
    await wait_for(f"{kill_after} sends", lambda: _at_least(emu, kill_after))
    await kill(doomed)
    at_kill = sent_ok(emu)
    in_flight = (await delivery_states(database_url)).get("running", 0)

    survivor = await start_worker(emu, database_url, tmp_path)
    await wait_for("every delivery job to succeed", lambda: all_delivered(database_url))
    await finish_cleanly(survivor)

    chats = check_reports(emu, duplicates_allowed=1)
    twice = sum(1 for got in chats.values() for count in got.values() if count == 2)
    assert twice <= in_flight, (kill_after, at_kill, in_flight, chats)
    print(f"figure: killed after {at_kill} sends, {in_flight} job(s) in flight, {twice} twice")


async def test_telegram_500s_and_429s_delay_but_neither_lose_nor_double_a_message(
    emu: Emulator, database_url: str, tmp_path: Path
) -> None:
    await finish_paid_levels(database_url, tmp_path)
    emu.inject("sendDocument", error=500, times=3)
    emu.inject("sendDocument", error=429, retry_after=1, times=3)
    emu.inject("sendMessage", error=502, times=2)
    emu.inject("sendMessage", error=429, retry_after=1, times=2)

    worker = await start_worker(emu, database_url, tmp_path)
    await wait_for("every delivery job to succeed", lambda: all_delivered(database_url))
    await finish_cleanly(worker)

    refused = [c for c in emu.calls.of() if c.method in SENDS and c.status != 200]
    assert len(refused) == 10, "every injected fault was met"
    check_reports(emu, duplicates_allowed=0)  # a refused send never reached the chat


@pytest.mark.postgres
async def test_postgres_connections_terminated_mid_run_lose_no_job(
    emu: Emulator, postgres_url: str, tmp_path: Path
) -> None:
    await finish_paid_levels(postgres_url, tmp_path)

    worker = await start_worker(emu, postgres_url, tmp_path)
    await wait_for("the first sends", lambda: _at_least(emu, 2))
    terminated = await terminate_other_connections(postgres_url)
    await wait_long("every delivery job to succeed", lambda: all_delivered(postgres_url))
    await finish_cleanly(worker)

    assert terminated >= 1, "the worker's connections were cut"
    chats = check_reports(emu, duplicates_allowed=1)
    twice = sum(1 for got in chats.values() for count in got.values() if count == 2)
    print(f"figure: {terminated} connection(s) terminated, {twice} message(s) twice")


async def terminate_other_connections(url: str) -> int:
    """``pg_terminate_backend`` on every other connection to this database (the worker's)."""
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        found = await connection.fetch(
            "SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await connection.close()
    return sum(1 for row in found if row["done"])


async def wait_long(what: str, condition: Any) -> None:
    """Like ``wait_for``, past two failed attempts' retry delays (up to 30 s, then 60 s)."""
    deadline = asyncio.get_running_loop().time() + LONG_PATIENCE_SECONDS
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, f"gave up waiting for {what}"
        await asyncio.sleep(0.1)


async def _at_least(emu: Emulator, count: int) -> bool:
    return sent_ok(emu) >= count
