"""The price banner before a paid level: pay with Stars, by card, by a payment link, the
bundle, or a promo code. The banner is tagged ``offer`` and deleted once the level is paid."""

from __future__ import annotations

import copy
import logging
from collections.abc import Set
from typing import TYPE_CHECKING

import attrs

from sleeplab_core.conversation import Button, FlowContext
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.kernel.money import Money
from sleeplab_core.payments import (
    Gateway,
    InvoiceRequest,
    PaymentLink,
    PaymentRequest,
    cancel_order,
    offer_for,
    send_invoice,
)
from sleeplab_core.payments.offers import FREE_ORDER
from sleeplab_core.payments.pricing import owns_part_of
from sleeplab_core.payments.use_cases import check_promo, checkout
from sleeplab_core.promo.errors import PromoError
from sleeplab_core.promo.model import PromoCode
from sleeplab_core.sleeplab.flows.base import BaseFlow
from sleeplab_core.sleeplab.flows.paid import price_text, show_unlocked
from sleeplab_core.sleeplab.flows.purchase import (
    INVOICE_TAG,
    OFFER_TAG,
    PAYMENT_TAG,
    SleeplabPayments,
)
from sleeplab_core.sleeplab.journey import PRODUCTS_UNLOCKING, is_unlocked
from sleeplab_core.sleeplab.journey_reminders import order_settled, remind_unpaid

if TYPE_CHECKING:
    from sleeplab_core.sleeplab.journey_jobs import JourneyJobs

log = logging.getLogger(__name__)

BUNDLE = "sleeplab_bundle"
PROMPT_STEP = "promo"
BUTTON_KEYS = {
    Gateway.STARS: "sleeplab.pay.stars",
    Gateway.PROVIDER: "sleeplab.pay.provider",
    Gateway.ROBOKASSA: "sleeplab.pay.robokassa",
    Gateway.TILDA: "sleeplab.pay.tilda",
}


def level_product(level: str) -> str:
    """The product that opens only ``level``: ``L1`` -> ``sleeplab_l1``."""
    return f"sleeplab_{level.lower()}"


