"""The coaching module's in-memory storage, present as ``uow.coaching``."""

from __future__ import annotations

from sleeplab_core.coaching.fakes import CoachingTables, InMemoryCoachingRepository
from sleeplab_core.kernel.modules import MemoryModule

COACHING = MemoryModule(
    name="coaching", tables=CoachingTables, repository=InMemoryCoachingRepository
)
