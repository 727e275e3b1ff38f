"""Broadcasts: compose (a catalog text), preview per locale with the audience's size,
schedule, watch progress, cancel — through the ``broadcast`` command's use cases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from entrypoints.operator_cli import broadcast_command, broadcast_progress, jobs_list_command
from entrypoints.web.admin.console import Console
from entrypoints.web.admin.security import form_text
from sleeplab_core.jobs import BROADCAST_JOB_KIND, cancel_broadcast
from sleeplab_core.kernel.errors import SleeplabError, ValidationFailed
from sleeplab_core.operators.use_cases import record_change
from sleeplab_core.sleeplab.segments import SLEEPLAB_SEGMENTS


def add_routes(router: APIRouter, console: Console) -> None:
    async def broadcasts(request: Request) -> Response:
        operator = await console.operator(request, "broadcasts.view")
        return console.render(
            request,
            "broadcasts.html",
            {"segments": sorted(SLEEPLAB_SEGMENTS), "recent": await _recent(console)},
            operator=operator,
        )

    async def preview(request: Request) -> Response:
        operator = await console.operator(request, "broadcasts.send")
        form = await request.form()
        segment, key, when = (form_text(form, n) for n in ("segment", "text_key", "send_at"))
        try:
            _send_at(when)
            shown = await broadcast_command(console.container, segment, key, dry_run=True)
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        return console.render(
            request,
            "broadcast_preview.html",
            {"preview": shown, "send_at": when},
            operator=operator,
        )

    async def send(request: Request) -> Response:
        operator = await console.operator(request, "broadcasts.send")
        form = await request.form()
        segment, key, when = (form_text(form, n) for n in ("segment", "text_key", "send_at"))
        try:
            result = await broadcast_command(
                console.container,
                segment,
                key,
                created_by=f"operator:{operator.username}",
                send_at=_send_at(when),
            )
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await record_change(
            await console.operators_uow(),
            console.clock,
            operator=operator.username,
            action="broadcast.schedule",
            target=f"broadcast {result['broadcast']['id']}",
            detail=f"{key} to {segment} ({result['recipients']}) at {when or 'now'}",
        )
        return RedirectResponse("/admin/broadcasts?notice=scheduled", status_code=303)

    async def cancel(request: Request, broadcast_id: int) -> Response:
        operator = await console.operator(request, "broadcasts.send")
        try:
            async with (await console.uow())() as tx:
                await cancel_broadcast(tx, broadcast_id, console.clock.now())
                await tx.commit()
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await record_change(
            await console.operators_uow(),
            console.clock,
            operator=operator.username,
            action="broadcast.cancel",
            target=f"broadcast {broadcast_id}",
        )
        return RedirectResponse("/admin/broadcasts?notice=cancelled", status_code=303)

    router.add_api_route("/broadcasts", broadcasts, methods=["GET"])
    router.add_api_route("/broadcasts/preview", preview, methods=["POST"])
    router.add_api_route("/broadcasts", send, methods=["POST"])
    router.add_api_route("/broadcasts/{broadcast_id}/cancel", cancel, methods=["POST"])


def _send_at(text: str) -> datetime | None:
    """The form's ``YYYY-MM-DDTHH:MM`` (UTC), or None for now."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise ValidationFailed("a date and time like 2026-12-24T18:00", field="send_at") from None


async def _recent(console: Console) -> list[dict[str, Any]]:
    """The newest broadcasts with their progress, found through their sending jobs."""
    listing = await jobs_list_command(console.container, kind=BROADCAST_JOB_KIND, limit=1000)
    jobs = sorted(listing["jobs"], key=lambda j: j["id"], reverse=True)[:30]
    shown = []
    for job in jobs:
        broadcast = await broadcast_progress(console.container, job["payload"]["broadcast_id"])
        shown.append({"b": broadcast, "due": job["run_at"], "job_state": job["state"]})
    return shown
