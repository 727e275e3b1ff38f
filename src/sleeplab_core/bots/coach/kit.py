"""What every coach flow shares: the coaching services and small rendering helpers."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Protocol

import attrs

from sleeplab_core.bots.coach.paywall import Subscriptions
from sleeplab_core.coaching.errors import CoachingError
from sleeplab_core.coaching.ports import CoachingUnitOfWork, ZoneFinder
from sleeplab_core.coaching.services import Coach
from sleeplab_core.coaching.use_cases.analyse import Advice
from sleeplab_core.coaching.use_cases.progress import Progress
from sleeplab_core.coaching.zones import NearestCityZones
from sleeplab_core.conversation import Event, FlowContext, Location
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.modules import module_uow
from sleeplab_core.llm import PersonalData

FILE_PREFIX = "file:"


class MediaDownloads(Protocol):
    """Fetches the bytes of a file the user sent (Telegram: getFile)."""

    async def fetch(self, file_id: str) -> bytes | None: ...


class LocalPathDownloads:
    """The terminal's files: ``/photo <path>`` arrives as ``file:<absolute path>``."""

    async def fetch(self, file_id: str) -> bytes | None:
        if not file_id.startswith(FILE_PREFIX):
            return None
        try:
            return await asyncio.to_thread(Path(file_id.removeprefix(FILE_PREFIX)).read_bytes)
        except OSError:
            return None


class FirstFound:
    """Asks each source in turn; the first that has the file wins."""

    def __init__(self, *sources: MediaDownloads) -> None:
        self._sources = sources

    async def fetch(self, file_id: str) -> bytes | None:
        for source in self._sources:
            found = await source.fetch(file_id)
            if found is not None:
                return found
        return None


@attrs.frozen
class CoachKit:
    coach: Coach
    downloads: MediaDownloads
    subscriptions: Subscriptions
    zones: ZoneFinder = attrs.field(factory=NearestCityZones)


def personal_of(event: Event) -> PersonalData | None:
    """The user's first name from the event (never stored), for redaction before a model."""
    if not event.first_name:
        return None
    return PersonalData(names=(event.first_name,))


def uow(ctx: FlowContext) -> CoachingUnitOfWork:
    return module_uow(ctx.uow, CoachingUnitOfWork)  # type: ignore[type-abstract]


def zone_of_location(kit: CoachKit, event: Location) -> str:
    """The zone at the shared point. Raises ValidationFailed (field ``location``) for a point
    off the globe, (field ``zone_unknown``) where the finder knows no zone."""
    found = kit.zones.zone_at(event.latitude, event.longitude)
    if found is None:
        raise ValidationFailed("no time zone known at that point", field="zone_unknown")
    return found


def refusal(ctx: FlowContext, error: Exception) -> str:
    """The clear message for an expected refusal (never an internal id or a trace)."""
    if isinstance(error, CoachingError):
        return ctx.t(error.key, **{k: str(v) for k, v in error.params.items()})
    if isinstance(error, ValidationFailed):
        key = f"coach.invalid.{error.field or 'input'}"
        return ctx.t(key if ctx.catalog.has(key) else "coach.invalid.input")
    return ctx.t("coach.error.generic")


def render_advice(ctx: FlowContext, advice: Advice) -> str:
    if advice.crisis is not None:
        return ctx.render(advice.crisis)
    session = advice.session
    assert session is not None
    lines = [ctx.t(f"coach.state.{session.state.value}"), ""]
    lines += [f"{n}. {step}" for n, step in enumerate(session.steps, start=1)]
    if session.questions:
        lines += ["", ctx.t("coach.advice.questions"), *[f"• {q}" for q in session.questions]]
    return "\n".join(lines)


def render_progress(ctx: FlowContext, found: Progress) -> str:
    streak = found.streak
    lines = [
        ctx.t("coach.progress.streak", streak.current, days=streak.current),
        ctx.t("coach.progress.strength", percent=found.strength),
        ctx.t(
            "coach.progress.level",
            level=found.level.level,
            into=found.level.into,
            needed=found.level.needed,
        ),
        "",
        *[ctx.render(insight) for insight in found.insights],
    ]
    return "\n".join(lines)
