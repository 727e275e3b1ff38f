"""The salon's HTTP routes.

- ``GET /projects/{id}/stats``, ``/queue`` and ``/config``, and ``POST /projects/{id}/config``
  for operators, with ``Authorization: Bearer <SLEEPLAB_SALON_OPERATOR_TOKEN>`` (a strong
  secret: 32+ characters, compared in constant time);
- ``POST /webhook/sendpulse/{secret}`` for SendPulse (the secret is
  ``SLEEPLAB_SENDPULSE_WEBHOOK_SECRET``, put in the webhook URL given to SendPulse): each
  incoming message is stored as a job before the 200; the worker answers it.

Without its setting a route answers 404, as if absent (never open by accident). The secrets
reach the routes as the ``salon.secrets`` service, since bots' settings carry no secrets.

Every route is rate-limited per source address (a token bucket per address and route group,
:data:`LIMITS`): past its burst a source is answered 429 with ``Retry-After`` and a log line,
before any secret is checked. Failed secret checks (a wrong operator token, an unknown
webhook secret) are also counted per source by the web guard's failure counter: after
:data:`~entrypoints.web.guard.FAILURE_LIMIT` of them within a minute the source gets 429
whatever it presents. Both are kept per process.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Annotated, Any

import attrs
from fastapi import APIRouter, Depends, Header, HTTPException, Request

from entrypoints.secret_policy import require_strong
from entrypoints.web.guard import WINDOW_SECONDS, TooManyFailures, attempts_of, source_of
from entrypoints.web.sanitize import printable
from sleeplab_core.booking.config import parse_config
from sleeplab_core.booking.errors import ConfigInvalid
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.booking.use_cases import config_change_problems, project_stats, queue_figures
from sleeplab_core.bots.salon import OFFLINE_PROVIDER, salon_kit
from sleeplab_core.bots.salon.kit import ReadOnlyConfig
from sleeplab_core.bots.salon.sendpulse import MalformedWebhook, incoming_messages, store_incoming
from sleeplab_core.jobs.rate_limit import TokenBucket
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.modules import module_uow
from sleeplab_core.llm.model import ChatRequest
from sleeplab_core.platform import BotContext, ServiceEnvironment

log = logging.getLogger(__name__)
SECRETS_SERVICE = "salon.secrets"


@attrs.frozen
class SalonSecrets:
    operator_token: str = attrs.field(default="", repr=False)
    sendpulse_secret: str = attrs.field(default="", repr=False)


def salon_secrets(env: ServiceEnvironment) -> SalonSecrets:
    """The ``sleeplab.services`` factory: the salon's secrets (empty when not configured).

    Raises:
        WeakSecret: the operator token is set but short or unusual (nothing starts).
    """
    token = env.settings.get("salon_operator_token", "")
    if token:
        require_strong("SLEEPLAB_SALON_OPERATOR_TOKEN", token)
    return SalonSecrets(token, env.settings.get("sendpulse_webhook_secret", ""))


def _matches(expected: str, presented: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), presented.encode())


LIMITS: dict[str, TokenBucket] = {
    "webhook": TokenBucket(rate=20.0, burst=200.0),
    "operator": TokenBucket(rate=0.5, burst=30.0),
}
"""Requests per second and burst per source, by route group (templates: each source gets
its own copy). SendPulse posts every client's message from a few addresses, so its webhook
allows a busy salon's traffic; operators read stats and the config by hand."""
MAX_SOURCES = 10_000
"""Sources remembered per group; the least recently seen are forgotten first."""


class TooManyRequests(HTTPException):
    def __init__(self, retry_after: float) -> None:
        seconds = max(1, math.ceil(retry_after))
        super().__init__(429, f"too many requests; retry in {seconds} s",
                         headers={"Retry-After": str(seconds)})  # fmt: skip


@attrs.define
class SourceLimits:
    """A token bucket per source address for one route group, in bounded memory."""

    group: str
    clock: Clock
    template: TokenBucket
    max_sources: int = MAX_SOURCES
    _buckets: OrderedDict[str, TokenBucket] = attrs.field(factory=OrderedDict, init=False)

    def admit(self, source: str) -> None:
        """Raises:
        TooManyRequests: ``source`` spent its burst; logged with the group and address.
        """
        now = self.clock.now()
        bucket = self._buckets.pop(source, None) or TokenBucket(
            rate=self.template.rate, burst=self.template.burst
        )
        self._buckets[source] = bucket
        while len(self._buckets) > self.max_sources:
            self._buckets.popitem(last=False)
        wait = bucket.take(now)
        if wait > 0:
            log.warning("salon %s: too many requests from %s; retry in %.1f s",
                        self.group, printable(source), wait)  # fmt: skip
            raise TooManyRequests(wait)


def _guard_secret(request: Request, what: str, check: Callable[[], None]) -> None:
    """Run ``check`` (raising HTTPException 401/403 on a wrong secret) under the web guard's
    failure counter: a source that failed too often lately gets 429 without a check."""
    attempts, source = attempts_of(request), source_of(request)
    try:
        attempts.check(source)
    except TooManyFailures:
        log.warning("salon %s: %s refused, too many failed attempts", what,
                    printable(source))  # fmt: skip
        raise TooManyRequests(WINDOW_SECONDS) from None
    try:
        check()
    except HTTPException as error:
        if error.status_code in (401, 403):
            attempts.failed(source, f"salon {what}")
        raise


