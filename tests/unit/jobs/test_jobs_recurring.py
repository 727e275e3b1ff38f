"""Recurring jobs: periods and their keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.jobs import Recurring, occurrence, period_start, recurring_key, schedule_all
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.storage import InMemoryStore

moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)
periods = st.integers(min_value=1, max_value=7 * 24 * 3600).map(lambda s: timedelta(seconds=s))


@given(moment=moments, every=periods)
def test_a_moment_lies_in_the_period_that_starts_at_its_period_start(
    moment: datetime, every: timedelta
) -> None:
    start = period_start(moment, every)

    assert start <= moment < start + every
    assert period_start(start, every) == start


def test_periods_count_from_the_anchor() -> None:
    anchor = datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
    nightly = Recurring(kind="reports.nightly", every=timedelta(days=1), anchor=anchor)

    job = occurrence(nightly, datetime(2026, 3, 1, 2, 59, tzinfo=UTC))

    assert job.run_at == datetime(2026, 2, 28, 3, 0, tzinfo=UTC)
    assert job.unique_key == recurring_key("reports.nightly", job.run_at)
    assert job.unique_key == "recurring:reports.nightly:2026-02-28T03:00:00+00:00"


def test_a_period_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        Recurring(kind="x", every=timedelta(0))


async def test_scheduling_all_recurring_jobs_twice_in_a_period_keeps_one_each() -> None:
    store, clock = InMemoryStore(), FakeClock(datetime(2026, 3, 1, 12, 0, tzinfo=UTC))
    specs = [
        Recurring(kind="reports.nightly", every=timedelta(days=1)),
        Recurring(kind="cleanup.hourly", every=timedelta(hours=1)),
    ]

    first = await schedule_all(store, specs, clock)
    clock.advance(timedelta(minutes=30))
    second = await schedule_all(store, specs, clock)
    clock.advance(timedelta(minutes=30))
    third = await schedule_all(store, specs, clock)

    assert [job.id for job in first] == [job.id for job in second]
    assert (third[0].id, third[1].id != first[1].id) == (first[0].id, True)
    async with store() as uow:
        assert len(await uow.jobs.list()) == 3
