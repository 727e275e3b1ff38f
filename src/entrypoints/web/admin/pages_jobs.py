"""Jobs: due, running, failed (dead-lettered) — retry or discard."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from entrypoints.operator_cli import job_cancel_command, job_retry_command, jobs_list_command
from entrypoints.web.admin.console import Console
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.operators.use_cases import record_change

TABS = {
    "due": ("scheduled",),
    "running": ("running",),
    "failed": ("failed",),
    "done": ("succeeded", "cancelled"),
}


def add_routes(router: APIRouter, console: Console) -> None:
    async def jobs(request: Request) -> Response:
        operator = await console.operator(request, "jobs.view")
        tab = request.query_params.get("state", "failed")
        if tab not in TABS:
            tab = "failed"
        listing = await jobs_list_command(console.container, states=TABS[tab], limit=200)
        return console.render(
            request,
            "jobs.html",
            {
                "tab": tab,
                "tabs": list(TABS),
                "counts": listing["counts"],
                "jobs": listing["jobs"],
                "now": console.clock.now().isoformat(),
            },
            operator=operator,
        )

    async def change(request: Request, job_id: int, what: str) -> Response:
        operator = await console.operator(request, "jobs.change")
        command = job_retry_command if what == "retry" else job_cancel_command
        try:
            job = await command(console.container, job_id)
        except SleeplabError as error:
            return console.refused(request, operator, str(error))
        await record_change(
            await console.operators_uow(),
            console.clock,
            operator=operator.username,
            action=f"job.{what}",
            target=f"job {job_id}",
            detail=str(job.get("kind", "")),
        )
        back = "due" if what == "retry" else "failed"
        return RedirectResponse(f"/admin/jobs?state={back}&notice={what}", status_code=303)

    async def retry(request: Request, job_id: int) -> Response:
        return await change(request, job_id, "retry")

    async def discard(request: Request, job_id: int) -> Response:
        return await change(request, job_id, "discard")

    router.add_api_route("/jobs", jobs, methods=["GET"])
    router.add_api_route("/jobs/{job_id}/retry", retry, methods=["POST"])
    router.add_api_route("/jobs/{job_id}/discard", discard, methods=["POST"])
