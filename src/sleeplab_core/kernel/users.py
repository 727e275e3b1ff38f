"""Users and their profiles: the minimum the bots need, nothing identifying by default."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Protocol

import attrs

from sleeplab_core.kernel.i18n import DEFAULT_LOCALE

UserId = int
"""A user's id: Telegram's numeric user id, or any integer the terminal is given."""


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"


@attrs.frozen
class Consent:
    """Consent to process health data: when it was given and which text the user saw."""

    given_at: datetime
    text_version: str


@attrs.frozen
class User:
    """A person using a bot. No names, phones or usernames are stored."""

    id: UserId
    created_at: datetime
    locale: str = DEFAULT_LOCALE
    gender: Gender | None = None
    birth_year: int | None = None
    time_zone: str = "UTC"
    consent: Consent | None = None
    active: bool = True

    def profile(self) -> dict[str, object]:
        """The fields questionnaires and rules may refer to as ``profile.<name>``."""
        return {
            "locale": self.locale,
            "gender": self.gender.value if self.gender else None,
            "birth_year": self.birth_year,
            "time_zone": self.time_zone,
            "consented": self.consent is not None,
        }


class UserRepository(Protocol):
    """Users by id.

    Contract: ``get`` returns None for an unknown id; ``save`` inserts or replaces the whole
    user; ``delete`` removes it and is a no-op for an unknown id; ``ids`` lists every stored
    id in ascending order, optionally only active users.
    """

    async def get(self, user_id: UserId) -> User | None: ...

    async def save(self, user: User) -> None: ...

    async def delete(self, user_id: UserId) -> None: ...

    async def ids(self, *, active_only: bool = False) -> list[UserId]: ...
