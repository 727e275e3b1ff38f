"""Fixtures for the jobs unit tests: an in-memory store, its queue, a fake clock and sleep."""

from __future__ import annotations

import pytest
from jobs_support import T0

from sleeplab_core.jobs import FakeSleep, InMemoryJobQueue
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.storage import InMemoryStore


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def sleep(clock: FakeClock) -> FakeSleep:
    return FakeSleep(clock)


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def queue(store: InMemoryStore) -> InMemoryJobQueue:
    return InMemoryJobQueue(store)
