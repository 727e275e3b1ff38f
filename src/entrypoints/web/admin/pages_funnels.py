"""Funnels: users per step and day for a bot, from the event log (inline SVG charts)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from entrypoints.web.admin.console import Console
from sleeplab_core.funnels.use_cases import FunnelReport, funnel_report

DAY_CHOICES = (7, 14, 30)
BAR_WIDTH = 420
SPARK_WIDTH, SPARK_HEIGHT = 140, 24


def add_routes(router: APIRouter, console: Console) -> None:
    async def funnels(request: Request) -> Response:
        operator = await console.operator(request, "funnels.view")
        bots = sorted(console.container.bots())
        bot = request.query_params.get("bot", "sleeplab")
        bot = bot if bot in bots else bots[0]
        days_text = request.query_params.get("days", "14")
        days = int(days_text) if days_text.isdigit() and int(days_text) in DAY_CHOICES else 14
        today = console.clock.now().date()
        report = await funnel_report(await console.uow(), bot, today, days)
        return console.render(
            request,
            "funnels.html",
            {
                "bot": bot,
                "bots": bots,
                "days": days,
                "day_choices": DAY_CHOICES,
                "report": report,
                "rows": chart_rows(report),
            },
            operator=operator,
        )

    router.add_api_route("/funnels", funnels, methods=["GET"])


def chart_rows(report: FunnelReport) -> list[dict[str, Any]]:
    """Per step: the total, the bar's width against the widest step, the share of the
    widest step, the conversion from the step above and how many stopped between them
    (steps are ordered by width, so each is at most as wide as the one above), and the
    sparkline's points (users per day)."""
    widest = max((report.total(s) for s in report.steps), default=0)
    rows = []
    above: int | None = None
    for step in report.steps:
        total, per_day = report.total(step), report.table[step]
        peak = max(per_day) or 1
        step_x = SPARK_WIDTH / max(len(per_day) - 1, 1)
        points = " ".join(
            f"{i * step_x:.1f},{SPARK_HEIGHT - 2 - (n / peak) * (SPARK_HEIGHT - 4):.1f}"
            for i, n in enumerate(per_day)
        )
        rows.append(
            {
                "step": step,
                "total": total,
                "bar": round(BAR_WIDTH * total / widest) if widest else 0,
                "share": round(100 * total / widest) if widest else 0,
                "points": points,
                "per_day": per_day,
                "from_above": round(100 * total / above) if above else None,
                "stopped": above - total if above is not None else None,
            }
        )
        above = total
    return rows
