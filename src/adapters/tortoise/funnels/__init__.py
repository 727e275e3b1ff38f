"""SQL storage of the funnels module (``sleeplab_core.funnels``)."""

from __future__ import annotations

from pathlib import Path

from adapters.tortoise.funnels.repository import SqlFunnels
from adapters.tortoise.modules import SqlModule

MODULE = SqlModule(
    name="funnels", migrations=Path(__file__).parent / "migrations", repository=SqlFunnels
)

__all__ = ["MODULE", "SqlFunnels"]