CHECK_EVERY = timedelta(minutes=1)
"""A real model and the sheet are asked at most once a minute, however often ``/health`` is
polled (each costs a model call or a read of the sheet's 60-a-minute quota); a failure is
never cached."""


def build_checks(ctx: BotContext) -> dict[str, Callable[[], Awaitable[str]]]:
    """The salon's ``/health`` checks (``sleeplab.health``): its database tables, the
    language model that reads messages, and the spreadsheet copy."""
    kit = salon_kit(ctx)

    def cached(check: Callable[[], Awaitable[str]]) -> Callable[[], Awaitable[str]]:
        last: list[tuple[datetime, str]] = []

        async def run() -> str:
            now = ctx.clock.now()
            if last and now - last[0][0] < CHECK_EVERY:
                return last[0][1]
            detail = await check()
            last[:] = [(now, detail)]
            return detail

        return run

    async def database() -> str:
        async with ctx.uow() as base:
            uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
            figures = await uow.booking.figures(kit.config.id)
        return f"{sum(figures.by_status.values())} bookings"

    async def llm() -> str:
        model = ctx.chat_model
        if model.provider == OFFLINE_PROVIDER:
            return "offline: the rule-based parser reads messages"
        request = ChatRequest(system="Health check. Answer with one word: OK.", message="ping",
                              max_output_tokens=5)  # fmt: skip
        answer = await model.complete(request)
        return f"{answer.provider} {answer.model} answered"

    async def sheets() -> str:
        if kit.sheet is None:
            return "not configured"
        await kit.sheet.ping()
        return "reachable"

    return {"database": database, "llm": cached(llm), "sheets": cached(sheets)}


def _fingerprint(data: dict[str, Any]) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def build_router(ctx: BotContext) -> APIRouter:
    kit = salon_kit(ctx)
    secrets: SalonSecrets = ctx.service(SECRETS_SERVICE, SalonSecrets())
    limits = {group: SourceLimits(group, ctx.clock, template) for group, template in LIMITS.items()}

    def limited(group: str) -> Callable[[Request], None]:
        def admit(request: Request) -> None:
            limits[group].admit(source_of(request))

        return admit

    root = APIRouter(tags=["salon"], responses={429: {"description": "too many requests"}})
    router = APIRouter(prefix="/projects", dependencies=[Depends(limited("operator"))])

    def operator(request: Request, authorization: Annotated[str, Header()] = "") -> None:
        if not secrets.operator_token:
            raise HTTPException(404, "operator access is not configured")

        def check() -> None:
            scheme, _, presented = authorization.partition(" ")
            if scheme.lower() != "bearer" or not _matches(secrets.operator_token, presented):
                raise HTTPException(401, "a valid operator token is required")

        _guard_secret(request, "operator token", check)

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

    @router.post("/{project_id}/config", dependencies=guards,
                 responses={400: {}, 409: {}, 422: {}, 503: {}})  # fmt: skip
    async def change_config(project_id: str, request: Request) -> dict[str, Any]:
        """Replace the salon's config (the whole document, as ``GET`` shows it).

        Validated like the file (422 names each field); refused with 409 when it would
        break bookings to come or the config is read-only (the demo, a TOML file). Nothing
        changes on an error; every change is logged with its fingerprint.
        """
        try:
            data = json.loads(await request.body())
        except ValueError:
            raise HTTPException(400, "the body must be a JSON object") from None
        if not isinstance(data, dict):
            raise HTTPException(400, "the body must be a JSON object")
        try:
            new = parse_config(data)
        except ConfigInvalid as error:
            log.info("salon %s: a config change was refused as invalid", project_id)
            raise HTTPException(422, str(error)) from None
        old = kit.config
        async with ctx.uow() as base:
            uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
            problems = await config_change_problems(uow, ctx.clock, old, new)
        if problems:
            log.info("salon %s: a config change was refused: %s", project_id, problems)
            raise HTTPException(409, "; ".join(problems))
        try:
            kit.save_config(new)
        except ReadOnlyConfig as error:
            raise HTTPException(
                409, f"{error}; set SLEEPLAB_SALON_CONFIG to a .json file"
            ) from None
        except OSError as error:
            log.error("salon %s: the config could not be saved (%s)", project_id,
                      type(error).__name__)  # fmt: skip
            raise HTTPException(503, "the config could not be saved; nothing changed") from None
        log.warning(
            "audit: salon %s config changed by an operator: %s -> %s "
            "(%d specialists, %d services)",
            project_id, _fingerprint(old.model_dump(mode="json")),
            _fingerprint(new.model_dump(mode="json")), len(new.specialists), len(new.services),
        )  # fmt: skip
        return {"project": new.id, "changed": new != old, "config": new.model_dump(mode="json")}

    @router.get("/{project_id}/queue", dependencies=guards)
    async def queue(project_id: str) -> dict[str, Any]:
        """The salon's durable jobs (reminders, waitlist offers, bursts) per kind and state."""
        async with ctx.uow() as base:
            uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
            return {"project": kit.config.id, "jobs": await queue_figures(uow)}

    @root.post("/webhook/sendpulse/{secret}", dependencies=[Depends(limited("webhook"))])
    async def sendpulse(secret: str, request: Request) -> dict[str, int]:
        """Store SendPulse's incoming messages for the worker, then answer 200."""
        if not secrets.sendpulse_secret:
            raise HTTPException(404, "the SendPulse webhook is not configured")

        def check() -> None:
            if not _matches(secrets.sendpulse_secret, secret):
                raise HTTPException(403, "unknown webhook")

        _guard_secret(request, "SendPulse webhook", check)
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
