"""A worker plugin for the fault tests: ``sleeplab worker --plugin jobs_recording_plugin``.

Registers ``test.record``, a handler that appends what it does to the file named by
``SLEEPLAB_TEST_EFFECTS_FILE``, one line per event (``O_APPEND`` writes of one short line
are atomic, so several processes can share the file):

- ``ready <worker>`` when the worker has opened the database and is about to run;
- ``start <job> <worker> <time>`` when a run begins;
- ``effect <job> <worker> <time>`` for the side effect (what a real handler sends);
- ``end <job> <worker> <time>`` when the handler returns.

The payload's ``before`` / ``after`` seconds are slept before and after the effect, so a test
can kill the worker while jobs are in flight on either side of it.
"""

from __future__ import annotations

import asyncio
import os
import time

from entrypoints.worker import register_handler
from sleeplab_core.jobs import Handler, Job, JobContext

KIND = "test.record"
EFFECTS_FILE = "SLEEPLAB_TEST_EFFECTS_FILE"


def record(*fields: object) -> None:
    line = " ".join(str(field) for field in fields) + "\n"
    descriptor = os.open(os.environ[EFFECTS_FILE], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(descriptor, line.encode())
    finally:
        os.close(descriptor)


def recording_handler(_container: object) -> Handler:
    worker = f"pid{os.getpid()}"
    record("ready", worker)

    async def handle(job: Job, _context: JobContext) -> None:
        record("start", job.id, worker, time.time())
        await asyncio.sleep(float(job.payload.get("before", 0)))
        record("effect", job.id, worker, time.time())
        await asyncio.sleep(float(job.payload.get("after", 0)))
        record("end", job.id, worker, time.time())

    return handle


register_handler(KIND, recording_handler)
