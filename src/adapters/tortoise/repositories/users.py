"""UserRepository on Tortoise."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from adapters.tortoise.models.users import UserRecord
from adapters.tortoise.repositories.common import as_utc
from sleeplab_core.kernel.users import Consent, Gender, User, UserId

_UPDATED = [
    "created_at",
    "locale",
    "gender",
    "birth_year",
    "time_zone",
    "consent_given_at",
    "consent_text_version",
    "active",
]


class TortoiseUserRepository:
    """Users in the ``users`` table; ``get`` locks the row until the unit of work ends."""

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self._db = connection

    async def get(self, user_id: UserId) -> User | None:
        query = UserRecord.filter(id=user_id).using_db(self._db).select_for_update()
        record = await query.first()
        return None if record is None else _to_user(record)

    async def save(self, user: User) -> None:
        await UserRecord.bulk_create(
            [_to_record(user)], on_conflict=["id"], update_fields=_UPDATED, using_db=self._db
        )

    async def delete(self, user_id: UserId) -> None:
        await UserRecord.filter(id=user_id).using_db(self._db).delete()

    async def ids(self, *, active_only: bool = False) -> list[UserId]:
        query = UserRecord.all().using_db(self._db)
        if active_only:
            query = query.filter(active=True)
        ids = await query.order_by("id").values_list("id", flat=True)
        return [int(i) for i in ids]  # type: ignore[call-overload]


def _to_record(user: User) -> UserRecord:
    return UserRecord(
        id=user.id,
        created_at=as_utc(user.created_at),
        locale=user.locale,
        gender=user.gender.value if user.gender else None,
        birth_year=user.birth_year,
        time_zone=user.time_zone,
        consent_given_at=as_utc(user.consent.given_at) if user.consent else None,
        consent_text_version=user.consent.text_version if user.consent else None,
        active=user.active,
    )


def _to_user(record: UserRecord) -> User:
    consent = None
    if record.consent_given_at is not None:
        consent = Consent(
            given_at=as_utc(record.consent_given_at),
            text_version=record.consent_text_version or "",
        )
    return User(
        id=record.id,
        created_at=as_utc(record.created_at),
        locale=record.locale,
        gender=Gender(record.gender) if record.gender else None,
        birth_year=record.birth_year,
        time_zone=record.time_zone,
        consent=consent,
        active=record.active,
    )
