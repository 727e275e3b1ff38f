"""The points breakdown a player sees after a walk, whichever way it was measured."""

from __future__ import annotations

from sleeplab_core.bots.steps.kit import StepsKit, per_mille, tenths
from sleeplab_core.conversation import FlowContext
from sleeplab_core.rewards.use_cases.log_walk import WalkLogged


def points_lines(kit: StepsKit, ctx: FlowContext, logged: WalkLogged) -> list[str]:
    """Steps counted, the temperature and its coefficient, the formula, the cap, the award."""
    walk, b = logged.walk, logged.breakdown
    weather = (
        ctx.t("steps.walk.weather_unknown", coefficient=per_mille(b.coefficient_per_mille))
        if walk.weather.fallback or walk.weather.temperature_tenths is None
        else ctx.t(
            "steps.walk.weather",
            temperature=tenths(walk.weather.temperature_tenths),
            coefficient=per_mille(b.coefficient_per_mille),
        )
    )
    lines = [
        ctx.t("steps.walk.counted", steps=f"{walk.steps:,}".replace(",", " ")),
        weather,
        ctx.t(
            "steps.walk.formula",
            steps=walk.steps,
            rate=per_mille(b.rate_per_mille),
            coefficient=per_mille(b.coefficient_per_mille),
            points=b.uncapped,
        ),
    ]
    if walk.points < b.uncapped:
        lines.append(ctx.t("steps.walk.capped", cap=kit.rules.daily_cap))
    lines.append(ctx.t("steps.walk.awarded", points=walk.points))
    if logged.replay:
        lines.append(ctx.t("steps.walk.already_counted"))
    return lines
