"""Operators find players by phone or name (the console's user search)."""

from __future__ import annotations

from sleeplab_core.rewards.model import Profile
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.text import normalise_address

MAX_FOUND = 50
MIN_PHONE_DIGITS = 4
"""Fewer digits than this match too many phones to be a search."""


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def looks_like_phone(text: str) -> bool:
    """``+7 999 123-45-67``, ``89991234567``, ``1234``: digits and phone punctuation only."""
    stripped = text.strip()
    return len(digits(stripped)) >= MIN_PHONE_DIGITS and all(
        c.isdigit() or c in "+-() ." for c in stripped
    )


def matches(profile: Profile, query: str) -> bool:
    """A phone-like query matches the phone's digits anywhere (``8`` and ``+7`` prefixes
    aside); any other query matches the name, case- and ё/е-insensitively."""
    if looks_like_phone(query):
        wanted = digits(query)
        phone = digits(profile.phone)
        if wanted in phone:
            return True
        # A Russian number typed with a leading 8 is the same number as +7...
        return len(wanted) == 11 and wanted[0] == "8" and phone == "7" + wanted[1:]
    wanted_name = normalise_address(query)
    return bool(wanted_name) and wanted_name in normalise_address(profile.name)


async def find_players(uow: RewardsUnitOfWorkFactory, query: str) -> list[Profile]:
    """Players whose phone or name matches ``query`` (see :func:`matches`), by user id,
    at most :data:`MAX_FOUND`. A blank query finds nobody."""
    if not query.strip():
        return []
    async with uow() as unit:
        everyone = await unit.rewards.profiles.everyone()
    found = [p for p in everyone if matches(p, query)]
    return sorted(found, key=lambda p: p.user_id)[:MAX_FOUND]
