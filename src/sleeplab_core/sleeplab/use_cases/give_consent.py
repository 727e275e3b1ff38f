"""Consent to process health data (the user is created if new)."""

from __future__ import annotations

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.users import Consent, User, UserId
from sleeplab_core.privacy import CONSENT_TEXT_VERSION
from sleeplab_core.storage.ports import UnitOfWork


async def give_consent(uow: UnitOfWork, clock: Clock, *, user_id: UserId, locale: str) -> User:
    """The user, speaking ``locale``, having consented to the current consent text now."""
    now = clock.now()
    user = await uow.users.get(user_id) or User(id=user_id, created_at=now)
    user = attrs.evolve(user, locale=locale, consent=Consent(now, CONSENT_TEXT_VERSION))
    await uow.users.save(user)
    return user
