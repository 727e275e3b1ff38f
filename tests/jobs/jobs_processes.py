"""Helpers of the worker fault tests: worker processes, the effects log, the job table."""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import attrs

from adapters.tortoise import Database, TortoiseUnitOfWorkFactory
from sleeplab_core.jobs import Job, NewJob

PLUGIN = "jobs_recording_plugin"
KIND = "test.record"
# A liveness bound, not a performance assertion: a broken worker must fail, not hang.
PATIENCE_SECONDS = 90.0


@attrs.frozen
class Run:
    job: int
    worker: str
    started: float
    ended: float | None


@attrs.frozen
class Effects:
    """What the handlers recorded, read back from the effects file."""

    lines: list[list[str]]

    @classmethod
    def read(cls, path: Path) -> Effects:
        if not path.exists():
            return cls([])
        return cls([line.split() for line in path.read_text().splitlines() if line.strip()])

    def ready(self) -> list[str]:
        return [line[1] for line in self.lines if line[0] == "ready"]

    def count(self, event: str) -> Counter[int]:
        return Counter(int(line[1]) for line in self.lines if line[0] == event)

    def started_not_ended(self) -> set[int]:
        return set(self.count("start") - self.count("end"))

    def runs(self) -> list[Run]:
        """Each run of a job by a worker: its start and (if it got there) its end."""
        open_runs: dict[tuple[int, str], float] = {}
        runs: list[Run] = []
        for event, job, worker, moment in (line for line in self.lines if line[0] != "ready"):
            key = (int(job), worker)
            if event == "start":
                open_runs[key] = float(moment)
            elif event == "end":
                runs.append(Run(int(job), worker, open_runs.pop(key), float(moment)))
        runs += [Run(job, worker, started, None) for (job, worker), started in open_runs.items()]
        return runs


def overlapping_runs(runs: list[Run]) -> list[tuple[Run, Run]]:
    """Pairs of runs of one job whose [start, end] intervals intersect."""
    by_job: dict[int, list[Run]] = {}
    for run in runs:
        by_job.setdefault(run.job, []).append(run)
    pairs = []
    for job_runs in by_job.values():
        ordered = sorted(job_runs, key=lambda run: run.started)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.ended is None or later.started < earlier.ended:
                pairs.append((earlier, later))
    return pairs


async def start_worker(
    url: str, name: str, effects: Path, workdir: Path, *extra: str
) -> asyncio.subprocess.Process:
    """``python -m entrypoints worker`` on ``url`` with the recording plugin."""
    source = Path(__file__).parent
    environment = {
        **os.environ,
        "SLEEPLAB_DATABASE_URL": url,
        "SLEEPLAB_DATA_DIR": str(workdir),
        "SLEEPLAB_LOG_LEVEL": "WARNING",
        "SLEEPLAB_TEST_EFFECTS_FILE": str(effects),
        "PYTHONPATH": os.pathsep.join([str(source), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "entrypoints", "worker", "--plugin", PLUGIN]
    command += ["--name", name, "--poll-interval", "0.05", *extra]
    return await asyncio.create_subprocess_exec(
        *command,
        cwd=workdir,  # away from the project's .env
        env=environment,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_for(what: str, condition: Callable[[], Awaitable[bool]]) -> None:
    """Poll ``condition`` until it holds; fail after ``PATIENCE_SECONDS``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE_SECONDS
    while not await condition():
        if loop.time() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


async def stop(process: asyncio.subprocess.Process) -> tuple[int, str]:
    """SIGTERM, then the exit code and what the process wrote to stderr."""
    if process.returncode is None:
        process.terminate()
    _, stderr = await asyncio.wait_for(process.communicate(), PATIENCE_SECONDS)
    assert process.returncode is not None
    return process.returncode, stderr.decode(errors="replace")


async def enqueue_jobs(database: Database, count: int, **payload: float) -> list[Job]:
    now = datetime.now(UTC)
    async with TortoiseUnitOfWorkFactory(database)() as uow:
        jobs = [
            await uow.jobs.enqueue(NewJob(kind=KIND, payload=payload, run_at=now), now)
            for _ in range(count)
        ]
        await uow.commit()
    return jobs


async def all_jobs(database: Database) -> list[Job]:
    async with TortoiseUnitOfWorkFactory(database)() as uow:
        return await uow.jobs.list(limit=100_000)
