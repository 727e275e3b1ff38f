"""Job queue throughput: a backlog of due no-op jobs drained by one or two worker processes.

For each scenario (SQLite with one worker; PostgreSQL with one and with two workers, when
reachable) the run builds a fresh database with the committed migrations and enqueues
``--jobs`` jobs of a no-op kind (not timed). It starts the worker processes — each this
script in ``--worker`` mode: one ``Worker`` over ``TortoiseJobQueue`` with its own
connection (pool), the real claim/complete SQL — waits until they are polling, then makes
every job due at one instant ``due`` and waits until all have succeeded. It prints:

- **jobs/s**: jobs divided by the time from ``due`` to the last job's ``finished_at``;
- **lateness p50 / p99 / max**: ``finished_at - due`` per job (with a backlog this is mostly
  queueing: the median job waits for half the backlog), from the rows themselves;
- a check that every job succeeded exactly once (``attempts = 1``): it must hold.

Run: ``python benchmarks/jobs.py [--jobs 10000] [--batch-size 10] [--poll-interval 0.2]
[--postgres DSN] [--no-postgres]``. PostgreSQL defaults to ``SLEEPLAB_TEST_POSTGRES_DSN``
(else the local server); the user needs CREATEDB (a scratch database is made and dropped).
The broadcast through the Telegram emulator is measured elsewhere.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped]

from adapters.tortoise import Database, open_database
from adapters.tortoise.errors import redact_password
from adapters.tortoise.job_queue import TortoiseJobQueue
from adapters.tortoise.ledger.sql import Session, in_transaction
from sleeplab_core.jobs import Job, JobContext, Worker, WorkerSettings
from sleeplab_core.kernel.clock import SystemClock

KIND = "bench.noop"
DEFAULT_POSTGRES_DSN = "postgres://postgres@127.0.0.1:5432/test"
ENQUEUE_CHUNK = 500
# Enqueued jobs wait here until the workers poll; then they all become due at once.
PARKED = datetime(2999, 1, 1, tzinfo=UTC)
DUE_LEAD = timedelta(seconds=0.5)


@dataclass(frozen=True)
class Result:
    database: str
    workers: int
    jobs: int
    seconds: float
    lateness: list[float]
    exactly_once: bool

    @property
    def rate(self) -> float:
        return self.jobs / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.lateness)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


# --- the worker process ----------------------------------------------------------------


async def noop(_job: Job, _context: JobContext) -> None:
    return None


async def serve_worker(url: str, name: str, batch_size: int, poll_interval: float) -> None:
    """``--worker`` mode: run a worker on ``url`` until SIGTERM."""
    database = await open_database(url, migrate=False)
    settings = WorkerSettings(name=name, batch_size=batch_size, poll_interval=poll_interval)
    worker = Worker(TortoiseJobQueue(database), {KIND: noop}, SystemClock(), settings)
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, worker.stop)
    print("ready", flush=True)
    try:
        await worker.run()
    finally:
        await database.close()


# --- one scenario ----------------------------------------------------------------------


async def enqueue_parked(database: Database, count: int) -> None:
    """Insert ``count`` parked jobs, many rows per statement (setup, not measured)."""
    for start in range(0, count, ENQUEUE_CHUNK):
        rows = min(ENQUEUE_CHUNK, count - start)

        async def work(sql: Session, rows: int = rows) -> None:
            values = ", ".join("(?, '{}', ?, ?, 'scheduled', 0, 10, ?, ?)" for _ in range(rows))
            now, parked = sql.time(datetime.now(UTC)), sql.time(PARKED)
            params = [KIND, parked, parked, now, now] * rows
            await sql.rows(
                "INSERT INTO jobs (kind, payload, run_at, next_attempt_at, state, attempts,"
                f" max_attempts, created_at, updated_at) VALUES {values} RETURNING id",
                *params,
            )

        await in_transaction(database, work)


async def make_due(database: Database, due: datetime) -> None:
    async def work(sql: Session) -> None:
        when = sql.time(due)
        await sql.rows("UPDATE jobs SET run_at = ?, next_attempt_at = ? RETURNING id", when, when)

    await in_transaction(database, work)


async def succeeded(database: Database) -> int:
    async def work(sql: Session) -> int:
        rows = await sql.rows("SELECT COUNT(*) AS n FROM jobs WHERE state = 'succeeded'")
        return int(rows[0]["n"])

    return await in_transaction(database, work)


async def finished_times(database: Database) -> list[tuple[datetime, int]]:
    async def work(sql: Session) -> list[tuple[datetime, int]]:
        rows = await sql.rows("SELECT finished_at, attempts FROM jobs")
        return [(Session.read_time(row["finished_at"]), int(row["attempts"])) for row in rows]

    return await in_transaction(database, work)


async def start_workers(
    url: str, count: int, args: argparse.Namespace
) -> list[asyncio.subprocess.Process]:
    processes = []
    for n in range(count):
        command = [sys.executable, __file__, "--worker", url, "--name", f"bench-{n + 1}"]
        command += [
            "--batch-size",
            str(args.batch_size),
            "--poll-interval",
            str(args.poll_interval),
        ]
        processes.append(
            await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
        )
    for process in processes:
        assert process.stdout is not None
        line = await process.stdout.readline()
        if line.strip() != b"ready":
            raise RuntimeError(f"a worker process did not start (exit code {process.returncode})")
    return processes


async def run_scenario(label: str, url: str, workers: int, args: argparse.Namespace) -> Result:
    database = await open_database(url)
    try:
        await enqueue_parked(database, args.jobs)
        processes = await start_workers(url, workers, args)
        try:
            due = datetime.now(UTC) + DUE_LEAD
            await make_due(database, due)
            while await succeeded(database) < args.jobs:  # noqa: ASYNC110 - polls the database
                await asyncio.sleep(0.25)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                await process.wait()
        rows = await finished_times(database)
    finally:
        await database.close()
    lateness = [(finished - due).total_seconds() for finished, _ in rows]
    return Result(
        database=label,
        workers=workers,
        jobs=args.jobs,
        seconds=max(lateness),
        lateness=lateness,
        exactly_once=all(attempts == 1 for _, attempts in rows) and len(rows) == args.jobs,
    )


# --- databases -------------------------------------------------------------------------


async def bench_sqlite(args: argparse.Namespace) -> Result:
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'jobs.sqlite3'}"
        return await run_scenario("SQLite", url, 1, args)


async def bench_postgres(server_dsn: str, workers: int, args: argparse.Namespace) -> Result:
    name = f"sleeplab_bench_{uuid.uuid4().hex[:12]}"
    await _execute(server_dsn, f'CREATE DATABASE "{name}"')
    try:
        url = urlsplit(server_dsn)._replace(path=f"/{name}").geturl()
        return await run_scenario("PostgreSQL", url, workers, args)
    finally:
        await _execute(server_dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _execute(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(urlsplit(dsn)._replace(scheme="postgresql").geturl())
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _reachable(dsn: str) -> bool:
    try:
        await _execute(dsn, "SELECT 1")
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        print(f"PostgreSQL at {redact_password(dsn)} not reachable ({error}); SQLite only")
        return False
    return True


async def run_all(args: argparse.Namespace) -> list[Result]:
    results: list[Result] = []
    if not args.no_sqlite:
        results.append(await bench_sqlite(args))
        print_result(results[-1])
    if args.no_postgres:
        return results
    dsn = args.postgres or os.environ.get("SLEEPLAB_TEST_POSTGRES_DSN", DEFAULT_POSTGRES_DSN)
    if not await _reachable(dsn):
        return results
    for workers in args.workers:
        results.append(await bench_postgres(dsn, workers, args))
        print_result(results[-1])
    return results


def print_result(result: Result) -> None:
    print(
        f"{result.database:<10} workers={result.workers} jobs={result.jobs}"
        f"  {result.rate:8.0f} jobs/s"
        f"  lateness p50={result.percentile(0.50):6.2f}s p99={result.percentile(0.99):6.2f}s"
        f" max={max(result.lateness):6.2f}s"
        f"  exactly once: {'yes' if result.exactly_once else 'NO'}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=10_000, help="due jobs per scenario")
    parser.add_argument("--batch-size", type=int, default=10, help="jobs claimed per round")
    parser.add_argument("--poll-interval", type=float, default=0.2, help="idle wait (s)")
    parser.add_argument("--postgres", metavar="DSN", help="PostgreSQL server (needs CREATEDB)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="PostgreSQL worker processes"
    )
    parser.add_argument("--worker", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--name", default="bench", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asyncio.run(serve_worker(args.worker, args.name, args.batch_size, args.poll_interval))
        return 0
    started = time.monotonic()
    print(f"{args.jobs} due no-op jobs, batch {args.batch_size}, poll {args.poll_interval}s")
    results = asyncio.run(run_all(args))
    print(f"wall time {time.monotonic() - started:.0f}s")
    return 0 if all(result.exactly_once for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
