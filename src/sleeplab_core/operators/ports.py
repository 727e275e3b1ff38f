"""Ports of the operators module: its repository, unit of work and the password hasher."""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from sleeplab_core.operators.model import AuditEntry, LoginAttempt, Operator, TextOverride


class PasswordHasher(Protocol):
    """Hashes passwords into self-describing strings (salt and parameters included).

    ``verify`` returns False for a wrong password or a malformed hash, never raises.
    """

    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class OperatorRepository(Protocol):
    """Operators, login attempts and the audit log, inside a unit of work.

    Contract:
    - ``get`` returns the operator or None; ``add`` inserts a new one and returns False
      (changing nothing) when the username exists (a unique constraint, not a check);
      ``save`` replaces an existing one; ``all`` lists them by username.
    - ``record_attempt`` stores a login attempt; ``failures_since`` counts the failed ones
      at or after ``since`` for the username, or for the address.
    - ``audit`` appends an entry; ``audit_log`` returns the newest ``limit`` entries,
      newest first.
    - ``put_text_override`` stores an override, replacing the one of the same bot, locale
      and key; ``drop_text_override`` removes it (False when there was none);
      ``text_overrides`` lists a bot's overrides by locale and key.
    """

    async def get(self, username: str) -> Operator | None: ...

    async def add(self, operator: Operator) -> bool: ...

    async def save(self, operator: Operator) -> None: ...

    async def all(self) -> list[Operator]: ...

    async def record_attempt(self, attempt: LoginAttempt) -> None: ...

    async def failures_since(
        self, since: datetime, *, username: str | None = None, address: str | None = None
    ) -> int: ...

    async def audit(self, entry: AuditEntry) -> None: ...

    async def audit_log(self, limit: int = 100) -> list[AuditEntry]: ...

    async def put_text_override(self, override: TextOverride) -> None: ...

    async def drop_text_override(self, bot: str, locale: str, key: str) -> bool: ...

    async def text_overrides(self, bot: str) -> list[TextOverride]: ...


class OperatorsUnitOfWork(Protocol):
    """A unit of work carrying ``operators`` (see ``module_uow``)."""

    operators: OperatorRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class OperatorsUnitOfWorkFactory(Protocol):
    def __call__(self) -> OperatorsUnitOfWork: ...
