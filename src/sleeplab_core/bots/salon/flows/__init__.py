"""The salon bot's dialogue: one reception flow that reads free text and buttons."""

from sleeplab_core.bots.salon.flows.reception import MyBookings, Reception

__all__ = ["MyBookings", "Reception"]
