"""The operators module's in-memory storage, and a fast hasher for tests only."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import attrs

from sleeplab_core.kernel.modules import MemoryModule
from sleeplab_core.operators.model import AuditEntry, LoginAttempt, Operator, TextOverride


@attrs.define
class OperatorTables:
    operators: dict[str, Operator] = attrs.field(factory=dict)
    attempts: list[LoginAttempt] = attrs.field(factory=list)
    audit: list[AuditEntry] = attrs.field(factory=list)
    texts: dict[tuple[str, str, str], TextOverride] = attrs.field(factory=dict)


@attrs.define
class InMemoryOperators:
    """The ``OperatorRepository`` over one transaction's tables."""

    _t: OperatorTables

    async def get(self, username: str) -> Operator | None:
        return self._t.operators.get(username)

    async def add(self, operator: Operator) -> bool:
        if operator.username in self._t.operators:
            return False
        self._t.operators[operator.username] = operator
        return True

    async def save(self, operator: Operator) -> None:
        self._t.operators[operator.username] = operator

    async def all(self) -> list[Operator]:
        return [self._t.operators[name] for name in sorted(self._t.operators)]

    async def record_attempt(self, attempt: LoginAttempt) -> None:
        self._t.attempts.append(attempt)

    async def failures_since(
        self, since: datetime, *, username: str | None = None, address: str | None = None
    ) -> int:
        return sum(
            1
            for a in self._t.attempts
            if not a.succeeded
            and a.at >= since
            and (username is None or a.username == username)
            and (address is None or a.address == address)
        )

    async def audit(self, entry: AuditEntry) -> None:
        self._t.audit.append(entry)

    async def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        return list(reversed(self._t.audit))[:limit]

    async def put_text_override(self, override: TextOverride) -> None:
        self._t.texts[(override.bot, override.locale, override.key)] = override

    async def drop_text_override(self, bot: str, locale: str, key: str) -> bool:
        return self._t.texts.pop((bot, locale, key), None) is not None

    async def text_overrides(self, bot: str) -> list[TextOverride]:
        return [self._t.texts[k] for k in sorted(self._t.texts) if k[0] == bot]


OPERATORS = MemoryModule(name="operators", tables=OperatorTables, repository=InMemoryOperators)


class InsecureTestHasher:
    """A salted SHA-256 ``PasswordHasher`` for fast tests. Never for real passwords:
    production uses the Argon2 adapter."""

    def hash(self, password: str) -> str:
        salt = secrets.token_hex(8)
        return f"test${salt}${hashlib.sha256((salt + password).encode()).hexdigest()}"

    def verify(self, password_hash: str, password: str) -> bool:
        parts = password_hash.split("$")
        if len(parts) != 3 or parts[0] != "test":
            return False
        expected = hashlib.sha256((parts[1] + password).encode()).hexdigest()
        return hmac.compare_digest(expected, parts[2])
