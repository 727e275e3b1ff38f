"""Funnel use cases (one per file)."""

from sleeplab_core.funnels.use_cases.funnel_report import FunnelReport, funnel_report
from sleeplab_core.funnels.use_cases.record_steps import local_day, record_steps

__all__ = ["FunnelReport", "funnel_report", "local_day", "record_steps"]
