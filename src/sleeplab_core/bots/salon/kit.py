"""What the salon bot's flows share: the salon's config and the message parser."""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import attrs

from sleeplab_core.booking.config import SalonConfig, load_config
from sleeplab_core.booking.parsing import RequestParser
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.booking.sheets import CalendarSync
from sleeplab_core.conversation import Button, FlowContext
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.platform import module_uow

DEMO_CONFIG = "demo_salon.toml"
SLOTS_SHOWN = 6
SEARCH_DAYS = 14


def demo_config_path() -> Path:
    return Path(str(resources.files(__package__) / "content" / DEMO_CONFIG))


def salon_config(path: str | None) -> SalonConfig:
    """The salon served: the file ``path`` names, or the shipped demo salon.

    Raises:
        ConfigInvalid: the file breaks a rule (the message names the field).
    """
    return load_config(Path(path) if path else demo_config_path())


@attrs.frozen
class SalonKit:
    """``burst_window`` zero reads every message at once (the terminal); above zero, messages
    arriving within it are merged, read at most ``burst_max_wait`` after the first. With a
    ``sheet``, every booking change is copied to it through the outbox."""

    config: SalonConfig
    parser: RequestParser
    burst_window: timedelta = timedelta(0)
    burst_max_wait: timedelta = timedelta(seconds=8)
    sheet: CalendarSync | None = None  # the spreadsheet copy, when one is configured

    def today(self, clock: Clock) -> date:
        return clock.now().astimezone(self.config.zone).date()


def booking_uow(ctx: FlowContext) -> BookingJobsUnitOfWork:
    """The event's unit of work seen as the booking module's (with the jobs outbox)."""
    # module_uow takes the protocol itself; mypy objects to passing an abstract class.
    return module_uow(ctx.uow, BookingJobsUnitOfWork)  # type: ignore[type-abstract]


def client_of(ctx: FlowContext) -> str:
    return str(ctx.user.id)


def menu(ctx: FlowContext) -> list[Button]:
    return [ctx.button("salon.menu.book", "menu:book"), ctx.button("salon.menu.mine", "menu:mine")]
