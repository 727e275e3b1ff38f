"""Where the rewards module (the Steps game) keeps a user's data, for the privacy registry.

Erasure deletes the profile (and so the family membership) and every walk with its
locations; gift orders are anonymised (accounting keeps them). Kept on purpose: the
referral row (one reward per referee must stay true if the person comes back; it holds two
user ids and a date, nothing else) and a family's ``owner_id`` (the family and its other
members stay; the owner's profile, name and phone are gone).
"""

from __future__ import annotations

from typing import Any, cast

from sleeplab_core.kernel.privacy import Location, PrivacyContext, Treatment
from sleeplab_core.kernel.users import UserId
from sleeplab_core.rewards.ports import RewardsStore

MODULE = "rewards"


def _store(ctx: PrivacyContext) -> RewardsStore:
    return cast(RewardsStore, getattr(ctx.uow, MODULE))


async def _export_player(ctx: PrivacyContext, user_id: UserId) -> Any:
    store = _store(ctx)
    return {
        "profile": await store.profiles.get(user_id),
        "walks": await store.walks.for_user(user_id),
        "referral": await store.referrals.get(user_id),
        "live_track_points": [
            point
            for track in await store.tracks.open_tracks(user_id)
            for point in await store.tracks.points(user_id, track)
        ],
    }


async def _erase_player(ctx: PrivacyContext, user_id: UserId) -> None:
    store = _store(ctx)
    await store.tracks.erase(user_id)
    await store.walks.erase(user_id)
    await store.profiles.erase(user_id)


async def _export_orders(ctx: PrivacyContext, user_id: UserId) -> Any:
    return await _store(ctx).orders.for_user(user_id)


async def _erase_orders(ctx: PrivacyContext, user_id: UserId) -> None:
    await _store(ctx).orders.anonymise(user_id)


PRIVACY: tuple[Location, ...] = (
    Location(
        name="rewards",
        module=MODULE,
        tables=(
            ("rewards_profiles", "user_id"),
            ("rewards_walks", "user_id"),
            ("rewards_track_points", "user_id"),
        ),
        treatment=Treatment.DELETED,
        export=_export_player,
        erase=_erase_player,
    ),
    Location(
        name="rewards_orders",
        module=MODULE,
        tables=(("rewards_orders", "user_id"),),
        treatment=Treatment.ANONYMISED,
        export=_export_orders,
        erase=_erase_orders,
        why="accounting keeps gift orders; contact fields are blanked",
    ),
    Location(
        name="rewards_links",
        module=MODULE,
        tables=(
            ("rewards_referrals", "referee_id"),
            ("rewards_referrals", "referrer_id"),
            ("rewards_families", "owner_id"),
            ("rewards_profiles", "referrer_id"),
        ),
        treatment=Treatment.KEPT,
        export=None,
        erase=None,
        why="a referral keeps 'one reward per referee' true if the person returns (so do the "
        "referrer ids on the people they invited), and a family outlives its creator; these "
        "hold user ids only, no name, phone or walk",
    ),
)
