"""The Steps admin API, byte-compatible with the seed: pickup points in, orders out.

- ``POST /pvz`` replaces the whole pickup-point list atomically.
- ``GET /content``, ``PUT /content/{key}``, ``DELETE /content/{key}/{locale}``: operators'
  overrides of the seed's content keys (``start_welcome``, ``main_menu``, ``promo_intro``,
  ``walk_choice``), shown without a deploy.
- ``GET /order/{YYYY-MM-DD-YYYY-MM-DD}`` lists the placed orders of an inclusive range of
  days (local days of ``SLEEPLAB_STEPS_ORDERS_ZONE``, UTC by default).

Authentication: the key (``SLEEPLAB_STEPS_API_KEY``) in the ``API_Key`` header, as the seed
has it, or in ``API-Key`` (nginx drops headers with underscores unless
``underscores_in_headers on``). Missing: 401; wrong: 403 (compared in constant time);
no key configured: every request is 403.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.platform import BotContext
from sleeplab_core.rewards import default_rules, load_rules
from sleeplab_core.rewards.errors import InvalidRules, OrderRefused, RewardsNotFound
from sleeplab_core.rewards.model import GiftOrder, OrderStage, PickupPoint
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.segments import UnknownSegment
from sleeplab_core.rewards.use_cases.advance_order import advance_order
from sleeplab_core.rewards.use_cases.cancel_order import cancel_order
from sleeplab_core.rewards.use_cases.create_promo_group import PromoGroup, create_promo_group
from sleeplab_core.rewards.use_cases.notify_order import queue_order_notice
from sleeplab_core.rewards.use_cases.orders_between import orders_between
from sleeplab_core.rewards.use_cases.pickup_points import replace_pickup_points
from sleeplab_core.rewards.use_cases.schedule_broadcast import schedule_broadcast
from sleeplab_core.rewards.use_cases.split_all_families import split_all_families
from sleeplab_core.rewards.use_cases.texts import list_texts, reset_text, set_text

log = logging.getLogger(__name__)

API_KEY_SERVICE = "steps_api_key"
KEY_HEADERS = ("API_Key", "API-Key")
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(\d{4}-\d{2}-\d{2})$")
RANGE_EXAMPLE = "2025-10-01-2025-10-17"
BROADCAST_KEYS = "steps.broadcast."

# For the OpenAPI document only: the check itself reads both header spellings.
_documented_key = APIKeyHeader(name="API_Key", auto_error=False, description=__doc__)


class AdminKey:
    """The admin API key, kept out of reprs and logs."""

    def __init__(self, value: str) -> None:
        self._value = value.encode()

    def matches(self, offered: str) -> bool:
        return hmac.compare_digest(self._value, offered.encode())

    def __repr__(self) -> str:
        return "AdminKey(***)"


def api_key_service(env: Any) -> AdminKey | None:
    """The ``steps_api_key`` service: ``SLEEPLAB_STEPS_API_KEY`` (None when unset)."""
    value = env.settings.get("steps_api_key")
    return AdminKey(value) if value else None


class PvzItem(BaseModel):
    id: str = Field(min_length=1, max_length=64, examples=["019620d8987e745880fb93a122b7da44"])
    full_address: str = Field(
        min_length=1, max_length=500, examples=["Москва Ленинградский проспект 75 к1А"]
    )


class PvzSaved(BaseModel):
    success: bool
    count: int
    message: str


class OrderRow(BaseModel):
    first_name: str
    last_name: str
    phone: str
    email: str
    pvz_id: str
    order_id: str
    created_at: str = Field(examples=["2025-10-05T14:30:22.123456+00:00"])
    product_code: str


class BroadcastRequest(BaseModel):
    segment: str = Field(max_length=100, examples=["inactive:7", "city:Москва", "all"])
    text_key: str = Field(max_length=100, examples=["steps.broadcast.come_back"])
    run_at: datetime | None = Field(default=None, examples=["2026-01-12T07:00:00+03:00"])


class BroadcastScheduled(BaseModel):
    broadcast_id: int
    segment: str
    run_at: datetime


class OrderCancelled(BaseModel):
    order_id: str
    status: str


class OrderStageChange(BaseModel):
    status: Literal["ready", "picked_up"] = Field(
        description="ready: waiting at the pickup point; picked_up: the player has it"
    )


class PromoGroupRequest(BaseModel):
    codes: list[str] = Field(min_length=1, max_length=10_000, examples=[["WALK-2026"]])
    points: int = Field(ge=1, le=1_000_000, examples=[15])
    max_per_user: int | None = Field(default=1, ge=1, le=1_000_000)
    max_redemptions: int | None = Field(default=None, ge=1, le=10**9)
    starts_at: datetime | None = None
    expires_at: datetime | None = None


class PromoGroupSaved(BaseModel):
    count: int
    codes: list[str]


class SplitPeriod(BaseModel):
    first_day: date = Field(examples=["2026-01-05"])
    last_day: date = Field(examples=["2026-01-11"])


class FamiliesSplit(BaseModel):
    families: int
    points: int


class TextBody(BaseModel):
    locale: str = Field(examples=["ru"], max_length=8)
    text: str = Field(examples=["👋 Добро пожаловать!"], max_length=4096)


class TextOverride(TextBody):
    key: str


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing API_Key header"},
    403: {"description": "Invalid API_Key"},
}


_REFUSALS = {
    "not_placed": "The order was never placed",
    "picked_up": "The order was picked up: it can no longer be cancelled",
    "backwards": "The order is already further along",
}


def build_router(ctx: BotContext) -> APIRouter:
    """The admin routes of the ``steps`` bot."""
    uow: RewardsUnitOfWorkFactory = ctx.uow  # type: ignore[assignment]
    key: AdminKey | None = ctx.service(API_KEY_SERVICE, None)
    zone = ctx.setting("steps_orders_zone", "UTC")
    rules_file = ctx.setting("steps_rules")
    rules = load_rules(FilePath(rules_file)) if rules_file else default_rules()

    async def authorised(
        request: Request, _: Annotated[str | None, Depends(_documented_key)] = None
    ) -> None:
        _check_key(request.headers, key)

    router = APIRouter(tags=["steps admin"], dependencies=[Depends(authorised)])

    @router.post("/pvz", response_model=PvzSaved, responses=ERRORS)
    async def save_pvz(items: list[PvzItem]) -> dict[str, Any]:
        """Replace the entire pickup-point (ПВЗ) list with the one sent."""
        points = [PickupPoint(item.id, item.full_address) for item in items]
        count = await replace_pickup_points(uow, points)
        log.info("pickup points replaced: %d", count)
        return {"success": True, "count": count, "message": f"Successfully saved {count} PVZ items"}

    @router.get(
        "/order/{date_range}",
        response_model=list[OrderRow],
        responses={**ERRORS, 400: {"description": "Invalid date format"}},
    )
    async def list_orders(
        date_range: Annotated[
            str, Path(description="YYYY-MM-DD-YYYY-MM-DD, inclusive", examples=[RANGE_EXAMPLE])
        ],
    ) -> list[dict[str, str]]:
        """Orders created from the first day to the last (both included)."""
        first, last = _parse_range(date_range)
        return [_row(order) for order in await orders_between(uow, first, last, zone)]

    @router.post(
        "/order/{order_id}/cancel",
        response_model=OrderCancelled,
        responses={
            **ERRORS,
            404: {"description": "No such order"},
            409: {"description": "The order was never placed"},
        },
    )
    async def cancel(order_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict[str, str]:
        """Cancel a placed order: the item goes back to stock, the points back to the player
        (repeating it changes nothing more)."""
        try:
            order = await cancel_order(uow, ctx.ledger, order_id)
        except RewardsNotFound:
            raise HTTPException(status_code=404, detail="No such order") from None
        except OrderRefused as refused:
            raise HTTPException(status_code=409, detail=_REFUSALS[refused.code]) from None
        async with ctx.uow() as unit:  # the player's notice, once (keyed by order and status)
            await queue_order_notice(unit.jobs, order, ctx.clock.now())
            await unit.commit()
        return {"order_id": str(order.id), "status": order.status.value}

    @router.post(
        "/order/{order_id}/status",
        response_model=OrderCancelled,
        responses={
            **ERRORS,
            404: {"description": "No such order"},
            409: {"description": "Not placed, cancelled, or already further along"},
        },
    )
    async def change_status(
        order_id: Annotated[int, Path(ge=1, le=2**62)], body: OrderStageChange
    ) -> dict[str, str]:
        """Move a placed order forward: ``ready`` (at the pickup point), then ``picked_up``.
        The player is told in their language; repeating a status changes nothing."""
        try:
            moved = await advance_order(ctx.uow, order_id, OrderStage(body.status), ctx.clock.now())
        except RewardsNotFound:
            raise HTTPException(status_code=404, detail="No such order") from None
        except OrderRefused as refused:
            raise HTTPException(status_code=409, detail=_REFUSALS[refused.code]) from None
        return {"order_id": str(moved.order.id), "status": moved.order.shown_status}

    @router.post(
        "/promo-groups",
        response_model=PromoGroupSaved,
        responses={**ERRORS, 400: {"description": "A malformed code or limit"}},
    )
    async def post_promo_group(body: PromoGroupRequest) -> dict[str, Any]:
        """A promo group: codes that each grant ``points`` bonus points (once per player
        unless ``max_per_user`` says otherwise); saving a code again replaces it."""
        group = PromoGroup(
            codes=body.codes,
            points=body.points,
            max_per_user=body.max_per_user,
            max_redemptions=body.max_redemptions,
            starts_at=body.starts_at,
            expires_at=body.expires_at,
        )
        try:
            codes = await create_promo_group(ctx.uow, rules, group)
        except (ValidationFailed, ValueError) as error:
            raise HTTPException(status_code=400, detail=str(error)) from None
        return {"count": len(codes), "codes": codes}

    @router.get("/content", response_model=list[TextOverride], responses=ERRORS)
    async def list_content() -> list[dict[str, str]]:
        """The operators' overrides of the seed's content keys (``start_welcome``, …)."""
        return [
            {"key": key, "locale": locale, "text": text}
            for key, locale, text in await list_texts(uow)
        ]

    @router.put(
        "/content/{key}",
        response_model=TextOverride,
        responses={**ERRORS, 400: {"description": "Not an editable key, or a bad text"}},
    )
    async def put_content(key: str, body: TextBody) -> dict[str, str]:
        """Override a content key's text in one locale (shown from the next screen on)."""
        try:
            await set_text(uow, ctx.clock, key, body.locale, body.text)
        except InvalidRules as error:
            raise HTTPException(status_code=400, detail=str(error)) from None
        return {"key": key, "locale": body.locale, "text": body.text}

    @router.delete("/content/{key}/{locale}", status_code=204, responses=ERRORS)
    async def delete_content(key: str, locale: str) -> None:
        """Drop an override: the bot's own text shows again."""
        if not await reset_text(uow, key, locale):
            raise HTTPException(status_code=404, detail="No override for that key and locale")

    @router.post(
        "/broadcast",
        response_model=BroadcastScheduled,
        responses={**ERRORS, 400: {"description": "Unknown segment or text key"}},
    )
    async def post_broadcast(body: BroadcastRequest) -> dict[str, Any]:
        """Schedule a catalog text (``steps.broadcast.*``) to a segment: ``all``, ``family``,
        ``inactive:<days>`` or ``city:<name>``; the worker sends it at Telegram's rate."""
        _check_text_key(ctx, body.text_key)
        now = ctx.clock.now()
        run_at = body.run_at or now
        if run_at.tzinfo is None:
            raise HTTPException(status_code=400, detail="run_at needs a UTC offset")
        try:
            broadcast = await schedule_broadcast(
                ctx.uow,
                body.segment,
                body.text_key,
                run_at,
                "admin-api",
                now,
            )
        except UnknownSegment as error:
            raise HTTPException(status_code=400, detail=str(error)) from None
        return {"broadcast_id": broadcast.id, "segment": body.segment, "run_at": max(run_at, now)}

    @router.post(
        "/families/split",
        response_model=FamiliesSplit,
        responses={**ERRORS, 400: {"description": "A bad period"}},
    )
    async def split_families(body: SplitPeriod) -> dict[str, int]:
        """Pay every family's pool for the period (both days included); repeating pays
        nothing more. See docs/steps.md for the membership rule."""
        try:
            paid = await split_all_families(
                uow, ctx.ledger, ctx.clock, rules, body.first_day, body.last_day
            )
        except InvalidRules as error:
            raise HTTPException(status_code=400, detail=str(error)) from None
        return {"families": paid.families, "points": paid.points}

    return router


