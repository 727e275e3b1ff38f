"""The coaching module's SQL storage (tables ``coach_*``, plain SQL migrations per dialect)."""

from pathlib import Path

from adapters.tortoise.coaching.repository import SqlCoachingRepository
from adapters.tortoise.modules import SqlModule

MODULE = SqlModule(
    name="coaching",
    migrations=Path(__file__).parent / "migrations",
    repository=SqlCoachingRepository,
)

__all__ = ["MODULE", "SqlCoachingRepository"]
