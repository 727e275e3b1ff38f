"""Log a walk and award its points exactly once.

The weather at the walk's place is asked with no transaction held (``released``), only
for a walk not stored yet; the walk is then stored in a new transaction.

The walk (verified or refused, with its weather reading) is stored under the user's
idempotency key first; the ledger transfer follows under a key derived from the stored
walk. A re-submitted or re-delivered walk finds the stored one and repeats only the
(idempotent) transfer, so a crash between the two steps is healed by the retry and the
points are never counted twice. The referee's first counted walk pays the referral.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import Ledger, Leg
from sleeplab_core.rewards import accounts
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.errors import RewardsNotFound, WalkRefused
from sleeplab_core.rewards.model import (
    MeasuredBy,
    Profile,
    Walk,
    WalkStatus,
    WeatherReading,
)
from sleeplab_core.rewards.points import PointsBreakdown, coefficient_for, points_for_walk
from sleeplab_core.rewards.ports import RewardsStore, RewardsUnitOfWorkFactory
from sleeplab_core.rewards.verification import VerifiedWalk
from sleeplab_core.rewards.weather import Weather, WeatherUnavailable, fallback_reading


@attrs.frozen
class WalkDraft:
    """A walk as measured, before it is stored: ``verified`` or the refusal."""

    user_id: int
    key: str
    measured_by: MeasuredBy
    local_day: date
    started_at: datetime
    verified: VerifiedWalk | None
    refusal: WalkRefused | None = None
    latitude: float | None = None
    longitude: float | None = None


@attrs.frozen
class WalkLogged:
    walk: Walk
    breakdown: PointsBreakdown
    replay: bool
    referral_paid: bool


async def log_walk(
    uow: RewardsUnitOfWorkFactory,
    ledger: Ledger,
    clock: Clock,
    weather: Weather,
    rules: RewardsRules,
    draft: WalkDraft,
) -> WalkLogged:
    """Store the walk once and pay its points (and a due referral) idempotently.

    Raises:
        RewardsNotFound: the user has not registered.
    """
    async with uow() as unit:
        reading = None
        if await unit.rewards.walks.by_key(draft.user_id, draft.key) is None:
            # The weather service may take its time: no transaction (nor SQLite's write
            # lock) waits on it, the caller's lent one included.
            async with unit.released():
                reading = await _reading(weather, draft)
        profile = await unit.rewards.profiles.get(draft.user_id, for_update=True)
        if profile is None:
            raise RewardsNotFound("profile")
        walk = await unit.rewards.walks.by_key(draft.user_id, draft.key)
        replay = walk is not None
        if walk is None:
            # found at first, erased meanwhile: stored again, its weather unknown
            reading = reading or fallback_reading(draft.started_at)
            walk = await _store(unit.rewards, clock, rules, draft, profile, reading)
        referral_due = await _referral_due(unit.rewards, walk)
        await unit.commit()
    await _pay(ledger, rules, walk, referral_due)
    return WalkLogged(walk, breakdown_of(walk, rules), replay, referral_due is not None)


def breakdown_of(walk: Walk, rules: RewardsRules) -> PointsBreakdown:
    """The breakdown of a stored walk (``awarded`` is what it earned after the cap)."""
    full = points_for_walk(walk.steps, walk.coefficient_per_mille, 0, rules)
    return attrs.evolve(full, awarded=walk.points, cap_left_before=walk.points)


async def _reading(weather: Weather, draft: WalkDraft) -> WeatherReading:
    if draft.latitude is None or draft.longitude is None:
        return fallback_reading(draft.started_at)
    try:
        return await weather.reading(draft.latitude, draft.longitude, draft.started_at)
    except WeatherUnavailable:
        return fallback_reading(draft.started_at)


def _coefficient(reading: WeatherReading, rules: RewardsRules) -> int:
    if reading.fallback or reading.temperature_tenths is None:
        return rules.default_per_mille
    return coefficient_for(reading.temperature_tenths, rules.coefficients)


async def _store(
    store: RewardsStore,
    clock: Clock,
    rules: RewardsRules,
    draft: WalkDraft,
    profile: Profile,
    reading: WeatherReading,
) -> Walk:
    verified = draft.verified or VerifiedWalk(steps=0, distance_m=0, minutes=0)
    coefficient = _coefficient(reading, rules)
    counted = draft.refusal is None and draft.verified is not None
    earned = await store.walks.points_on(draft.user_id, draft.local_day)
    points = points_for_walk(verified.steps, coefficient, earned, rules).awarded if counted else 0
    walk = Walk(
        id=0,
        user_id=draft.user_id,
        key=draft.key,
        measured_by=draft.measured_by,
        status=WalkStatus.COUNTED if counted else WalkStatus.REFUSED,
        local_day=draft.local_day,
        logged_at=clock.now(),
        minutes=verified.minutes,
        steps=verified.steps if counted else 0,
        distance_m=verified.distance_m,
        weather=reading,
        coefficient_per_mille=coefficient,
        points=points,
        family_id=profile.family_id,
        refusal=None if draft.refusal is None else str(draft.refusal.reason),
        latitude=draft.latitude,
        longitude=draft.longitude,
    )
    stored = await store.walks.add(walk)
    if stored is None:  # lost a race with the same key: the other one is the walk
        stored = await store.walks.by_key(draft.user_id, draft.key)
    assert stored is not None
    return stored


async def _referral_due(store: RewardsStore, walk: Walk) -> int | None:
    """The referrer to pay when this walk is the referee's first counted one."""
    if walk.status is not WalkStatus.COUNTED:
        return None
    first = await store.walks.first_counted(walk.user_id)
    if first is None or first.id != walk.id:
        return None
    referral = await store.referrals.get(walk.user_id)
    if referral is None or not await store.referrals.claim_reward(walk.user_id, walk.id):
        return None
    return referral.referrer_id


async def _pay(ledger: Ledger, rules: RewardsRules, walk: Walk, referrer: int | None) -> None:
    users = (walk.user_id,) if referrer is None else (walk.user_id, referrer)
    await accounts.open_accounts(ledger, rules.unit, *users)
    if walk.points > 0:
        leg = Leg(accounts.ISSUER, accounts.player(walk.user_id), Money(walk.points, rules.unit))
        await ledger.transfer(accounts.walk_key(walk.id), attrs.evolve(leg, reason="walk"))
    legs = [] if referrer is None else _referral_legs(rules, walk.user_id, referrer)
    if legs:
        await ledger.transfer_linked(accounts.referral_key(walk.user_id), legs)


def _referral_legs(rules: RewardsRules, referee: int, referrer: int) -> list[Leg]:
    legs = [
        Leg(accounts.ISSUER, accounts.player(referrer), Money(rules.referrer_points, rules.unit)),
        Leg(accounts.ISSUER, accounts.player(referee), Money(rules.referee_points, rules.unit)),
    ]
    return [attrs.evolve(leg, reason="referral") for leg in legs if leg.amount.amount > 0]
