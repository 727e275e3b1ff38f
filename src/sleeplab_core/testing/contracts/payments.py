"""The payments storage contract: subclass PaymentsContract, provide ``uow_factory``.

Covers the repositories the payments use cases need (orders, payments, promo codes and
redemptions, subscriptions and trials, entitlement revocation) and the promises that keep
money from being lost or doubled: a provider payment is stored once however often and however
concurrently it arrives, a confirmation has one effect, promo limits hold under concurrent
orders, a trial is taken once. The concurrent cases drive the real use cases
(``create_order``, ``confirm_payment``) with the backend's unit of work.
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest

from sleeplab_core.catalog import load_catalog
from sleeplab_core.entitlements.model import Entitlement
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.errors import Conflict
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import InMemoryLedger
from sleeplab_core.payments import (
    FakeTelegramGateway,
    Gateway,
    Order,
    OrderState,
    PaymentOutcome,
    PaymentRecord,
    PaymentsContext,
    PaymentsUnitOfWorkFactory,
    Subscription,
    apply_refund,
    confirm_payment,
    create_order,
)
from sleeplab_core.payments.ports import ANONYMOUS_USER
from sleeplab_core.promo import (
    DiscountKind,
    PromoCode,
    PromoError,
    PromoUsedUp,
    Redemption,
    RedemptionState,
)

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MOSCOW = timezone(timedelta(hours=3))
BUYER = 7_412_345_678  # beyond 32 bits, as real Telegram ids are
CONCURRENT_CONFIRMATIONS = 10
CONCURRENT_ORDERS = 20


def order(order_id: str = "ord_0000000000000001", **changes: object) -> Order:
    fields: dict[str, object] = {
        "id": order_id,
        "user_id": BUYER,
        "product": "sleeplab_l1",
        "gateway": Gateway.STARS,
        "list_price": Money(250, "XTR"),
        "amount": Money(250, "XTR"),
        "created_at": T0,
        "expires_at": T0 + timedelta(hours=1),
        **changes,
    }
    return Order(**fields)  # type: ignore[arg-type]


def payment(payment_id: str = "charge-1", **changes: object) -> PaymentRecord:
    fields: dict[str, object] = {
        "gateway": Gateway.STARS,
        "payment_id": payment_id,
        "order_id": "ord_0000000000000001",
        "amount": Money(250, "XTR"),
        "outcome": PaymentOutcome.APPLIED,
        "received_at": T0,
        **changes,
    }
    return PaymentRecord(**fields)  # type: ignore[arg-type]


def promo(code: str = "SLEEP20", **changes: object) -> PromoCode:
    fields: dict[str, object] = {"code": code, "kind": DiscountKind.PERCENT, "percent": 20}
    return PromoCode(**(fields | changes))  # type: ignore[arg-type]


def context(uow_factory: PaymentsUnitOfWorkFactory, clock: FakeClock) -> PaymentsContext:
    numbers = itertools.count(1)
    return PaymentsContext(
        uow=uow_factory,
        catalog=load_catalog(),
        clock=clock,
        ledger=InMemoryLedger(clock),
        new_order_id=lambda: f"ord_{next(numbers):016x}",
    )


class PaymentsContract:
    @pytest.fixture
    def uow_factory(self) -> PaymentsUnitOfWorkFactory:
        raise NotImplementedError("a backend's subclass provides the uow_factory fixture")

    async def _add_orders(
        self, uow_factory: PaymentsUnitOfWorkFactory, *orders: Order
    ) -> list[Order]:
        async with uow_factory() as uow:
            added = [await uow.orders.add(o) for o in orders]
            await uow.commit()
        return added

    async def _save_promo(self, uow_factory: PaymentsUnitOfWorkFactory, code: PromoCode) -> None:
        async with uow_factory() as uow:
            await uow.promos.save(code)
            await uow.commit()

    # --- orders ------------------------------------------------------------------------

    async def test_an_order_reads_back_with_every_field(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        full = order(
            gateway=Gateway.ROBOKASSA,
            list_price=Money(49000, "RUB"),
            amount=Money(39200, "RUB"),
            promo_code="SLEEP20",
            state=OrderState.REFUNDED,
            created_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
            expires_at=T0.astimezone(MOSCOW),
            paid_at=T0 + timedelta(minutes=5),
            payment_key="robokassa:17",
            closed_at=T0 + timedelta(days=2),
        )
        [added] = await self._add_orders(uow_factory, full)

        async with uow_factory() as uow:
            by_id = await uow.orders.get(full.id)
            by_number = await uow.orders.by_number(added.number)

        assert added == attrs.evolve(full, number=added.number)
        assert by_id == added
        assert by_number == added

    async def test_orders_get_distinct_ascending_numbers(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        added = await self._add_orders(uow_factory, order("ord_a"), order("ord_b"))
        added += await self._add_orders(uow_factory, order("ord_c"))

        numbers = [o.number for o in added]

        assert numbers == sorted(set(numbers))
        assert numbers[0] >= 1

    async def test_adding_an_existing_order_id_is_a_conflict_and_keeps_the_first(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        [first] = await self._add_orders(uow_factory, order())

        async with uow_factory() as uow:
            with pytest.raises(Conflict):
                await uow.orders.add(order(amount=Money(1, "XTR")))

        async with uow_factory() as uow:
            assert await uow.orders.get(first.id) == first

    async def test_an_unknown_order_is_none_and_cannot_be_saved(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            assert await uow.orders.get("ord_missing") is None
            assert await uow.orders.by_number(404) is None
            with pytest.raises(Conflict):
                await uow.orders.save(order("ord_missing"))

    async def test_saving_an_order_replaces_its_state_and_keeps_its_number(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        [added] = await self._add_orders(uow_factory, order())
        paid = added.moved_to(OrderState.PAID, T0 + timedelta(minutes=1), payment_key="stars:c")

        async with uow_factory() as uow:
            await uow.orders.save(paid)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.orders.get(added.id) == paid

    async def test_an_order_added_without_commit_is_discarded(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.orders.add(order())

        async with uow_factory() as uow:
            assert await uow.orders.get(order().id) is None

    async def test_paid_or_refunded_orders_count_as_a_purchase_and_others_do_not(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        await self._add_orders(
            uow_factory,
            order("ord_1", user_id=1, state=OrderState.REFUNDED),
            order("ord_2", user_id=2, state=OrderState.PAID),
            order("ord_3", user_id=3, state=OrderState.EXPIRED),
            order("ord_4", user_id=3, state=OrderState.AWAITING_PAYMENT),
        )

        async with uow_factory() as uow:
            verdicts = [await uow.orders.has_paid(user_id) for user_id in (1, 2, 3, 4)]

        assert verdicts == [True, True, False, False]

    async def test_open_due_lists_open_orders_expired_by_now_in_number_order(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        hour = timedelta(hours=1)
        await self._add_orders(
            uow_factory,
            order("ord_late", expires_at=T0 + 2 * hour),
            order("ord_due", expires_at=T0, state=OrderState.AWAITING_PAYMENT),
            order("ord_paid", expires_at=T0 - hour, state=OrderState.PAID),
            order("ord_overdue", expires_at=(T0 - hour).astimezone(MOSCOW)),
        )

        async with uow_factory() as uow:
            due = [o.id for o in await uow.orders.open_due(T0)]

        assert due == ["ord_due", "ord_overdue"]

    async def test_a_users_orders_come_in_number_order(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        await self._add_orders(uow_factory, order("ord_b"), order("ord_x", user_id=1))
        await self._add_orders(uow_factory, order("ord_a"))

        async with uow_factory() as uow:
            mine = [o.id for o in await uow.orders.for_user(BUYER)]

        assert mine == ["ord_b", "ord_a"]

    async def test_erasure_keeps_a_users_orders_and_redemptions_for_nobody(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        limited = promo(max_redemptions=5, max_per_user=None)
        await self._save_promo(uow_factory, limited)
        await self._add_orders(uow_factory, order("ord_a"), order("ord_x", user_id=1))
        async with uow_factory() as uow:
            await uow.promos.reserve(limited, BUYER, "ord_a", T0, T0 + timedelta(hours=1))
            await uow.subscriptions.claim_trial(BUYER, "assistant_monthly", T0)
            await uow.commit()

        async with uow_factory() as uow:
            await uow.orders.anonymise_user(BUYER)
            await uow.promos.anonymise_user(BUYER)
            await uow.subscriptions.delete_user(BUYER)
            await uow.commit()

        async with uow_factory() as uow:
            kept = await uow.orders.get("ord_a")
            other = await uow.orders.get("ord_x")
            mine = await uow.orders.for_user(BUYER)
            uses = await uow.promos.uses("SLEEP20")
            trial_again = await uow.subscriptions.claim_trial(BUYER, "assistant_monthly", T0)
        assert kept is not None
        assert kept.user_id == ANONYMOUS_USER
        assert other is not None
        assert other.user_id == 1, "nobody else's order changes"
        assert mine == []
        assert [u.user_id for u in uses] == [ANONYMOUS_USER], "the code's count stays"
        assert trial_again, "the erased user's trial record is gone"

    # --- payments ----------------------------------------------------------------------

    async def test_a_payment_reads_back_with_every_field(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        full = payment(
            gateway=Gateway.PROVIDER,
            amount=Money(49000, "RUB"),
            outcome=PaymentOutcome.RENEWAL,
            received_at=T0.astimezone(MOSCOW),
            payer_id=BUYER,
            provider_charge_id="p-charge-1",
            grant_source="payment:ord_1:provider:charge-1",
            late=True,
            refunded_at=T0 + timedelta(days=1),
        )
        async with uow_factory() as uow:
            await uow.payments.add(full)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.payments.get(Gateway.PROVIDER, "charge-1") == full
            assert await uow.payments.get(Gateway.STARS, "charge-1") is None
            assert await uow.payments.for_order(full.order_id) == [full]

    async def test_a_payment_added_twice_is_stored_once_and_the_first_is_returned(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        first = payment()
        again = payment(received_at=T0 + timedelta(seconds=5), late=True)
        async with uow_factory() as uow:
            inserted_first = await uow.payments.add(first)
            await uow.commit()
        async with uow_factory() as uow:
            inserted_again = await uow.payments.add(again)
            await uow.commit()

        async with uow_factory() as uow:
            stored = await uow.payments.for_order(first.order_id)

        assert inserted_first == (first, True)
        assert inserted_again == (first, False)
        assert stored == [first]

    async def test_the_same_payment_id_through_another_gateway_is_another_payment(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            stars = await uow.payments.add(payment("17"))
            robokassa = await uow.payments.add(payment("17", gateway=Gateway.ROBOKASSA))
            await uow.commit()

        assert (stars[1], robokassa[1]) == (True, True)

    async def test_a_payment_added_by_concurrent_units_is_stored_once(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        async def add(second: int) -> bool:
            async with uow_factory() as uow:
                _, inserted = await uow.payments.add(
                    payment(received_at=T0 + timedelta(seconds=second))
                )
                await uow.commit()
            return inserted

        inserted = await asyncio.gather(*(add(i) for i in range(CONCURRENT_CONFIRMATIONS)))

        async with uow_factory() as uow:
            stored = await uow.payments.for_order(payment().order_id)
        assert inserted.count(True) == 1
        assert len(stored) == 1

    async def test_a_payment_added_without_commit_can_be_added_again(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.payments.add(payment())

        async with uow_factory() as uow:
            assert await uow.payments.add(payment()) == (payment(), True)

    async def test_saving_a_payment_records_its_refund(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        refunded = payment(refunded_at=T0 + timedelta(days=1))
        async with uow_factory() as uow:
            await uow.payments.add(payment())
            await uow.commit()
        async with uow_factory() as uow:
            await uow.payments.save(refunded)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.payments.get(Gateway.STARS, "charge-1") == refunded
            with pytest.raises(Conflict):
                await uow.payments.save(payment("never-added"))

    # --- confirmation through the use case ----------------------------------------------

    async def test_a_payment_confirmed_concurrently_pays_once_grants_once_redeems_once(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        clock = FakeClock(T0)
        ctx = context(uow_factory, clock)
        stars = FakeTelegramGateway(Gateway.STARS)
        await self._save_promo(uow_factory, promo())
        bought = await create_order(
            ctx,
            user_id=BUYER,
            product_code="sleeplab_l1",
            gateway=Gateway.STARS,
            promo_code="sleep20",
        )
        callback = stars.successful_payment(bought, "charge-1")

        results = await asyncio.gather(
            *(
                confirm_payment(ctx, stars.verify_callback(callback))
                for _ in range(CONCURRENT_CONFIRMATIONS)
            )
        )

        async with uow_factory() as uow:
            paid = await uow.orders.get(bought.id)
            granted = await uow.entitlements.all_for(BUYER)
            uses = await uow.promos.uses("SLEEP20")
            records = await uow.payments.for_order(bought.id)
        assert [r.replay for r in results].count(False) == 1
        assert paid is not None
        assert paid.state is OrderState.PAID
        assert paid.payment_key == "stars:charge-1"
        assert [(e.product, e.source) for e in granted] == [("sleeplab_l1", f"payment:{bought.id}")]
        assert [u.state for u in uses] == [RedemptionState.REDEEMED]
        assert [r.outcome for r in records] == [PaymentOutcome.APPLIED]

    async def test_two_provider_payments_of_one_order_concurrently_apply_once(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        ctx = context(uow_factory, FakeClock(T0))
        stars = FakeTelegramGateway(Gateway.STARS)
        bought = await create_order(
            ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.STARS
        )
        callbacks = [stars.successful_payment(bought, f"charge-{i}") for i in range(4)]

        await asyncio.gather(*(confirm_payment(ctx, stars.verify_callback(c)) for c in callbacks))

        async with uow_factory() as uow:
            outcomes = [r.outcome for r in await uow.payments.for_order(bought.id)]
            granted = await uow.entitlements.all_for(BUYER)
        assert sorted(outcomes) == sorted([PaymentOutcome.APPLIED] + [PaymentOutcome.DUPLICATE] * 3)
        assert len(granted) == 1

    async def test_a_refund_reported_concurrently_is_applied_once_and_keeps_history(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        clock = FakeClock(T0)
        ctx = context(uow_factory, clock)
        stars = FakeTelegramGateway(Gateway.STARS)
        bought = await create_order(
            ctx, user_id=BUYER, product_code="sleeplab_l1", gateway=Gateway.STARS
        )
        await confirm_payment(ctx, stars.verify_callback(stars.successful_payment(bought, "c-1")))
        clock.advance(timedelta(days=1))

        refunds = await asyncio.gather(
            *(apply_refund(ctx, Gateway.STARS, "c-1") for _ in range(CONCURRENT_CONFIRMATIONS))
        )

        async with uow_factory() as uow:
            refunded = await uow.orders.get(bought.id)
            history = await uow.entitlements.all_for(BUYER)
            active = await uow.entitlements.active(BUYER, clock.now())
        assert [r.replay for r in refunds].count(False) == 1
        assert refunded is not None
        assert refunded.state is OrderState.REFUNDED
        assert [(e.product, e.expires_at) for e in history] == [("sleeplab_l1", clock.now())]
        assert active == []

    # --- promo codes ---------------------------------------------------------------------

    async def test_a_promo_code_reads_back_with_every_field(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        full = promo(
            "SPRING-26",
            kind=DiscountKind.FIXED,
            percent=None,
            amounts={"RUB": 10000, "XTR": 50},
            products=frozenset({"sleeplab_l1", "sleeplab_bundle"}),
            max_redemptions=100,
            max_per_user=None,
            starts_at=T0.astimezone(MOSCOW),
            expires_at=T0 + timedelta(days=30),
            first_purchase_only=True,
        )
        await self._save_promo(uow_factory, full)

        async with uow_factory() as uow:
            assert await uow.promos.get("SPRING-26") == full
            assert await uow.promos.get("SPRING") is None

    async def test_every_promo_code_is_listed_in_code_order(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        await self._save_promo(uow_factory, promo("ZZZ"))
        await self._save_promo(uow_factory, promo(percent=50))

        async with uow_factory() as uow:
            codes = await uow.promos.list_codes()

        assert [p.code for p in codes] == ["SLEEP20", "ZZZ"]
        assert codes[0] == promo(percent=50)

    async def test_saving_a_promo_code_again_replaces_it(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        await self._save_promo(uow_factory, promo(max_redemptions=5))
        await self._save_promo(uow_factory, promo(percent=50))

        async with uow_factory() as uow:
            assert await uow.promos.get("SLEEP20") == promo(percent=50)

    async def test_a_reservation_is_one_per_order_and_counts_against_the_limit(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        limited = promo(max_redemptions=1, max_per_user=None)
        until = T0 + timedelta(hours=1)
        await self._save_promo(uow_factory, limited)
        async with uow_factory() as uow:
            first = await uow.promos.reserve(limited, 1, "ord_1", T0, until)
            again = await uow.promos.reserve(limited, 1, "ord_1", T0, until)
            await uow.commit()

        async with uow_factory() as uow:
            with pytest.raises(PromoUsedUp):
                await uow.promos.reserve(limited, 2, "ord_2", T0, until)
            uses = await uow.promos.uses("SLEEP20")

        assert (
            first
            == again
            == Redemption(
                code="SLEEP20",
                user_id=1,
                order_id="ord_1",
                state=RedemptionState.RESERVED,
                reserved_at=T0,
                reserved_until=until,
            )
        )
        assert uses == [first]

    async def test_redeeming_counts_a_use_and_a_released_one_is_redeemed_late(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        code = promo(max_per_user=None)
        until = T0 + timedelta(hours=1)
        await self._save_promo(uow_factory, code)
        async with uow_factory() as uow:
            await uow.promos.reserve(code, 1, "ord_paid", T0, until)
            await uow.promos.reserve(code, 2, "ord_cancelled", T0, until)
            await uow.commit()
        async with uow_factory() as uow:
            await uow.promos.release("ord_cancelled")
            await uow.promos.release("ord_unknown")
            await uow.commit()
        async with uow_factory() as uow:
            paid = await uow.promos.redeem("ord_paid", T0 + timedelta(minutes=1))
            late = await uow.promos.redeem("ord_cancelled", T0 + timedelta(minutes=2))
            unknown = await uow.promos.redeem("ord_unknown", T0)
            await uow.commit()

        async with uow_factory() as uow:
            uses = await uow.promos.uses("SLEEP20")
            again = await uow.promos.redeem("ord_paid", T0 + timedelta(days=1))

        assert paid is not None
        assert (paid.state, paid.late) == (RedemptionState.REDEEMED, False)
        assert paid.redeemed_at == T0 + timedelta(minutes=1)
        assert late is not None
        assert (late.state, late.late) == (RedemptionState.REDEEMED, True)
        assert unknown is None
        assert uses == [paid, late]
        assert again == paid

    async def test_concurrent_orders_never_exceed_a_promo_codes_total_limit(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        limit = 5
        ctx = context(uow_factory, FakeClock(T0))
        await self._save_promo(uow_factory, promo(max_redemptions=limit, max_per_user=None))

        async def buy(user_id: int) -> Order | PromoError:
            try:
                return await create_order(
                    ctx,
                    user_id=user_id,
                    product_code="sleeplab_l1",
                    gateway=Gateway.STARS,
                    promo_code="SLEEP20",
                )
            except PromoError as refused:
                return refused

        results = await asyncio.gather(*(buy(user) for user in range(1, CONCURRENT_ORDERS + 1)))

        async with uow_factory() as uow:
            uses = await uow.promos.uses("SLEEP20")
        orders = [r for r in results if isinstance(r, Order)]
        assert len(orders) == limit
        assert all(isinstance(r, PromoUsedUp) for r in results if not isinstance(r, Order))
        assert sorted(u.order_id for u in uses) == sorted(o.id for o in orders)

    async def test_concurrent_orders_of_one_user_never_exceed_the_per_user_limit(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        ctx = context(uow_factory, FakeClock(T0))
        await self._save_promo(uow_factory, promo(max_per_user=2))

        async def buy() -> bool:
            try:
                await create_order(
                    ctx,
                    user_id=BUYER,
                    product_code="sleeplab_l1",
                    gateway=Gateway.STARS,
                    promo_code="SLEEP20",
                )
            except PromoError:
                return False
            return True

        accepted = await asyncio.gather(*(buy() for _ in range(CONCURRENT_ORDERS)))

        async with uow_factory() as uow:
            uses = await uow.promos.uses("SLEEP20")
        assert accepted.count(True) == 2
        assert len(uses) == 2

    # --- subscriptions and trials ------------------------------------------------------

    async def test_a_subscription_reads_back_and_is_one_per_user_and_product(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        first = Subscription(
            user_id=BUYER,
            product="assistant_monthly",
            started_at=T0.astimezone(MOSCOW),
            period_end=T0 + timedelta(days=3),
            renews=False,
            trial=True,
        )
        renewed = attrs.evolve(
            first, period_end=T0 + timedelta(days=33), renews=True, trial=False, order_id="ord_1"
        )
        other = attrs.evolve(first, product="coach_monthly")
        async with uow_factory() as uow:
            await uow.subscriptions.save(first)
            await uow.subscriptions.save(other)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.subscriptions.get(BUYER, "assistant_monthly") == first
            await uow.subscriptions.save(renewed)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.subscriptions.get(BUYER, "assistant_monthly") == renewed
            assert await uow.subscriptions.get(BUYER, "coach_monthly") == other
            assert await uow.subscriptions.get(BUYER + 1, "assistant_monthly") is None

    async def test_a_trial_is_claimed_once_per_user_and_product_ever(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            first = await uow.subscriptions.claim_trial(BUYER, "assistant_monthly", T0)
            other_product = await uow.subscriptions.claim_trial(BUYER, "coach_monthly", T0)
            other_user = await uow.subscriptions.claim_trial(1, "assistant_monthly", T0)
            await uow.commit()
        async with uow_factory() as uow:
            later = await uow.subscriptions.claim_trial(
                BUYER, "assistant_monthly", T0 + timedelta(days=400)
            )

        assert (first, other_product, other_user, later) == (True, True, True, False)

    async def test_concurrent_trial_claims_succeed_once(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        async def claim() -> bool:
            async with uow_factory() as uow:
                claimed = await uow.subscriptions.claim_trial(BUYER, "assistant_monthly", T0)
                await uow.commit()
            return claimed

        claims = await asyncio.gather(*(claim() for _ in range(CONCURRENT_CONFIRMATIONS)))

        assert claims.count(True) == 1

    async def test_a_trial_claimed_without_commit_is_not_taken(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.subscriptions.claim_trial(BUYER, "assistant_monthly", T0)

        async with uow_factory() as uow:
            assert await uow.subscriptions.claim_trial(BUYER, "assistant_monthly", T0)

    # --- entitlement revocation ----------------------------------------------------------

    async def test_revoking_ends_an_entitlement_and_keeps_its_history(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        bought = Entitlement(BUYER, "sleeplab_l1", "payment:ord_1", T0)
        kept = Entitlement(BUYER, "sleeplab_l2", "payment:ord_2", T0)
        refund_at = T0 + timedelta(days=2)
        async with uow_factory() as uow:
            await uow.entitlements.grant(bought)
            await uow.entitlements.grant(kept)
            await uow.commit()

        async with uow_factory() as uow:
            revoked = await uow.entitlements.revoke(
                BUYER, "sleeplab_l1", "payment:ord_1", refund_at
            )
            await uow.commit()

        async with uow_factory() as uow:
            history = await uow.entitlements.all_for(BUYER)
            before = await uow.entitlements.active(BUYER, refund_at - timedelta(seconds=1))
            after = await uow.entitlements.active(BUYER, refund_at)
        assert revoked
        assert history == [attrs.evolve(bought, expires_at=refund_at), kept]
        assert [e.product for e in before] == ["sleeplab_l1", "sleeplab_l2"]
        assert after == [kept]

    async def test_revoking_never_extends_an_entitlement_that_ended_earlier(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        period = Entitlement(
            BUYER, "assistant_monthly", "payment:ord_1", T0, expires_at=T0 + timedelta(days=30)
        )
        async with uow_factory() as uow:
            await uow.entitlements.grant(period)
            await uow.commit()

        async with uow_factory() as uow:
            revoked = await uow.entitlements.revoke(
                BUYER, "assistant_monthly", "payment:ord_1", T0 + timedelta(days=40)
            )
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.entitlements.all_for(BUYER) == [period]
        assert revoked

    async def test_revoking_an_entitlement_never_granted_is_false(
        self, uow_factory: PaymentsUnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.entitlements.grant(Entitlement(BUYER, "sleeplab_l1", "payment:ord_1", T0))
            await uow.commit()

        async with uow_factory() as uow:
            other_source = await uow.entitlements.revoke(BUYER, "sleeplab_l1", "promo:X", T0)
            other_user = await uow.entitlements.revoke(1, "sleeplab_l1", "payment:ord_1", T0)

        assert (other_source, other_user) == (False, False)
