"""The booking module's SQL storage (see migrations/ for the no-overlap constraints)."""

from pathlib import Path

from adapters.tortoise.booking.repository import SqlBookingRepository
from adapters.tortoise.modules import SqlModule

MODULE = SqlModule(
    name="booking",
    migrations=Path(__file__).parent / "migrations",
    repository=SqlBookingRepository,
)

__all__ = ["MODULE", "SqlBookingRepository"]
