"""The unit of work the entitlement use cases need (any base unit of work is one)."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from sleeplab_core.entitlements.model import EntitlementRepository
from sleeplab_core.kernel.users import UserRepository


class EntitlementsUnitOfWork(Protocol):
    users: UserRepository
    entitlements: EntitlementRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class EntitlementsUnitOfWorkFactory(Protocol):
    def __call__(self) -> EntitlementsUnitOfWork: ...
