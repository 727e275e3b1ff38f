"""``/start``: consent, then goal, areas, horizon, motivation, energy, reminders (what time,
how often, quiet hours), time zone.

Each step validates its answer; a bad answer gets a clear message and the same question
again (nothing is stored until the last step). It ends with a summary and a first focus.
"""

from __future__ import annotations

from datetime import time
from typing import Any

import attrs

from sleeplab_core.bots.coach.flows.base import CoachFlow
from sleeplab_core.bots.coach.kit import (
    personal_of,
    refusal,
    render_advice,
    uow,
    zone_of_location,
)
from sleeplab_core.coaching.days import check_day_start
from sleeplab_core.coaching.model import Horizon
from sleeplab_core.coaching.reminders import parse_wall_time
from sleeplab_core.coaching.use_cases.analyse import analyse
from sleeplab_core.coaching.use_cases.onboard import OnboardingAnswers, onboard
from sleeplab_core.coaching.zones import resolve_time_zone
from sleeplab_core.conversation import ButtonPress, Event, FlowContext, Location, Text
from sleeplab_core.jobs.quiet_hours import QuietHours
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.users import Consent
from sleeplab_core.llm import PersonalData

CONSENT_VERSION = "coach-1"
STEPS = (
    "consent",
    "goal",
    "areas",
    "horizon",
    "motivation",
    "energy",
    "reminder",
    "often",
    "quiet",
    "zone",
    "day_start",
)
DAY_STARTS = (0, 2, 4)
OFF_WORDS = {"off", "no", "нет", "выкл", "-"}
#: How often the daily reminder comes: the weekdays of the user's local days (0 is Monday).
OFTEN: dict[str, tuple[int, ...]] = {
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "weekdays": (0, 1, 2, 3, 4),
    "mwf": (0, 2, 4),
}


class Onboarding(CoachFlow):
    name = "onboarding"
    takes_locations = True  # the time-zone step

    async def enter(self, ctx: FlowContext) -> None:
        ctx.data.clear()
        ctx.data["step"] = "consent"
        self._ask(ctx)

    async def on_event(self, event: Event, ctx: FlowContext) -> None:
        step = ctx.data.get("step", "consent")
        answer = _answer_of(event)
        located = isinstance(event, Location) and step == "zone"
        if answer is None and not located:
            self._ask(ctx)
            return
        try:
            if isinstance(event, Location):
                value: Any = zone_of_location(self.kit, event)
            else:
                value = _parse(step, answer or "")
        except ValidationFailed as error:
            ctx.send(refusal(ctx, error), tag="notice")
            self._ask(ctx)
            return
        if located:
            ctx.send(ctx.t("coach.zone.from_location", zone=value))
        if step == "consent":
            if not value:
                ctx.send(ctx.t("coach.onboarding.declined"))
                return
            ctx.update_user(consent=Consent(ctx.clock.now(), CONSENT_VERSION))
        ctx.data[step] = value
        following = STEPS.index(step) + 1
        if step == "reminder" and value is None:  # no reminders: nothing to ask how often
            ctx.data["often"] = "daily"
            following += 1
        if following < len(STEPS):
            ctx.data["step"] = STEPS[following]
            self._ask(ctx)
            return
        await self._finish(ctx, personal_of(event))

    async def show_again(self, ctx: FlowContext) -> None:
        self._ask(ctx)  # the question of the current step; the answers so far stay

    def _ask(self, ctx: FlowContext) -> None:
        step = ctx.data.get("step", "consent")
        ctx.send(ctx.t(f"coach.onboarding.{step}"), _buttons(ctx, step))

    async def _finish(self, ctx: FlowContext, personal: PersonalData | None) -> None:
        data = ctx.data
        answers = OnboardingAnswers(
            goal=data["goal"],
            areas=tuple(data["areas"]),
            horizon=Horizon(data["horizon"]),
            motivation=data["motivation"],
            energy=int(data["energy"]),
            time_zone=data["zone"],
            reminder_at=time.fromisoformat(data["reminder"]) if data["reminder"] else None,
            quiet=QuietHours(*(time.fromisoformat(t) for t in data["quiet"])),
            day_start_hour=int(data["day_start"]),
            reminder_days=OFTEN[data.get("often", "daily")],
        )
        profile = await onboard(uow(ctx), ctx.clock, ctx.user.id, answers)
        ctx.update_user(time_zone=profile.time_zone)
        advice = await analyse(
            uow(ctx), ctx.clock, self.kit.coach, ctx.user.id, locale=ctx.locale, personal=personal
        )
        ctx.send(
            ctx.t("coach.onboarding.summary", zone=profile.time_zone, goal=answers.goal)
            + "\n\n"
            + ctx.t("coach.onboarding.focus")
            + "\n"
            + render_advice(ctx, advice)
        )
        ctx.switch("menu")


def _answer_of(event: Event) -> str | None:
    if isinstance(event, ButtonPress) and event.data.startswith("ob:"):
        return event.data.removeprefix("ob:")
    if isinstance(event, Text):
        return event.text
    return None


def _parse(step: str, answer: str) -> Any:
    text = answer.strip()
    if step == "consent":
        return text in {"yes", "1"}
    if step in {"goal", "motivation"}:
        if not text or len(text) > 200:
            raise ValidationFailed("1-200 characters", field="text")
        return text
    if step == "areas":
        areas = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if not areas:
            raise ValidationFailed("name at least one area", field="text")
        return areas[:5]
    if step == "horizon":
        return Horizon(text).value if text in {h.value for h in Horizon} else _bad("horizon")
    if step == "energy":
        return int(text) if text.isdigit() and 1 <= int(text) <= 5 else _bad("energy")
    if step == "reminder":
        return None if text.lower() in OFF_WORDS else parse_wall_time(text).isoformat()
    if step == "often":
        return text if text in OFTEN else _bad("often")
    if step == "quiet":
        return _quiet(text)
    if step == "day_start":
        return check_day_start(int(text)) if text.isdigit() else _bad("day_start")
    return resolve_time_zone(text)


def _quiet(text: str) -> list[str]:
    start, sep, end = text.replace("–", "-").partition("-")
    if not sep:
        raise ValidationFailed("write it as 22:00-08:00", field="time")
    return [parse_wall_time(start).isoformat(), parse_wall_time(end).isoformat()]


def _bad(field: str) -> Any:
    raise ValidationFailed("choose one of the buttons", field=field)


def _buttons(ctx: FlowContext, step: str) -> list[list[Any]]:
    if step == "consent":
        return [
            [ctx.button("coach.onboarding.agree", "ob:yes")],
            [ctx.button("coach.onboarding.decline", "ob:no")],
        ]
    if step == "horizon":
        return [[ctx.button(f"coach.horizon.{h.value}", f"ob:{h.value}") for h in Horizon]]
    if step == "day_start":
        return [[ctx.button(f"coach.day_start.{hour}", f"ob:{hour}") for hour in DAY_STARTS]]
    if step == "often":
        return [[ctx.button(f"coach.often.{often}", f"ob:{often}")] for often in OFTEN]
    if step == "energy":
        return [
            [attrs.evolve(ctx.button("coach.energy.level", f"ob:{n}", n=n)) for n in range(1, 6)]
        ]
    return []
