"""The salon project served (booking module): specialists, services and hours as its
config file has them, with the project's figures (``project_stats``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from entrypoints.containers import settings_mapping
from entrypoints.web.admin.console import Console
from sleeplab_core.booking.config import WEEKDAYS, TimeRange
from sleeplab_core.booking.errors import ConfigInvalid
from sleeplab_core.booking.use_cases.project_figures import project_stats


def add_routes(router: APIRouter, console: Console) -> None:
    async def salon(request: Request) -> Response:
        operator = await console.operator(request, "content.view")
        factory = await console.uow()
        async with factory() as tx:
            served = getattr(tx, "booking", None) is not None
        if not served:
            return console.render(
                request, "salon.html", {"config": None, "error": ""}, operator=operator, status=404
            )
        from sleeplab_core.bots.salon.kit import salon_config

        try:
            path = settings_mapping(console.container.settings(), secrets=False).get("salon_config")
            config = salon_config(path)
        except ConfigInvalid as error:
            return console.render(
                request, "salon.html", {"config": None, "error": str(error)}, operator=operator
            )
        async with factory() as tx:
            stats = await project_stats(tx, config)
        return console.render(
            request,
            "salon.html",
            {
                "config": config,
                "stats": stats,
                "hours": _week(config.hours),
                "specialists": [(s, _week(s.hours)) for s in config.specialists],
                "error": "",
            },
            operator=operator,
        )

    router.add_api_route("/salon", salon, methods=["GET"])


def _week(hours: dict[str, list[TimeRange]]) -> list[tuple[str, str]]:
    """Each weekday listed with its ranges (``09:00–18:00``), in week order."""
    return [(day, ", ".join(_range(r) for r in hours[day])) for day in WEEKDAYS if day in hours]


def _range(r: TimeRange) -> str:
    return f"{r.start:%H:%M}–{r.end_minute // 60:02d}:{r.end_minute % 60:02d}"
