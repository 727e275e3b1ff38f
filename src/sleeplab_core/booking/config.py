"""A salon's project config: specialists, services, schedules. Data, validated on load.

Weekly hours are local wall-clock ranges (``"09:00-18:00"``) in the salon's IANA zone; a
specialist's own hours replace the salon's for the weekdays it lists. Every duration is in
minutes and a multiple of :data:`CELL_MINUTES`, the granularity the storage tracks.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from sleeplab_core.booking.errors import ConfigInvalid, UnknownName

CELL_MINUTES = 5
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _check_cells(minutes: int) -> int:
    if minutes % CELL_MINUTES:
        raise ValueError(f"must be a multiple of {CELL_MINUTES} minutes, got {minutes}")
    return minutes


Minutes = Annotated[int, Field(ge=0, le=24 * 60), AfterValidator(_check_cells)]


class TimeRange(BaseModel):
    """A local wall-clock range ``[start, end)`` within one day (``end`` may be 24:00)."""

    model_config = ConfigDict(frozen=True)
    start: time
    end_minute: int  # minutes after midnight, up to 1440

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            first, second = (part.strip() for part in value.split("-"))
            hours, minutes = (int(part) for part in second.split(":"))
            return {"start": time.fromisoformat(first), "end_minute": hours * 60 + minutes}
        except ValueError:
            raise ValueError(f"write a range as HH:MM-HH:MM, got {value!r}") from None

    @model_validator(mode="after")
    def _ordered(self) -> TimeRange:
        _check_cells(self.start_minute)
        _check_cells(self.end_minute)
        if not self.start_minute < self.end_minute <= 24 * 60:
            raise ValueError("a range must end after it starts, at 24:00 at the latest")
        return self


WeeklyHours = dict[str, list[TimeRange]]


def _check_weekdays(hours: WeeklyHours) -> WeeklyHours:
    unknown = sorted(set(hours) - set(WEEKDAYS))
    if unknown:
        raise ValueError(f"unknown weekday {unknown[0]!r}; use {', '.join(WEEKDAYS)}")
    return hours


class LocalizedName(BaseModel):
    model_config = ConfigDict(frozen=True)
    en: str = Field(min_length=1)
    ru: str = Field(min_length=1)

    def get(self, locale: str) -> str:
        return self.ru if locale.startswith("ru") else self.en


class Specialist(BaseModel):
    """A person clients book; ``hours`` (by weekday) replace the salon's for those days."""

    model_config = ConfigDict(frozen=True)
    id: str = Field(pattern=r"^[a-z0-9_]{1,32}$")
    name: LocalizedName
    aliases: tuple[str, ...] = ()
    hours: Annotated[WeeklyHours, AfterValidator(_check_weekdays)] = Field(default_factory=dict)
    breaks: tuple[TimeRange, ...] = ()
    days_off: tuple[date, ...] = ()


class Service(BaseModel):
    """A service taking ``slots`` grid slots, optionally offered by some specialists only."""

    model_config = ConfigDict(frozen=True)
    id: str = Field(pattern=r"^[a-z0-9_]{1,32}$")
    name: LocalizedName
    aliases: tuple[str, ...] = ()
    slots: int = Field(ge=1, le=16)
    buffer_before: Minutes = 0
    buffer_after: Minutes = 0
    specialists: tuple[str, ...] | None = None  # None: every specialist
    cancel_notice: Minutes = 0  # a client may cancel at least this long before the start
    reschedule_notice: Minutes = 0


class SalonConfig(BaseModel):
    """One salon (a project): its own zone, grid, rules, people and services."""

    model_config = ConfigDict(frozen=True)
    id: str = Field(pattern=r"^[a-z0-9_-]{1,40}$")
    name: LocalizedName
    time_zone: str
    slot_minutes: Annotated[int, Field(ge=5, le=240), AfterValidator(_check_cells)] = 30
    min_notice: Minutes = 60
    horizon_days: int = Field(default=30, ge=1, le=366)
    hold_minutes: int = Field(default=10, ge=1, le=120)
    hours: Annotated[WeeklyHours, AfterValidator(_check_weekdays)]
    breaks: tuple[TimeRange, ...] = ()
    days_off: tuple[date, ...] = ()
    specialists: tuple[Specialist, ...] = Field(min_length=1)
    services: tuple[Service, ...] = Field(min_length=1)
    admin_chat_id: int | None = None
    """The operators' chat (a Telegram chat id): sheet conflicts are told there."""
    admin_locale: str = Field(default="ru", pattern=r"^(ru|en)$")

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r}") from None
        return value

    @model_validator(mode="after")
    def _references(self) -> SalonConfig:
        _unique("specialist", [s.id for s in self.specialists])
        _unique("service", [s.id for s in self.services])
        known = {s.id for s in self.specialists}
        for service in self.services:
            for name in service.specialists or ():
                if name not in known:
                    raise ValueError(f"service {service.id!r} names unknown specialist {name!r}")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def specialist(self, specialist_id: str) -> Specialist:
        """Raises: UnknownName: no such specialist (a config change may remove one)."""
        found = self.find_specialist(specialist_id)
        if found is None:
            raise UnknownName(f"no specialist {specialist_id!r}")
        return found

    def service(self, service_id: str) -> Service:
        """Raises: UnknownName: no such service (a config change may remove one)."""
        found = self.find_service(service_id)
        if found is None:
            raise UnknownName(f"no service {service_id!r}")
        return found

    def find_specialist(self, specialist_id: str) -> Specialist | None:
        return next((s for s in self.specialists if s.id == specialist_id), None)

    def find_service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def has_specialist(self, specialist_id: str) -> bool:
        return self.find_specialist(specialist_id) is not None

    def has_service(self, service_id: str) -> bool:
        return self.find_service(service_id) is not None

    def specialists_for(self, service_id: str) -> tuple[Specialist, ...]:
        """Who offers the service, in the config's order."""
        allowed = self.service(service_id).specialists
        return tuple(s for s in self.specialists if allowed is None or s.id in allowed)


def _unique(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{kind} id {item!r} appears twice")
        seen.add(item)


def parse_config(data: dict[str, Any]) -> SalonConfig:
    """Validate a salon config given as plain data.

    Raises:
        ConfigInvalid: with one line per problem, naming the field.
    """
    try:
        return SalonConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigInvalid(_describe(error)) from None


def load_config(path: Path) -> SalonConfig:
    """Read and validate a ``.toml`` or ``.json`` salon config file.

    Raises:
        ConfigInvalid: unreadable, not TOML/JSON, or breaking a rule (named in the message).
    """
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as error:
        raise ConfigInvalid(f"{path.name}: {error}") from None
    return parse_config(data)


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "(root)"
        lines.append(f"{where}: {item['msg']}")
    return "; ".join(lines)
