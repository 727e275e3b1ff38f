"""Give, change or remove the player's optional e-mail (checked by :mod:`rewards.emails`).

The e-mail travels with the player's gift orders (the operators' ``GET /order``), is in
the privacy export and goes with the profile on erasure.
"""

from __future__ import annotations

import attrs

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.rewards.emails import normalise_email
from sleeplab_core.rewards.errors import RewardsNotFound
from sleeplab_core.rewards.model import Profile
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory


async def set_email(uow: RewardsUnitOfWorkFactory, user_id: int, raw: str | None) -> Profile:
    """Store ``raw`` as the player's e-mail, or remove it when ``raw`` is None.

    Raises:
        ValidationFailed: ``raw`` is not an e-mail address (nothing changes).
        RewardsNotFound: the user has not registered.
    """
    email = "" if raw is None else normalise_email(raw)
    if email is None:
        raise ValidationFailed("not an e-mail address", field="email")
    async with uow() as unit:
        profile = await unit.rewards.profiles.get(user_id, for_update=True)
        if profile is None:
            raise RewardsNotFound("profile")
        changed = attrs.evolve(profile, email=email)
        await unit.rewards.profiles.save(changed)
        await unit.commit()
    return changed