class Offer(BaseFlow):
    """``ctx.data``: ``level``; ``product`` (the level's own or the bundle); ``promo`` (an
    accepted code); ``step`` = ``promo`` while a code is being typed; ``order`` (the last)."""

    name = "offer"

    def __init__(self, payments: SleeplabPayments) -> None:
        self.payments = payments
        self._jobs: JourneyJobs | None = None

    def using(self, jobs: JourneyJobs) -> Offer:
        """This flow arming the unpaid-order reminder as ``jobs`` says."""
        flow = copy.copy(self)
        flow._jobs = jobs
        return flow

    async def show(self, ctx: FlowContext) -> None:
        level = _level(ctx)
        if await is_unlocked(ctx.uow, ctx.user.id, level, ctx.clock.now()):
            ctx.delete(OFFER_TAG)
            ctx.switch("questionnaire", level=level)
            return
        if ctx.data.get("step") == PROMPT_STEP:
            cancel = [[ctx.button("sleeplab.pay.promo_cancel", "offer:show")]]
            self.remember_labels(cancel, ctx)
            ctx.send(ctx.t("sleeplab.pay.promo_prompt"), cancel, tag=PAYMENT_TAG)
            return
        await self._banner(ctx, level)

    async def _banner(self, ctx: FlowContext, level: str) -> None:
        owned = await _owned(ctx)
        product = self._product(ctx, owned)
        promo = await self._accepted_promo(ctx, product)
        catalog, kinds = self.payments.catalog, self.payments.kinds
        options = offer_for(catalog, product, kinds, owned=owned, promo=promo).options
        lines = [ctx.t(f"sleeplab.offer.{level.lower()}")]
        if product == BUNDLE:
            lines.append(ctx.t("sleeplab.pay.bundle_note"))
        if options:
            shown = " / ".join(dict.fromkeys(price_text(ctx, o.price) for o in options))
            lines.append(ctx.t("sleeplab.pay.price", price=shown))
        else:
            lines.append(ctx.t("sleeplab.pay.unavailable"))
        if promo is not None and any(o.quote.promo for o in options):
            lines.append(ctx.t("sleeplab.pay.promo_applied", code=promo.code))
        lines.append(ctx.t("sleeplab.pay.not_completed"))
        rows = [[_pay_button(ctx, option.gateway, option.price)] for option in options]
        other = await self._other_button(ctx, level, product, owned)
        if other is not None:
            rows.append([other])
        rows.append([ctx.button("sleeplab.pay.promo", "offer:promo")])
        rows.append([ctx.button("sleeplab.offer.check", f"offer:check:{level}")])
        rows.append([ctx.button("sleeplab.menu.back", "offer:menu")])
        ctx.delete(OFFER_TAG)
        self.remember_labels(rows, ctx)
        ctx.send("\n\n".join(lines), rows, tag=OFFER_TAG)

    def _product(self, ctx: FlowContext, owned: Set[str]) -> str:
        return _product(ctx, self._bundle_offered(owned))

    def _bundle_offered(self, owned: Set[str]) -> bool:
        """The bundle is sold, and the buyer owns none of it (else the level alone is the
        upgrade, never dearer than the bundle)."""
        catalog = self.payments.catalog
        return BUNDLE in catalog and not owns_part_of(catalog.get(BUNDLE), owned)

    async def _other_button(
        self, ctx: FlowContext, level: str, product: str, owned: Set[str]
    ) -> Button | None:
        """Switch between the level alone and the bundle, at the price the switch would
        show (promo included); no bundle for a buyer who owns part of it already."""
        if product != BUNDLE and not self._bundle_offered(owned):
            return None
        catalog, kinds = self.payments.catalog, self.payments.kinds
        other = level_product(level) if product == BUNDLE else BUNDLE
        promo = await self._accepted_promo(ctx, other, quiet=True)
        options = offer_for(catalog, other, kinds, owned=owned, promo=promo).options
        price = " / ".join(dict.fromkeys(price_text(ctx, option.price) for option in options))
        if product == BUNDLE:
            return ctx.button("sleeplab.pay.single", "offer:single", level=level, price=price)
        return ctx.button("sleeplab.pay.bundle", "offer:bundle", price=price)

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        kind, _, rest = data.removeprefix("offer:").partition(":")
        if not data.startswith("offer:"):
            await super().on_button(data, ctx)
        elif kind == "menu":
            ctx.switch("menu")
        elif kind == "pay":
            await self._pay(ctx, rest)
        elif kind in ("bundle", "single"):
            ctx.data["product"] = BUNDLE if kind == "bundle" else level_product(_level(ctx))
            await self.show(ctx)
        elif kind == "promo":
            await self._drop_open_order(ctx)  # its prices are about to change
            ctx.data["step"] = PROMPT_STEP
            await self.show(ctx)
        elif kind in ("show", "check"):
            ctx.data.pop("step", None)
            if kind == "check" and not await is_unlocked(
                ctx.uow, ctx.user.id, _level(ctx), ctx.clock.now()
            ):
                ctx.send(ctx.t("sleeplab.offer.not_paid_yet"), tag=PAYMENT_TAG)
            await self.show(ctx)
        else:
            await super().on_button(data, ctx)

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        if await self.press_remembered(text, ctx):  # a typed button label
            return
        if ctx.data.get("step") != PROMPT_STEP:
            await super().on_text(text, ctx)
            return
        owned = await _owned(ctx)
        product = self._product(ctx, owned)
        try:
            promo = await _check_promo(ctx, text, product)
        except PromoError as error:
            ctx.send(ctx.render(error.message), tag=PAYMENT_TAG)
            await self.show(ctx)  # still waiting for a code (or Cancel)
            return
        ctx.data.pop("step", None)
        ctx.data["promo"] = promo.code
        free = self._free_option(product, promo, owned)
        if free is not None:
            await self._pay(ctx, free.value, free=True)
            return
        ctx.send(ctx.t("sleeplab.pay.promo_ok", code=promo.code), tag=PAYMENT_TAG)
        await self.show(ctx)

    def _free_option(self, product: str, promo: PromoCode, owned: Set[str]) -> Gateway | None:
        """A gateway through which the code makes the product free (100 % off), if any."""
        kinds = self.payments.kinds or (Gateway.STARS,)
        offer = offer_for(self.payments.catalog, product, kinds, owned=owned, promo=promo)
        for option in offer.options:
            if option.price.amount == 0:
                return option.gateway
        return None

    async def _pay(self, ctx: FlowContext, kind: str, *, free: bool = False) -> None:
        chosen = next((k for k in Gateway if k.value == kind), None)
        gateway = self.payments.gateway(chosen) if chosen else None
        if chosen is None or (gateway is None and not free):
            await super().on_button(f"offer:pay:{kind}", ctx)  # a stale button
            return
        await self._drop_open_order(ctx)  # one open order per banner
        owned = await _owned(ctx)
        product = self._product(ctx, owned)
        payments = self.payments.context(ctx)
        try:
            sale = await checkout(
                payments,
                gateway,
                kind=chosen,
                user_id=ctx.user.id,
                product_code=product,
                promo_code=await self._promo_for(ctx, product, chosen, owned),
            )
        except PromoError as error:
            ctx.data.pop("promo", None)
            ctx.send(ctx.render(error.message), tag=PAYMENT_TAG)
            await self.show(ctx)
            return
        except SleeplabError as error:
            log.warning("user %s could not start paying for %s: %s", ctx.user.id, product, error)
            key = getattr(error, "message_key", "sleeplab.pay.unavailable")
            ctx.send(ctx.t(key), tag=PAYMENT_TAG)
            await self.show(ctx)
            return
        if sale.request is None:  # a promo code made it free: paid and granted already
            show_unlocked(ctx, sale.order, self.name, FREE_ORDER)
            return
        ctx.data["order"] = sale.order.id
        if self._jobs is not None:
            await remind_unpaid(ctx.uow, ctx.user, sale.order.id, self._jobs, ctx.clock.now())
        self._show_request(ctx, sale.request, sale.order.amount)

    async def _drop_open_order(self, ctx: FlowContext) -> None:
        """Cancel the order of an earlier choice (its promo code is released, its invoice
        deleted and refused at pre-checkout), so the next choice starts afresh."""
        previous = ctx.data.pop("order", None)
        if previous is None:
            return
        ctx.delete(INVOICE_TAG)
        await order_settled(ctx.uow, ctx.user.id, str(previous), ctx.clock.now())
        try:
            await cancel_order(self.payments.context(ctx), str(previous))
        except SleeplabError as error:
            log.info("earlier order %s left as it is: %s", previous, error)

    async def _promo_for(
        self, ctx: FlowContext, product: str, gateway: Gateway, owned: Set[str]
    ) -> str | None:
        """The accepted code, unless it takes nothing off in the gateway's currency."""
        promo = await self._accepted_promo(ctx, product)
        if promo is None:
            return None
        catalog = self.payments.catalog
        for option in offer_for(catalog, product, (gateway,), owned=owned, promo=promo).options:
            if option.quote.promo is None:
                return None  # a fixed discount in other currencies only: pay the list price
        return promo.code

    def _show_request(self, ctx: FlowContext, request: PaymentRequest, amount: Money) -> None:
        if isinstance(request, InvoiceRequest):
            ctx.delete(INVOICE_TAG)
            ctx.emit(attrs.evolve(send_invoice(request, ctx.render), tag=INVOICE_TAG))
            return
        assert isinstance(request, PaymentLink)
        ctx.delete(OFFER_TAG)
        rows = [
            [Button(ctx.t("sleeplab.pay.open_link"), url=request.url)],
            [ctx.button("sleeplab.offer.check", f"offer:check:{_level(ctx)}")],
            [ctx.button("sleeplab.pay.other_way", "offer:show")],
        ]
        self.remember_labels(rows, ctx)
        ctx.send(ctx.t("sleeplab.pay.link", price=price_text(ctx, amount)), rows, tag=OFFER_TAG)

    async def _accepted_promo(
        self, ctx: FlowContext, product: str, *, quiet: bool = False
    ) -> PromoCode | None:
        """The code the user entered, checked again (it may have expired or not fit the
        product now); a code that no longer applies is dropped with the reason. The
        reservation of the user's own open order does not count against the code.

        Args:
            quiet: only ask whether the code fits ``product`` (another product than the
                one on the banner): nothing is said and the code is kept.
        """
        code = ctx.data.get("promo")
        if not code:
            return None
        open_order = ctx.data.get("order")
        try:
            return await _check_promo(
                ctx, str(code), product, own_order=str(open_order) if open_order else None
            )
        except PromoError as error:
            if not quiet:
                ctx.data.pop("promo", None)
                ctx.send(ctx.render(error.message), tag=PAYMENT_TAG)
            return None


