"""The booking module's SQL storage (see migrations/ for the no-overlap constraints)."""

from adapters.tortoise.booking.repository import SqlBookingRepository

__all__ = ["SqlBookingRepository"]
