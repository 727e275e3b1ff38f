"""Create an operator account."""

from __future__ import annotations

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import Conflict
from sleeplab_core.operators.model import (
    AuditEntry,
    Operator,
    Role,
    check_password,
    check_username,
)
from sleeplab_core.operators.ports import OperatorsUnitOfWorkFactory, PasswordHasher


async def create_operator(
    uow: OperatorsUnitOfWorkFactory,
    clock: Clock,
    hasher: PasswordHasher,
    *,
    username: str,
    password: str,
    role: Role,
    by: str = "cli",
) -> Operator:
    """A new active operator with the password hashed; the creation is audited.

    Raises:
        ValidationFailed: a malformed username or a too short password.
        Conflict: the username is taken.
    """
    name = check_username(username)
    check_password(password)
    now = clock.now()
    operator = Operator(
        username=name, role=role, password_hash=hasher.hash(password), created_at=now
    )
    async with uow() as tx:
        if not await tx.operators.add(operator):
            raise Conflict(f"operator {name} exists already")
        await tx.operators.audit(
            AuditEntry(at=now, operator=by, action="operator.create", target=name, detail=role)
        )
        await tx.commit()
    return operator
