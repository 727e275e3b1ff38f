"""SQL storage of the operators module (``sleeplab_core.operators``)."""

from __future__ import annotations

from pathlib import Path

from adapters.tortoise.modules import SqlModule
from adapters.tortoise.operators.repository import SqlOperators

MODULE = SqlModule(
    name="operators", migrations=Path(__file__).parent / "migrations", repository=SqlOperators
)

__all__ = ["MODULE", "SqlOperators"]