async def _check_promo(
    ctx: FlowContext, typed: str, product: str, *, own_order: str | None = None
) -> PromoCode:
    """:func:`check_promo` for the user of ``ctx``, in the event's unit of work."""
    return await check_promo(
        ctx.uow, ctx.clock, user_id=ctx.user.id, typed=typed, product=product, own_order=own_order
    )


async def _owned(ctx: FlowContext) -> frozenset[str]:
    """The products the user holds now (a bundle's owned parts lower its price)."""
    active = await ctx.uow.entitlements.active(ctx.user.id, ctx.clock.now())
    return frozenset(entitlement.product for entitlement in active)


def _pay_button(ctx: FlowContext, gateway: Gateway, price: Money) -> Button:
    return ctx.button(
        BUTTON_KEYS[gateway], f"offer:pay:{gateway.value}", price=price_text(ctx, price)
    )


def _level(ctx: FlowContext) -> str:
    level = str(ctx.data.get("level", "L1"))
    return level if level in PRODUCTS_UNLOCKING else "L1"


def _product(ctx: FlowContext, bundle_offered: bool) -> str:
    """The product on the banner: the level's own, or the bundle if it is offered."""
    product = str(ctx.data.get("product") or "")
    unlocking = PRODUCTS_UNLOCKING[_level(ctx)]
    if product in unlocking and (product != BUNDLE or bundle_offered):
        return product
    return level_product(_level(ctx))
