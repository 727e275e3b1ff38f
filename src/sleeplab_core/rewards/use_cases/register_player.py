"""Register (or update) a player; a referral code from a deep link links them to a referrer."""

from __future__ import annotations

import secrets

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.rewards.errors import ReferralRefused
from sleeplab_core.rewards.model import Profile, Referral
from sleeplab_core.rewards.ports import RewardsStore, RewardsUnitOfWorkFactory
from sleeplab_core.rewards.referrals import check_referral


@attrs.frozen
class Registration:
    user_id: int
    name: str
    phone: str
    email: str = ""
    city: str = ""
    referral_code: str | None = None


@attrs.frozen
class Registered:
    profile: Profile
    referral_refused: str | None = None  # a refusal code when the referral did not apply


async def register_player(
    uow: RewardsUnitOfWorkFactory, clock: Clock, registration: Registration
) -> Registered:
    """Save the profile; a first registration with a valid referral code records the referral."""
    async with uow() as unit:
        store = unit.rewards
        existing = await store.profiles.get(registration.user_id, for_update=True)
        profile = _profile(existing, registration, clock)
        await store.profiles.save(profile)
        refused = None
        if existing is None and registration.referral_code:
            refused = await _refer(store, clock, profile, registration.referral_code)
        await unit.commit()
    return Registered(profile, refused)


def _profile(existing: Profile | None, registration: Registration, clock: Clock) -> Profile:
    fresh = Profile(
        user_id=registration.user_id,
        name=registration.name,
        phone=registration.phone,
        email=registration.email,
        city=registration.city,
        registered_at=clock.now(),
        referral_code=secrets.token_hex(5),
    )
    if existing is None:
        return fresh
    return attrs.evolve(
        existing, name=fresh.name, phone=fresh.phone, email=fresh.email, city=fresh.city
    )


async def _refer(store: RewardsStore, clock: Clock, profile: Profile, code: str) -> str | None:
    referrer = await store.profiles.by_referral_code(code)
    if referrer is None:
        return "unknown_code"
    try:
        check_referral(
            referrer.user_id,
            profile.user_id,
            referee_referred=await store.referrals.get(profile.user_id) is not None,
            referrer_chain=await _chain(store, referrer.user_id),
        )
    except ReferralRefused as refusal:
        return refusal.code
    await store.referrals.add(Referral(profile.user_id, referrer.user_id, clock.now()))
    await store.profiles.save(attrs.evolve(profile, referrer_id=referrer.user_id))
    return None


async def _chain(store: RewardsStore, user_id: int, limit: int = 1000) -> list[int]:
    chain: list[int] = []
    referral = await store.referrals.get(user_id)
    while referral is not None and len(chain) < limit and referral.referrer_id not in chain:
        chain.append(referral.referrer_id)
        referral = await store.referrals.get(referral.referrer_id)
    return chain
