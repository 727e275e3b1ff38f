"""Families: create one (with an invite code), join by the code, leave."""

from __future__ import annotations

import secrets

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.rewards.config import RewardsRules
from sleeplab_core.rewards.errors import FamilyRefused, RewardsNotFound
from sleeplab_core.rewards.model import Family, Profile
from sleeplab_core.rewards.ports import RewardsStore, RewardsUnitOfWorkFactory


async def create_family(
    uow: RewardsUnitOfWorkFactory, clock: Clock, user_id: int, name: str
) -> Family:
    """Create a family owned by the user, who becomes its first member.

    Raises:
        FamilyRefused: ``already_in_family``.
        RewardsNotFound: the user has not registered.
    """
    async with uow() as unit:
        profile = await _free_profile(unit.rewards, user_id)
        family = await unit.rewards.families.add(
            name.strip()[:64], user_id, secrets.token_hex(6), clock.now()
        )
        await unit.rewards.profiles.save(attrs.evolve(profile, family_id=family.id))
        await unit.commit()
    return family


async def join_family(
    uow: RewardsUnitOfWorkFactory, rules: RewardsRules, user_id: int, invite_code: str
) -> Family:
    """Join the family of an invite code (joining one's own family again is a no-op).

    Raises:
        FamilyRefused: ``already_in_family`` (another one) or ``family_full``.
        RewardsNotFound: an unknown code (``family``) or an unregistered user (``profile``).
    """
    async with uow() as unit:
        family = await unit.rewards.families.by_invite(invite_code)
        if family is None:
            raise RewardsNotFound("family")
        profile = await _profile(unit.rewards, user_id)
        if profile.family_id == family.id:
            return family
        await _free_profile(unit.rewards, user_id)
        if len(await unit.rewards.profiles.in_family(family.id)) >= rules.family_max_members:
            raise FamilyRefused("family_full")
        await unit.rewards.profiles.save(attrs.evolve(profile, family_id=family.id))
        await unit.commit()
    return family


async def leave_family(uow: RewardsUnitOfWorkFactory, user_id: int) -> None:
    """Leave the family (see the membership rule in ``rewards.family``).

    Raises:
        FamilyRefused: ``not_in_family``.
    """
    async with uow() as unit:
        profile = await _profile(unit.rewards, user_id)
        if profile.family_id is None:
            raise FamilyRefused("not_in_family")
        await unit.rewards.profiles.save(attrs.evolve(profile, family_id=None))
        await unit.commit()


async def _profile(store: RewardsStore, user_id: int) -> Profile:
    profile = await store.profiles.get(user_id, for_update=True)
    if profile is None:
        raise RewardsNotFound("profile")
    return profile


async def _free_profile(store: RewardsStore, user_id: int) -> Profile:
    profile = await _profile(store, user_id)
    if profile.family_id is not None:
        raise FamilyRefused("already_in_family")
    return profile
