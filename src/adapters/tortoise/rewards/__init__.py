"""The rewards module's SQL storage: tables (plain SQL migrations per dialect), repositories.

Registered as the SQL twin of the core's ``rewards`` MemoryModule (entry-point group
``sleeplab.sql_modules``), so every unit of work of a bot that uses it has ``uow.rewards``.
"""

from __future__ import annotations

from pathlib import Path

from adapters.tortoise.modules import SqlModule
from adapters.tortoise.rewards.repositories import SqlRewardsStore

MIGRATIONS = Path(__file__).parent / "migrations"
MODULE = SqlModule(name="rewards", migrations=MIGRATIONS, repository=SqlRewardsStore)

__all__ = ["MIGRATIONS", "MODULE", "SqlRewardsStore"]
