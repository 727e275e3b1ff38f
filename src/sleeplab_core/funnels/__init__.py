"""Funnels: which steps of a bot users reach, per local day, from an event log the core
writes as it runs (``FlowContext.reach``; the router adds ``flow:<name>`` on every flow
change). Every deployment has the table, whichever bots it serves."""

from sleeplab_core.funnels.fakes import FUNNELS, InMemoryFunnels
from sleeplab_core.funnels.model import FunnelEvent, StepCount
from sleeplab_core.funnels.ports import FunnelRepository

__all__ = ["FUNNELS", "FunnelEvent", "FunnelRepository", "InMemoryFunnels", "StepCount"]
