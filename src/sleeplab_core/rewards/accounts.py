"""The ledger accounts and idempotency keys of the game (one place, so keys never drift)."""

from __future__ import annotations

import weakref

from sleeplab_core.ledger import Ledger

ISSUER = "steps:issuer"  # mints points (may go negative: the game's liability)
SHOP = "steps:shop"  # receives the points spent on gifts


def player(user_id: int) -> str:
    return f"user:{user_id}"


def walk_key(walk_id: int) -> str:
    return f"steps:walk:{walk_id}"


def referral_key(referee_id: int) -> str:
    return f"steps:referral:{referee_id}"


def family_key(family_id: int, first_day: str, last_day: str) -> str:
    return f"steps:family:{family_id}:{first_day}:{last_day}"


def order_hold_key(order_id: int) -> str:
    return f"steps:order:{order_id}:hold"


def order_post_key(order_id: int) -> str:
    return f"steps:order:{order_id}:post"


def order_void_key(order_id: int) -> str:
    return f"steps:order:{order_id}:void"


def order_refund_key(order_id: int) -> str:
    return f"steps:order:{order_id}:refund"


# Accounts known to be open, per ledger: opening is idempotent, this only saves round trips.
_opened: weakref.WeakKeyDictionary[Ledger, set[tuple[str, str]]] = weakref.WeakKeyDictionary()


async def open_accounts(ledger: Ledger, unit: str, *user_ids: int) -> None:
    """Open the game's system accounts and the players' (idempotent)."""
    opened = _opened.setdefault(ledger, set())
    wanted = [(ISSUER, True), (SHOP, False), *((player(user), False) for user in user_ids)]
    for owner, allow_negative in wanted:
        if (owner, unit) not in opened:
            await ledger.open_account(owner, unit, allow_negative=allow_negative)
            opened.add((owner, unit))


async def points_balance(ledger: Ledger, unit: str, user_id: int) -> int:
    """What the player may spend now (0 before their first award)."""
    await open_accounts(ledger, unit, user_id)
    return (await ledger.balance(player(user_id), unit)).available
