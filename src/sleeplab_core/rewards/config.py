"""The game's rules as data: loaded from TOML (``rules.toml`` ships the defaults)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import time
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from sleeplab_core.rewards.errors import InvalidRules


@attrs.frozen
class CoefficientBand:
    """Temperatures below ``below_c`` (None: any) earn ``per_mille`` / 1000 times the points."""

    per_mille: int
    below_c: int | None = None


@attrs.frozen
class VerificationRules:
    max_accuracy_m: int = 60
    max_speed_kmh: int = 15
    stride_cm: int = 75
    min_stride_cm: int = 30
    max_stride_cm: int = 150
    max_cadence_spm: int = 200
    max_minutes: int = 720


@attrs.frozen
class FamilySplitSchedule:
    """When the worker pays the families' pools: every week on ``weekday`` (ISO, 1 = Monday)
    at ``at`` local time in ``zone``, for the seven local days before that day."""

    weekday: int = 1
    at: time = time(9, 0)
    zone: str = "Europe/Moscow"


@attrs.frozen
class RewardsRules:
    """Everything an operator may tune without touching code."""

    unit: str
    rate_per_mille: int
    daily_cap: int
    coefficients: tuple[CoefficientBand, ...]
    default_per_mille: int
    verification: VerificationRules
    family_pool_per_mille: int
    family_max_members: int
    referrer_points: int
    referee_points: int
    family_split: FamilySplitSchedule = FamilySplitSchedule()


def default_rules() -> RewardsRules:
    """The rules shipped in ``rules.toml``."""
    text = resources.files("sleeplab_core.rewards").joinpath("rules.toml").read_text("utf-8")
    return rules_from_toml(text)


def load_rules(path: Path) -> RewardsRules:
    """Rules from an operator's TOML file. Raises InvalidRules."""
    return rules_from_toml(path.read_text(encoding="utf-8"))


def rules_from_toml(text: str) -> RewardsRules:
    """Parse and check a rules document. Raises InvalidRules naming the bad field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidRules(str(error), field="rules") from error
    return rules_from_mapping(data)


def rules_from_mapping(data: Mapping[str, Any]) -> RewardsRules:
    points, family, referral = data["points"], data.get("family", {}), data.get("referral", {})
    bands = tuple(
        CoefficientBand(_int(band, "per_mille"), band.get("below_c"))
        for band in data.get("coefficients", [])
    )
    _check_bands(bands)
    return RewardsRules(
        unit=str(points.get("unit", "points")),
        rate_per_mille=_int(points, "rate_per_mille"),
        daily_cap=_int(points, "daily_cap"),
        coefficients=bands,
        default_per_mille=_int(data.get("weather", {}), "default_per_mille", 1000),
        verification=_verification(data.get("verification", {})),
        family_pool_per_mille=_int(family, "pool_per_mille", 0),
        family_max_members=_int(family, "max_members", 10),
        referrer_points=_int(referral, "referrer_points", 0),
        referee_points=_int(referral, "referee_points", 0),
        family_split=_split_schedule(family.get("split", {})),
    )


_CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _split_schedule(section: Mapping[str, Any]) -> FamilySplitSchedule:
    unknown = sorted(set(section) - {"weekday", "at", "zone"})
    if unknown:
        raise InvalidRules(f"unknown setting {unknown[0]!r}", field="family.split")
    weekday = _int(section, "weekday", 1)
    if not 1 <= weekday <= 7:
        raise InvalidRules(f"1 (Monday) to 7 (Sunday), got {weekday}", field="weekday")
    at = section.get("at", "09:00")
    match = _CLOCK_TIME.match(at) if isinstance(at, str) else None
    if match is None:
        raise InvalidRules(f'a local time like "09:00", got {at!r}', field="at")
    zone = section.get("zone", "Europe/Moscow")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidRules(f"an IANA time zone, got {zone!r}", field="zone") from None
    return FamilySplitSchedule(weekday, time(int(match[1]), int(match[2])), zone)


def _verification(section: Mapping[str, Any]) -> VerificationRules:
    known = {field.name for field in attrs.fields(VerificationRules)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise InvalidRules(f"unknown setting {unknown[0]!r}", field="verification")
    return VerificationRules(**{key: _int(section, key) for key in section})


def _int(section: Mapping[str, Any], key: str, default: int | None = None) -> int:
    value = section.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidRules(f"must be a non-negative integer, got {value!r}", field=key)
    return value


def _check_bands(bands: tuple[CoefficientBand, ...]) -> None:
    if not bands or bands[-1].below_c is not None:
        raise InvalidRules("the last band must have no below_c", field="coefficients")
    limits = [band.below_c for band in bands[:-1]]
    known = [limit for limit in limits if limit is not None]
    if len(known) != len(limits) or known != sorted(set(known)):
        raise InvalidRules("below_c must rise from band to band", field="coefficients")
