"""The weekly chart draws a PNG, the same bytes for the same week."""

from __future__ import annotations

from adapters.coach_charts import MatplotlibWeekChart

WEEK = [("Mon", True, 5), ("Tue", True, 10), ("Wed", False, 9), ("Thu", True, 14)]


def test_the_same_week_draws_the_same_png() -> None:
    chart = MatplotlibWeekChart()

    first = chart.render(WEEK, "Habit strength, %")

    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert chart.render(WEEK, "Habit strength, %") == first
    assert chart.render(WEEK[:3], "Habit strength, %") != first
