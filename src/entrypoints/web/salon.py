"""The salon's HTTP routes.

- ``GET /projects/{id}/stats``, ``/queue`` and ``/config`` for operators, with
  ``Authorization: Bearer <SLEEPLAB_SALON_OPERATOR_TOKEN>``;
- ``POST /webhook/sendpulse/{secret}`` for SendPulse (the secret is
  ``SLEEPLAB_SENDPULSE_WEBHOOK_SECRET``, put in the webhook URL given to SendPulse): each
  incoming message is stored as a job before the 200; the worker answers it.

Without its setting a route answers 404, as if absent (never open by accident). The secrets
reach the routes as the ``salon.secrets`` service, since bots' settings carry no secrets.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Annotated, Any

import attrs
from fastapi import APIRouter, Depends, Header, HTTPException, Request

from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.booking.use_cases import project_stats, queue_figures
from sleeplab_core.bots.salon import salon_kit
from sleeplab_core.bots.salon.sendpulse import MalformedWebhook, incoming_messages, store_incoming
from sleeplab_core.kernel.modules import module_uow
from sleeplab_core.platform import BotContext, ServiceEnvironment

log = logging.getLogger(__name__)
SECRETS_SERVICE = "salon.secrets"


@attrs.frozen
class SalonSecrets:
    operator_token: str = attrs.field(default="", repr=False)
    sendpulse_secret: str = attrs.field(default="", repr=False)


def salon_secrets(env: ServiceEnvironment) -> SalonSecrets:
    """The ``sleeplab.services`` factory: the salon's secrets (empty when not configured)."""
    return SalonSecrets(
        env.settings.get("salon_operator_token", ""),
        env.settings.get("sendpulse_webhook_secret", ""),
    )


def _matches(expected: str, presented: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), presented.encode())


def build_router(ctx: BotContext) -> APIRouter:
    kit = salon_kit(ctx)
    secrets: SalonSecrets = ctx.service(SECRETS_SERVICE, SalonSecrets())
    root = APIRouter(tags=["salon"])
    router = APIRouter(prefix="/projects")

    def operator(authorization: Annotated[str, Header()] = "") -> None:
        if not secrets.operator_token:
            raise HTTPException(404, "operator access is not configured")
        scheme, _, presented = authorization.partition(" ")
        if scheme.lower() != "bearer" or not _matches(secrets.operator_token, presented):
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

    @root.post("/webhook/sendpulse/{secret}")
    async def sendpulse(secret: str, request: Request) -> dict[str, int]:
        """Store SendPulse's incoming messages for the worker, then answer 200."""
        if not secrets.sendpulse_secret:
            raise HTTPException(404, "the SendPulse webhook is not configured")
        if not _matches(secrets.sendpulse_secret, secret):
            raise HTTPException(403, "unknown webhook")
        try:
            messages = incoming_messages(json.loads(await request.body()))
        except (ValueError, MalformedWebhook) as error:
            log.info("salon: malformed SendPulse webhook (%s)", type(error).__name__)
            raise HTTPException(400, f"not a SendPulse webhook: {error}") from None
        async with ctx.uow() as base:
            stored = await store_incoming(base.jobs, ctx.clock, messages)
            await base.commit()
        return {"accepted": stored}

    root.include_router(router)
    return root
