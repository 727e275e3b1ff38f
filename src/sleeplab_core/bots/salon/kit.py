"""What the salon bot's flows share: the salon's config and the message parser."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import attrs

from sleeplab_core.booking.config import SalonConfig, load_config
from sleeplab_core.booking.errors import ConfigInvalid
from sleeplab_core.booking.parsing import RequestParser
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.booking.sheets import CalendarSync
from sleeplab_core.conversation import Button, FlowContext
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.platform import module_uow

log = logging.getLogger(__name__)
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


class ReadOnlyConfig(Exception):
    """The config cannot be changed here (the shipped demo, or a TOML file)."""


class ConfigFile:
    """The salon's config file, seen by every process: read again when it changed on disk
    (another process saved a new version), and replaced atomically by :meth:`save`.

    A file that turns invalid on disk (edited by hand) is refused with a log line and the
    last valid config stays in use.
    """

    def __init__(self, path: Path, config: SalonConfig) -> None:
        self.path = path
        self._config = config
        self._seen = self._signature()

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return found.st_ino, found.st_mtime_ns, found.st_size

    def current(self) -> SalonConfig:
        seen = self._signature()
        if seen is not None and seen != self._seen:
            self._seen = seen
            try:
                self._config = load_config(self.path)
            except ConfigInvalid as error:
                log.error("salon: %s changed and is invalid, keeping the last config: %s",
                          self.path.name, error)  # fmt: skip
        return self._config

    @property
    def writable(self) -> bool:
        return self.path.suffix == ".json"

    def save(self, config: SalonConfig) -> None:
        """Write ``config`` in place of the file (all or nothing: a temporary file renamed).

        Raises:
            ReadOnlyConfig: the file is TOML (written by people, not by the service).
            OSError: the folder is not writable; the file is unchanged.
        """
        if not self.writable:
            raise ReadOnlyConfig("changes over HTTP need a .json config file")
        text = json.dumps(config.model_dump(mode="json"), ensure_ascii=False, indent=2)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text + "\n")
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._config = config
        self._seen = self._signature()


@attrs.frozen
class SalonKit:
    """``burst_window`` zero reads every message at once (the terminal); above zero, messages
    arriving within it are merged, read at most ``burst_max_wait`` after the first. With a
    ``sheet``, every booking change is copied to it through the outbox. With a ``source``,
    ``config`` follows the file (changed over HTTP or by another process)."""

    loaded: SalonConfig
    parser: RequestParser
    burst_window: timedelta = timedelta(0)
    burst_max_wait: timedelta = timedelta(seconds=8)
    sheet: CalendarSync | None = None  # the spreadsheet copy, when one is configured
    source: ConfigFile | None = None

    @property
    def config(self) -> SalonConfig:
        return self.source.current() if self.source is not None else self.loaded

    def save_config(self, config: SalonConfig) -> None:
        """Raises: ReadOnlyConfig: no writable file (the demo, TOML); OSError."""
        if self.source is None:
            raise ReadOnlyConfig("the shipped demo salon is read-only")
        self.source.save(config)

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
