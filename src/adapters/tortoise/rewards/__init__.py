"""The rewards module's SQL storage: tables (plain SQL migrations per dialect), repositories."""

from __future__ import annotations

from pathlib import Path

from adapters.tortoise.rewards.repositories import SqlRewardsStore

MIGRATIONS = Path(__file__).parent / "migrations"

__all__ = ["MIGRATIONS", "SqlRewardsStore"]
