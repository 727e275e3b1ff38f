"""The rewards store's contract and its use cases' guarantees, for every backend.

A backend subclass provides the fixtures ``rewards_uow`` (a ``RewardsUnitOfWorkFactory``)
and ``rewards_ledger`` (a ``Ledger`` on the same clock).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest

from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.ledger import Ledger
from sleeplab_core.rewards import OrderRefused, default_rules
from sleeplab_core.rewards.accounts import points_balance
from sleeplab_core.rewards.model import (
    MeasuredBy,
    OrderStage,
    OrderStatus,
    PickupPoint,
    Recipient,
    Referral,
    TrackPoint,
    Walk,
    WalkStatus,
    WeatherReading,
)
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.use_cases.cancel_order import cancel_order
from sleeplab_core.rewards.use_cases.families import create_family, join_family
from sleeplab_core.rewards.use_cases.finish_live_walk import finish_live_walk
from sleeplab_core.rewards.use_cases.log_walk import WalkDraft, log_walk
from sleeplab_core.rewards.use_cases.pickup_points import (
    find_pickup_points,
    replace_pickup_points,
)
from sleeplab_core.rewards.use_cases.place_order import OrderRequest, place_order
from sleeplab_core.rewards.use_cases.privacy import erase_player, export_player
from sleeplab_core.rewards.use_cases.record_track_point import PointKept, record_track_point
from sleeplab_core.rewards.use_cases.register_player import Registration, register_player
from sleeplab_core.rewards.use_cases.split_family_pool import split_family_pool
from sleeplab_core.rewards.verification import VerifiedWalk
from sleeplab_core.rewards.weather import FixedWeather

NOW = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
DAY = date(2026, 1, 10)
RULES = attrs.evolve(default_rules(), daily_cap=1000)
SEED_POINTS = [
    PickupPoint("019620d8987e745880fb93a122b7da44", "Москва Ленинградский проспект 75 к1А"),
    PickupPoint("01999b820a3477899acb908629c78962", "Москва Большая Черкизовская улица 3 к1"),
    PickupPoint("0199b9d0a69b77a09018951faeb4697d", "Москва Варшавское шоссе 168"),
]
RECIPIENT = Recipient("Иван", "Петров", "+79991234567", "ivan@example.com")


def a_walk(user_id: int, key: str, points: int = 5, day: date = DAY, **changes: object) -> Walk:
    walk = Walk(
        id=0,
        user_id=user_id,
        key=key,
        measured_by=MeasuredBy.FORM,
        status=WalkStatus.COUNTED,
        local_day=day,
        logged_at=NOW,
        minutes=60,
        steps=5000,
        distance_m=3750,
        weather=WeatherReading("fixed", -55, NOW),
        coefficient_per_mille=1150,
        points=points,
    )
    return attrs.evolve(walk, **changes)


def draft(user_id: int, key: str, steps: int = 10_000) -> WalkDraft:
    return WalkDraft(
        user_id=user_id,
        key=key,
        measured_by=MeasuredBy.FORM,
        local_day=DAY,
        started_at=NOW,
        verified=VerifiedWalk(steps=steps, distance_m=0, minutes=90),
        latitude=55.75,
        longitude=37.62,
    )


class RewardsContract:
    @pytest.fixture
    def clock(self) -> FakeClock:
        return FakeClock(NOW)

    async def register(self, uow: RewardsUnitOfWorkFactory, clock: FakeClock, *users: int):
        for user in users:
            await register_player(uow, clock, Registration(user, f"Player {user}", "+7999"))

    async def stock(self, uow: RewardsUnitOfWorkFactory, stock: int, price: int = 10) -> int:
        await replace_pickup_points(uow, SEED_POINTS)
        async with uow() as unit:
            category = await unit.rewards.catalog.add_category("Gifts")
            product = await unit.rewards.catalog.add_product(
                "1", category.id, "Bottle", price, stock, ""
            )
            await unit.commit()
        return product.id

    # --- repositories -----------------------------------------------------------------

    async def test_a_walk_key_is_unique_per_user(self, rewards_uow: RewardsUnitOfWorkFactory):
        async with rewards_uow() as unit:
            first = await unit.rewards.walks.add(a_walk(1, "k"))
            again = await unit.rewards.walks.add(a_walk(1, "k", points=9))
            other_user = await unit.rewards.walks.add(a_walk(2, "k"))
            await unit.commit()
        assert first is not None
        assert other_user is not None
        assert again is None
        async with rewards_uow() as unit:
            stored = await unit.rewards.walks.by_key(1, "k")
        assert stored == first
        assert stored.weather == WeatherReading("fixed", -55, NOW)

    async def test_points_of_a_day_count_only_counted_walks_of_that_day(self, rewards_uow):
        async with rewards_uow() as unit:
            await unit.rewards.walks.add(a_walk(1, "a", 5))
            await unit.rewards.walks.add(a_walk(1, "b", 7))
            await unit.rewards.walks.add(a_walk(1, "c", 0, status=WalkStatus.REFUSED))
            await unit.rewards.walks.add(a_walk(1, "d", 11, day=DAY + timedelta(days=1)))
            await unit.rewards.walks.add(a_walk(2, "e", 13))
            await unit.commit()
            assert await unit.rewards.walks.points_on(1, DAY) == 12
            first = await unit.rewards.walks.first_counted(1)
            assert first is not None
            assert first.key == "a"
            assert [w.key for w in await unit.rewards.walks.for_user(1)] == ["a", "b", "c", "d"]

    async def test_uncommitted_changes_are_discarded(self, rewards_uow):
        async with rewards_uow() as unit:
            await unit.rewards.walks.add(a_walk(1, "lost"))
        async with rewards_uow() as unit:
            assert await unit.rewards.walks.by_key(1, "lost") is None

    async def test_one_referral_per_referee_and_one_rewarding_walk(self, rewards_uow):
        async with rewards_uow() as unit:
            assert await unit.rewards.referrals.add(Referral(2, 1, NOW))
            assert not await unit.rewards.referrals.add(Referral(2, 3, NOW))
            walk = await unit.rewards.walks.add(a_walk(2, "w"))
            later = await unit.rewards.walks.add(a_walk(2, "w2"))
            assert walk is not None
            assert later is not None
            assert await unit.rewards.referrals.claim_reward(2, walk.id)
            assert await unit.rewards.referrals.claim_reward(2, walk.id)
            assert not await unit.rewards.referrals.claim_reward(2, later.id)
            assert not await unit.rewards.referrals.claim_reward(9, walk.id)
            await unit.commit()
            stored = await unit.rewards.referrals.get(2)
        assert stored == Referral(2, 1, NOW, walk.id)

    async def test_stock_is_taken_one_by_one_and_never_goes_negative(self, rewards_uow):
        product_id = await self.stock(rewards_uow, 2)
        async with rewards_uow() as unit:
            taken = [await unit.rewards.catalog.take_one(product_id) for _ in range(3)]
            await unit.commit()
            product = await unit.rewards.catalog.product(product_id)
        assert taken == [True, True, False]
        assert product is not None
        assert product.stock == 0

    async def test_pickup_points_are_replaced_whole_and_matched_by_city(self, rewards_uow):
        await replace_pickup_points(rewards_uow, [PickupPoint("old", "Тверь, ул. Ленина 1")])
        assert await replace_pickup_points(rewards_uow, SEED_POINTS) == 3
        found = await find_pickup_points(rewards_uow, "  москва ")
        assert [p.id for p in found] == [
            "01999b820a3477899acb908629c78962",
            "0199b9d0a69b77a09018951faeb4697d",
            "019620d8987e745880fb93a122b7da44",
        ]
        assert await find_pickup_points(rewards_uow, "Тверь") == []
        await replace_pickup_points(rewards_uow, [PickupPoint("a", "Щёлково, Пролетарский 5")])
        assert [p.id for p in await find_pickup_points(rewards_uow, "ЩЕЛКОВО")] == ["a"]
        assert await find_pickup_points(rewards_uow, "%") == []

    async def test_orders_are_unique_per_key_and_listed_by_creation(self, rewards_uow, clock):
        product_id = await self.stock(rewards_uow, 5)
        await self.register(rewards_uow, clock, 1)
        async with rewards_uow() as unit:
            product = await unit.rewards.catalog.product(product_id)
            assert product is not None
        from sleeplab_core.rewards.model import GiftOrder

        order = GiftOrder(
            0,
            1,
            "o1",
            product_id,
            "1",
            SEED_POINTS[0].id,
            RECIPIENT,
            10,
            OrderStatus.PENDING,
            NOW,
        )
        async with rewards_uow() as unit:
            stored = await unit.rewards.orders.add(order)
            assert await unit.rewards.orders.add(order) is None
            await unit.commit()
            listed = await unit.rewards.orders.created_between(NOW, NOW + timedelta(seconds=1))
            assert await unit.rewards.orders.created_between(NOW - timedelta(1), NOW) == []
        assert stored is not None
        assert listed == [stored]
        assert stored.recipient == RECIPIENT

    # --- use cases: nothing counted twice, nothing paid twice ------------------------------

    async def test_a_resubmitted_walk_is_awarded_once(
        self, rewards_uow, rewards_ledger: Ledger, clock
    ):
        await self.register(rewards_uow, clock, 1)
        weather = FixedWeather(-150)
        first = await log_walk(rewards_uow, rewards_ledger, clock, weather, RULES, draft(1, "k"))
        again = await log_walk(rewards_uow, rewards_ledger, clock, weather, RULES, draft(1, "k"))
        assert (first.walk.points, first.replay, again.replay) == (13, False, True)
        assert again.walk == first.walk
        assert await points_balance(rewards_ledger, RULES.unit, 1) == 13

    async def test_concurrent_deliveries_of_one_walk_award_once(
        self, rewards_uow, rewards_ledger, clock
    ):
        await self.register(rewards_uow, clock, 1)
        weather = FixedWeather(100)
        outcomes = await asyncio.gather(
            *(
                log_walk(rewards_uow, rewards_ledger, clock, weather, RULES, draft(1, "same"))
                for _ in range(5)
            )
        )
        assert len({outcome.walk.id for outcome in outcomes}) == 1
        assert await points_balance(rewards_ledger, RULES.unit, 1) == 10

    async def test_a_referral_pays_once_on_the_first_counted_walk(
        self, rewards_uow, rewards_ledger, clock
    ):
        await self.register(rewards_uow, clock, 1)
        async with rewards_uow() as unit:
            referrer = await unit.rewards.profiles.get(1)
        assert referrer is not None
        await register_player(
            rewards_uow, clock, Registration(2, "B", "+7", referral_code=referrer.referral_code)
        )
        weather = FixedWeather(100)
        paid = [
            (
                await log_walk(rewards_uow, rewards_ledger, clock, weather, RULES, draft(2, k))
            ).referral_paid
            for k in ("a", "a", "b")
        ]
        assert paid == [True, True, False]  # the replay of "a" repeats an idempotent payment
        assert await points_balance(rewards_ledger, RULES.unit, 1) == RULES.referrer_points
        assert await points_balance(rewards_ledger, RULES.unit, 2) == 20 + RULES.referee_points

    async def test_an_order_holds_then_posts_and_a_cancellation_returns_everything(
        self, rewards_uow, rewards_ledger, clock
    ):
        product_id = await self.stock(rewards_uow, 1, price=8)
        await self.register(rewards_uow, clock, 1)
        await log_walk(rewards_uow, rewards_ledger, clock, FixedWeather(100), RULES, draft(1, "w"))
        request = OrderRequest(1, "order-1", product_id, SEED_POINTS[0].id, RECIPIENT)
        order = await place_order(rewards_uow, rewards_ledger, clock, RULES, request)
        again = await place_order(rewards_uow, rewards_ledger, clock, RULES, request)
        assert order.status is OrderStatus.PLACED
        assert again.id == order.id
        assert await points_balance(rewards_ledger, RULES.unit, 1) == 2
        cancelled = await cancel_order(rewards_uow, rewards_ledger, order.id)
        await cancel_order(rewards_uow, rewards_ledger, order.id)
        assert cancelled.status is OrderStatus.CANCELLED
        assert await points_balance(rewards_ledger, RULES.unit, 1) == 10
        async with rewards_uow() as unit:
            product = await unit.rewards.catalog.product(product_id)
        assert product is not None
        assert product.stock == 1

    async def test_a_placed_order_moves_forward_and_once_picked_up_stays(
        self, rewards_uow, rewards_ledger, clock
    ):
        product_id = await self.stock(rewards_uow, 1, price=8)
        await self.register(rewards_uow, clock, 1)
        await log_walk(rewards_uow, rewards_ledger, clock, FixedWeather(100), RULES, draft(1, "w"))
        request = OrderRequest(1, "order-1", product_id, SEED_POINTS[0].id, RECIPIENT)
        order = await place_order(rewards_uow, rewards_ledger, clock, RULES, request)
        assert (order.stage, order.shown_status) == (OrderStage.PLACED, "placed")
        for stage in (OrderStage.READY, OrderStage.PICKED_UP):
            async with rewards_uow() as unit:
                await unit.rewards.orders.set_stage(order.id, stage)
                await unit.commit()
            async with rewards_uow() as unit:
                stored = await unit.rewards.orders.get(order.id)
            assert stored is not None
            assert stored.shown_status == stage.value
        with pytest.raises(OrderRefused, match="picked_up"):
            await cancel_order(rewards_uow, rewards_ledger, order.id)
        assert await points_balance(rewards_ledger, RULES.unit, 1) == 2

    async def test_too_few_points_refuses_the_order_and_holds_nothing(
        self, rewards_uow, rewards_ledger, clock
    ):
        product_id = await self.stock(rewards_uow, 1, price=50)
        await self.register(rewards_uow, clock, 1)
        await log_walk(rewards_uow, rewards_ledger, clock, FixedWeather(100), RULES, draft(1, "w"))
        request = OrderRequest(1, "o", product_id, SEED_POINTS[0].id, RECIPIENT)
        with pytest.raises(OrderRefused) as refused:
            await place_order(rewards_uow, rewards_ledger, clock, RULES, request)
        assert refused.value.code == "no_points"
        balance = await rewards_ledger.balance("user:1", RULES.unit)
        assert (balance.posted, balance.held) == (10, 0)
        async with rewards_uow() as unit:
            product = await unit.rewards.catalog.product(product_id)
        assert product is not None
        assert product.stock == 1

    async def test_two_orders_racing_for_the_last_item_one_wins(
        self, rewards_uow, rewards_ledger, clock
    ):
        product_id = await self.stock(rewards_uow, 1, price=5)
        await self.register(rewards_uow, clock, 1, 2)
        for user in (1, 2):
            await log_walk(
                rewards_uow, rewards_ledger, clock, FixedWeather(100), RULES, draft(user, "w")
            )

        async def order(user: int) -> str:
            request = OrderRequest(user, "o", product_id, SEED_POINTS[0].id, RECIPIENT)
            try:
                await place_order(rewards_uow, rewards_ledger, clock, RULES, request)
            except OrderRefused as refused:
                return refused.code
            return "placed"

        outcomes = sorted(await asyncio.gather(order(1), order(2)))
        assert outcomes == ["out_of_stock", "placed"]
        balances = sorted([await points_balance(rewards_ledger, RULES.unit, u) for u in (1, 2)])
        assert balances == [5, 10]  # the loser keeps every point
        async with rewards_uow() as unit:
            product = await unit.rewards.catalog.product(product_id)
        assert product is not None
        assert product.stock == 0

    async def test_a_family_pool_is_split_by_steps_and_paid_once(
        self, rewards_uow, rewards_ledger, clock
    ):
        await self.register(rewards_uow, clock, 1, 2, 3)
        family = await create_family(rewards_uow, clock, 1, "Ивановы")
        await join_family(rewards_uow, RULES, 2, family.invite_code)
        weather = FixedWeather(100)
        await log_walk(rewards_uow, rewards_ledger, clock, weather, RULES, draft(1, "a", 30_000))
        await log_walk(rewards_uow, rewards_ledger, clock, weather, RULES, draft(2, "b", 10_000))
        await log_walk(rewards_uow, rewards_ledger, clock, weather, RULES, draft(3, "c", 50_000))
        split = await split_family_pool(
            rewards_uow, rewards_ledger, clock, RULES, family.id, DAY, DAY
        )
        again = await split_family_pool(
            rewards_uow, rewards_ledger, clock, RULES, family.id, DAY, DAY
        )
        assert (split.pool, split.shares) == (4, {1: 3, 2: 1})
        assert again.shares == split.shares
        assert await points_balance(rewards_ledger, RULES.unit, 1) == 33
        assert await points_balance(rewards_ledger, RULES.unit, 2) == 11

    async def test_erasure_removes_walks_and_profile_and_keeps_orders_anonymous(
        self, rewards_uow, rewards_ledger, clock
    ):
        product_id = await self.stock(rewards_uow, 1, price=5)
        await self.register(rewards_uow, clock, 1)
        async with rewards_uow() as unit:
            referrer = await unit.rewards.profiles.get(1)
        assert referrer is not None
        await register_player(
            rewards_uow, clock, Registration(2, "B", "+7", referral_code=referrer.referral_code)
        )
        await log_walk(rewards_uow, rewards_ledger, clock, FixedWeather(100), RULES, draft(2, "w"))
        request = OrderRequest(2, "o", product_id, SEED_POINTS[0].id, RECIPIENT)
        await place_order(rewards_uow, rewards_ledger, clock, RULES, request)
        exported = await export_player(rewards_uow, 2)
        assert exported["walks"][0]["latitude"] == 55.75
        assert exported["orders"][0]["recipient"]["first_name"] == "Иван"
        await erase_player(rewards_uow, 2)
        after = await export_player(rewards_uow, 2)
        assert (after["profile"], after["walks"]) == (None, [])
        assert after["orders"][0]["recipient"] == {
            "first_name": "",
            "last_name": "",
            "phone": "",
            "email": "",
        }
        assert after["referred_by_someone"] is True  # one reward per referee, even after

    # --- live-location walks --------------------------------------------------------------

    async def test_a_live_track_counts_its_precise_walking_stretches_once(
        self, rewards_uow, rewards_ledger, clock
    ):
        await self.register(rewards_uow, clock, 1)
        # 31 points a minute apart, ~111 m north each (6.7 km/h): 30 stretches, ~3.3 km.
        track = [
            TrackPoint(1, 42, NOW + timedelta(minutes=i), 55.75 + 0.001 * i, 37.62, 10.0)
            for i in range(31)
        ]
        kept = [await record_track_point(rewards_uow, point) for point in track]
        assert kept[0] is PointKept.STARTED
        assert set(kept[1:]) == {PointKept.ADDED}
        assert await record_track_point(rewards_uow, track[3]) is PointKept.REPEATED
        # a 1,500 m fix between two good ones drops its two stretches
        blurred = TrackPoint(1, 42, NOW + timedelta(minutes=10, seconds=30), 55.76, 37.62, 1500)
        assert await record_track_point(rewards_uow, blurred) is PointKept.ADDED
        # a jump of ~1.1 km in a minute (a car) after the end does not count
        car = TrackPoint(1, 42, NOW + timedelta(minutes=31), 55.79, 37.62, 5.0)
        await record_track_point(rewards_uow, car)
        async with rewards_uow() as unit:
            assert await unit.rewards.tracks.open_tracks(1) == [42]
            stored = await unit.rewards.tracks.points(1, 42)
        assert [point.at for point in stored] == sorted(point.at for point in stored)
        assert len(stored) == 33
        assert stored[0] == track[0]

        weather = FixedWeather(-150)
        logged = await finish_live_walk(rewards_uow, rewards_ledger, clock, weather, RULES, 1, 42)
        assert logged is not None
        walk = logged.walk
        assert (walk.measured_by, walk.status, walk.key) == (
            MeasuredBy.GPS,
            WalkStatus.COUNTED,
            "gps:42",
        )
        # 29 of the 30 walking stretches count (the blurred fix took out minute 10→11)
        assert 29 * 110 <= walk.distance_m <= 29 * 112
        assert walk.steps == walk.distance_m * 100 // RULES.verification.stride_cm
        assert walk.minutes == 31
        assert walk.coefficient_per_mille == 1300
        assert weather.calls[0][:2] == (55.75, 37.62)  # where the walk started
        assert walk.points == walk.steps * 1300 // 1_000_000
        assert await points_balance(rewards_ledger, RULES.unit, 1) == walk.points

        again = await finish_live_walk(rewards_uow, rewards_ledger, clock, weather, RULES, 1, 42)
        assert again is not None
        assert again.replay
        assert again.walk == walk
        late = TrackPoint(1, 42, NOW + timedelta(minutes=40), 55.8, 37.62, 5.0)
        assert await record_track_point(rewards_uow, late) is PointKept.FINISHED
        async with rewards_uow() as unit:
            assert await unit.rewards.tracks.open_tracks(1) == []
        assert await points_balance(rewards_ledger, RULES.unit, 1) == walk.points

    async def test_a_track_with_nothing_precise_is_refused_and_pays_nothing(
        self, rewards_uow, rewards_ledger, clock
    ):
        await self.register(rewards_uow, clock, 1)
        for i in range(5):
            point = TrackPoint(1, 7, NOW + timedelta(minutes=i), 55.75 + 0.001 * i, 37.6, 1500)
            await record_track_point(rewards_uow, point)
        logged = await finish_live_walk(
            rewards_uow, rewards_ledger, clock, FixedWeather(0), RULES, 1, 7
        )
        assert logged is not None
        assert (logged.walk.status, logged.walk.points) == (WalkStatus.REFUSED, 0)
        assert (logged.walk.refusal or "").startswith("no_track")
        assert (
            await finish_live_walk(rewards_uow, rewards_ledger, clock, FixedWeather(0), RULES, 1, 8)
            is None
        )
        assert await points_balance(rewards_ledger, RULES.unit, 1) == 0

    async def test_live_track_points_are_exported_and_erased(self, rewards_uow, clock):
        await self.register(rewards_uow, clock, 1, 2)
        for user in (1, 2):
            await record_track_point(rewards_uow, TrackPoint(user, 5, NOW, 55.7, 37.6, 9.5))
        exported = await export_player(rewards_uow, 1)
        assert exported["live_track_points"] == [
            {
                "user_id": 1,
                "track": 5,
                "at": NOW.isoformat(),
                "latitude": 55.7,
                "longitude": 37.6,
                "accuracy_m": 9.5,
            }
        ]
        await erase_player(rewards_uow, 1)
        assert (await export_player(rewards_uow, 1))["live_track_points"] == []
        assert len((await export_player(rewards_uow, 2))["live_track_points"]) == 1

    async def test_text_overrides_are_stored_per_key_and_locale(self, rewards_uow):
        async with rewards_uow() as unit:
            await unit.rewards.texts.put("main_menu", "ru", "Привет, {name}", NOW)
            await unit.rewards.texts.put("main_menu", "ru", "Меню, {name}", NOW)
            await unit.rewards.texts.put("main_menu", "en", "Menu", NOW)
            await unit.commit()
            assert await unit.rewards.texts.get("main_menu", "ru") == "Меню, {name}"
            assert await unit.rewards.texts.all() == [
                ("main_menu", "en", "Menu"),
                ("main_menu", "ru", "Меню, {name}"),
            ]
            assert await unit.rewards.texts.delete("main_menu", "en")
            assert not await unit.rewards.texts.delete("main_menu", "en")
            await unit.commit()
            assert await unit.rewards.texts.get("main_menu", "en") is None

    async def test_segment_queries_list_players_and_recent_walkers(self, rewards_uow, clock):
        await self.register(rewards_uow, clock, 3, 1, 2)
        async with rewards_uow() as unit:
            await unit.rewards.walks.add(a_walk(1, "old", day=DAY - timedelta(days=9)))
            await unit.rewards.walks.add(a_walk(2, "new", day=DAY))
            await unit.rewards.walks.add(a_walk(3, "no", status=WalkStatus.REFUSED))
            await unit.commit()
            everyone = await unit.rewards.profiles.everyone()
            recent = await unit.rewards.walks.walkers_since(DAY - timedelta(days=6))
        assert [p.user_id for p in everyone] == [1, 2, 3]
        assert recent == {2}
