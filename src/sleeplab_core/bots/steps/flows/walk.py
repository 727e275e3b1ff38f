"""``walk_choice`` and the walk form: day, minutes, steps (or distance) → points breakdown."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sleeplab_core.bots.steps.flows.base import StepsFlow
from sleeplab_core.bots.steps.flows.live import finish_button
from sleeplab_core.bots.steps.report import points_lines
from sleeplab_core.conversation import FlowContext
from sleeplab_core.rewards.errors import RewardsNotFound, WalkRefused
from sleeplab_core.rewards.model import MeasuredBy, Profile, WalkStatus
from sleeplab_core.rewards.use_cases.log_walk import WalkDraft, WalkLogged, log_walk
from sleeplab_core.rewards.verification import verify_form_walk

NUMBER = re.compile(r"^\d{1,7}$")
KILOMETRES = re.compile(r"^(\d{1,3})(?:[.,](\d{1,3}))?(?:\s*км|\s*km)?$", re.IGNORECASE)
NOON = time(12, 0)
ASKED = ("choice", "live", "day", "minutes", "steps", "distance")


class WalkFlow(StepsFlow):
    name = "walk"

    async def enter(self, ctx: FlowContext) -> None:
        ctx.data.clear()
        ctx.data["step"] = "choice"
        await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        step = ctx.data.get("step", "choice")
        if step not in ASKED:
            ctx.data.clear()
            ctx.data["step"] = step = "choice"
        if step == "choice":
            ctx.send(
                await self.kit.text(ctx, "walk_choice"),
                [
                    [ctx.button("steps.walk.form", "walk:form")],
                    [ctx.button("steps.walk.live", "walk:live")],
                    self.home(ctx),
                ],
            )
        elif step == "live":
            rules = self.kit.rules.verification
            ctx.send(
                ctx.t(
                    "steps.walk.live_help",
                    accuracy=rules.max_accuracy_m,
                    speed=rules.max_speed_kmh,
                ),
                [[finish_button(ctx)], self.home(ctx)],
            )
        elif step == "day":
            ctx.send(
                ctx.t("steps.walk.ask_day"),
                [
                    [
                        ctx.button("steps.walk.today", "walk:day:0"),
                        ctx.button("steps.walk.yesterday", "walk:day:1"),
                    ],
                    self.home(ctx),
                ],
            )
        elif step == "steps":
            ctx.send(
                ctx.t("steps.walk.ask_steps"),
                [[ctx.button("steps.walk.only_distance", "walk:distance")], self.home(ctx)],
            )
        else:
            ctx.send(ctx.t(f"steps.walk.ask_{step}"), [self.home(ctx)])

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        if data == "walk:form":
            ctx.data.update(step="day", form=secrets.token_hex(6))
        elif data == "walk:live":
            ctx.data["step"] = "live"
        elif data.startswith("walk:day:") and ctx.data.get("step") == "day":
            ctx.data.update(step="minutes", days_ago=1 if data.endswith("1") else 0)
        elif data == "walk:distance" and ctx.data.get("step") == "steps":
            ctx.data["step"] = "distance"
        elif data == "walk:again":
            await self.enter(ctx)
            return
        else:
            await super().on_button(data, ctx)
            return
        await self.show(ctx)

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        step = ctx.data.get("step")
        if step in ("minutes", "steps") and NUMBER.match(text) and int(text) > 0:
            ctx.data[step] = int(text)
            if step == "minutes":
                ctx.data["step"] = "steps"
                await self.show(ctx)
                return
            await self._log(ctx)
            return
        if step == "distance" and (metres := _metres(text)) is not None and metres > 0:
            ctx.data["distance"] = metres
            await self._log(ctx)
            return
        if step in ("minutes", "steps", "distance"):
            ctx.send(ctx.t(f"steps.walk.invalid_{step}"), tag="notice")
            await self.show(ctx)
            return
        await super().on_text(text, ctx)

    async def _log(self, ctx: FlowContext) -> None:
        profile = await self.kit.profile(ctx)
        if profile is None:
            ctx.switch("start")
            return
        draft = self._draft(ctx, profile)
        try:
            logged = await log_walk(
                self.kit.uow(ctx),
                self.kit.ledger,
                self.kit.clock,
                self.kit.weather,
                self.kit.rules,
                draft,
            )
        except RewardsNotFound:
            ctx.switch("start")
            return
        ctx.send(
            self._report(ctx, logged, draft),
            [
                [ctx.button("steps.walk.another", "walk:again")],
                self.home(ctx),
            ],
        )
        ctx.data["step"] = "done"

    def _draft(self, ctx: FlowContext, profile: Profile) -> WalkDraft:
        zone = ZoneInfo(profile.zone)
        day = self.kit.clock.now().astimezone(zone).date() - timedelta(
            days=int(ctx.data.get("days_ago", 0))
        )
        minutes, steps = int(ctx.data["minutes"]), ctx.data.get("steps")
        distance = ctx.data.get("distance")
        refusal, verified = None, None
        try:
            verified = verify_form_walk(minutes, steps, distance, self.kit.rules.verification)
        except WalkRefused as refused:
            refusal = refused
        place = self.kit.places.locate(profile.city)
        return WalkDraft(
            user_id=ctx.user.id,
            key=f"form:{ctx.data['form']}",
            measured_by=MeasuredBy.FORM,
            local_day=day,
            started_at=_started(day, zone, self.kit.clock.now()),
            verified=verified,
            refusal=refusal,
            latitude=place[0] if place else None,
            longitude=place[1] if place else None,
        )

    def _report(self, ctx: FlowContext, logged: WalkLogged, draft: WalkDraft) -> str:
        walk = logged.walk
        if walk.status is WalkStatus.REFUSED:
            code = (walk.refusal or "refused").split(":")[0]
            steps = int(ctx.data.get("steps") or 0)
            return ctx.t(
                f"steps.walk.refused.{code}",
                per_minute=steps // max(int(ctx.data.get("minutes", 1)), 1),
                limit=self.kit.rules.verification.max_cadence_spm,
                speed=self.kit.rules.verification.max_speed_kmh,
            )
        return "\n".join(points_lines(self.kit, ctx, logged))


def _metres(text: str) -> int | None:
    match = KILOMETRES.match(text.strip())
    if match is None:
        return None
    fraction = (match[2] or "").ljust(3, "0")
    return int(match[1]) * 1000 + int(fraction or 0)


def _started(day: date, zone: ZoneInfo, now: datetime) -> datetime:
    """Today's walk started now; an earlier day's at its local noon (for the weather)."""
    if day == now.astimezone(zone).date():
        return now
    return datetime.combine(day, NOON, zone)
