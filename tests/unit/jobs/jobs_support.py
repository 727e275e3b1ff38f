"""Shared values and helpers of the jobs unit tests (a unique name: test dirs share sys.path)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def most_in_any_window(moments: list[datetime], window: timedelta) -> int:
    """The largest number of ``moments`` (sorted) inside any half-open window."""
    best, start = 0, 0
    for end, moment in enumerate(moments):
        while moment - moments[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best
