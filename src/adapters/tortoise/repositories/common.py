"""Helpers every repository shares: UTC datetimes and race-free insert-once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, overload

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError


@overload
def as_utc(moment: datetime) -> datetime: ...
@overload
def as_utc(moment: None) -> None: ...
def as_utc(moment: datetime | None) -> datetime | None:
    """``moment`` in UTC; naive datetimes are taken to be UTC already.

    Every datetime is stored in UTC so that SQLite, which keeps them as ISO text, orders
    and compares them correctly.
    """
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


async def insert_once(
    connection: BaseDBAsyncClient, insert: Callable[[BaseDBAsyncClient], Awaitable[Any]]
) -> bool:
    """Run ``insert`` in a savepoint; False when a unique constraint rejects it.

    The savepoint keeps the surrounding transaction usable after the failed statement
    (PostgreSQL aborts the whole transaction otherwise). A concurrent insert of the same key
    waits for the other transaction and then fails here, so exactly one wins.
    """
    try:
        async with connection._in_transaction() as savepoint:
            await insert(savepoint)
    except IntegrityError:
        return False
    return True


def plain_dict(value: Any) -> dict[str, Any]:
    """A JSON column's value as a new ``dict`` (the core hands in any ``Mapping``)."""
    return dict(value)
