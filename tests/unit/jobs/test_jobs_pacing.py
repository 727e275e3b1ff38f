"""Send slots on absolute deadlines: no drift from late wake-ups, never above the rate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jobs_support import T0, most_in_any_window

from sleeplab_core.jobs import FakeSleep, SendSchedule, acquire_slot
from sleeplab_core.kernel.clock import FakeClock


async def test_punctual_sends_run_exactly_at_the_rate() -> None:
    clock = FakeClock(T0)
    schedule = SendSchedule(rate=25)

    for _ in range(26):
        await acquire_slot(schedule, clock, FakeSleep(clock))

    assert clock.now() - T0 == timedelta(seconds=1)


@given(
    rate=st.sampled_from([25.0, 30.0, 200.0]),
    lateness=st.lists(st.integers(min_value=0, max_value=3_000), min_size=50, max_size=300),
)
async def test_late_wake_ups_are_made_up_so_the_pace_does_not_drift(
    rate: float, lateness: list[int]
) -> None:
    clock = FakeClock(T0)
    schedule = SendSchedule(rate=rate)

    for late in lateness:
        await acquire_slot(schedule, clock, FakeSleep(clock))
        clock.advance(timedelta(microseconds=late))  # the send, or a sleep overshooting

    ideal = (len(lateness) - 1) / rate
    assert (clock.now() - T0).total_seconds() <= ideal + max(lateness) / 1e6 + 1e-6


@given(
    rate=st.sampled_from([1.0, 7.0, 25.0, 30.0, 200.0, 1 / 3]),
    catch_up=st.sampled_from([0.0, 0.04, 0.5]),
    gaps=st.lists(st.integers(min_value=0, max_value=200_000), min_size=1, max_size=200),
    pauses=st.lists(st.integers(min_value=0, max_value=199), max_size=3),
)
async def test_no_window_holds_more_than_the_rate_over_the_window_and_the_catch_up(
    rate: float, catch_up: float, gaps: list[int], pauses: list[int]
) -> None:
    clock = FakeClock(T0)
    schedule = SendSchedule(rate=rate, catch_up=catch_up)
    taken = []

    for index, gap in enumerate(gaps):
        clock.advance(timedelta(microseconds=gap))
        if index in pauses:
            schedule.pause_until(clock.now() + timedelta(seconds=1))
        await acquire_slot(schedule, clock, FakeSleep(clock))
        taken.append(clock.now())

    for window in (timedelta(seconds=1), timedelta(seconds=3)):
        limit = 1 + rate * (window.total_seconds() + catch_up)
        assert most_in_any_window(taken, window) <= limit + 1e-6


def test_nothing_is_sent_before_a_pause_ends() -> None:
    schedule = SendSchedule(rate=25)
    assert schedule.take(T0) == 0

    schedule.pause_until(T0 + timedelta(seconds=5))

    assert schedule.take(T0 + timedelta(seconds=1)) == pytest.approx(4.0)
    assert schedule.take(T0 + timedelta(seconds=5)) == 0


def test_a_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="rate"):
        SendSchedule(rate=0)
