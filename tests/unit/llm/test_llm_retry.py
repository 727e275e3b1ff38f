"""The kernel's retry helper: full-jitter backoff, a cap, retry-after hints, no real sleep."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.kernel.retry import RetryPolicy, backoff_delay, delay_with_hint, retry


class Transient(Exception):
    def __init__(self, hint: float | None = None) -> None:
        super().__init__("transient")
        self.hint = hint


class Permanent(Exception):
    pass


class Sleeper:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def failing(*errors: Exception, result: str = "done"):  # type: ignore[no-untyped-def]
    remaining = list(errors)
    calls: list[int] = []

    async def operation() -> str:
        calls.append(1)
        if remaining:
            raise remaining.pop(0)
        return result

    return operation, calls


async def run(operation, policy: RetryPolicy, sleeper: Sleeper, random=lambda: 1.0):  # type: ignore[no-untyped-def]
    return await retry(
        operation,
        policy=policy,
        is_retryable=lambda error: isinstance(error, Transient),
        retry_after=lambda error: error.hint if isinstance(error, Transient) else None,
        sleep=sleeper,
        random=random,
    )


@given(
    retry_number=st.integers(0, 30),
    draw=st.floats(0, 1, exclude_max=True),
    base=st.floats(0.01, 5),
    cap=st.floats(0.01, 60),
)
def test_backoff_delay_stays_between_zero_and_the_capped_exponential(
    retry_number: int, draw: float, base: float, cap: float
) -> None:
    policy = RetryPolicy(attempts=3, base_delay=base, max_delay=cap)

    delay = backoff_delay(policy, retry_number, lambda: draw)

    assert 0 <= delay <= min(cap, base * 2**retry_number)


def test_backoff_ceiling_doubles_each_retry_until_the_cap() -> None:
    policy = RetryPolicy(attempts=10, base_delay=1.0, max_delay=5.0)

    ceilings = [backoff_delay(policy, n, lambda: 1.0) for n in range(5)]

    assert ceilings == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_a_retry_after_hint_is_a_floor_for_the_delay() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=20.0)

    assert delay_with_hint(policy, 0, hint=7.0, random=lambda: 0.1) == 7.0


def test_a_hint_longer_than_the_cap_means_give_up() -> None:
    policy = RetryPolicy(max_delay=10.0)

    assert delay_with_hint(policy, 0, hint=11.0, random=lambda: 0.5) is None


async def test_transient_failures_are_retried_until_success() -> None:
    operation, calls = failing(Transient(), Transient())
    sleeper = Sleeper()

    result = await run(operation, RetryPolicy(attempts=3, base_delay=1.0), sleeper)

    assert result == "done"
    assert len(calls) == 3
    assert sleeper.delays == [1.0, 2.0]


async def test_the_last_error_is_raised_when_attempts_run_out() -> None:
    operation, calls = failing(Transient(), Transient(), Transient())
    sleeper = Sleeper()

    with pytest.raises(Transient):
        await run(operation, RetryPolicy(attempts=2), sleeper)

    assert len(calls) == 2
    assert len(sleeper.delays) == 1


async def test_a_permanent_error_is_raised_at_once_without_sleeping() -> None:
    operation, calls = failing(Permanent())
    sleeper = Sleeper()

    with pytest.raises(Permanent):
        await run(operation, RetryPolicy(attempts=5), sleeper)

    assert len(calls) == 1
    assert sleeper.delays == []


async def test_the_servers_hint_is_waited_for() -> None:
    operation, _ = failing(Transient(hint=3.0))
    sleeper = Sleeper()

    await run(operation, RetryPolicy(attempts=2, base_delay=0.5), sleeper, random=lambda: 0.0)

    assert sleeper.delays == [3.0]


async def test_a_hint_beyond_the_cap_raises_instead_of_waiting() -> None:
    operation, calls = failing(Transient(hint=120.0))
    sleeper = Sleeper()

    with pytest.raises(Transient):
        await run(operation, RetryPolicy(attempts=5, max_delay=30.0), sleeper)

    assert len(calls) == 1
    assert sleeper.delays == []


async def test_on_retry_is_told_the_number_error_and_delay() -> None:
    operation, _ = failing(Transient())
    seen: list[tuple[int, str, float]] = []

    await retry(
        operation,
        policy=RetryPolicy(attempts=2, base_delay=2.0),
        is_retryable=lambda error: True,
        on_retry=lambda number, error, delay: seen.append((number, type(error).__name__, delay)),
        sleep=Sleeper(),
        random=lambda: 0.5,
    )

    assert seen == [(1, "Transient", 1.0)]


def test_a_policy_needs_at_least_one_attempt() -> None:
    with pytest.raises(ValueError, match="at least one attempt"):
        RetryPolicy(attempts=0)
