"""The salon's operator routes: ``GET /projects/{id}/stats``, ``/queue`` and ``/config``.

Operators authenticate with ``Authorization: Bearer <SLEEPLAB_SALON_OPERATOR_TOKEN>``; without
that setting the routes answer 503 (never open by accident). The token reaches the routes as
the ``salon.operator_token`` service, since bots' settings carry no secrets.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

import attrs
from fastapi import APIRouter, Depends, Header, HTTPException

from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.booking.use_cases import project_stats, queue_figures
from sleeplab_core.bots.salon import salon_kit
from sleeplab_core.kernel.modules import module_uow
from sleeplab_core.platform import BotContext, ServiceEnvironment

OPERATOR_TOKEN_SERVICE = "salon.operator_token"


@attrs.frozen
class OperatorToken:
    value: str = attrs.field(repr=False)

    def accepts(self, presented: str) -> bool:
        return hmac.compare_digest(self.value.encode(), presented.encode())


def operator_token(env: ServiceEnvironment) -> OperatorToken | None:
    """The ``sleeplab.services`` factory: the operator token, if configured."""
    value = env.settings.get("salon_operator_token", "")
    return OperatorToken(value) if value else None


def build_router(ctx: BotContext) -> APIRouter:
    kit = salon_kit(ctx)
    token: OperatorToken | None = ctx.service(OPERATOR_TOKEN_SERVICE, None)
    router = APIRouter(prefix="/projects", tags=["salon"])

    def operator(authorization: Annotated[str, Header()] = "") -> None:
        if token is None:
            raise HTTPException(503, "operator access is not configured")
        scheme, _, presented = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.accepts(presented):
            raise HTTPException(401, "a valid operator token is required")

    def project(project_id: str) -> None:
        if project_id != kit.config.id:
            raise HTTPException(404, "no such project")

    guards = [Depends(operator), Depends(project)]

    @router.get("/{project_id}/stats", dependencies=guards)
    async def stats(project_id: str) -> dict[str, Any]:
        """Bookings per status, active bookings, clients, waitlist and dialogues."""
        async with ctx.uow() as base:
            uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
            found = await project_stats(uow, kit.config)
        figures = found.figures
        return {
            "project": kit.config.id,
            "bookings": figures.by_status,
            "active_bookings": found.active_bookings,
            "clients": figures.clients,
            "waiting": figures.waiting,
            "dialogues": figures.dialogues,
        }

    @router.get("/{project_id}/config", dependencies=guards)
    async def config(project_id: str) -> dict[str, Any]:
        """The salon's validated config as the bot uses it (services, people, hours)."""
        return kit.config.model_dump(mode="json")

    @router.get("/{project_id}/queue", dependencies=guards)
    async def queue(project_id: str) -> dict[str, Any]:
        """The salon's durable jobs (reminders, waitlist offers, bursts) per kind and state."""
        async with ctx.uow() as base:
            uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
            return {"project": kit.config.id, "jobs": await queue_figures(uow)}

    return router
