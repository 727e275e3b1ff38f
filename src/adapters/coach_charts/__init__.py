"""The coach's weekly chart, drawn with matplotlib."""

from adapters.coach_charts.week import MatplotlibWeekChart, build_service

__all__ = ["MatplotlibWeekChart", "build_service"]