def _check_text_key(ctx: BotContext, key: str) -> None:
    try:
        if not key.startswith(BROADCAST_KEYS):
            raise KeyError(key)
        ctx.texts.render("ru", Message(key))
    except KeyError:
        raise HTTPException(
            status_code=400, detail=f"Unknown text key; use one of {BROADCAST_KEYS}*"
        ) from None


def _check_key(headers: Mapping[str, str], key: AdminKey | None) -> None:
    offered = next((headers[name] for name in KEY_HEADERS if name in headers), None)
    if offered is None:
        raise HTTPException(status_code=401, detail="Missing API_Key header")
    if key is None or not key.matches(offered):
        log.warning("admin request with a wrong key")
        raise HTTPException(status_code=403, detail="Invalid API_Key")


def _parse_range(text: str) -> tuple[date, date]:
    match = RANGE.match(text)
    try:
        if match is None:
            raise ValueError(text)
        first, last = date.fromisoformat(match[1]), date.fromisoformat(match[2])
    except ValueError:
        raise HTTPException(
            status_code=400, detail=f"Invalid date format, expected e.g. {RANGE_EXAMPLE}"
        ) from None
    if first > last:
        raise HTTPException(status_code=400, detail="Invalid date range: start is after end")
    return first, last


def _row(order: GiftOrder) -> dict[str, str]:
    return {
        "first_name": order.recipient.first_name,
        "last_name": order.recipient.last_name,
        "phone": order.recipient.phone,
        "email": order.recipient.email,
        "pvz_id": order.pvz_id,
        "order_id": str(order.id),
        "created_at": order.created_at.isoformat(),
        "product_code": order.product_code,
    }
