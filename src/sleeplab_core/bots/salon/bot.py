"""The salon bot assembled: its flow and commands."""

from __future__ import annotations

from sleeplab_core.bots.salon.flows import MyBookings, Reception
from sleeplab_core.bots.salon.kit import SalonKit
from sleeplab_core.conversation import BotSpec

BOT_NAME = "salon"


def build_salon_bot(kit: SalonKit) -> BotSpec:
    """``/start`` greets; everything else is free text or buttons in the reception."""
    reception, mine = Reception(kit), MyBookings(kit)
    return BotSpec(
        name=BOT_NAME,
        flows={reception.name: reception, mine.name: mine},
        start=reception.name,
        commands={"bookings": mine.name, "book": reception.name},
        menu=(
            ("start", "salon.commands.start"),
            ("bookings", "salon.commands.bookings"),
        ),
    )
