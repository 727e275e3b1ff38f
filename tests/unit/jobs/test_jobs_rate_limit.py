"""The token bucket: never more than ``burst + rate * window`` sends in any window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jobs_support import T0, most_in_any_window

from sleeplab_core.jobs import FakeSleep, TokenBucket, acquire
from sleeplab_core.kernel.clock import FakeClock


def test_the_first_token_is_free_and_the_next_waits_one_interval() -> None:
    bucket = TokenBucket(rate=25)

    assert bucket.take(T0) == 0
    assert bucket.take(T0) == pytest.approx(0.04)
    assert bucket.take(T0 + timedelta(milliseconds=40)) == 0


def test_a_burst_is_spent_at_once_then_the_rate_applies() -> None:
    bucket = TokenBucket(rate=10, burst=3)

    waits = [bucket.take(T0) for _ in range(4)]

    assert waits[:3] == [0, 0, 0]
    assert waits[3] == pytest.approx(0.1)


def test_a_pause_stops_everyone_until_it_ends() -> None:
    bucket = TokenBucket(rate=25)
    bucket.take(T0)

    bucket.pause_until(T0 + timedelta(seconds=7))

    assert bucket.take(T0 + timedelta(seconds=3)) == pytest.approx(4.0)
    assert bucket.take(T0 + timedelta(seconds=7)) == pytest.approx(0.04)
    assert bucket.take(T0 + timedelta(seconds=7.04)) == 0


def test_a_shorter_pause_does_not_cut_a_longer_one() -> None:
    bucket = TokenBucket(rate=25)
    bucket.pause_until(T0 + timedelta(seconds=10))

    bucket.pause_until(T0 + timedelta(seconds=2))

    assert bucket.take(T0 + timedelta(seconds=5)) == pytest.approx(5.0)


def test_a_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="rate"):
        TokenBucket(rate=0)


async def test_acquire_waits_on_the_clock_it_is_given() -> None:
    clock = FakeClock(T0)
    sleep = FakeSleep(clock)
    bucket = TokenBucket(rate=25)

    for _ in range(26):
        await acquire(bucket, clock, sleep)

    assert clock.now() - T0 == timedelta(seconds=1)


@given(
    rate=st.sampled_from([1.0, 7.0, 25.0, 30.0, 1 / 3]),
    burst=st.sampled_from([1.0, 2.0, 5.0]),
    gaps=st.lists(st.integers(min_value=0, max_value=200_000), min_size=1, max_size=200),
    pauses=st.lists(st.integers(min_value=0, max_value=199), max_size=3),
)
async def test_no_window_ever_holds_more_than_the_burst_plus_the_rate(
    rate: float, burst: float, gaps: list[int], pauses: list[int]
) -> None:
    clock = FakeClock(T0)
    sleep = FakeSleep(clock)
    bucket = TokenBucket(rate=rate, burst=burst)
    taken = []

    for index, gap in enumerate(gaps):
        clock.advance(timedelta(microseconds=gap))
        if index in pauses:
            bucket.pause_until(clock.now() + timedelta(seconds=1))
        await acquire(bucket, clock, sleep)
        taken.append(clock.now())

    for window in (timedelta(seconds=1), timedelta(seconds=3)):
        limit = burst + rate * window.total_seconds()
        assert most_in_any_window(taken, window) <= limit + 1e-6
